/** Errors raised through the ports. Callers branch on `instanceof`, never on message text. */

/** The snapshot changed under us (another writer won); re-read and re-apply. */
export class StaleStateError extends Error {
  override readonly name = "StaleStateError";
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
export class SessionLockedError extends Error {
  override readonly name = "SessionLockedError";
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
