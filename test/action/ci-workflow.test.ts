/**
 * The repository's GitHub CI workflow (.github/workflows/ci.yml) is valid against the workflow
 * schema (`@action-validator/core`), and its agent conformance matrix names every CLI pinned in
 * test/agents-conformance/versions.json, so a newly pinned CLI cannot go untested on GitHub.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { validateWorkflow } from "@action-validator/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { pinnedClis } from "../agents-conformance/cli-cache.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const WORKFLOW = readFileSync(path.join(ROOT, ".github/workflows/ci.yml"), "utf8");

function matrixAgents(src: string): unknown {
  const doc: unknown = parse(src);
  const jobs = typeof doc === "object" && doc !== null ? (doc as Record<string, unknown>)["jobs"] : undefined;
  const agents = typeof jobs === "object" && jobs !== null ? (jobs as Record<string, unknown>)["agents"] : undefined;
  const strategy = typeof agents === "object" && agents !== null ? (agents as Record<string, unknown>)["strategy"] : undefined;
  const matrix = typeof strategy === "object" && strategy !== null ? (strategy as Record<string, unknown>)["matrix"] : undefined;
  return typeof matrix === "object" && matrix !== null ? (matrix as Record<string, unknown>)["agent"] : undefined;
}

describe(".github/workflows/ci.yml", () => {
  it("is a valid GitHub Actions workflow", () => {
    expect(validateWorkflow(WORKFLOW).errors).toEqual([]);
  });

  it("the validator does reject a broken workflow (the check above can fail)", () => {
    const broken = WORKFLOW.replace("runs-on: ubuntu-latest", "runs-on: [ubuntu-latest\n");
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
    expect(validateWorkflow(WORKFLOW.replace("steps:", "stepz:")).errors.length).toBeGreaterThan(0);
  });

  it("runs npm run test:agents for every pinned CLI", () => {
    expect(matrixAgents(WORKFLOW)).toEqual(pinnedClis().map((c) => c.preset));
    expect(WORKFLOW).toContain("run: npm run test:agents");
  });
});
