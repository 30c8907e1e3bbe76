/**
 * Probot's installation-token request, mocked with nock. Apart from the harness so the bench
 * (which imports the harness's payload builders) never loads nock: nock's interceptors patch
 * `Response` and `fetch` globally and would be counted as handler CPU time.
 */
import nock from "nock";
import { API, INSTALLATION } from "./harness.js";

/** Probot's installation-token request (optional: the token is cached after the first event). */
export function mockToken(): void {
  nock(API).post(`/app/installations/${INSTALLATION}/access_tokens`).optionally().reply(201, {
    token: "ghs_installationTokenForTests0123456789",
    expires_at: "2099-01-01T00:00:00Z",
    permissions: {},
    repository_selection: "all",
  });
}
