/**
 * The credential of one git push, given to that one git process only.
 *
 * The token travels in the child's environment as a config entry (`GIT_CONFIG_COUNT` /
 * `GIT_CONFIG_KEY_0` / `GIT_CONFIG_VALUE_0`, read by git ≥ 2.31 as if passed with `-c`), so it is
 * never in argv (readable by any user in `/proc/<pid>/cmdline`), never in `.git/config` (which
 * the agent's gates could read, and `actions/checkout` would persist), never in a remote URL
 * (which git prints in errors). The header is HTTP basic auth with the `x-access-token` user,
 * what GitHub accepts for installation tokens and `GITHUB_TOKEN` alike.
 */

/** Environment entries that give one git process `http.extraheader: AUTHORIZATION: basic …`. */
export function pushEnv(token: string): Record<string, string> {
  const basic = Buffer.from(`x-access-token:${token}`, "utf8").toString("base64");
  return {
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: "http.extraheader",
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
  };
}

/** The forms of `token` that could appear in a message (itself and its header form), for masking. */
export function credentialForms(token: string): string[] {
  return [token, Buffer.from(`x-access-token:${token}`, "utf8").toString("base64")];
}
