/**
 * The environment an agent or a gate gets: an allowlist, never the parent's environment.
 * Gates run code the agent wrote, so they get the same scrubbed environment (DESIGN.md, Security).
 */

/**
 * Names every child may see: enough to find programs, a home, a locale and a temp dir, and
 * `RUNNER_TRACKING_ID` — an opaque job id (no credential) by which the Actions runner finds and
 * ends a job's leftover processes, so a gate or agent outlives no runner that died mid-step.
 */
export const BASE_ENV_ALLOWLIST = [
  "PATH",
  "HOME",
  "LANG",
  "LANGUAGE",
  "TZ",
  "TERM",
  "TMPDIR",
  "TMP",
  "TEMP",
  "USER",
  "LOGNAME",
  "RUNNER_TRACKING_ID",
] as const;

/** Variables that must never reach a child, whatever a preset or a config asks for. */
const NEVER = [/^GITHUB_TOKEN$/, /^GH_TOKEN$/, /^ACTIONS_/, /^FOREMAN_/, /^INPUT_/, /^RUNNER_TOKEN$/, /PRIVATE_KEY/];

export function isNeverPassed(name: string): boolean {
  return NEVER.some((re) => re.test(name));
}

/**
 * Builds a child's environment from the host's: the base allowlist, `LC_*` locale variables,
 * and the extra names (a preset's model keys, `agent.env`). Forbidden names are dropped even
 * when listed, so a configuration cannot hand the agent a token.
 */
export function scrubEnvironment(host: Readonly<Record<string, string | undefined>>, extraNames: readonly string[] = []): Record<string, string> {
  const allowed = new Set<string>([...BASE_ENV_ALLOWLIST, ...extraNames]);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(host)) {
    if (value === undefined || isNeverPassed(name)) continue;
    if (allowed.has(name) || name.startsWith("LC_")) env[name] = value;
  }
  return env;
}

/**
 * Variables a child gets from other host variables (`{ ANTHROPIC_AUTH_TOKEN: "GATEWAY_TOKEN" }`):
 * how a configured provider token (`agent.provider.auth_token_env`) reaches the name a CLI reads,
 * only when it is configured. A pair is dropped when either name must never reach a child, or
 * the host variable is unset or empty.
 */
export function copyFromHost(host: Readonly<Record<string, string | undefined>>, from: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [childName, hostName] of Object.entries(from)) {
    if (isNeverPassed(childName) || isNeverPassed(hostName)) continue;
    const value = host[hostName];
    if (value !== undefined && value !== "") env[childName] = value;
  }
  return env;
}
