/**
 * The progress line shown while the agent or a gate runs: elapsed time and the last thing it
 * said, every `everyMs` (10 s) on a terminal. Fed by the engine's progress events and the
 * children's output; the timer and the clock are injected so tests drive it without waiting.
 */
import { formatDuration } from "../core/render.js";
import { sanitizeUntrusted } from "../core/sanitize.js";
import type { ProgressEvent } from "../loop/engine.js";

/** A repeating timer: returns the function that stops it. */
export type Every = (ms: number, tick: () => void) => () => void;

export const TICK_MS = 10_000;
/** Longest "last said" text shown, in characters. */
export const LAST_LINE_CHARS = 100;

export interface TickerOptions {
  now: () => number;
  every: Every;
  write: (line: string) => void;
  everyMs?: number;
}

export class ProgressTicker {
  #attempt: { n: number; startedMs: number } | null = null;
  #source = "agent";
  #lastLine = "";
  #partial = "";
  #stop: (() => void) | null = null;

  constructor(private readonly options: TickerOptions) {}

  onProgress(event: ProgressEvent): void {
    if (event.type === "attempt_started") {
      this.#halt();
      this.#attempt = { n: event.n, startedMs: this.options.now() };
      this.#source = "agent";
      this.#lastLine = "";
      this.#partial = "";
      this.#stop = this.options.every(this.options.everyMs ?? TICK_MS, () => this.options.write(this.line()));
    } else if (event.type === "attempt_finished") {
      this.#halt();
    }
  }

  onOutput(source: string, text: string): void {
    this.#source = source;
    // Only complete lines count; a line still being written is kept until its end arrives.
    const lines = (this.#partial + text).split(/\r?\n|\r/);
    this.#partial = (lines.pop() ?? "").slice(-4096);
    const last = [...lines, this.#partial].reverse().find((l) => l.trim() !== "");
    if (last !== undefined)
      this.#lastLine = sanitizeUntrusted(last, { maxLength: LAST_LINE_CHARS * 2 })
        .replace(/\s+/g, " ")
        .trim();
  }

  /** The line a tick prints. */
  line(): string {
    const a = this.#attempt;
    const elapsed = a === null ? "" : formatDuration(Math.max(0, this.options.now() - a.startedMs));
    const head = `attempt ${a?.n ?? "?"}: ${this.#source} running · ${elapsed}`;
    const said = this.#lastLine.length > LAST_LINE_CHARS ? `${this.#lastLine.slice(0, LAST_LINE_CHARS - 1)}…` : this.#lastLine;
    return said ? `${head} · ${said}` : head;
  }

  /** Stops the timer (the run is over). */
  close(): void {
    this.#halt();
  }

  #halt(): void {
    this.#stop?.();
    this.#stop = null;
  }
}
