/** A repository on GitHub, as every adapter names it. */
export interface RepoRef {
  readonly owner: string;
  readonly repo: string;
}

/** `owner/repo`, for messages and keys. */
export function repoSlug(ref: RepoRef): string {
  return `${ref.owner}/${ref.repo}`;
}
