/** Which file names a preset may ask to write in the attempt's agent home (issue 12: gemini's `.gemini/settings.json`). */
import { describe, expect, it } from "vitest";
import { isAgentHomeFileName, isInside } from "../../src/loop/attempt-run-agent.js";

describe("isAgentHomeFileName", () => {
  it("accepts a file, and a file in one folder that may be a dot-folder", () => {
    for (const ok of ["settings.json", "models.json", "conf/a.toml", ".gemini/settings.json", ".x/y"]) expect(isAgentHomeFileName(ok), ok).toBe(true);
  });

  it("refuses '..', '.', absolute paths, empty parts, dot-files, backslashes, NUL and deeper paths", () => {
    const bad = [
      "",
      ".",
      "..",
      "../x",
      "./x",
      "../../etc/passwd",
      "/etc/passwd",
      "/x",
      ".gemini/../x",
      "..gemini/x",
      "a/..",
      "a/.",
      ".env",
      ".gemini/.env",
      "a/",
      "/",
      "a//b",
      "a/b/c",
      ".gemini/a/b",
      "a\\b",
      "..\\x",
      "a/b\u0000",
      "\u0000",
    ];
    for (const name of bad) expect(isAgentHomeFileName(name), JSON.stringify(name)).toBe(false);
  });
});

describe("isInside (a preset's report file must be below the agent home)", () => {
  const home = "/s/attempts/1/agent-home";
  it("accepts a path below the directory", () => {
    expect(isInside(home, `${home}/session-state/abc/events.jsonl`)).toBe(true);
    expect(isInside(home, `${home}/.copilot/x`)).toBe(true);
  });

  it("refuses the directory itself, a sibling with the same prefix, '..', '.', empty segments, NUL", () => {
    for (const file of [
      home,
      `${home}/`,
      `${home}-2/x`,
      `${home}x/y`,
      `${home}/../state.json`,
      `${home}/a/../../b`,
      `${home}/./a`,
      `${home}//a`,
      `${home}/a\u0000`,
      "/etc/passwd",
      "relative/path",
    ]) {
      expect(isInside(home, file), file).toBe(false);
    }
  });
});
