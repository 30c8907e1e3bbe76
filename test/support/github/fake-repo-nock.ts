/**
 * `FakeRepo` served through nock (in process): kept apart from fake-repo.ts because loading nock
 * patches the process's `fetch`, which a benchmark talking to the loopback server must not get.
 */
import nock from "nock";
import { type FakeRepo, serialize } from "./fake-repo.js";
import { API } from "./http.js";

/** Serves `repo` through nock on {@link API} (behind the test's contract-checked fetch). */
export function serveWithNock(repo: FakeRepo): void {
  for (const method of ["GET", "POST", "PATCH", "PUT", "DELETE"]) {
    nock(API)
      .persist()
      .intercept(/.*/, method)
      .optionally()
      .reply(async (req: Request) => {
        const text = method === "GET" ? undefined : await req.text();
        const headers: Record<string, string> = {};
        req.headers.forEach((v, k) => (headers[k] = v));
        const reply = repo.handle(method, req.url, headers, text);
        const { text: out, headers: h } = serialize(reply);
        return [reply.status, out, h];
      });
  }
}
