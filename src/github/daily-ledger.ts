/**
 * The daily ledger on GitHub (DESIGN.md, "Daily ledger"): an append-only log of signed
 * `reserve` / `settle` / `withdraw` comments on one ledger issue per repository, from which
 * `core/daily-admission.ts` decides whether a session may spend against the daily cap.
 *
 * - **Appends never conflict.** Each step is one new comment (a one-line text people can read,
 *   a hidden JSON block, its signature); nothing is ever edited. A reservation is judged by
 *   reading the ledger *after* appending it, so whichever runner reads, every reservation with a
 *   smaller comment id is already there: the later one by comment id is the one refused, and a
 *   refused reservation appends a `withdraw` so it stops counting.
 * - **Trust.** An entry counts only when its comment's author is a trusted bot login **and** its
 *   block verifies with kind `daily-ledger` for this ledger issue; anything else carrying the
 *   marker counts for nothing and is reported through `onIgnored`.
 * - **Days are UTC and GitHub's.** An entry's day is the UTC day of its comment's `created_at`
 *   (GitHub's clock, the same for every reader), not the runner's clock, so runners with skewed
 *   clocks still agree on which day a reservation belongs to. The block's own `day` is only for
 *   people reading it.
 * - **Reading costs one page per hundred entries of the day, not the whole history.** The
 *   listing asks for comments with `since` = 00:00 UTC of the day; `since` filters on
 *   `updated_at`, which is never before `created_at`, so every comment created that day is
 *   included, plus a few settles of yesterday's reservations (which count for nothing today).
 * - **Finding the ledger issue**: the lowest-numbered issue labelled `foreman:ledger` opened by
 *   a trusted author (`state=all`: closing it changes nothing). None: it is created, then the
 *   label is listed again; when two runners created one at the same time, both see both, the
 *   lowest number wins and the loser closes its own (`not_planned`) before writing anything to
 *   it. The issue number is kept for the life of this object (one lookup per run).
 * - Visible lines name the session as `` `#12` `` in a code span: a bare `#12` would add a
 *   cross-reference to the session's issue timeline for every ledger entry.
 *
 * Calls per session: reserve = find the issue (1) + append (1) + read the day (1 per 100
 * entries) [+ withdraw (1)]; settle = append (1).
 */
import { RequestError } from "@octokit/request-error";
import { z } from "zod";
import { admitReservation, usedOnDay, type DailyLedgerEntry } from "../core/daily-admission.js";
import { utcDay } from "../core/daily-usage.js";
import { ForemanError, InvalidArgumentError } from "../core/errors.js";
import type { GitHubClient } from "./client.js";
import { repoSlug, type RepoRef } from "./repo.js";
import { signBody, verifyBody, type SigningKey, type SignatureContext } from "./signature.js";

/** The label that marks the ledger issue. */
export const LEDGER_LABEL = "foreman:ledger";
export const LEDGER_ISSUE_TITLE = "Foreman daily ledger";
const BLOCK = /<!-- foreman:daily-ledger v1 (\{[^<>]*\}) -->/g;

/** A comment carrying the ledger marker that counts for nothing (same shape as the state store's report). */
export interface IgnoredComment {
  commentId: number;
  author: string;
  reason: "untrusted_author" | "unsigned" | "bad_signature" | "undecodable";
  kind: "state" | "ledger" | "daily-ledger";
}

export interface DailyLedgerDeps {
  client: GitHubClient;
  repo: RepoRef;
  key: SigningKey;
  /** Bot logins whose ledger comments count (and who may have opened the ledger issue). */
  trustedAuthors: readonly string[];
  /** Epoch milliseconds; only for `usedToday` and the day written for people in each block. */
  now: () => number;
  onIgnored?: (c: IgnoredComment) => void;
}

export type ReserveResult =
  { admitted: true; reservationId: number; usedBeforeUsd: number } | { admitted: false; reservationId: number; usedBeforeUsd: number };

/** GitHub refused a ledger read or write this token should be able to do; the message says which permission to grant. */
export class DailyLedgerUnavailableError extends ForemanError {
  override readonly name = "DailyLedgerUnavailableError";
  readonly kind = "usage";
  constructor(
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const usd = z.number().finite().nonnegative();
const payloadSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("reserve"), sessionKey: z.string().min(1).max(100), usd, day: z.string() }),
  z.object({ type: z.literal("settle"), sessionKey: z.string().min(1).max(100), reservationId: z.number().int().positive(), usd, day: z.string() }),
  z.object({ type: z.literal("withdraw"), sessionKey: z.string().min(1).max(100), reservationId: z.number().int().positive(), day: z.string() }),
]);
type Payload = z.infer<typeof payloadSchema>;

interface RawComment {
  id: number;
  body?: string | null;
  user: { login: string } | null;
  created_at: string;
}

function startOfUtcDay(day: string): string {
  return `${day}T00:00:00Z`;
}

function sessionName(sessionKey: string): string {
  const issue = /^issue-(\d+)$/.exec(sessionKey);
  return issue ? `\`#${issue[1]}\`` : `\`${sessionKey.replace(/`/g, "")}\``;
}

function visibleLine(p: Payload): string {
  switch (p.type) {
    case "reserve":
      return `Foreman reserved ${p.usd.toFixed(2)} USD for ${sessionName(p.sessionKey)} (${p.day}, UTC).`;
    case "settle":
      return `Foreman settled ${p.usd.toFixed(2)} USD spent by ${sessionName(p.sessionKey)} (reservation ${p.reservationId}).`;
    case "withdraw":
      return `Foreman withdrew reservation ${p.reservationId} of ${sessionName(p.sessionKey)}: the daily cap is reached.`;
  }
}

/** The block's JSON with `<` and `>` escaped, so it can never close the HTML comment it lives in. */
function blockOf(p: Payload): string {
  const json = JSON.stringify(p).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  return `<!-- foreman:daily-ledger v1 ${json} -->`;
}

function isPermissionError(error: unknown): error is RequestError {
  return error instanceof RequestError && [401, 403, 404, 410].includes(error.status);
}

export class DailyLedger {
  private ledgerIssue: number | undefined;

  constructor(private readonly deps: DailyLedgerDeps) {}

  /**
   * Appends a reservation of `usd` for `sessionKey`, reads the day back and judges it against
   * `capUsd`. A refused reservation is withdrawn at once (the session must end `budget_exhausted`).
   */
  async reserve(req: { sessionKey: string; usd: number; capUsd: number }): Promise<ReserveResult> {
    if (!(Number.isFinite(req.usd) && req.usd >= 0))
      throw new InvalidArgumentError("usd", `DailyLedger.reserve: usd must be a finite number of 0 or more, got ${req.usd}`);
    const issue = await this.ledgerIssueNumber({ create: true });
    const posted = await this.append(issue, { type: "reserve", sessionKey: req.sessionKey, usd: req.usd, day: this.today() });
    const day = utcDay(Date.parse(posted.created_at));
    const entries = await this.entriesSince(issue, day);
    if (!entries.some((e) => e.commentId === posted.id)) {
      // Not listed yet (or the token's own login is not among the trusted authors): judge it as written.
      entries.push({ commentId: posted.id, day, sessionKey: req.sessionKey, type: "reserve", usd: req.usd });
    }
    const { admitted, usedBeforeUsd } = admitReservation(entries, posted.id, req.capUsd, day);
    if (!admitted) await this.append(issue, { type: "withdraw", sessionKey: req.sessionKey, reservationId: posted.id, day: this.today() });
    return admitted ? { admitted: true, reservationId: posted.id, usedBeforeUsd } : { admitted: false, reservationId: posted.id, usedBeforeUsd };
  }

  /** Records what the session actually spent; the unused part of its reservation returns to the day. */
  async settle(req: { sessionKey: string; reservationId: number; actualUsd: number }): Promise<void> {
    if (!(Number.isFinite(req.actualUsd) && req.actualUsd >= 0)) {
      throw new InvalidArgumentError("actualUsd", `DailyLedger.settle: actualUsd must be a finite number of 0 or more, got ${req.actualUsd}`);
    }
    const issue = await this.ledgerIssueNumber({ create: true });
    await this.append(issue, { type: "settle", sessionKey: req.sessionKey, reservationId: req.reservationId, usd: req.actualUsd, day: this.today() });
  }

  /**
   * What today's (UTC) reservations count against the cap now; 0 when there is no ledger issue yet.
   * For the App's precheck, which must stay within its call budget: one listing of the comments
   * the whole repository updated today usually holds every ledger entry of the day (an entry is
   * trusted by its author and its signature, which names the ledger issue, so the issue need not
   * be looked up first). When that listing has more than one page, the exact path is taken
   * (find the ledger issue, list its comments): at most 3 calls, 1 on most repositories.
   */
  async usedToday(): Promise<number> {
    const today = this.today();
    const quick = await this.entriesOnOnePage(today);
    if (quick !== undefined) return usedOnDay(quick, today);
    const issue = await this.ledgerIssueNumber({ create: false });
    if (issue === undefined) return 0;
    return usedOnDay(await this.entriesSince(issue, today), today);
  }

  /** Today's trusted entries from the repository's comments updated since `day`; undefined when they span more than one page. */
  private async entriesOnOnePage(day: string): Promise<DailyLedgerEntry[] | undefined> {
    const { owner, repo } = this.deps.repo;
    const res = await this.deps.client.request("GET /repos/{owner}/{repo}/issues/comments", {
      owner,
      repo,
      since: startOfUtcDay(day),
      per_page: 100,
    });
    if (/rel="next"/.test(res.headers.link ?? "")) return undefined;
    const entries: DailyLedgerEntry[] = [];
    for (const c of res.data) {
      if (!(c.body ?? "").includes("foreman:daily-ledger")) continue;
      const issue = /\/issues\/([1-9][0-9]*)$/.exec(c.issue_url);
      if (issue === null) continue;
      const raw: RawComment = {
        id: Number(c.id),
        body: c.body ?? null,
        user: c.user === null ? null : { login: c.user.login },
        created_at: c.created_at,
      };
      const entry = this.entryOf(Number(issue[1]), raw);
      if (entry !== null) entries.push(entry);
    }
    return entries;
  }

  private today(): string {
    return utcDay(this.deps.now());
  }

  private context(issue: number): SignatureContext {
    return { kind: "daily-ledger", owner: this.deps.repo.owner, repo: this.deps.repo.repo, issue };
  }

  private trusted(login: string | undefined): boolean {
    const l = login?.toLowerCase();
    return l !== undefined && this.deps.trustedAuthors.some((t) => t.toLowerCase() === l);
  }

  private async append(issue: number, payload: Payload): Promise<{ id: number; created_at: string }> {
    const block = blockOf(payload);
    const body = signBody(this.deps.key, this.context(issue), `${visibleLine(payload)}\n\n${block}`, block);
    const { owner, repo } = this.deps.repo;
    try {
      const { data } = await this.deps.client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        owner,
        repo,
        issue_number: issue,
        body,
      });
      return { id: Number(data.id), created_at: data.created_at };
    } catch (error) {
      if (isPermissionError(error)) {
        throw new DailyLedgerUnavailableError(
          error.status,
          `Cannot write to the daily ledger issue #${issue} of ${repoSlug(this.deps.repo)} (GitHub answered ${error.status}). Give the token \`issues: write\` (workflow \`permissions:\`, or the App's Issues permission), and make sure the issue is not locked.`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  /** The trusted, verified entries of the ledger comments updated since 00:00 UTC of `day`. */
  private async entriesSince(issue: number, day: string): Promise<DailyLedgerEntry[]> {
    const { owner, repo } = this.deps.repo;
    const listed = await this.deps.client.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      owner,
      repo,
      issue_number: issue,
      since: startOfUtcDay(day),
      per_page: 100,
    });
    const comments: RawComment[] = listed.map((c) => ({
      id: Number(c.id),
      body: c.body ?? null,
      user: c.user === null ? null : { login: c.user.login },
      created_at: c.created_at,
    }));
    const seen = new Set<number>();
    const entries: DailyLedgerEntry[] = [];
    for (const c of comments) {
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      const entry = this.entryOf(issue, c);
      if (entry !== null) entries.push(entry);
    }
    return entries;
  }

  private entryOf(issue: number, c: RawComment): DailyLedgerEntry | null {
    const body = c.body ?? "";
    const blocks = [...body.matchAll(BLOCK)];
    if (blocks.length === 0 && !body.includes("foreman:daily-ledger")) return null;
    const author = c.user?.login ?? "";
    const ignore = (reason: IgnoredComment["reason"]): null => {
      this.deps.onIgnored?.({ commentId: c.id, author, reason, kind: "daily-ledger" });
      return null;
    };
    if (!this.trusted(c.user?.login)) return ignore("untrusted_author");
    if (blocks.length !== 1) return ignore("undecodable");
    const block = blocks[0]![0];
    const check = verifyBody(this.deps.key, this.context(issue), body, block);
    if (check !== "valid") return ignore(check);
    let parsed: Payload;
    try {
      parsed = payloadSchema.parse(JSON.parse(blocks[0]![1]!));
    } catch {
      return ignore("undecodable");
    }
    const day = utcDay(Date.parse(c.created_at));
    const common = { commentId: c.id, day, sessionKey: parsed.sessionKey };
    switch (parsed.type) {
      case "reserve":
        return { ...common, type: "reserve", usd: parsed.usd };
      case "settle":
        return { ...common, type: "settle", reservationId: parsed.reservationId, usd: parsed.usd };
      case "withdraw":
        return { ...common, type: "withdraw", reservationId: parsed.reservationId };
    }
  }

  /** The lowest-numbered ledger issue opened by a trusted author; created (and converged) when `create` and none exists. */
  private async ledgerIssueNumber(opts: { create: true }): Promise<number>;
  private async ledgerIssueNumber(opts: { create: false }): Promise<number | undefined>;
  private async ledgerIssueNumber(opts: { create: boolean }): Promise<number | undefined> {
    if (this.ledgerIssue !== undefined) return this.ledgerIssue;
    const found = await this.findLedgerIssue();
    if (found !== undefined || !opts.create) return (this.ledgerIssue = found);
    const created = await this.createLedgerIssue();
    const winner = await this.findLedgerIssue();
    if (winner === undefined) {
      throw new DailyLedgerUnavailableError(
        403,
        `Created the daily ledger issue #${created} in ${repoSlug(this.deps.repo)}, but it does not carry the label \`${LEDGER_LABEL}\` (GitHub drops labels the token may not set). Give the token \`issues: write\` on the repository, then close #${created}.`,
      );
    }
    if (winner !== created) {
      // Another runner created one first: use the lowest, close ours before anything is written to it.
      const { owner, repo } = this.deps.repo;
      await this.deps.client.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
        owner,
        repo,
        issue_number: created,
        state: "closed",
        state_reason: "not_planned",
      });
    }
    return (this.ledgerIssue = winner);
  }

  private async findLedgerIssue(): Promise<number | undefined> {
    const { owner, repo } = this.deps.repo;
    const issues = await this.deps.client.paginate("GET /repos/{owner}/{repo}/issues", { owner, repo, labels: LEDGER_LABEL, state: "all" });
    const numbers = issues.filter((i) => i.pull_request === undefined && this.trusted(i.user?.login)).map((i) => i.number);
    return numbers.length === 0 ? undefined : Math.min(...numbers);
  }

  private async createLedgerIssue(): Promise<number> {
    const { owner, repo } = this.deps.repo;
    const body = [
      "Foreman keeps the daily budget of this repository here: one comment per reservation, settlement or withdrawal, appended and never edited.",
      "",
      "Please do not edit or delete these comments, and keep this issue unlocked. Comments by anyone else count for nothing.",
    ].join("\n");
    try {
      const { data } = await this.deps.client.request("POST /repos/{owner}/{repo}/issues", {
        owner,
        repo,
        title: LEDGER_ISSUE_TITLE,
        body,
        labels: [LEDGER_LABEL],
      });
      return data.number;
    } catch (error) {
      if (isPermissionError(error)) {
        throw new DailyLedgerUnavailableError(
          error.status,
          `Cannot create the daily ledger issue in ${repoSlug(this.deps.repo)} (GitHub answered ${error.status}). Give the token \`issues: write\` (workflow \`permissions:\`, or the App's Issues permission), or enable issues on the repository.`,
          { cause: error },
        );
      }
      throw error;
    }
  }
}
