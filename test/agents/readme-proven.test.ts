/** The README's "proven through Foreman" table names exactly the pinned CLI versions (test/agents-conformance/versions.json). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { pinnedClis } from "../agents-conformance/cli-cache.js";

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

function provenRows(): Map<string, string> {
  const start = README.indexOf("| preset | version | proven through Foreman |");
  const rows = new Map<string, string>();
  if (start === -1) return rows;
  for (const line of README.slice(start).split("\n").slice(2)) {
    const m = /^\| `([a-z]+)` \| `([^`]+)` ([^ |]+) \|/.exec(line);
    if (!m) break;
    rows.set(m[1]!, `${m[2]}@${m[3]}`);
  }
  return rows;
}

describe("README agents table", () => {
  it("says which version of each pinned CLI is proven, and no other", () => {
    const expected = new Map(pinnedClis().map((c) => [c.preset, `${c.package}@${c.version}`]));
    expect(provenRows()).toEqual(expected);
  });
});
