/** How the scripted server maps `read`, `write` and `run` turns onto each CLI's own tools. */
import { describe, expect, it } from "vitest";
import { readCall, shellCall, writeCall, type ToolSpec } from "../support/model-server/tool-calls.js";

const tool = (name: string, ...props: string[]): ToolSpec => ({
  name,
  schema: { type: "object", properties: Object.fromEntries(props.map((p) => [p, { type: "string" }])) },
});

const CLAUDE = [tool("Read", "file_path", "offset"), tool("Write", "file_path", "content"), tool("Bash", "command", "description")];
const PI = [tool("read", "path"), tool("write", "path", "content"), tool("bash", "command")];
const GEMINI = [tool("read_file", "absolute_path"), tool("write_file", "file_path", "content"), tool("run_shell_command", "command")];
const CODEX = [{ name: "shell", schema: { type: "object", properties: { command: { type: "array" } } } }];

describe("readCall", () => {
  it("calls the CLI's read tool with the file under the stated working directory", () => {
    expect(readCall(CLAUDE, "/repo", "value.txt")).toEqual({ name: "Read", input: { file_path: "/repo/value.txt" } });
    expect(readCall(PI, "/repo", "value.txt")).toEqual({ name: "read", input: { path: "/repo/value.txt" } });
    expect(readCall(GEMINI, "/repo", "value.txt")).toEqual({ name: "read_file", input: { absolute_path: "/repo/value.txt" } });
  });

  it("keeps an absolute path, and a relative one when no working directory was stated", () => {
    expect(readCall(CLAUDE, "/repo", "/etc/x")).toEqual({ name: "Read", input: { file_path: "/etc/x" } });
    expect(readCall(PI, undefined, "value.txt")).toEqual({ name: "read", input: { path: "value.txt" } });
  });

  it("falls back to cat in the shell (quoted) when the CLI has no read tool", () => {
    expect(readCall(CODEX, "/repo", "it's.txt")).toEqual({ name: "shell", input: { command: ["bash", "-lc", `cat 'it'\\''s.txt'`] } });
  });
});

describe("writeCall and shellCall", () => {
  it("write uses the write tool, or a quoted printf in the shell", () => {
    expect(writeCall(CLAUDE, "/repo", "value.txt", "good\n")).toEqual({ name: "Write", input: { file_path: "/repo/value.txt", content: "good\n" } });
    expect(writeCall(CODEX, "/repo", "value.txt", "it's\n")).toEqual({
      name: "shell",
      input: { command: ["bash", "-lc", `printf '%s' 'it'\\''s\n' > 'value.txt'`] },
    });
  });

  it("run fills a description when the shell tool takes one, and names the tools when there is no shell", () => {
    expect(shellCall(CLAUDE, "node check.mjs")).toEqual({ name: "Bash", input: { command: "node check.mjs", description: "Run the tests" } });
    expect(() => shellCall([tool("Read", "file_path")], "x")).toThrow(/no shell tool among the CLI's tools \(Read\)/);
  });
});

describe("Copilot CLI", () => {
  const COPILOT = [tool("view", "path"), tool("create", "path", "file_text"), tool("bash", "command", "description")];

  it("reads with view and writes through bash, since its create refuses an existing path", () => {
    expect(readCall(COPILOT, "/repo", "value.txt")).toEqual({ name: "view", input: { path: "/repo/value.txt" } });
    expect(writeCall(COPILOT, "/repo", "value.txt", "good\n")).toEqual({
      name: "bash",
      input: { command: `printf '%s' 'good\n' > 'value.txt'`, description: "Run the tests" },
    });
  });

  it("edits with edit (old_str → new_str) when the turn says what it replaces: its shell may be limited to the gates", () => {
    const withEdit = [...COPILOT, tool("edit", "path", "old_str", "new_str")];
    expect(writeCall(withEdit, "/repo", "value.txt", "good\n", "start\n")).toEqual({
      name: "edit",
      input: { path: "/repo/value.txt", old_str: "start\n", new_str: "good\n" },
    });
    // Without what it replaces, or without an edit tool: the shell, as before.
    expect(writeCall(withEdit, "/repo", "value.txt", "good\n").name).toBe("bash");
    expect(writeCall(COPILOT, "/repo", "value.txt", "good\n", "start\n").name).toBe("bash");
    // A CLI with a write tool ignores it.
    expect(writeCall(CLAUDE, "/repo", "value.txt", "good\n", "start\n").name).toBe("Write");
  });
});
