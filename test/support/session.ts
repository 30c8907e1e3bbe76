/** A sample session for rendering and codec tests. */
import { newSession, type SessionState } from "../../src/core/state.js";

export const SAMPLE_T0 = "2026-01-05T09:00:00.000Z";

export function sampleSession(overrides: Partial<SessionState> = {}): SessionState {
  return {
    ...newSession({ sessionId: "issue-7", now: SAMPLE_T0, title: "Fix the parser", issue: 7, budget: { attempts: 5, minutes: 30, usd: 2 } }),
    ...overrides,
  };
}
