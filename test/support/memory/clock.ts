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

  /** Every `sleep` asked of this clock, in ms, in order (for assertions). */
  readonly sleeps: number[] = [];

  /** Fixed jitter source: `random()` returns this (tests choose it). */
  jitter = 0.5;

  /** Sleeping moves time forward at once (or not at all when `signal` has already aborted). */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (signal?.aborted !== true) this.advance(ms);
    return Promise.resolve();
  }

  random(): number {
    return this.jitter;
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
