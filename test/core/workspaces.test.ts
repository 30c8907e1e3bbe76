/**
 * Workspaces: the member lists of package.json, pnpm-workspace.yaml, Cargo.toml and go.work as
 * they are written in practice, and which directories of the tree they name. Setup installs a
 * member at its workspace root and gate planning tests a root through its members from these.
 */
import { describe, expect, it } from "vitest";
import {
  WORKSPACE_FILES,
  cargoMembers,
  goWorkUses,
  npmWorkspaces,
  pnpmWorkspaces,
  workspaceMembers,
  workspacePatterns,
  type WorkspaceInput,
} from "../../src/core/workspaces.js";

function tree(repo: Record<string, string>): WorkspaceInput {
  const files = new Map(Object.entries(repo));
  return { files: new Set(files.keys()), readFile: (p) => files.get(p) ?? null };
}
const pkg = (o: unknown) => JSON.stringify(o);

describe("the files that declare a workspace besides package.json and Cargo.toml", () => {
  it("pnpm-workspace.yaml and go.work", () => {
    expect(WORKSPACE_FILES).toEqual(["pnpm-workspace.yaml", "go.work"]);
  });
});

describe("npmWorkspaces", () => {
  it("the list form and yarn's { packages } form", () => {
    expect(npmWorkspaces(pkg({ workspaces: ["packages/*", "apps/web"] }))).toEqual(["packages/*", "apps/web"]);
    expect(npmWorkspaces(pkg({ workspaces: { packages: ["libs/*"], nohoist: ["**/x"] } }))).toEqual(["libs/*"]);
  });
  it("entries that are not strings are ignored", () => {
    expect(npmWorkspaces(pkg({ workspaces: ["a", 1, null, { x: 1 }, "b"] }))).toEqual(["a", "b"]);
  });
  it.each([
    ["invalid JSON", "{ workspaces: "],
    ["a JSON array", pkg(["packages/*"])],
    ["JSON null", "null"],
    ["a string", pkg("packages/*")],
    ["no workspaces", pkg({ name: "x" })],
    ["workspaces as a string", pkg({ workspaces: "packages/*" })],
    ["workspaces null", pkg({ workspaces: null })],
    ["{ packages } not a list", pkg({ workspaces: { packages: "libs/*" } })],
    ["an object without packages", pkg({ workspaces: { nohoist: ["x"] } })],
  ])("%s: none", (_, text) => {
    expect(npmWorkspaces(text)).toEqual([]);
  });
});

describe("pnpmWorkspaces", () => {
  it("a block list of plain, single- and double-quoted entries, with comments", () => {
    const text = ["# the workspace", "packages:", "  - packages/*", "  - 'apps/*'  # the apps", '  - "!apps/legacy"', "  -tools"].join("\n");
    expect(pnpmWorkspaces(text)).toEqual(["packages/*", "apps/*", "!apps/legacy", "tools"]);
  });
  it("Windows line ends", () => {
    expect(pnpmWorkspaces("packages:\r\n  - a\r\n  - b\r\n")).toEqual(["a", "b"]);
  });
  it("the list ends at the next top-level key; other lists are not members", () => {
    const text = "onlyBuiltDependencies:\n  - esbuild\npackages:\n  - a\ncatalog:\n  - b\n";
    expect(pnpmWorkspaces(text)).toEqual(["a"]);
  });
  it("a comment after the key is not part of it", () => {
    expect(pnpmWorkspaces("packages: # members\n  - a\n")).toEqual(["a"]);
  });
  it("the inline flow form", () => {
    expect(pnpmWorkspaces("packages: ['a/*', \"b\", c ,]\n")).toEqual(["a/*", "b", "c"]);
    expect(pnpmWorkspaces("packages : [ ]\n")).toEqual([]);
  });
  it("a key that only starts with packages is another key", () => {
    expect(pnpmWorkspaces("packagesExtra:\n  - a\n")).toEqual([]);
    expect(pnpmWorkspaces("packages: x\n  - a\n")).toEqual([]);
  });
  it("nothing before the key", () => {
    expect(pnpmWorkspaces("  - a\npackages:\n")).toEqual([]);
    expect(pnpmWorkspaces("")).toEqual([]);
  });
});

describe("cargoMembers", () => {
  it("a multi-line array with comments and both quote kinds", () => {
    const text = '[package]\nname = "root"\n\n[workspace] # the crates\nmembers = [\n  "crates/a", # first\n  \'crates/b\',\n  # "crates/old",\n]\n';
    expect(cargoMembers(text)).toEqual(["crates/a", "crates/b"]);
  });
  it("a single-line array, indented", () => {
    expect(cargoMembers('[workspace]\n  members = ["a", "b/*"]\n')).toEqual(["a", "b/*"]);
  });
  it("members of another table are not the workspace's", () => {
    expect(cargoMembers('[workspace]\nresolver = "2"\n\n[other]\nmembers = ["x"]\n')).toEqual([]);
    expect(cargoMembers('[package]\nmembers = ["x"]\n')).toEqual([]);
    expect(cargoMembers('[workspace.dependencies]\nmembers = ["x"]\n')).toEqual([]);
  });
  it("the table ends at the next table header", () => {
    expect(cargoMembers('[workspace]\nmembers = ["a"]\n[workspace.package]\nversion = "1"\n')).toEqual(["a"]);
  });
  it("an empty entry stays empty (dropped later as no pattern)", () => {
    expect(cargoMembers("[workspace]\nmembers = [\"\", '']\n")).toEqual(["", ""]);
  });
  it("no members key: none", () => {
    expect(cargoMembers('[workspace]\nexclude = ["x"]\n')).toEqual([]);
  });
});

describe("goWorkUses", () => {
  it("a use block with comments, blank lines and quotes", () => {
    const text = 'go 1.22\n\nuse (\n\t./api\n\n\t./cli // the tool\n\t"./quoted"\n)\n\nuse ./single\n';
    expect(goWorkUses(text)).toEqual(["./api", "./cli", "./quoted", "./single"]);
  });
  it("Windows line ends and a one-line use with a comment", () => {
    expect(goWorkUses("go 1.22\r\nuse ./a // main\r\n")).toEqual(["./a"]);
  });
  it("lines that are not use directives", () => {
    expect(goWorkUses("go 1.22\nreplace x => ./y\nuser ./z\nuse\nuse ./a ./b\n")).toEqual([]);
  });
  it("a block opened without a space", () => {
    expect(goWorkUses("use(\n  ./a\n  )\n")).toEqual(["./a"]);
  });
  it("quotes are removed only when they match", () => {
    expect(goWorkUses("use `./raw`\nuse './single'\nuse \"./half'\n")).toEqual(["./raw", "./single", "\"./half'"]);
  });
  it("the block ends at its closing parenthesis", () => {
    expect(goWorkUses("use (\n./a\n)\n./b\n")).toEqual(["./a"]);
  });
});

describe("workspacePatterns", () => {
  it("every declaring file at the directory, cleaned of ./ and trailing slashes", () => {
    const input = tree({
      "ws/package.json": pkg({ workspaces: ["./packages/*/"] }),
      "ws/pnpm-workspace.yaml": "packages:\n  - libs/*\n  - '!./libs/old//'\n",
      "ws/Cargo.toml": '[workspace]\nmembers = ["crates/*"]\n',
      "ws/go.work": "use ./mods/a\n",
    });
    expect(workspacePatterns("ws", input)).toEqual(["packages/*", "libs/*", "!libs/old", "crates/*", "mods/a"]);
  });
  it("the repository root reads its files without a prefix", () => {
    expect(workspacePatterns(".", tree({ "go.work": "use ./a\n" }))).toEqual(["a"]);
  });
  it("patterns naming the directory itself, or nothing, are dropped", () => {
    const input = tree({ "go.work": "use (\n.\n./\n./x\n)\n", "package.json": pkg({ workspaces: ["", "!", "!.", "!./", "y"] }) });
    expect(workspacePatterns(".", input)).toEqual(["y", "x"]);
  });
  it("a file the tree does not list is not read", () => {
    const input: WorkspaceInput = { files: new Set(), readFile: () => pkg({ workspaces: ["a"] }) };
    expect(workspacePatterns(".", input)).toEqual([]);
  });
  it("an unreadable listed file declares nothing", () => {
    const input: WorkspaceInput = { files: new Set(["package.json", "pnpm-workspace.yaml", "Cargo.toml", "go.work"]), readFile: () => null };
    expect(workspacePatterns(".", input)).toEqual([]);
  });
  it("files of another directory are not this one's", () => {
    expect(workspacePatterns("a", tree({ "package.json": pkg({ workspaces: ["x"] }), "b/go.work": "use ./y\n" }))).toEqual([]);
  });
});

describe("workspaceMembers", () => {
  it("directories that match, exist in the tree and are not excluded, sorted", () => {
    const input = tree({
      "package.json": pkg({ workspaces: ["packages/*", "!packages/skip", "tools/cli"] }),
      "packages/b/package.json": "{}",
      "packages/a/src/index.js": "",
      "packages/skip/package.json": "{}",
      "packages/.hidden/package.json": "{}",
      "packages/readme.md": "",
      "tools/cli/package.json": "{}",
      "tools/other/package.json": "{}",
    });
    expect(workspaceMembers(".", input)).toEqual(["packages/a", "packages/b", "tools/cli"]);
  });
  it("a pattern matches directories, never a file", () => {
    const input = tree({ "package.json": pkg({ workspaces: ["*"] }), "index.js": "", "lib/a.js": "" });
    expect(workspaceMembers(".", input)).toEqual(["lib"]);
  });
  it("a nested workspace root: patterns relative to it, members relative to the repository", () => {
    const input = tree({
      "apps/package.json": pkg({ workspaces: ["*"] }),
      "apps/web/package.json": "{}",
      "apps/api/main.js": "",
      "appsx/web/package.json": "{}",
      "web/package.json": "{}",
    });
    expect(workspaceMembers("apps", input)).toEqual(["apps/api", "apps/web"]);
  });
  it("globstar patterns match nested directories (and, as globstar matches zero segments, the base)", () => {
    const input = tree({ "pnpm-workspace.yaml": "packages:\n  - 'libs/**'\n", "libs/a/b/package.json": "{}" });
    expect(workspaceMembers(".", input)).toEqual(["libs", "libs/a", "libs/a/b"]);
  });
  it("not a workspace: none, even with directories in the tree", () => {
    expect(workspaceMembers(".", tree({ "package.json": pkg({ name: "x" }), "packages/a/package.json": "{}" }))).toEqual([]);
  });
  it("only exclusions: nothing is a member", () => {
    expect(workspaceMembers(".", tree({ "package.json": pkg({ workspaces: ["!a"] }), "a/x.js": "", "b/x.js": "" }))).toEqual([]);
  });
  it("a member listed by two files is listed once", () => {
    const input = tree({ "package.json": pkg({ workspaces: ["a"] }), "go.work": "use ./a\n", "a/x": "" });
    expect(workspaceMembers(".", input)).toEqual(["a"]);
  });
});
