/**
 * A run that dies: the ports one run uses, wrapped so that once the run is dead every call
 * through them throws `SimulatedCrash` (a dead process writes nothing more, not even its own
 * clean-up), while the memory adapters underneath keep what was written, for the next run.
 *
 * The run dies right after the ledger appended a chosen entry (`afterEntry`), or when a
 * program calls `lifeline.kill()`. A process being started when the run dies is left running
 * (an orphan for the next run to stop), as a real child outlives its dead parent.
 */
import type { Ledger, LedgerEntry, ProcessResult, ProcessRunner, ProcessSpec } from "../../../src/loop/ports.js";
import type { MemoryProcessRunner } from "./process-runner.js";

/** What a dead run's ports throw. Distinct from every error the code under test raises. */
export class SimulatedCrash extends Error {
  override readonly name = "SimulatedCrash";
  constructor(readonly reason: string) {
    super(`simulated crash: ${reason}`);
  }
}

/** Whether the run is alive; shared by the ports of one run. */
export class Lifeline {
  #deathCause: string | undefined;

  get dead(): boolean {
    return this.#deathCause !== undefined;
  }

  get deathCause(): string | undefined {
    return this.#deathCause;
  }

  /** The run dies now (first cause wins); returns the error to throw. */
  kill(cause: string): SimulatedCrash {
    this.#deathCause ??= cause;
    return new SimulatedCrash(this.#deathCause);
  }

  /** Throws once the run is dead. */
  check(): void {
    if (this.#deathCause !== undefined) throw new SimulatedCrash(this.#deathCause);
  }
}

/** Every method of `port` checks the lifeline first (properties such as `dir` stay readable). */
export function guarded<T extends object>(port: T, lifeline: Lifeline): T {
  return new Proxy(port, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      return (...args: unknown[]): unknown => {
        lifeline.check();
        return Reflect.apply(value, target, args);
      };
    },
  });
}

/** A ledger that kills the run right after appending the first entry `afterEntry` matches (the entry is kept). */
export function dyingLedger(ledger: Ledger, lifeline: Lifeline, afterEntry: (entry: LedgerEntry) => boolean): Ledger {
  return {
    async append(entry) {
      lifeline.check();
      await ledger.append(entry);
      if (afterEntry(entry)) throw lifeline.kill(`right after ledger entry ${entry.type}`);
    },
    read(sessionId) {
      lifeline.check();
      return ledger.read(sessionId);
    },
  };
}

/**
 * A runner whose processes outlive the run: when the run dies while a process starts (its
 * `onStart` record kills it), the process is left running and `run` throws.
 */
export function dyingRunner(runner: MemoryProcessRunner, lifeline: Lifeline): ProcessRunner {
  return {
    async run(spec: ProcessSpec): Promise<ProcessResult> {
      lifeline.check();
      if (spec.signal?.aborted) return runner.run(spec);
      const proc = runner.spawn(spec);
      await spec.onStart?.(proc.handle).catch(() => undefined);
      lifeline.check();
      return runner.complete(proc, spec);
    },
    stopOrphan(handle) {
      lifeline.check();
      return runner.stopOrphan(handle);
    },
  };
}
