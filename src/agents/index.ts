/**
 * The agent presets by name. `agent.preset` in the configuration is one of `AGENT_PRESETS`;
 * the `Record` type makes this table exhaustive: a new preset name does not compile until it
 * has a definition here.
 */
import type { AgentPreset } from "../core/config.js";
import { aider } from "./aider.js";
import { claude } from "./claude.js";
import { codex } from "./codex.js";
import { copilot } from "./copilot.js";
import { custom } from "./custom.js";
import { gemini } from "./gemini.js";
import { pi } from "./pi.js";
import { replay } from "./replay.js";
import type { AgentPresetDefinition } from "../loop/agent-preset.js";

export const PRESETS: Readonly<Record<AgentPreset, AgentPresetDefinition>> = Object.freeze({
  claude,
  codex,
  aider,
  pi,
  gemini,
  copilot,
  custom,
  replay,
});

/** The definition of a configured preset. */
export function getPreset(name: AgentPreset): AgentPresetDefinition {
  return PRESETS[name];
}
