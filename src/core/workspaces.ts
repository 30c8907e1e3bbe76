/**
 * Workspaces: a directory whose manifest lists member packages (npm/yarn `workspaces`,
 * `pnpm-workspace.yaml`, Cargo `[workspace] members`, `go.work` `use`). Gate planning uses it
 * to test a change at a workspace root that has no test command of its own through its
 * members, and setup planning to install a member's dependencies once, at its workspace root.
 *
 * Pure: files are read through a lookup. No YAML or TOML parser here: each format is read by a
 * small scanner that understands the forms these files take in practice (a list of strings).
 */
import picomatch from "picomatch";

/** Files that declare a workspace besides the manifests themselves. */
export const WORKSPACE_FILES = ["pnpm-workspace.yaml", "go.work"] as const;

export interface WorkspaceInput {
  /** Every path in the tree. */
  files: ReadonlySet<string>;
  readFile: (path: string) => string | null;
}

/** Member directory patterns a workspace root at `dir` declares (empty when it is not one). */
export function workspacePatterns(dir: string, input: WorkspaceInput): string[] {
  const at = (name: string) => (dir === "." ? name : `${dir}/${name}`);
  const patterns: string[] = [];
  const pkg = input.files.has(at("package.json")) ? input.readFile(at("package.json")) : null;
  if (pkg !== null) patterns.push(...npmWorkspaces(pkg));
  const pnpm = input.files.has(at("pnpm-workspace.yaml")) ? input.readFile(at("pnpm-workspace.yaml")) : null;
  if (pnpm !== null) patterns.push(...pnpmWorkspaces(pnpm));
  const cargo = input.files.has(at("Cargo.toml")) ? input.readFile(at("Cargo.toml")) : null;
  if (cargo !== null) patterns.push(...cargoMembers(cargo));
  const gowork = input.files.has(at("go.work")) ? input.readFile(at("go.work")) : null;
  if (gowork !== null) patterns.push(...goWorkUses(gowork));
  return patterns
    .map((p) => (p.startsWith("!") ? `!${clean(p.slice(1))}` : clean(p)))
    .filter((p) => p !== "" && p !== "." && p !== "!" && p !== "!.");
}

/**
 * Member directories of the workspace rooted at `dir` that exist in the tree (a directory with
 * any file, relative to the repository), sorted. Empty when `dir` declares no workspace.
 */
export function workspaceMembers(dir: string, input: WorkspaceInput): string[] {
  const patterns = workspacePatterns(dir, input);
  if (patterns.length === 0) return [];
  const matchers = patterns.filter((p) => !p.startsWith("!")).map((p) => picomatch(p, { dot: false, windows: false }));
  const excluded = patterns.filter((p) => p.startsWith("!")).map((p) => picomatch(p.slice(1), { dot: false, windows: false }));
  const members = new Set<string>();
  for (const file of input.files) {
    const rel = dir === "." ? file : file.startsWith(`${dir}/`) ? file.slice(dir.length + 1) : null;
    if (rel === null) continue;
    const parts = rel.split("/");
    // Every directory above the file is a candidate (`packages/*` matches `packages/a`).
    for (let i = 1; i < parts.length; i++) {
      const candidate = parts.slice(0, i).join("/");
      if (matchers.some((m) => m(candidate)) && !excluded.some((m) => m(candidate))) members.add(dir === "." ? candidate : `${dir}/${candidate}`);
    }
  }
  return [...members].sort();
}

/** `workspaces: [...]` or `workspaces: { packages: [...] }` of a package.json (yarn's form). */
export function npmWorkspaces(text: string): string[] {
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch {
    return [];
  }
  if (typeof pkg !== "object" || pkg === null || Array.isArray(pkg)) return [];
  const ws = (pkg as Record<string, unknown>)["workspaces"];
  const list = Array.isArray(ws)
    ? ws
    : typeof ws === "object" && ws !== null && Array.isArray((ws as Record<string, unknown>)["packages"])
      ? ((ws as Record<string, unknown>)["packages"] as unknown[])
      : [];
  return list.filter((p): p is string => typeof p === "string");
}

/** The `packages:` list of a pnpm-workspace.yaml (block list of plain or quoted strings). */
export function pnpmWorkspaces(text: string): string[] {
  const out: string[] = [];
  let inPackages = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, "");
    if (/^\S/.test(line)) {
      inPackages = /^packages\s*:\s*$/.test(line);
      const inline = /^packages\s*:\s*\[(.*)\]\s*$/.exec(line);
      if (inline)
        out.push(
          ...inline[1]!
            .split(",")
            .map(unquote)
            .filter((s) => s !== ""),
        );
      continue;
    }
    const item = /^\s+-\s*(.+?)\s*$/.exec(line);
    if (inPackages && item) out.push(unquote(item[1]!));
  }
  return out;
}

/** `members = [...]` of the `[workspace]` table of a Cargo.toml (single- or multi-line array). */
export function cargoMembers(text: string): string[] {
  const table = /^\s*\[workspace\]\s*(?:#.*)?$/m.exec(text);
  if (!table) return [];
  const rest = text.slice(table.index + table[0].length);
  const end = /^\s*\[/m.exec(rest);
  const body = end ? rest.slice(0, end.index) : rest;
  const members = /^\s*members\s*=\s*\[([\s\S]*?)\]/m.exec(body);
  if (!members) return [];
  return [...members[1]!.replace(/#.*$/gm, "").matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2] ?? "");
}

/** Directories of the `use` directives of a go.work (`use ./a` or a `use ( … )` block). */
export function goWorkUses(text: string): string[] {
  const out: string[] = [];
  let block = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\/\/.*$/, "").trim();
    if (block) {
      if (line === ")") block = false;
      else if (line !== "") out.push(unquote(line));
      continue;
    }
    if (/^use\s*\($/.test(line)) block = true;
    else {
      const one = /^use\s+(\S+)$/.exec(line);
      if (one) out.push(unquote(one[1]!));
    }
  }
  return out;
}

/** `./a/` → `a`. */
function clean(pattern: string): string {
  return pattern.replace(/^\.\//, "").replace(/\/+$/, "");
}

function unquote(s: string): string {
  const t = s.trim();
  return /^(["'`]).*\1$/.test(t) ? t.slice(1, -1) : t;
}
