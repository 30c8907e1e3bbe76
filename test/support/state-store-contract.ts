/**
 * What every `StateStore` promises (src/loop/ports.ts), as a suite any adapter runs:
 * `describeStateStoreContract("FileStateStore", async () => new FileStateStore(…))`.
 */
import { describe, expect, it } from "vitest";
import { newSession, type SessionState } from "../../src/core/state.js";
import { SessionLockedError, StaleStateError } from "../../src/loop/errors.js";
import type { StateStore } from "../../src/loop/ports.js";
import { caught } from "./caught.js";

const T0 = "2026-03-02T09:00:00.000Z";

function fresh(sessionId: string): SessionState {
  return newSession({ sessionId, now: T0, title: "Fix the parser", budget: { attempts: 3, minutes: 30, usd: 2 } });
}

export function describeStateStoreContract(name: string, make: () => Promise<StateStore>): void {
  describe(`${name} keeps the StateStore contract`, () => {
    it("loads null for a session never saved; the first save is version 1 over 0, and loads back equal", async () => {
      const store = await make();
      expect(await store.load("s1")).toBeNull();
      const v1 = { ...fresh("s1"), version: 1 };
      await store.save(v1, 0);
      expect(await store.load("s1")).toEqual(v1);
      const v2 = { ...v1, version: 2, status: "running" as const };
      await store.save(v2, 1);
      expect(await store.load("s1")).toEqual(v2);
    });

    it("compare-and-write: a save over a version that is no longer stored throws StaleStateError and changes nothing", async () => {
      const store = await make();
      const v1 = { ...fresh("s1"), version: 1 };
      await store.save(v1, 0);
      await store.save({ ...v1, version: 2, note: "the other writer" }, 1);

      const stale = await caught(store.save({ ...v1, version: 2, note: "late writer" }, 1));
      expect(stale).toBeInstanceOf(StaleStateError);
      expect(stale).toMatchObject({ sessionId: "s1", expectedVersion: 1, actualVersion: 2 });
      expect((await store.load("s1"))?.note).toBe("the other writer");

      // A second "first save" is stale too: the session exists.
      const again = await caught(store.save({ ...fresh("s1"), version: 1 }, 0));
      expect(again).toBeInstanceOf(StaleStateError);
      expect(again).toMatchObject({ expectedVersion: 0, actualVersion: 2 });
    });

    it("a save that expects a version never reached is stale (actual: none)", async () => {
      const store = await make();
      const error = await caught(store.save({ ...fresh("s1"), version: 4 }, 3));
      expect(error).toBeInstanceOf(StaleStateError);
      expect(error).toMatchObject({ expectedVersion: 3, actualVersion: null });
      expect(await store.load("s1")).toBeNull();
    });

    it("keeps sessions apart", async () => {
      const store = await make();
      await store.save({ ...fresh("s1"), version: 1 }, 0);
      await store.save({ ...fresh("s2"), version: 1, note: "two" }, 0);
      expect((await store.load("s1"))?.note).toBeUndefined();
      expect((await store.load("s2"))?.note).toBe("two");
    });

    it("hands out snapshots nobody shares: changing a loaded one changes nothing stored", async () => {
      const store = await make();
      const v1 = { ...fresh("s1"), version: 1 };
      await store.save(v1, 0);
      const loaded = await store.load("s1");
      loaded!.attempts.push({ n: 1, startedAt: T0 });
      v1.attempts.push({ n: 9, startedAt: T0 });
      expect((await store.load("s1"))?.attempts).toEqual([]);
    });

    it("lock: a second holder is refused with SessionLockedError naming the session; released, it can be taken again", async () => {
      const store = await make();
      const first = await store.lock("s1");
      const refused = await caught(store.lock("s1"));
      expect(refused).toBeInstanceOf(SessionLockedError);
      expect(refused).toMatchObject({ sessionId: "s1" });
      // Another session is not held by this lock.
      const other = await store.lock("s2");
      await other.release();

      await first.release();
      const second = await store.lock("s1");
      // Releasing the old lock again does not free the new holder's lock.
      await first.release();
      expect(await caught(store.lock("s1"))).toBeInstanceOf(SessionLockedError);
      await second.release();
    });
  });
}
