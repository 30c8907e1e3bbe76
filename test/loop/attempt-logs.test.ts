import { describe, expect, it } from "vitest";
import { boundedLog, gateLogName, keepLog, MAX_LOG_CHARS } from "../../src/loop/attempt-logs.js";
import type { AttemptFiles } from "../../src/loop/ports.js";

function memoryFiles(failWrites = false): AttemptFiles & { written: Map<string, string> } {
  const written = new Map<string, string>();
  return {
    written,
    path: (n, name) => `/a/${n}/${name}`,
    write: async (n, name, content) => {
      if (failWrites) throw new Error("ENOSPC: no space left on device");
      written.set(`/a/${n}/${name}`, content);
      return `/a/${n}/${name}`;
    },
    read: async (file) => written.get(file) ?? null,
  };
}

describe("attempt logs", () => {
  it("keeps short output whole and cuts long output from the start, saying how much", () => {
    expect(boundedLog("abc", 3)).toBe("abc");
    expect(boundedLog("abcdef", 4)).toBe("[foreman: 2 earlier characters cut; the last 4 are kept]\ncdef");
    expect(boundedLog("x".repeat(MAX_LOG_CHARS + 5))).toMatch(/^\[foreman: 5 earlier characters cut/);
  });

  it("names gate logs by position and a file-safe form of the gate name", () => {
    expect(gateLogName(0, "npm test")).toBe("gate-1-npm-test.log");
    expect(gateLogName(2, "../../etc/passwd")).toBe("gate-3-etc-passwd.log");
    expect(gateLogName(1, "...")).toBe("gate-2.log");
    expect(gateLogName(0, "A".repeat(200))).toBe(`gate-1-${"a".repeat(60)}.log`);
  });

  it("writes bounded logs and never fails the attempt when a log cannot be produced or written", async () => {
    const files = memoryFiles();
    await keepLog(files, 2, "agent.stdout.log", "said");
    await keepLog(files, 2, "diff.patch", async () => "+good");
    await keepLog(files, 2, "broken.log", async () => {
      throw new Error("git failed");
    });
    expect([...files.written]).toEqual([
      ["/a/2/agent.stdout.log", "said"],
      ["/a/2/diff.patch", "+good"],
    ]);
    await expect(keepLog(memoryFiles(true), 1, "agent.stdout.log", "x")).resolves.toBeUndefined();
  });
});
