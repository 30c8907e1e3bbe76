/**
 * `agent.provider` (a provider or a gateway: base URL, the host variable holding its key or
 * token, the CLI's config home, a model) as each preset's CLI reads it, plus the gate commands
 * a preset lets its agent run. Pure helpers shared by the presets; the mapping per CLI is the
 * preset's, documented in the README ("Agents").
 */
import type { AgentContext, AgentInvocation, PlannedGateCommand } from "../loop/agent-preset.js";

export type ProviderSettings = NonNullable<AgentContext["agent"]["provider"]>;

/** The configured provider block, or an empty one. */
export function providerOf(ctx: AgentContext): ProviderSettings {
  return ctx.agent.provider ?? {};
}

/** A gate's command line as one string (`npm test`), as permission rules quote it. */
export function gateCommandLine(gate: PlannedGateCommand): string {
  return gate.argv.join(" ");
}

/** The distinct command lines of the planned gates, in plan order. */
export function gateCommandLines(ctx: AgentContext): string[] {
  return [...new Set((ctx.gates ?? []).map(gateCommandLine))];
}

/** `{ NAME: value }` without the entries whose value is undefined. */
export function definedEnv(entries: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(entries)) if (v !== undefined) env[k] = v;
  return env;
}

/** An invocation with `env`, `envFrom` and `files` only when they have entries. */
export function withExtras(
  base: AgentInvocation,
  extras: { env?: Record<string, string>; envFrom?: Record<string, string>; files?: AgentInvocation["files"] },
): AgentInvocation {
  const out: AgentInvocation = { ...base };
  if (extras.env && Object.keys(extras.env).length > 0) out.env = { ...base.env, ...extras.env };
  if (extras.envFrom && Object.keys(extras.envFrom).length > 0) out.envFrom = { ...base.envFrom, ...extras.envFrom };
  if (extras.files && extras.files.length > 0) out.files = [...(base.files ?? []), ...extras.files];
  return out;
}
