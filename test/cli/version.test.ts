import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { VERSION } from "../../src/cli/version.js";
import { PROJECT_ROOT } from "../loop/helpers.js";

describe("VERSION", () => {
  it("is the version in package.json (bump both together)", async () => {
    const pkg = JSON.parse(await readFile(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string; bin: Record<string, string> };
    expect(VERSION).toBe(pkg.version);
    // The bin is what `npm run build` writes (scripts/build-cli.mjs): `dist/cli/index.js`.
    expect(pkg.bin["foreman"]).toBe("dist/cli/index.js");
  });
});
