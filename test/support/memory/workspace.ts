/**
 * `Workspace` in memory: a tree is a map of path → content. `diff()` names the working copy by
 * a content hash (SHA-1 of the sorted paths and contents: equal trees, equal hashes) and
 * remembers every tree it named, so `restore`, `paths` and `patch` accept exactly the hashes
 * `diff()` returned, as a git object store would.
 *
 * Simplifications, on purpose: no renames (a move is a delete and an add), line counts are
 * the lines not common to both versions (a multiset difference, not a real diff), and a file
 * is binary when its first 8,000 characters hold a NUL (git's rule; it then has no line
 * counts); `bytes` is the UTF-8 size of the new content. `ignored` plays `.gitignore`: such
 * paths are neither diffed nor restored.
 */
import { createHash } from "node:crypto";
import type { ChangedFile, Workspace, WorkspaceDiff } from "../../../src/loop/ports.js";

export type Tree = ReadonlyMap<string, string>;

export const MEMORY_WORKTREE_DIR = "/memory/worktree";

/** `restore`, `paths` or `patch` got a hash that `diff()` never returned; or a path is unsafe. */
export class MemoryWorkspaceError extends Error {
  override readonly name = "MemoryWorkspaceError";
  constructor(
    readonly code: "unknown_tree" | "invalid_input",
    message: string,
  ) {
    super(message);
  }
}

export interface MemoryWorkspaceOptions {
  /** The base commit's files. */
  base: Readonly<Record<string, string>>;
  /** Paths the tree ignores (a `.gitignore`): never in a diff, left alone by `restore`. */
  ignored?: (path: string) => boolean;
  dir?: string;
}

export class MemoryWorkspace implements Workspace {
  readonly dir: string;
  readonly baseSha: string;
  readonly #base: Tree;
  #ignored: (path: string) => boolean;
  readonly #trees = new Map<string, Tree>();
  #files: Map<string, string>;

  constructor(opts: MemoryWorkspaceOptions) {
    this.dir = opts.dir ?? MEMORY_WORKTREE_DIR;
    this.#ignored = opts.ignored ?? (() => false);
    this.#base = new Map(Object.entries(opts.base));
    this.#files = new Map(this.#base);
    // A commit id of the base: 40 hex digits, as state snapshots require.
    this.baseSha = sha1(`commit\0${this.#remember(this.#base)}`);
  }

  // Async like any adapter: a refusal is a rejected promise, never a synchronous throw.
  async diff(): Promise<WorkspaceDiff> {
    const tree = this.#tracked();
    return { hash: this.#remember(tree), files: changes(this.#base, tree) };
  }

  async isClean(expectedHash: string): Promise<boolean> {
    return treeHash(this.#tracked()) === expectedHash;
  }

  async restore(hash: string): Promise<void> {
    const tree = this.#tree(hash);
    const next = new Map(tree);
    for (const [p, content] of this.#files) if (this.#ignored(p)) next.set(p, content);
    this.#files = next;
  }

  async revertPaths(paths: readonly string[]): Promise<void> {
    for (const p of paths) checkPath(p);
    for (const p of paths) {
      const before = this.#base.get(p);
      if (before === undefined) this.#files.delete(p);
      else this.#files.set(p, before);
    }
  }

  async paths(hash: string): Promise<string[]> {
    return [...this.#tree(hash).keys()].sort();
  }

  async patch(hash: string): Promise<string> {
    const tree = this.#tree(hash);
    const out: string[] = [];
    for (const f of changes(this.#base, tree)) {
      const before = this.#base.get(f.path);
      const after = tree.get(f.path);
      out.push(`diff --memory a/${f.path} b/${f.path}`);
      for (const line of lines(before)) out.push(`-${line}`);
      for (const line of lines(after)) out.push(`+${line}`);
    }
    return out.length === 0 ? "" : `${out.join("\n")}\n`;
  }

  async readFile(path: string): Promise<string | null> {
    checkPath(path);
    return this.#files.get(path) ?? null;
  }

  /** `.gitignore`-style patterns: `dir/` ignores that directory at any depth, a name that file at any depth. */
  async ignore(patterns: readonly string[]): Promise<void> {
    const before = this.#ignored;
    const matches = (p: string) =>
      patterns.some((pattern) => {
        const parts = p.split("/");
        if (pattern.endsWith("/")) {
          const dir = pattern.slice(0, -1);
          return dir.includes("/") ? p.startsWith(`${dir}/`) || p.includes(`/${dir}/`) : parts.slice(0, -1).includes(dir);
        }
        return pattern.includes("/") ? p === pattern || p.endsWith(`/${pattern}`) : parts.at(-1) === pattern;
      });
    this.#ignored = (p) => before(p) || matches(p);
  }

  // -------------------------------------------------------------------------------------------
  // What agents and gates do to the working copy, and what tests look at.

  write(path: string, content: string): void {
    checkPath(path);
    this.#files.set(path, content);
  }

  remove(path: string): void {
    checkPath(path);
    this.#files.delete(path);
  }

  /** The working copy now, ignored files included. */
  files(): Record<string, string> {
    return Object.fromEntries([...this.#files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** The files of a tree `diff()` named (for assertions on what was staged or published). */
  treeFiles(hash: string): Record<string, string> {
    return Object.fromEntries(this.#tree(hash));
  }

  #tracked(): Tree {
    return new Map([...this.#files].filter(([p]) => !this.#ignored(p)));
  }

  #remember(tree: Tree): string {
    const hash = treeHash(tree);
    if (!this.#trees.has(hash)) this.#trees.set(hash, new Map(tree));
    return hash;
  }

  #tree(hash: string): Tree {
    const tree = this.#trees.get(hash);
    if (tree === undefined) {
      throw new MemoryWorkspaceError("unknown_tree", `Cannot use tree '${hash}': diff() never returned it. Pass a hash returned by diff().`);
    }
    return tree;
  }
}

/** SHA-1 of the sorted (path, content) pairs. */
export function treeHash(tree: Tree): string {
  const h = createHash("sha1");
  for (const p of [...tree.keys()].sort()) h.update(`${p}\0${tree.get(p)!}\0`);
  return h.digest("hex");
}

function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

function changes(base: Tree, tree: Tree): ChangedFile[] {
  const paths = [...new Set([...base.keys(), ...tree.keys()])].sort();
  const out: ChangedFile[] = [];
  for (const p of paths) {
    const before = base.get(p);
    const after = tree.get(p);
    if (before === after) continue;
    const change = before === undefined ? "A" : after === undefined ? "D" : "M";
    const binary = isBinary(before) || isBinary(after);
    out.push({
      path: p,
      change,
      binary,
      additions: binary ? 0 : linesNotIn(after, before),
      deletions: binary ? 0 : linesNotIn(before, after),
      ...(after === undefined ? {} : { bytes: Buffer.byteLength(after, "utf8") }),
    });
  }
  return out;
}

/** Git's rule: a NUL in the first 8,000 bytes makes a file binary. */
function isBinary(text: string | undefined): boolean {
  return text !== undefined && text.slice(0, 8000).includes("\0");
}

function lines(text: string | undefined): string[] {
  if (text === undefined || text === "") return [];
  return text.replace(/\n$/, "").split("\n");
}

/** Lines of `a` not matched by a line of `b` (each line of `b` matches once). */
function linesNotIn(a: string | undefined, b: string | undefined): number {
  const pool = new Map<string, number>();
  for (const l of lines(b)) pool.set(l, (pool.get(l) ?? 0) + 1);
  let n = 0;
  for (const l of lines(a)) {
    const left = pool.get(l) ?? 0;
    if (left > 0) pool.set(l, left - 1);
    else n++;
  }
  return n;
}

function checkPath(path: string): void {
  if (path === "" || path.includes("\0") || path.startsWith("/") || path.split(/[\\/]/).includes("..")) {
    throw new MemoryWorkspaceError("invalid_input", `Invalid path '${path}'. Expected a path relative to the worktree, without '..'.`);
  }
}
