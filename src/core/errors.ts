/**
 * Typed errors of the core. Callers branch on `instanceof` and on fields such as `code`,
 * never on message text (STYLE.md, "typed errors that keep status and cause").
 */

/** One problem found in a configuration file, with the dotted key path it concerns. */
export interface ConfigProblem {
  /** Dotted key path, e.g. `budget.per_run.usd`; `(root)` for the file itself. */
  path: string;
  /** What is wrong and what is expected, e.g. `expected a positive number, got "ten"`. */
  message: string;
}

/** `.github/foreman.yml` (or an org `limits` block) is not valid. Nothing is defaulted. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(
    readonly problems: readonly ConfigProblem[],
    options?: { cause?: unknown },
  ) {
    super(
      problems.length === 1
        ? `Invalid Foreman configuration: ${formatProblem(problems[0]!)}`
        : `Invalid Foreman configuration (${problems.length} problems):\n` + problems.map((p) => `  - ${formatProblem(p)}`).join("\n"),
      options,
    );
  }
}

function formatProblem(p: ConfigProblem): string {
  return `${p.path}: ${p.message}`;
}

/** Why a state comment could not be decoded. */
export type StateDecodeErrorCode = "no_state_block" | "bad_encoding" | "unknown_schema_version" | "invalid_state";

/** A session state comment is missing, corrupt, forged into nonsense, or of an unknown version. */
export class StateDecodeError extends Error {
  override readonly name = "StateDecodeError";
  constructor(
    readonly code: StateDecodeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The state could not be written as a comment (an invalid state, or one that cannot fit). */
export class StateEncodeError extends Error {
  override readonly name = "StateEncodeError";
  constructor(
    readonly code: "invalid_state" | "too_large",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
