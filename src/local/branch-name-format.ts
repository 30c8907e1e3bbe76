/**
 * Git's rules for a branch name, in process: what `git check-ref-format --branch <name>`
 * accepts and prints back unchanged. The local publisher checks the session's branch before
 * the agent starts; asking git cost a process on that path. An exact port of git's
 * `check_refname_format` (refs.c) applied to `refs/heads/<name>`, plus the `--branch` rules
 * (not `HEAD`, not starting with `-`); `test/local/branch-name-format.test.ts` holds it against
 * real git. Names git would expand (`@{-1}`, `@{upstream}`) contain `@{` and are refused, as the
 * publisher refuses a name that does not stand for itself.
 */

/** Characters never allowed anywhere in a ref name: controls, space, `~ ^ : ? * [ \` and DEL. */
const FORBIDDEN = /[\0-\x20\x7f~^:?*[\\]/;

/** Whether git accepts `name` as a branch name, as it is (`git check-ref-format --branch`). */
export function isValidBranchName(name: string): boolean {
  if (name === "" || name.startsWith("-") || name === "HEAD") return false;
  return isValidRefName(`refs/heads/${name}`);
}

/** `check_refname_format(ref, 0)`: a full ref name of at least two components. */
export function isValidRefName(ref: string): boolean {
  if (ref === "@" || ref.endsWith(".")) return false;
  if (FORBIDDEN.test(ref) || ref.includes("..") || ref.includes("@{")) return false;
  const components = ref.split("/");
  if (components.length < 2) return false;
  // An empty component: a leading or trailing slash, or two in a row.
  return components.every((c) => c !== "" && !c.startsWith(".") && !c.endsWith(".lock"));
}
