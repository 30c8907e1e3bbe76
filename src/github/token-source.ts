/**
 * Where the Action's GitHub token comes from: a fixed token (`github-token`), or installation
 * tokens minted from the App's credentials (`app-token.ts`), refreshed before they expire.
 * Consumers ask for the token each time they need it (a push, a client), never keep it.
 */

export interface TokenSource {
  /** A token valid for at least the next few minutes. */
  token(): Promise<string>;
  /**
   * Whether what this token does starts workflows. Events caused by `GITHUB_TOKEN` start none,
   * so a PR opened with it gets no CI; an App installation token's PR does. Absent: unknown (false).
   */
  readonly triggersWorkflows?: boolean;
}

/** A token given as it is (`github-token`): never refreshed, and its PRs start no workflow. */
export function staticTokenSource(token: string): TokenSource {
  return { token: () => Promise.resolve(token), triggersWorkflows: false };
}
