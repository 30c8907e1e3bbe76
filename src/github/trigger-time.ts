/**
 * When the trigger label was last added to an issue (issue 9): the `created_at` of the newest
 * `labeled` event for that label in the issue's events, on GitHub's clock (whole seconds). A run
 * that finds no session takes the commands written from then on as the new session's (a
 * `/cancel` written while the label's run waited for a runner must stop it before it starts).
 *
 * Calls: the events listing is ascending (oldest first) and paged, 100 a page, so the newest
 * events are on its last page. The first page's `Link` header names the last page
 * (`rel="last"`), which is read next, then the pages before it only while the label's event is
 * not found: one call on nearly every issue, two past 100 events. The label was added moments
 * before the run it dispatched, so the walk back stops on the last page or the one before.
 */
import type { GitHubClient } from "./client.js";
import type { RepoRef } from "./repo.js";

const EVENTS = "GET /repos/{owner}/{repo}/issues/{issue_number}/events";

/** The fields of an issue event read here (labels: `labeled` and `unlabeled` events carry one). */
interface RawIssueEvent {
  event: string;
  created_at: string;
  label?: { name?: string } | null;
}

/** Milliseconds since the epoch of the newest `labeled` event for `label`; undefined when there is none. */
export async function lastLabeledAt(client: GitHubClient, repo: RepoRef, issue: number, label: string): Promise<number | undefined> {
  const params = { owner: repo.owner, repo: repo.repo, issue_number: issue, per_page: 100 };
  const first = await client.request(EVENTS, params);
  const link = first.headers.link ?? "";
  const last = pageIn(link, "last");
  if (last === undefined) {
    // One page; or more without a `rel="last"` (GitHub always sends it today): read them all.
    const rest = /\brel="next"/.test(link) ? await client.paginate(EVENTS, { ...params, page: 2 }) : [];
    return newestLabeled([...first.data, ...rest], label);
  }
  for (let page = last; page >= 1; page--) {
    const events = page === 1 ? first.data : (await client.request(EVENTS, { ...params, page })).data;
    const found = newestLabeled(events, label);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The page number of the `rel` link of a `Link` header, if it has one. */
function pageIn(link: string, rel: string): number | undefined {
  for (const part of link.split(",")) {
    const m = /<([^>]+)>\s*;\s*rel="([^"]+)"/.exec(part);
    if (m?.[2] !== rel) continue;
    const page = Number(new URL(m[1]!).searchParams.get("page"));
    return Number.isSafeInteger(page) && page >= 1 ? page : undefined;
  }
  return undefined;
}

/** Label names are matched without case, as GitHub names them (one label per name, whatever its case). */
function newestLabeled(events: readonly RawIssueEvent[], label: string): number | undefined {
  const wanted = label.toLowerCase();
  let newest: number | undefined;
  for (const e of events) {
    if (e.event !== "labeled" || e.label?.name?.toLowerCase() !== wanted) continue;
    const at = Date.parse(e.created_at);
    if (Number.isFinite(at) && (newest === undefined || at > newest)) newest = at;
  }
  return newest;
}
