/** Errors raised through the ports. Callers branch on `instanceof`, never on message text. */
import { ForemanError } from "../core/errors.js";

/**
 * The snapshot changed under us (another writer won); re-read and re-apply. The engine holds the
 * session, so a second writer is outside the protocol: `internal`, not a person's conflict.
 */
export class StaleStateError extends ForemanError {
  override readonly name = "StaleStateError";
  readonly kind = "internal";
  constructor(
    readonly sessionId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number | null,
  ) {
    super(
      `Session ${sessionId}: state was changed by another writer (expected version ${expectedVersion}, found ${
        actualVersion ?? "none"
      }). Re-read the session and try again.`,
    );
  }
}

/** Another run holds the session. */
export class SessionLockedError extends ForemanError {
  override readonly name = "SessionLockedError";
  readonly kind = "conflict";
  constructor(
    readonly sessionId: string,
    /** Who holds it, e.g. `pid 1234 on host-a since 2026-11-21T10:00:00Z`. */
    readonly holder: string,
    readonly lockPath?: string,
  ) {
    super(
      `Session ${sessionId} is already being run by ${holder}. Wait for that run to finish` +
        (lockPath ? `; if it died without cleaning up, remove ${lockPath}.` : "."),
    );
  }
}

/** No session with this id in the store. */
export class SessionNotFoundError extends ForemanError {
  override readonly name = "SessionNotFoundError";
  readonly kind = "usage";
  constructor(readonly sessionId: string) {
    super(`No session "${sessionId}" here. Start one with "foreman run --task FILE".`);
  }
}
