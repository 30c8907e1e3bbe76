/**
 * Applies events to the session through the state machine and saves each result with
 * compare-and-write. The engine owns the session (it holds the lock), so a stale write means
 * something outside the protocol touched the state: it is surfaced, not papered over.
 */
import { ForemanError } from "../core/errors.js";
import { transition, type SessionEvent } from "../core/state-machine.js";
import type { SessionState } from "../core/state.js";
import type { StateStore } from "./ports.js";

/** The state machine refused an event the engine applied: a broken invariant of the engine. */
export class RefusedTransitionError extends ForemanError {
  override readonly name = "RefusedTransitionError";
  readonly kind = "internal";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class SessionWriter {
  constructor(
    private readonly store: StateStore,
    private current: SessionState,
  ) {}

  get state(): SessionState {
    return this.current;
  }

  /** Applies `event`; a refusal is a bug in the engine's sequencing and throws. */
  async apply(event: SessionEvent): Promise<SessionState> {
    const r = transition(this.current, event);
    if (!r.ok) throw new RefusedTransitionError(r.refusal.code, `${event.type}: ${r.refusal.message}`);
    await this.save(r.state);
    return this.current;
  }

  /** Applies `event` if the machine accepts it; returns whether it did. */
  async tryApply(event: SessionEvent): Promise<boolean> {
    const r = transition(this.current, event);
    if (!r.ok) return false;
    await this.save(r.state);
    return true;
  }

  /** Compare-and-write on top of the version we hold (a new session is version 0 until first saved). */
  async save(next: SessionState): Promise<void> {
    const versioned = { ...next, version: this.current.version + 1 };
    await this.store.save(versioned, this.current.version);
    this.current = versioned;
  }
}
