/**
 * Maps a scripted action (write a file, run a command) onto the tools the calling CLI declared
 * in its request, by name and by the argument names of each tool's JSON schema. Each CLI names
 * its tools differently (Claude Code `Write`/`Bash`, Pi `write`/`bash`, Gemini CLI
 * `write_file`/`run_shell_command`, Codex `shell`/`exec_command`, Copilot `view`/`bash`);
 * the server logs the declared tools, so a CLI whose names are missing here shows up in the log.
 */
import path from "node:path";

/** A tool as the CLI declared it: name and the JSON schema of its arguments. */
export interface ToolSpec {
  name: string;
  schema: Record<string, unknown>;
}

/** A tool call to send back. */
export interface ToolCall {
  name: string;
  input: Record<string, unknown>;
}

const READ_TOOLS = ["Read", "read", "read_file", "view"];
// Not Copilot CLI's `create`: it refuses a path that exists ("Path already exists"), so Copilot
// edits with `edit` (when the turn says what it replaces) or writes through its shell.
const WRITE_TOOLS = ["Write", "write", "write_file", "create_file", "str_replace_based_edit_tool"];
/** Tools that edit a file by replacing text (Copilot CLI's `edit`): used when a CLI has no write tool. */
const EDIT_TOOLS = ["edit", "str_replace", "Edit"];
const SHELL_TOOLS = ["Bash", "bash", "run_shell_command", "shell", "exec_command", "shell_command", "local_shell", "powershell"];

function properties(spec: ToolSpec): Record<string, unknown> {
  const props = spec.schema["properties"];
  return typeof props === "object" && props !== null ? (props as Record<string, unknown>) : {};
}

function pick(spec: ToolSpec, names: readonly string[]): string | undefined {
  const props = properties(spec);
  return names.find((n) => n in props);
}

function find(tools: readonly ToolSpec[], names: readonly string[]): ToolSpec | undefined {
  for (const name of names) {
    const tool = tools.find((t) => t.name === name);
    if (tool) return tool;
  }
  return undefined;
}

function resolve(cwd: string | undefined, file: string): string {
  return cwd === undefined || path.isAbsolute(file) ? file : path.join(cwd, file);
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A `read` turn as a call of the CLI's read tool (or `cat` in its shell, when it has none). */
export function readCall(tools: readonly ToolSpec[], cwd: string | undefined, file: string): ToolCall {
  const tool = find(tools, READ_TOOLS);
  if (tool) {
    const pathKey = pick(tool, ["file_path", "path", "filePath", "absolute_path", "filename"]) ?? "path";
    return { name: tool.name, input: { [pathKey]: resolve(cwd, file) } };
  }
  return shellCall(tools, `cat ${shellQuote(file)}`);
}

/**
 * A `write` turn as a call of the CLI's write tool; else, when the turn says what it replaces,
 * of its replace-text edit tool; else of its shell.
 */
export function writeCall(tools: readonly ToolSpec[], cwd: string | undefined, file: string, content: string, replaces?: string): ToolCall {
  const tool = find(tools, WRITE_TOOLS);
  if (tool) {
    const pathKey = pick(tool, ["file_path", "path", "filePath", "absolute_path", "filename"]) ?? "path";
    const contentKey = pick(tool, ["content", "file_text", "text", "contents"]) ?? "content";
    const input: Record<string, unknown> = { [pathKey]: resolve(cwd, file), [contentKey]: content };
    if (tool.name === "str_replace_based_edit_tool") input["command"] = "create";
    return { name: tool.name, input };
  }
  const editTool = replaces === undefined ? undefined : find(tools, EDIT_TOOLS);
  if (editTool && replaces !== undefined) {
    const oldKey = pick(editTool, ["old_str", "old_string"]);
    const newKey = pick(editTool, ["new_str", "new_string"]);
    if (oldKey !== undefined && newKey !== undefined) {
      const pathKey = pick(editTool, ["file_path", "path", "filePath", "absolute_path", "filename"]) ?? "path";
      return { name: editTool.name, input: { [pathKey]: resolve(cwd, file), [oldKey]: replaces, [newKey]: content } };
    }
  }
  return shellCall(tools, `printf '%s' ${shellQuote(content)} > ${shellQuote(file)}`);
}

/** A `run` turn as a call of the CLI's shell tool. */
export function shellCall(tools: readonly ToolSpec[], command: string): ToolCall {
  const tool = find(tools, SHELL_TOOLS);
  if (!tool) {
    throw new Error(`model server: no shell tool among the CLI's tools (${tools.map((t) => t.name).join(", ")}); add its name to SHELL_TOOLS`);
  }
  const key = pick(tool, ["command", "cmd"]) ?? "command";
  const spec = properties(tool)[key];
  const isArray = typeof spec === "object" && spec !== null && (spec as Record<string, unknown>)["type"] === "array";
  const input: Record<string, unknown> = { [key]: isArray ? ["bash", "-lc", command] : command };
  if (pick(tool, ["description"]) !== undefined) input["description"] = "Run the tests";
  return { name: tool.name, input };
}

/**
 * The command the request's instructions say to run instead of `command`, when they say so
 * (Foreman's Copilot preset: "for \`node check.mjs\` (in \`.\`) run \`/…/agent-home/gates/check\`"):
 * a scripted `run` of a gate then runs the gate's wrapper, as a model that follows them would.
 */
export function statedCommand(text: string, command: string): string | undefined {
  const escaped = command.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`for \`${escaped}\`[^\\n\`]*(?:\`[^\`]*\`[^\\n\`]*)?run \`([^\`]+)\``).exec(text);
  return m?.[1];
}

/** The working directory the CLI states in its prompt, when it states one. */
export function statedCwd(text: string): string | undefined {
  const m = /(?:working directory|cwd|current directory)\W{0,8}(\/[^\s"'`<>\\]+)/i.exec(text);
  return m?.[1]?.replace(/[.,;:)]+$/, "");
}
