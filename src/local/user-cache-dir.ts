/**
 * The user's cache directory: `XDG_CACHE_HOME`, else `$HOME/.cache`; only absolute paths count
 * (a relative one would depend on where Foreman was started). Session workspaces and the CLI's
 * compile cache live under it. No imports but `node:path`: the CLI's bin uses it before
 * anything else is loaded.
 */
import path from "node:path";

export function userCacheDir(hostEnv: Readonly<Record<string, string | undefined>>): string | undefined {
  const xdg = hostEnv["XDG_CACHE_HOME"];
  const home = hostEnv["HOME"];
  return xdg && path.isAbsolute(xdg) ? xdg : home && path.isAbsolute(home) ? path.join(home, ".cache") : undefined;
}
