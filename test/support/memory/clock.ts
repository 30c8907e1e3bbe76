/** A `Clock` that moves only when a test says so: time-based rules are tested at exact instants. */
import type { Clock } from "../../../src/loop/ports.js";

/** 2026-03-02T09:00:00.000Z: a fixed start, so the ISO times in states and ledgers are stable. */
export const MEMORY_EPOCH_MS = Date.parse("2026-03-02T09:00:00.000Z");

export class ManualClock implements Clock {
  #now: number;

  constructor(startMs: number = MEMORY_EPOCH_MS) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  /** Moves time forward by `ms` (never backwards: a clock that goes back is not a clock). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`ManualClock.advance: expected a number of milliseconds >= 0, got ${ms}.`);
    this.#now += ms;
  }

  /** Moves time forward to exactly `ms` since the epoch. */
  setTo(ms: number): void {
    if (ms < this.#now) throw new RangeError(`ManualClock.setTo: ${new Date(ms).toISOString()} is before now (${this.iso()}).`);
    this.#now = ms;
  }

  iso(): string {
    return new Date(this.#now).toISOString();
  }
}
