import { describe, expect, it } from "vitest";
import { SnapshotMismatchError } from "../../src/core/reconcile.js";
import { LocalSnapshotMismatchError } from "../../src/local/open-local-session.js";

describe("LocalSnapshotMismatchError", () => {
  it("names the session's ledger file to restore and the command that ends the session, and stays a corrupt failure", () => {
    const mismatch = new SnapshotMismatchError("fix-parser", "ledger", ["the state records attempt 8, the ledger has no such attempt"]);
    const local = new LocalSnapshotMismatchError(mismatch, "/repo/.git/foreman/sessions/fix-parser/ledger.jsonl");
    expect(local.kind).toBe("corrupt");
    expect(local.cause).toBe(mismatch);
    expect(local.message).toBe(
      "Session fix-parser: its state.json disagrees with its ledger (the state records attempt 8, the ledger has no such attempt). " +
        'The ledger lacks what the state records: restore /repo/.git/foreman/sessions/fix-parser/ledger.jsonl from a backup, or end the session with "foreman cancel fix-parser".',
    );
  });
});
