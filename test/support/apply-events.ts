/** Test helper: the state after `events`, each accepted by the state machine (a refusal throws, naming it). */
import { transition, type SessionEvent } from "../../src/core/state-machine.js";
import type { SessionState } from "../../src/core/state.js";

export function applyEvents(state: SessionState, ...events: SessionEvent[]): SessionState {
  let s = state;
  for (const e of events) {
    const r = transition(s, e);
    if (!r.ok) throw new Error(`refused ${e.type}: ${r.refusal.code} ${r.refusal.message}`);
    s = r.state;
  }
  return s;
}
