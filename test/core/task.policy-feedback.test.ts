/** `renderPolicyFeedback`: what the next attempt reads after the path policy refused a change. */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/core/config.js";
import { checkPaths } from "../../src/core/path-policy.js";
import { FEEDBACK_MAX, renderPolicyFeedback } from "../../src/core/task.js";

const cfg = parseConfig({}).paths;

describe("renderPolicyFeedback", () => {
  it("lists every violation with its message and key, and each path that was put back", () => {
    const r = checkPaths(
      [
        { path: ".github/workflows/ci.yml", change: "M", additions: 1, deletions: 0, binary: false, bytes: 10 },
        { path: "app.test", change: "A", additions: 0, deletions: 0, binary: true, bytes: 3_200_000 },
      ],
      cfg,
    );
    const text = renderPolicyFeedback(3, r.violations, [".github/workflows/ci.yml", "app.test"]);
    expect(text.startsWith("# Feedback from attempt 3: the change was refused by the path policy\n")).toBe(true);
    for (const v of r.violations) expect(text).toContain(`- ${v.message}`);
    expect(text).toContain("paths.forbidden");
    expect(text).toContain("paths.allowed_binaries");
    expect(text).toContain("paths.max_file_bytes");
    expect(text).toContain("## Put back as they are in the base");
    expect(text).toContain("- `.github/workflows/ci.yml`\n- `app.test`\n");
    expect(text).toContain("The change is too large");
  });

  it("says nothing was put back when only a size limit was broken, and that the change is still there", () => {
    const r = checkPaths(
      [{ path: "a.ts", change: "M", additions: 5_000, deletions: 0, binary: false }],
      parseConfig({ paths: { max_changed_lines: 10 } }).paths,
    );
    const text = renderPolicyFeedback(1, r.violations, []);
    expect(text).not.toContain("Put back");
    expect(text).toContain("it is still in the working copy; make it smaller");
    expect(text).toContain("paths.max_changed_lines");
  });

  it("sanitizes what the agent wrote (hidden comments, backticks in paths) and stays within the cap", () => {
    const text = renderPolicyFeedback(1, [{ kind: "forbidden", path: "x", message: "bad <!-- hide --> path" }], ["we`ird.txt"]);
    expect(text).not.toContain("<!--");
    expect(text).toContain("- `we?ird.txt`");
    const many = Array.from({ length: 500 }, (_, i) => ({ kind: "not_allowed" as const, path: `p${i}`, message: "m".repeat(900) }));
    const long = renderPolicyFeedback(
      1,
      many,
      many.map((v) => v.path),
    );
    expect(long.length).toBeLessThanOrEqual(FEEDBACK_MAX + "\n…(feedback truncated)\n".length);
    expect(long).toContain("feedback truncated");
  });
});
