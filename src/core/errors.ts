/**
 * Typed errors of the core, and the base every Foreman failure extends. Callers branch on
 * `instanceof`, on `kind` and on fields such as `code`, never on message text (STYLE.md,
 * "typed errors that keep status and cause").
 */

/**
 * What kind of failure it is, which decides how an entry point reports it (the CLI's exit code,
 * the Action's `setFailed`):
 * - `usage`: the person asked for something that cannot be done as asked (a bad flag, an unknown
 *   session, an invalid configuration); the message says the fix;
 * - `conflict`: the request was fine but something else holds or changed what it needs (a lock,
 *   a branch checked out, a state written by another writer);
 * - `corrupt`: a file or record Foreman relies on is damaged and must be repaired by a person;
 * - `internal`: a broken invariant or a failing tool (a bug, or git itself failing).
 */
export type ForemanErrorKind = "usage" | "conflict" | "corrupt" | "internal";

export const FOREMAN_ERROR_KINDS: readonly ForemanErrorKind[] = ["usage", "conflict", "corrupt", "internal"];

/** The base of every Foreman failure: a message that names the thing and the fix, a kind, and a cause. */
export abstract class ForemanError extends Error {
  abstract readonly kind: ForemanErrorKind;
}

/**
 * A function was called with an argument outside its contract (a programming error, not a
 * person's mistake): `kind` is `internal`. `argument` names the parameter.
 */
export class InvalidArgumentError extends ForemanError {
  override readonly name = "InvalidArgumentError";
  readonly kind = "internal";
  constructor(
    readonly argument: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The one line a failure is reported with, wherever it is reported (CLI standard error, the
 * Action's `setFailed`): a ForemanError's own message, which names the thing and the fix; any
 * other error is a bug, said so with its message.
 */
export function failureMessage(error: unknown): string {
  if (error instanceof ForemanError) return error.message;
  const detail = error instanceof Error ? error.message : String(error);
  return `unexpected error: ${detail}`;
}

/** A person asked for something that cannot be done as asked (a flag, a file, a session); the message says the fix. */
export class UsageError extends ForemanError {
  override readonly name = "UsageError";
  readonly kind = "usage";
}

/** One problem found in a configuration file, with the dotted key path it concerns. */
export interface ConfigProblem {
  /** Dotted key path, e.g. `budget.per_run.usd`; `(root)` for the file itself. */
  path: string;
  /** What is wrong and what is expected, e.g. `expected a positive number, got "ten"`. */
  message: string;
}

/** `.github/foreman.yml` (or an org `limits` block) is not valid. Nothing is defaulted. */
export class ConfigError extends ForemanError {
  override readonly name = "ConfigError";
  readonly kind = "usage";
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
export class StateDecodeError extends ForemanError {
  override readonly name = "StateDecodeError";
  readonly kind = "corrupt";
  constructor(
    readonly code: StateDecodeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The state could not be written as a comment (an invalid state, or one that cannot fit). */
export class StateEncodeError extends ForemanError {
  override readonly name = "StateEncodeError";
  readonly kind = "internal";
  constructor(
    readonly code: "invalid_state" | "too_large",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
