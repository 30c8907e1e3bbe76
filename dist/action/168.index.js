export const id = 168;
export const ids = [168];
export const modules = {

/***/ 4140:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h: () => (/* binding */ approvalExpiry),
/* harmony export */   tl: () => (/* binding */ isApprovalExpired),
/* harmony export */   xR: () => (/* binding */ approvalReasons)
/* harmony export */ });
/** The reasons approval is needed; empty when the result may be published right away. */
function approvalReasons(approval, input) {
    switch (approval.policy) {
        case "never":
            return [];
        case "before_pr":
            return ["approval.policy is before_pr: every result is approved by a person before it is published"];
        case "protected_paths":
            return input.protectedTouched.length === 0
                ? []
                : [`the change touches protected paths: ${input.protectedTouched.slice(0, 10).join(", ")}${input.protectedTouched.length > 10 ? ", …" : ""}`];
        case "cost_over_usd":
            return input.costUsd > approval.cost_over_usd
                ? [`the session cost ${input.costUsd.toFixed(2)} USD, over approval.cost_over_usd (${approval.cost_over_usd.toFixed(2)} USD)`]
                : [];
    }
}
/** When an approval requested at `requestedAtMs` expires. */
function approvalExpiry(approval, requestedAtMs) {
    return requestedAtMs + approval.timeout_hours * 3_600_000;
}
/**
 * Whether a pending approval request has expired at `nowMs`: it is valid strictly before
 * `expiresAt` and expired from that instant on (the state machine and the engine both ask here).
 */
function isApprovalExpired(state, nowMs) {
    return state.status === "awaiting_approval" && state.approval !== undefined && nowMs >= Date.parse(state.approval.expiresAt);
}


/***/ }),

/***/ 4782:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BB: () => (/* binding */ attemptCost),
/* harmony export */   Ik: () => (/* binding */ checkBudget),
/* harmony export */   c8: () => (/* binding */ effectiveRunBudget),
/* harmony export */   d8: () => (/* binding */ readmission)
/* harmony export */ });
/* unused harmony exports dailyAdmission, spentOnDay, reservedByLiveSessions */
/** Amounts closer than this are equal (sums of float dollars drift by far less). */
const USD_EPSILON = 1e-9;
/**
 * The per-run budget for a session, in this order:
 * 1. `budget.per_run`;
 * 2. each issue label found in `budget.labels` raises it: per field, the largest of `per_run`
 *    and every matching label (a label never lowers a field);
 * 3. a `/budget` override sets `usd`, up or down;
 * 4. every field is lowered to the org ceiling `limits.per_run.*` when one is set;
 * 5. `usd` is lowered to what remains of the daily cap (`budget.daily.usd`, itself under
 *    `limits.daily.usd`) after `dailySpentUsd`. When nothing remains the result is `exhausted`.
 */
function effectiveRunBudget(input) {
    const { config } = input;
    const notes = [];
    const budget = { ...config.budget.per_run };
    const wanted = new Set(input.labels.map((l) => l.toLowerCase()));
    const matching = Object.entries(config.budget.labels)
        .filter(([label]) => wanted.has(label.toLowerCase()))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [label, raise] of matching) {
        const changes = [];
        for (const field of FIELDS) {
            if (raise[field] > budget[field]) {
                changes.push(`${FIELD_NAMES[field]} from ${fmt(field, budget[field])} to ${fmt(field, raise[field])}`);
                budget[field] = raise[field];
            }
        }
        if (changes.length > 0)
            notes.push(`Label "${label}" raises ${changes.join(", ")}.`);
    }
    const override = input.budgetOverrideUsd;
    if (override !== null) {
        if (Number.isFinite(override) && override > 0) {
            if (override !== budget.usd)
                notes.push(`USD set from ${usd(budget.usd)} to ${usd(override)} by /budget.`);
            budget.usd = override;
        }
        else {
            notes.push(`The /budget amount ${String(override)} is not a positive USD amount and was ignored.`);
        }
    }
    for (const field of FIELDS) {
        const ceiling = config.limits.per_run[field];
        if (ceiling !== undefined && budget[field] > ceiling) {
            notes.push(`${capitalize(FIELD_NAMES[field])} lowered from ${fmt(field, budget[field])} to ${fmt(field, ceiling)}: ` +
                `that is the org limit limits.per_run.${field}.`);
            budget[field] = ceiling;
        }
    }
    const cap = Math.min(config.budget.daily.usd, config.limits.daily.usd ?? Number.POSITIVE_INFINITY);
    const spent = input.dailySpentUsd;
    const remaining = Number.isNaN(spent) ? 0 : roundUsd(Math.max(0, cap - Math.max(0, spent)));
    if (!(remaining > USD_EPSILON)) {
        notes.push(Number.isNaN(spent)
            ? `Today's spend is unknown, so today's ${usd(cap)} USD cap counts as used up.`
            : `Today's ${usd(cap)} USD cap is used up (${usd(Math.max(0, spent))} USD spent): nothing remains for this run.`);
        return { exhausted: true, budget: { attempts: budget.attempts, minutes: budget.minutes, usd: 0 }, notes, dailyRemainingUsd: 0 };
    }
    if (budget.usd > remaining) {
        notes.push(`USD lowered from ${usd(budget.usd)} to ${usd(remaining)}: that is what remains of today's ${usd(cap)} USD cap.`);
        budget.usd = remaining;
    }
    return { exhausted: false, budget, notes, dailyRemainingUsd: remaining };
}
const FIELDS = ["attempts", "minutes", "usd"];
const FIELD_NAMES = { attempts: "attempts", minutes: "minutes", usd: "USD" };
function fmt(field, value) {
    return field === "usd" ? usd(value) : String(value);
}
function capitalize(s) {
    return s.charAt(0).toUpperCase() + s.slice(1);
}
/** Rounds away float noise (to a millionth of a dollar). */
function roundUsd(value) {
    return Math.round(value * 1e6) / 1e6;
}
/**
 * `10`, `4.50`, `0.0125`: whole dollars plain, cents with two decimals, finer amounts as needed
 * (for notes and messages; `render.ts` has the `$1,234.50` form for reports).
 */
function usd(value) {
    if (!Number.isFinite(value))
        return String(value);
    const rounded = roundUsd(value);
    if (Number.isInteger(rounded))
        return String(rounded);
    const cents = rounded.toFixed(2);
    if (Math.abs(Number(cents) - rounded) < USD_EPSILON)
        return cents;
    return rounded.toFixed(6).replace(/0+$/, "");
}
/**
 * The cost an attempt counts for. Fail closed: a cost the agent did not report, or reported as
 * something other than a finite number of 0 or more, counts as `budget.assumed_attempt_usd`.
 */
function attemptCost(reported, config) {
    if (reported !== undefined && Number.isFinite(reported) && reported >= 0)
        return { costUsd: reported, assumed: false };
    return { costUsd: config.budget.assumed_attempt_usd, assumed: true };
}
/**
 * May attempt N+1 start? Checked in order: attempts (`spent.attempts >= budget.attempts`),
 * wall clock (`durationMs >= minutes`), USD (`costUsd >= usd`).
 *
 * USD is checked on money already spent only, unless `nextAttemptAssumedUsd` is given: then the
 * attempt is refused when `costUsd + nextAttemptAssumedUsd` would go over `usd` (landing exactly
 * on it is allowed). Callers pass it when the agent's cost is unknown until it ends (no
 * per-attempt cost cap), so an attempt that would certainly overspend is not started.
 *
 * Fail closed: a spent figure that is not a number (NaN) exhausts its budget.
 */
function checkBudget(input) {
    const { budget, spent } = input;
    if (!(spent.attempts < budget.attempts)) {
        return {
            ok: false,
            exhausted: "attempts",
            message: `attempt budget used: ${spent.attempts} of ${budget.attempts} attempts`,
        };
    }
    const limitMs = budget.minutes * 60_000;
    if (!(spent.durationMs < limitMs)) {
        return {
            ok: false,
            exhausted: "minutes",
            message: `time budget used: ${minutes(spent.durationMs)} of ${budget.minutes} minutes`,
        };
    }
    if (!(spent.costUsd < budget.usd - USD_EPSILON)) {
        return {
            ok: false,
            exhausted: "usd",
            message: `USD budget used: ${usd(spent.costUsd)} of ${usd(budget.usd)} USD`,
        };
    }
    const next = input.nextAttemptAssumedUsd;
    if (next !== undefined && !(spent.costUsd + next <= budget.usd + USD_EPSILON)) {
        return {
            ok: false,
            exhausted: "usd",
            message: `USD budget would be exceeded: ${usd(spent.costUsd)} of ${usd(budget.usd)} USD used, ` +
                `and the next attempt is assumed to cost ${usd(next)} USD`,
        };
    }
    return { ok: true, remainingMs: limitMs - spent.durationMs };
}
function minutes(ms) {
    const m = ms / 60_000;
    return Number.isInteger(m) ? String(m) : m.toFixed(1);
}
/**
 * Is reservation `reservationId` admitted under the daily cap `capUsd`?
 *
 * Only entries of the reservation's `day` with a smaller id count; later entries never change
 * an earlier answer, so every reader of the ledger reaches the same verdict at any time.
 * Walking those entries in id order, the day's usage is:
 * - a `reserve` entry is admitted when usage + its `usd` <= cap; it then counts as an open
 *   reservation of its session. A reservation that does not fit is withdrawn (refused) and
 *   counts for nothing; so is one whose `usd` is not a positive finite number.
 * - a `settle` entry closes every open reservation of its session made before it: those stop
 *   counting and the settle's `usd` (what those runs really spent) counts instead. A settle
 *   always counts, even with nothing to close (money spent is spent). A settle whose `usd` is
 *   not a finite number of 0 or more is ignored, so the reservations it meant to close keep
 *   counting in full.
 * A settle must carry the day of the reservation it settles, so a run across midnight is
 * charged to the day that admitted it.
 *
 * `usedBeforeUsd` is the usage just before the reservation. The reservation itself is admitted
 * when `usedBeforeUsd + usd <= capUsd`. An id that is not a `reserve` entry is not admitted.
 */
function dailyAdmission(entries, reservationId, capUsd) {
    const target = entries.find((e) => e.id === reservationId && e.kind === "reserve");
    if (!target) {
        return { admitted: false, usedBeforeUsd: 0 };
    }
    const day = entries.filter((e) => e.day === target.day && e.id < reservationId).sort((a, b) => a.id - b.id);
    const fits = (used, amount) => validReserve(amount) && used + amount <= capUsd + USD_EPSILON;
    /** Open (admitted, not yet settled) reservations per session. */
    const open = new Map();
    let settled = 0;
    const used = () => settled + [...open.values()].reduce((a, b) => a + b, 0);
    for (const e of day) {
        if (e.kind === "reserve") {
            if (fits(used(), e.usd))
                open.set(e.sessionId, (open.get(e.sessionId) ?? 0) + e.usd);
        }
        else if (Number.isFinite(e.usd) && e.usd >= 0) {
            open.delete(e.sessionId);
            settled += e.usd;
        }
    }
    const before = roundUsd(used());
    return { admitted: fits(before, target.usd), usedBeforeUsd: before };
}
function validReserve(amount) {
    return Number.isFinite(amount) && amount > 0;
}
/**
 * USD that sessions spent on one UTC day (`YYYY-MM-DD`), from their attempts: local mode's
 * stand-in for the daily ledger. Compacted attempts carry no dates and are left out, so a
 * session with more than the kept window of attempts in one day is under-counted (the ledger
 * issue on GitHub is exact).
 */
function spentOnDay(sessions, day) {
    let micro = 0;
    for (const s of sessions) {
        for (const a of s.attempts) {
            if (a.finishedAt !== undefined && a.finishedAt.startsWith(day) && a.costUsd !== undefined && Number.isFinite(a.costUsd)) {
                micro += Math.round(a.costUsd * 1e6);
            }
        }
    }
    return micro / 1e6;
}
/**
 * USD that live sessions may still spend: for each session pending, running or interrupted, what is left of
 * its admitted budget. Local mode counts it as used today, so concurrent sessions can never
 * be admitted the same remainder twice (the ledger issue does this on GitHub).
 */
function reservedByLiveSessions(sessions, exceptSessionId) {
    let micro = 0;
    for (const s of sessions) {
        // An interrupted session is resumable: what it may still spend stays reserved.
        if (s.sessionId === exceptSessionId || (s.status !== "pending" && s.status !== "running" && s.status !== "interrupted"))
            continue;
        micro += Math.max(0, Math.round(s.budget.usd * 1e6) - Math.round(s.spent.costUsd * 1e6));
    }
    return micro / 1e6;
}
/**
 * A session that waited (resumed, or never started) is held to what remains of today's cap
 * when it runs: what it may still spend is lowered to that, never raised. `dailySpentUsd`
 * counts every session's spend today and what other live sessions may still spend.
 */
function readmission(input) {
    const today = Math.max(0, input.dailyCapUsd - input.dailySpentUsd);
    if (!Number.isFinite(today) || Number.isNaN(input.dailySpentUsd))
        return { kind: "exhausted" };
    if (input.budgetUsd - input.spentUsd <= today + USD_EPSILON)
        return { kind: "unchanged" };
    const usd = Math.round((input.spentUsd + today) * 1e6) / 1e6;
    if (usd <= input.spentUsd || usd <= 0)
        return { kind: "exhausted" };
    return { kind: "lowered", usd };
}


/***/ }),

/***/ 6385:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Yw: () => (/* binding */ lastVerdict),
  b_: () => (/* binding */ nextRunAction),
  sk: () => (/* binding */ nextStep),
  yZ: () => (/* binding */ reasonWhenBudgetRunsOut)
});

// EXTERNAL MODULE: ./src/core/approval.ts
var approval = __webpack_require__(4140);
;// CONCATENATED MODULE: ./src/core/oscillation.ts
/**
 * Oscillation: the loop is going round in circles and more attempts would only spend money.
 *
 * Two signals, checked after an attempt produced its diff:
 *
 * - **repeat**: the current diff hash equals the hash of any earlier attempt, the immediately
 *   previous one included. A→B→A is the agent undoing its own fix; A→A is an attempt that
 *   changed nothing further (no progress). Both stop the session. Hashes of attempts folded
 *   away by compaction (`olderHashes`) count too; they have no attempt number. An empty
 *   current diff is never a repeat (every empty diff has the base tree's hash): the empty
 *   rule decides instead.
 * - **empty**: the current attempt and the ones right before it produced no diff, `maxEmptyInARow`
 *   attempts in a row counting the current one (default 2: two empty attempts in a row stop).
 *   An earlier attempt counts as empty when `empty` is true or its outcome is `empty_diff`;
 *   any other attempt (an interrupted one included) ends the run of empties.
 *
 * A non-empty attempt whose `diffHash` is `""` (unknown) is never a repeat. Invalid
 * `maxEmptyInARow` or attempt numbers throw a `RangeError` (a programming error, not data).
 */
const DEFAULT_MAX_EMPTY_IN_A_ROW = 2;
/** Decides whether the current attempt shows the loop going in circles. Pure. */
function detectOscillation(history, current, options = {}) {
    const maxEmpty = options.maxEmptyInARow ?? DEFAULT_MAX_EMPTY_IN_A_ROW;
    if (!Number.isSafeInteger(maxEmpty) || maxEmpty < 1) {
        throw new RangeError(`maxEmptyInARow must be a whole number of 1 or more, got ${String(maxEmpty)}`);
    }
    for (const entry of history) {
        if (!Number.isSafeInteger(entry.n) || entry.n < 1) {
            throw new RangeError(`history entries need a positive attempt number n, got ${String(entry.n)}`);
        }
    }
    const recentFirst = [...history].sort((a, b) => b.n - a.n);
    const self = current.n === undefined ? "this attempt" : `attempt ${current.n}`;
    if (current.empty) {
        let run = 1;
        const numbers = [];
        for (const entry of recentFirst) {
            if (run >= maxEmpty)
                break;
            if (!(entry.empty === true || entry.outcome === "empty_diff"))
                break;
            run++;
            numbers.push(entry.n);
        }
        if (run < maxEmpty)
            return { oscillating: false };
        const earlier = numbers.length === 0 ? "" : ` after attempt${numbers.length > 1 ? "s" : ""} ${[...numbers].reverse().join(", ")}`;
        return {
            oscillating: true,
            kind: "empty",
            message: `${self} produced no changes${earlier}: ${maxEmpty} empty attempt${maxEmpty > 1 ? "s" : ""} in a row`,
        };
    }
    // No hash (the diff could not be read): nothing to compare, so no repeat is claimed.
    if (current.diffHash === "")
        return { oscillating: false };
    const same = recentFirst.find((e) => e.diffHash === current.diffHash && !(e.empty === true || e.outcome === "empty_diff"));
    const short = current.diffHash.slice(0, 12);
    if (same !== undefined) {
        const previous = recentFirst[0] === same;
        return {
            oscillating: true,
            kind: "repeat",
            sameAs: same.n,
            message: previous
                ? `${self} left the diff exactly as attempt ${same.n} did (diff ${short}): no progress`
                : `${self} produced the same diff as attempt ${same.n} (diff ${short}): the agent is going back and forth`,
        };
    }
    if (options.olderHashes?.includes(current.diffHash)) {
        const oldest = recentFirst.at(-1);
        const before = oldest === undefined ? "" : ` (before attempt ${oldest.n})`;
        return {
            oscillating: true,
            kind: "repeat",
            message: `${self} produced the same diff as an earlier, compacted attempt${before} (diff ${short}): the agent is going back and forth`,
        };
    }
    return { oscillating: false };
}

;// CONCATENATED MODULE: ./src/core/decide.ts
/**
 * What the loop does next, decided from the session state alone. The same function runs right
 * after an attempt is recorded and when a run resumes a session, so a resumed run never
 * re-runs finished work: a passed attempt is published, a terminal one ends the session.
 */


/** The last attempt that finished with a verdict (an interrupted one has none). */
function lastVerdict(state) {
    for (let i = state.attempts.length - 1; i >= 0; i--) {
        const a = state.attempts[i];
        if (a.finishedAt === undefined)
            continue;
        if (a.outcome === "interrupted")
            return undefined;
        return a;
    }
    return undefined;
}
function nextStep(state) {
    const last = lastVerdict(state);
    if (!last || last.outcome === undefined)
        return { kind: "attempt" };
    switch (last.outcome) {
        case "passed":
            return { kind: "publish", attempt: last };
        case "policy_violation":
            // A refused change was put back and explained: the agent gets another attempt, and the
            // session ends `policy_violation` only when the attempts run out (`reasonWhenBudgetRunsOut`).
            return last.refused === true
                ? { kind: "attempt" }
                : { kind: "end", reason: "policy_violation", note: last.error ?? `Attempt ${last.n} broke the path policy.` };
        case "agent_error":
            return last.transient === true
                ? { kind: "attempt" }
                : { kind: "end", reason: "agent_error", note: last.error ?? `The agent failed on attempt ${last.n}.` };
        case "gates_failed":
        case "empty_diff": {
            const earlier = state.attempts
                .filter((a) => a.n < last.n && a.finishedAt !== undefined)
                .map((a) => ({
                n: a.n,
                ...(a.diffHash === undefined ? {} : { diffHash: a.diffHash }),
                ...(a.outcome === undefined ? {} : { outcome: a.outcome }),
                empty: a.outcome === "empty_diff",
            }));
            const osc = detectOscillation(earlier, { diffHash: last.diffHash ?? "", empty: last.outcome === "empty_diff" }, { olderHashes: state.compacted?.diffHashes ?? [] });
            return osc.oscillating ? { kind: "end", reason: "oscillation_detected", note: osc.message } : { kind: "attempt" };
        }
        case "interrupted":
            return { kind: "attempt" };
    }
}
/**
 * The run's next move for a session, beside `nextStep` (which decides inside the attempt loop).
 * Accounting comes first in every status: an attempt left open is recovered before anything else.
 */
function nextRunAction(state, nowMs) {
    const last = state.attempts.at(-1);
    if (state.status === "running" || (last !== undefined && last.finishedAt === undefined))
        return { kind: "recover" };
    switch (state.status) {
        case "pending":
            return { kind: "run_attempts" };
        case "approved":
            return { kind: "publish_approved" };
        case "awaiting_approval":
            return (0,approval/* isApprovalExpired */.tl)(state, nowMs) ? { kind: "expire" } : { kind: "wait", for: "approval" };
        case "interrupted":
            return { kind: "wait", for: "retry" };
        case "ended":
            return state.reportedAt === undefined ? { kind: "report" } : { kind: "none" };
    }
}
/**
 * Why a session ends when its budget runs out before another attempt. Attempts used up while
 * the gates kept failing is `gates_failed` (DESIGN.md); while the agent kept failing,
 * `agent_error`; while its change was still refused by the path policy, `policy_violation`;
 * anything else (time, money) is `budget_exhausted`.
 */
function reasonWhenBudgetRunsOut(check, lastOutcome) {
    if (check.exhausted !== "attempts")
        return "budget_exhausted";
    if (lastOutcome === "gates_failed" || lastOutcome === "empty_diff")
        return "gates_failed";
    if (lastOutcome === "agent_error")
        return "agent_error";
    if (lastOutcome === "policy_violation")
        return "policy_violation";
    return "budget_exhausted";
}


/***/ }),

/***/ 6738:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   pC: () => (/* binding */ isNeverPassed),
/* harmony export */   vf: () => (/* binding */ scrubEnvironment),
/* harmony export */   yR: () => (/* binding */ copyFromHost)
/* harmony export */ });
/* unused harmony export BASE_ENV_ALLOWLIST */
/**
 * The environment an agent or a gate gets: an allowlist, never the parent's environment.
 * Gates run code the agent wrote, so they get the same scrubbed environment (DESIGN.md, Security).
 */
/**
 * Names every child may see: enough to find programs, a home, a locale and a temp dir, and
 * `RUNNER_TRACKING_ID` — an opaque job id (no credential) by which the Actions runner finds and
 * ends a job's leftover processes, so a gate or agent outlives no runner that died mid-step.
 */
const BASE_ENV_ALLOWLIST = [
    "PATH",
    "HOME",
    "LANG",
    "LANGUAGE",
    "TZ",
    "TERM",
    "TMPDIR",
    "TMP",
    "TEMP",
    "USER",
    "LOGNAME",
    "RUNNER_TRACKING_ID",
];
/** Variables that must never reach a child, whatever a preset or a config asks for. */
const NEVER = [/^GITHUB_TOKEN$/, /^GH_TOKEN$/, /^ACTIONS_/, /^FOREMAN_/, /^INPUT_/, /^RUNNER_TOKEN$/, /PRIVATE_KEY/];
function isNeverPassed(name) {
    return NEVER.some((re) => re.test(name));
}
/**
 * Builds a child's environment from the host's: the base allowlist, `LC_*` locale variables,
 * and the extra names (a preset's model keys, `agent.env`). Forbidden names are dropped even
 * when listed, so a configuration cannot hand the agent a token.
 */
function scrubEnvironment(host, extraNames = []) {
    const allowed = new Set([...BASE_ENV_ALLOWLIST, ...extraNames]);
    const env = {};
    for (const [name, value] of Object.entries(host)) {
        if (value === undefined || isNeverPassed(name))
            continue;
        if (allowed.has(name) || name.startsWith("LC_"))
            env[name] = value;
    }
    return env;
}
/**
 * Variables a child gets from other host variables (`{ ANTHROPIC_AUTH_TOKEN: "GATEWAY_TOKEN" }`):
 * how a configured provider token (`agent.provider.auth_token_env`) reaches the name a CLI reads,
 * only when it is configured. A pair is dropped when either name must never reach a child, or
 * the host variable is unset or empty.
 */
function copyFromHost(host, from) {
    const env = {};
    for (const [childName, hostName] of Object.entries(from)) {
        if (isNeverPassed(childName) || isNeverPassed(hostName))
            continue;
        const value = host[hostName];
        if (value !== undefined && value !== "")
            env[childName] = value;
    }
    return env;
}


/***/ }),

/***/ 2483:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KB: () => (/* binding */ formatPullRequestBody),
/* harmony export */   L$: () => (/* binding */ formatSessionTrailer),
/* harmony export */   Q9: () => (/* binding */ formatPullRequestTitle),
/* harmony export */   qB: () => (/* binding */ formatSessionBranch)
/* harmony export */ });
/* unused harmony exports SESSION_BRANCH_PREFIX, parseSessionBranch, PULL_REQUEST_TITLE_PREFIX, PULL_REQUEST_TITLE_MAX, parsePullRequestTitle, parsePullRequestBody, SESSION_TRAILER, parseSessionTrailer */
/**
 * Names Foreman writes and must read back, each as a format/parse pair: the session branch,
 * the pull request's title and body, and the commit trailer. The GitHub side finds its own
 * branches, PRs and commits by parsing these, so `parse(format(x))` gives `x` back.
 */
/** Every session branch starts with this. */
const SESSION_BRANCH_PREFIX = "foreman/";
/** `foreman/<sessionId>`. */
function formatSessionBranch(sessionId) {
    return `${SESSION_BRANCH_PREFIX}${sessionId}`;
}
/** The session id of a session branch (`foreman/<id>`, also as `refs/heads/foreman/<id>`), or null for any other branch. */
function parseSessionBranch(branch) {
    const name = branch.startsWith("refs/heads/") ? branch.slice("refs/heads/".length) : branch;
    if (!name.startsWith(SESSION_BRANCH_PREFIX))
        return null;
    const id = name.slice(SESSION_BRANCH_PREFIX.length);
    return id === "" ? null : id;
}
const PULL_REQUEST_TITLE_PREFIX = "Foreman: ";
/** GitHub accepts longer titles; this keeps them readable in lists and commit subjects. */
const PULL_REQUEST_TITLE_MAX = 250;
/** `Foreman: <title>` on one line, cut to `PULL_REQUEST_TITLE_MAX` characters. */
function formatPullRequestTitle(title) {
    const line = title.replace(/\s+/g, " ").trim();
    return `${PULL_REQUEST_TITLE_PREFIX}${line}`.slice(0, PULL_REQUEST_TITLE_MAX);
}
/** The task title of a Foreman PR title, or null when the title is not Foreman's. */
function parsePullRequestTitle(title) {
    return title.startsWith(PULL_REQUEST_TITLE_PREFIX) ? title.slice(PULL_REQUEST_TITLE_PREFIX.length) : null;
}
const MARKER_PREFIX = "<!-- foreman:session ";
const MARKER_SUFFIX = " -->";
/**
 * `Closes #<issue>.` (when there is an issue), the summary line, then the hidden marker
 * `<!-- foreman:session <id> -->` on the last line. Only numbers reach the visible part; the
 * session id is percent-encoded in the marker, so no id can close the comment early.
 */
function formatPullRequestBody(body) {
    return [
        ...(body.issue === undefined ? [] : [`Closes #${body.issue}.`]),
        `Produced by Foreman in ${body.attempts} attempt(s), ${body.costUsd.toFixed(2)} USD.`,
        `${MARKER_PREFIX}${encodeURIComponent(body.sessionId)}${MARKER_SUFFIX}`,
    ].join("\n\n");
}
/**
 * What a PR body written by `formatPullRequestBody` says: the session (from the marker on its
 * last line) and the issue it closes. Null when the last line is not Foreman's marker (a body a
 * person rewrote is not trusted to name a session).
 */
function parsePullRequestBody(text) {
    const lines = text.replace(/\r\n/g, "\n").trimEnd().split("\n");
    const last = lines[lines.length - 1] ?? "";
    if (!last.startsWith(MARKER_PREFIX) || !last.endsWith(MARKER_SUFFIX))
        return null;
    const encoded = last.slice(MARKER_PREFIX.length, last.length - MARKER_SUFFIX.length);
    const sessionId = decodeOrNull(encoded);
    if (sessionId === null || sessionId === "")
        return null;
    const closes = /^Closes #([1-9][0-9]*)\.$/.exec(lines[0] ?? "");
    return closes === null ? { sessionId } : { sessionId, issue: Number(closes[1]) };
}
function decodeOrNull(encoded) {
    try {
        return decodeURIComponent(encoded);
    }
    catch {
        return null;
    }
}
/** The git trailer that marks a commit as Foreman's work for one session. */
const SESSION_TRAILER = "Foreman-Session";
/** `Foreman-Session: <sessionId>`. */
function formatSessionTrailer(sessionId) {
    return `${SESSION_TRAILER}: ${sessionId}`;
}
/** The session named by the trailer in the last paragraph of a commit message, or null. */
function parseSessionTrailer(message) {
    const paragraphs = message.trimEnd().split(/\n\s*\n/);
    const last = paragraphs[paragraphs.length - 1] ?? "";
    const prefix = `${SESSION_TRAILER}: `;
    for (const line of last.split("\n")) {
        if (line.startsWith(prefix))
            return line.slice(prefix.length);
    }
    return null;
}


/***/ }),

/***/ 1595:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JJ: () => (/* binding */ renderTerminalReport),
/* harmony export */   RV: () => (/* binding */ MAX_CHECK_RUN_TITLE_CHARS),
/* harmony export */   VV: () => (/* binding */ escapeInline),
/* harmony export */   Yc: () => (/* binding */ nextStepsForReason),
/* harmony export */   aW: () => (/* binding */ renderCheckRunSummary),
/* harmony export */   fL: () => (/* binding */ MAX_CHECK_RUN_SUMMARY_CHARS),
/* harmony export */   uc: () => (/* binding */ renderStatusComment),
/* harmony export */   xv: () => (/* binding */ truncate),
/* harmony export */   y3: () => (/* binding */ capMarkdown)
/* harmony export */ });
/* unused harmony exports MAX_STATUS_CHARS, formatUsd, formatDuration, formatCount, nextStepsForStatus */
/* harmony import */ var _state_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7066);
/**
 * Markdown a person reads: the status comment, the terminal report and the check-run summary.
 *
 * Pure: every number and time comes from the state (the core never reads a clock). Untrusted
 * text (agent summaries and errors, issue titles, notes, approval reasons) goes through
 * `escapeInline`, so it can neither inject markdown, HTML or a forged state block
 * (`<!-- foreman:state … -->`), nor ping people (`@org/team`) or cross-reference issues (`#12`).
 * Every renderer caps its output within GitHub's limits.
 */

/** Upper bound of `renderStatusComment` and `renderTerminalReport` (the codec keeps room for the state block). */
const MAX_STATUS_CHARS = 12_000;
/** GitHub: check-run `output.title`. */
const MAX_CHECK_RUN_TITLE_CHARS = 255;
/** GitHub: check-run `output.summary` (and `output.text`). */
const MAX_CHECK_RUN_SUMMARY_CHARS = 65_535;
/** Attempts shown one per row in a check-run summary; older ones are one totals row. */
const MAX_LEDGER_ROWS = 100;
const MAX_GATE_LINES = 15;
const MAX_APPROVAL_REASONS = 5;
// ---------------------------------------------------------------------------------------------
// Escaping
/** Bidirectional overrides and isolates (Trojan Source), the Arabic letter mark, and a BOM. */
const BIDI_AND_BOM = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
/** C0 and C1 control characters, tab and newlines excepted (handled separately). */
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Characters markdown gives a meaning to anywhere in a line (tables, emphasis, links, code, strike). */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]|~]/g;
const ZERO_WIDTH_SPACE = "&#8203;";
/**
 * Makes untrusted text safe to place inside a markdown line (a table cell, a list item):
 * strips bidi controls and control characters, collapses newlines, caps it at `maxChars`
 * characters (before escaping; an ellipsis marks the cut), escapes `&`, `<`, `>` as entities
 * (no HTML, no `<!--`), backslash-escapes markdown punctuation (no code spans or fences, no
 * emphasis, links or table breaks), and breaks `@mention` and `#123` with a zero-width space.
 * The output can be up to ~9× `maxChars` long (each `&` becomes `&amp;`, each `@x` gains an entity).
 */
function escapeInline(text, maxChars) {
    const cleaned = text
        .replace(LONE_SURROGATE, "\uFFFD")
        .replace(BIDI_AND_BOM, "")
        .replace(CONTROLS, "")
        .replace(/\s*[\r\n]+\s*/g, " ")
        .replace(/\t/g, " ")
        .trim();
    return truncate(cleaned, maxChars)
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`)
        .replace(/@(?=[\p{L}\p{N}_-])|#(?=\d)/gu, (c) => `${c}${ZERO_WIDTH_SPACE}`);
}
/** Cuts `text` to at most `maxChars` UTF-16 units, never inside a surrogate pair, marking the cut with `…`. */
function truncate(text, maxChars) {
    if (text.length <= maxChars)
        return text;
    if (maxChars <= 0)
        return "";
    let cut = maxChars - 1;
    const last = text.charCodeAt(cut - 1);
    if (cut > 0 && last >= 0xd800 && last <= 0xdbff)
        cut -= 1;
    return `${text.slice(0, cut)}…`;
}
/**
 * Caps rendered markdown at `maxChars`: cuts at the last line break that leaves room for a
 * note, so that no entity, escape or table row is cut in half.
 */
function capMarkdown(markdown, maxChars) {
    if (markdown.length <= maxChars)
        return markdown;
    const note = "\n\n_…(truncated to fit GitHub's size limit)_";
    const room = Math.max(0, maxChars - note.length);
    const lineEnd = markdown.lastIndexOf("\n", room);
    const cut = lineEnd > 0 ? lineEnd : room;
    const head = markdown.slice(0, cut);
    const code = head.charCodeAt(head.length - 1);
    const safeHead = code >= 0xd800 && code <= 0xdbff ? head.slice(0, -1) : head;
    return `${safeHead}${note}`.slice(0, maxChars);
}
// ---------------------------------------------------------------------------------------------
// Numbers and times
/** `$0.42`, `$1,234.50`; amounts below a cent show as `<$0.01`. Not locale-dependent. */
function formatUsd(n) {
    if (!Number.isFinite(n))
        return "—";
    if (n < 0)
        return `-${formatUsd(-n)}`;
    if (n > 0 && n < 0.005)
        return "<$0.01";
    const [whole = "0", cents = "00"] = n.toFixed(2).split(".");
    return `$${groupThousands(whole)}.${cents}`;
}
/** `850ms`, `45s`, `12m 5s`, `3h 4m`, `2d 3h`. */
function formatDuration(ms) {
    if (!Number.isFinite(ms) || ms < 0)
        return "—";
    if (ms < 1000)
        return `${Math.round(ms)}ms`;
    const totalSeconds = Math.floor(ms / 1000);
    const s = totalSeconds % 60;
    const totalMinutes = Math.floor(totalSeconds / 60);
    const m = totalMinutes % 60;
    const totalHours = Math.floor(totalMinutes / 60);
    const h = totalHours % 24;
    const d = Math.floor(totalHours / 24);
    if (totalMinutes === 0)
        return `${s}s`;
    if (totalHours === 0)
        return s === 0 ? `${m}m` : `${m}m ${s}s`;
    if (d === 0)
        return m === 0 ? `${h}h` : `${h}h ${m}m`;
    return h === 0 ? `${groupThousands(String(d))}d` : `${groupThousands(String(d))}d ${h}h`;
}
/** `12,345`. */
function formatCount(n) {
    return Number.isSafeInteger(n) ? `${n < 0 ? "-" : ""}${groupThousands(String(Math.abs(n)))}` : String(n);
}
function groupThousands(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
/** Wall-clock time from creation to the end (or the last update while still going), if both parse. */
function elapsedMs(state) {
    const from = Date.parse(state.createdAt);
    const to = Date.parse(state.endedAt ?? state.updatedAt);
    return Number.isFinite(from) && Number.isFinite(to) && to >= from ? to - from : null;
}
// ---------------------------------------------------------------------------------------------
// Words for states, outcomes and reasons
const STATUS_LABEL = {
    pending: "⏳ Pending — waiting for a runner",
    running: "🔄 Running",
    awaiting_approval: "✋ Awaiting approval",
    approved: "👍 Approved — publishing",
    interrupted: "⚠️ Interrupted — resumable",
    ended: "🏁 Ended",
};
const REASON_TITLE = {
    succeeded: "✅ Succeeded",
    gates_failed: "❌ Gates still failing",
    budget_exhausted: "💸 Budget exhausted",
    oscillation_detected: "🔁 Going in circles",
    policy_violation: "🚫 Policy violation",
    agent_error: "💥 Agent error",
    cancelled: "⏹️ Cancelled",
    rejected: "🙅 Rejected",
    approval_expired: "⌛ Approval expired",
    setup_failed: "🧰 Setup failed",
};
const REASON_WORDS = {
    succeeded: "The gates passed and the change was published.",
    gates_failed: "Every allowed attempt was used and the gates still fail.",
    budget_exhausted: "The session reached its cost, time or attempt budget, or the daily cap, before the gates passed.",
    oscillation_detected: "The agent produced a change identical to an earlier attempt, so more attempts would repeat themselves.",
    policy_violation: "The change broke the path policy (a forbidden path, a lockfile, a new binary or oversized file, or too many changed files or lines), and still did when the attempts ran out. Nothing that breaks it was published.",
    agent_error: "The agent itself failed (it crashed, timed out or reported an error).",
    cancelled: "Someone cancelled the session (`/cancel`, or the issue or pull request was closed).",
    rejected: "A reviewer rejected the change (`/reject`).",
    approval_expired: "Nobody approved the change before the approval expired.",
    setup_failed: "A gate could not run on the unchanged repository (a missing command, module or dependency install), so no agent was started and nothing was spent.",
};
const OUTCOME_LABEL = {
    passed: "✅ passed",
    gates_failed: "❌ gates failed",
    policy_violation: "🚫 policy violation",
    agent_error: "💥 agent error",
    empty_diff: "⚪ no change",
    interrupted: "⚠️ interrupted",
};
/** A change the path policy refused and put back (the session went on). */
const REFUSED_LABEL = "🚫 refused by the path policy (put back, next attempt told why)";
function outcomeLabel(a) {
    if (a.outcome === "policy_violation" && a.refused === true)
        return REFUSED_LABEL;
    if (a.outcome !== undefined)
        return OUTCOME_LABEL[a.outcome];
    return a.finishedAt === undefined ? "⏳ in progress" : "❔ unknown";
}
function vocabulary(surface, state) {
    if (surface === "github") {
        return {
            pending: "A run will pick this up shortly.",
            restart: "Start a new session by removing and adding the trigger label again.",
            raiseBudget: "Add a larger budget label (`foreman:budget-large`, `foreman:budget-xl`), or have an admin raise the cap with `/budget <usd>`",
            configFile: "`.github/foreman.yml`",
            approve: "`/approve`",
            reject: "`/reject [reason]`",
            retry: "`/retry`",
            cancel: "`/cancel`",
            status: "`/status` refreshes this comment.",
            logs: "the workflow run log (model key secret, quota, timeout)",
        };
    }
    const id = escapeInline(state.sessionId, 100);
    return {
        pending: `\`foreman resume ${id}\` runs it.`,
        restart: "Start a new session with `foreman run --task FILE`.",
        raiseBudget: "Raise `budget.per_run` (or `budget.daily`) in the configuration",
        configFile: "the configuration (`--config`, or `.github/foreman.yml`)",
        approve: `\`foreman approve ${id}\``,
        reject: `\`foreman reject ${id} --reason TEXT\``,
        retry: `\`foreman resume ${id}\``,
        cancel: `\`foreman cancel ${id}\``,
        status: `\`foreman status ${id}\` shows it again.`,
        logs: "the agent's output (model key, quota, timeout)",
    };
}
/** What a person can do once a session ended for `reason`. Exhaustive: a new reason fails to compile. */
function nextStepsForReason(reason, state, surface = "github") {
    const v = vocabulary(surface, state);
    const pr = state.pullRequest !== undefined ? `pull request #${state.pullRequest}` : undefined;
    const branch = state.branch !== undefined ? `branch ${escapeInline(state.branch, 255)}` : undefined;
    const restart = v.restart;
    switch (reason) {
        case "succeeded":
            return [
                pr ? `Review and merge ${pr}.` : branch ? `Review ${branch} and open a pull request.` : "Review the published change.",
                "Ask for changes in a review or a comment; a new session can build on them.",
            ];
        case "gates_failed":
            return [
                "Read the failing gates of the last attempt below.",
                "Make the issue more precise (what to change, how to check it), then restart: " + restart,
                `Or give it more room (${v.raiseBudget.replace(/^./, (c) => c.toLowerCase())}) before restarting.`,
            ];
        case "budget_exhausted":
            return [`${v.raiseBudget}, then restart: ${restart}`, "If the daily cap was reached, wait for it to reset at 00:00 UTC."];
        case "oscillation_detected":
            return ["The agent is repeating itself: add a hint to the issue (the approach, the file, a failing test), then restart.", restart];
        case "policy_violation":
            return [
                "See the note below for the path or limit that was broken.",
                `Narrow the task so the change stays within the allowed paths, or adjust \`paths\` or \`gates\` in ${v.configFile}, then restart.`,
            ];
        case "agent_error":
            return [`Check the agent's error below and ${v.logs}.`, "Fix the cause, then restart: " + restart];
        case "cancelled":
            return ["Nothing more will run.", restart];
        case "rejected":
            return [
                branch ? `The work stays on ${branch} for reference.` : "Nothing was published.",
                "Clarify the issue with what the reviewer asked for, then restart: " + restart,
            ];
        case "approval_expired":
            return [
                branch ? `The work stays on ${branch}.` : "Nothing was published.",
                `Restart to run again; approve with ${v.approve} within the approval time: ${restart}`,
            ];
        case "setup_failed":
            return [
                "See the note below for the gate or setup step that could not run, and the fix.",
                `Install what is missing on the machine that runs Foreman, or set \`gates:\` (and \`setup:\`) in ${v.configFile} to commands that exist, then restart: ${restart}`,
            ];
        default: {
            const unreachable = reason;
            return [`Unknown reason ${String(unreachable)}.`];
        }
    }
}
/** Commands that mean something in `status` (for a running session). Exhaustive. */
function nextStepsForStatus(state, surface = "github") {
    const v = vocabulary(surface, state);
    const status = state.status;
    switch (status) {
        case "pending":
            return [`${v.pending} ${v.cancel} stops it; ${v.status}`];
        case "running":
            return [`Foreman is working. ${v.cancel} stops it after the current step; ${v.status}`];
        case "awaiting_approval":
            return [`${v.approve} publishes the change exactly as tested.`, `${v.reject} ends the session without publishing.`];
        case "approved":
            return [`The next run publishes the approved change (${v.retry}). ${v.cancel} stops it.`];
        case "interrupted": {
            const next = lastAttemptNumber(state) + 1;
            return [`${v.retry} resumes at attempt ${formatCount(next)} (finished attempts are kept and not re-run).`, `${v.cancel} ends the session.`];
        }
        case "ended":
            return state.reason === null ? ["Nothing more will run."] : nextStepsForReason(state.reason, state, surface);
        default: {
            const unreachable = status;
            return [`Unknown status ${String(unreachable)}.`];
        }
    }
}
function lastAttemptNumber(state) {
    return state.attempts.at(-1)?.n ?? state.compacted?.lastN ?? 0;
}
// ---------------------------------------------------------------------------------------------
// Shared fragments
function headerTitle(state) {
    if (state.status === "ended")
        return state.reason === null ? STATUS_LABEL.ended : REASON_TITLE[state.reason];
    return STATUS_LABEL[state.status];
}
function taskLine(state) {
    const title = escapeInline(state.task.title, 200);
    return state.task.issue !== undefined ? `**Task:** issue #${state.task.issue} — ${title}` : `**Task:** ${title}`;
}
function factsTable(state, diffStats) {
    const rows = [
        ["Attempts", `${formatCount(state.spent.attempts)} of ${formatCount(state.budget.attempts)}`],
        ["Cost", `${formatUsd(state.spent.costUsd)} of ${formatUsd(state.budget.usd)}`],
    ];
    const elapsed = elapsedMs(state);
    rows.push([
        "Time",
        `${elapsed === null ? "—" : formatDuration(elapsed)} elapsed · ${formatDuration(state.spent.durationMs)} in attempts · budget ${formatDuration(state.budget.minutes * 60_000)}`,
    ]);
    const setup = setupFact(state);
    if (setup !== null)
        rows.push(["Setup", setup]);
    if (diffStats !== undefined) {
        rows.push(["Diff", `${formatCount(diffStats.files)} files, +${formatCount(diffStats.additions)} −${formatCount(diffStats.deletions)}`]);
    }
    if (state.branch !== undefined)
        rows.push(["Branch", escapeInline(state.branch, 255)]);
    if (state.pullRequest !== undefined)
        rows.push(["Pull request", `#${state.pullRequest}`]);
    return ["| | |", "| --- | --- |", ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
}
/** Dependency setup, apart from the attempts: its steps, outcome and time (null when nothing was set up). */
function setupFact(state) {
    const setup = state.setup;
    if (setup === undefined || setup.runs === 0)
        return null;
    const steps = setup.steps
        .slice(0, MAX_GATE_LINES)
        .map((s) => `${s.ok ? "✅" : "❌"} ${escapeInline(s.command, 80)}${s.root === "." ? "" : ` in ${escapeInline(s.root, 80)}`}${s.ok ? "" : ` (exit ${s.exitCode ?? "none"})`}`);
    const runs = setup.runs === 1 ? "once" : `${formatCount(setup.runs)} times`;
    return `${steps.join(", ")} · ran ${runs}, ${formatDuration(setup.durationMs)} · not an attempt, no cost`;
}
function lastAttemptLines(state) {
    const last = state.attempts.at(-1);
    if (last === undefined)
        return [];
    const lines = [`**Last attempt (${formatCount(last.n)}):** ${outcomeLabel(last)}`];
    const gates = last.gates ?? [];
    for (const g of gates.slice(0, MAX_GATE_LINES)) {
        const where = g.root === "." || g.root === "" ? "" : ` in ${escapeInline(g.root, 80)}`;
        const exit = g.ok ? "" : g.exitCode === null ? " — killed or timed out" : ` — exit ${g.exitCode}`;
        lines.push(`- ${g.ok ? "✅" : "❌"} ${escapeInline(g.name, 80)}${where} (${formatDuration(g.durationMs)})${exit}`);
    }
    if (gates.length > MAX_GATE_LINES)
        lines.push(`- … and ${gates.length - MAX_GATE_LINES} more gates`);
    if (last.summary !== undefined && last.summary.trim() !== "")
        lines.push("", `**Agent's summary:** ${escapeInline(last.summary, 500)}`);
    if (last.error !== undefined && last.error.trim() !== "") {
        lines.push("", `**${last.refused === true ? "Refused" : "Error"}:** ${escapeInline(last.error, 500)}`);
    }
    const denied = last.deniedTools ?? [];
    if (denied.length > 0) {
        const shown = denied.slice(0, MAX_DENIED_LINES).map((t) => `\`${escapeCode(t, 120)}\``);
        const more = denied.length > MAX_DENIED_LINES ? ` and ${denied.length - MAX_DENIED_LINES} more` : "";
        lines.push("", `**Tool calls the agent's CLI refused:** ${shown.join(", ")}${more}`);
    }
    const basis = costBasisWords(last);
    if (basis !== null)
        lines.push("", `**Cost of this attempt:** ${basis}`);
    return lines;
}
/** Denied tool calls listed by name in a report. */
const MAX_DENIED_LINES = 5;
/** Text for inline code: no backticks or line breaks, capped. */
function escapeCode(text, max) {
    const flat = text.replace(/[\r\n]+/g, " ").replace(/`/g, "'");
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
/** Where the attempt's cost comes from, in words; null when it was simply reported. */
function costBasisWords(a) {
    if (a.costUsd === undefined)
        return null;
    if (a.costBasis === "not_billed")
        return `${formatUsd(a.costUsd)}: the agent's output shows no model response was billed.`;
    if (a.costBasis === "assumed" || a.costAssumed === true) {
        return `${formatUsd(a.costUsd)} assumed: the agent reported no cost, so the configured assumed cost counts (budget.assumed_attempt_usd).`;
    }
    return null;
}
function approvalLines(state) {
    const approval = state.approval;
    if (approval === undefined || state.status !== "awaiting_approval")
        return [];
    const lines = [`**Approval needed** (expires ${escapeInline(approval.expiresAt, 40)}):`];
    for (const reason of approval.reasons.slice(0, MAX_APPROVAL_REASONS))
        lines.push(`- ${escapeInline(reason, 200)}`);
    if (approval.reasons.length > MAX_APPROVAL_REASONS)
        lines.push(`- … and ${approval.reasons.length - MAX_APPROVAL_REASONS} more`);
    return lines;
}
function noteLines(state) {
    return state.note !== undefined && state.note.trim() !== "" ? ["", `**Note:** ${escapeInline(state.note, 500)}`] : [];
}
// ---------------------------------------------------------------------------------------------
// Renderers
/**
 * The visible part of the status comment: what a person reads at a glance. A terminal
 * session shows its terminal report instead. At most `MAX_STATUS_CHARS` characters.
 */
function renderStatusComment(state, options = {}) {
    const surface = options.surface ?? "github";
    if (state.status === "ended")
        return renderTerminalReport(state, { surface });
    const lines = [`### 🤖 Foreman · ${headerTitle(state)}`, "", taskLine(state), "", ...factsTable(state, state.attempts.at(-1)?.diffStats)];
    const approval = approvalLines(state);
    if (approval.length > 0)
        lines.push("", ...approval);
    // Next steps before the details: if hostile text makes the comment hit its cap, only details are cut.
    lines.push("", "**What you can do next**", ...nextStepsForStatus(state, surface).map((s) => `- ${s}`));
    const last = lastAttemptLines(state);
    if (last.length > 0)
        lines.push("", ...last);
    lines.push(...noteLines(state));
    return capMarkdown(lines.join("\n"), MAX_STATUS_CHARS);
}
/**
 * The single terminal report: outcome, reason in words, attempts, cost, time, diff stats and
 * what a person can do next for this reason. `diffStats` defaults to the last attempt's.
 */
function renderTerminalReport(state, extra) {
    const reason = state.reason;
    const lines = [
        `### 🤖 Foreman · ${reason === null ? STATUS_LABEL.ended : REASON_TITLE[reason]}`,
        "",
        reason === null ? "The session ended." : REASON_WORDS[reason],
        "",
        taskLine(state),
        "",
        ...factsTable(state, extra?.diffStats ?? state.attempts.at(-1)?.diffStats),
    ];
    const steps = reason === null ? ["Nothing more will run."] : nextStepsForReason(reason, state, extra?.surface ?? "github");
    lines.push("", "**What you can do next**", ...steps.map((s) => `- ${s}`));
    const last = lastAttemptLines(state);
    if (last.length > 0)
        lines.push("", ...last);
    lines.push(...noteLines(state));
    return capMarkdown(lines.join("\n"), MAX_STATUS_CHARS);
}
/** Title and summary of the `Foreman` check run: the attempt ledger as a table. */
function renderCheckRunSummary(state) {
    return { title: truncate(checkRunTitle(state), MAX_CHECK_RUN_TITLE_CHARS), summary: checkRunSummary(state) };
}
function checkRunTitle(state) {
    const attempts = `${formatCount(state.spent.attempts)} attempt${state.spent.attempts === 1 ? "" : "s"}`;
    const cost = formatUsd(state.spent.costUsd);
    switch (state.status) {
        case "ended":
            return state.reason === "succeeded"
                ? `Succeeded after ${attempts} · ${cost}`
                : `Stopped: ${state.reason === null ? "ended" : state.reason.replace(/_/g, " ")} after ${attempts} · ${cost}`;
        case "awaiting_approval":
            return `Awaiting approval · ${attempts} · ${cost}`;
        default:
            return `${STATUS_LABEL[state.status].replace(/^\S+ /, "")} · attempt ${formatCount(state.spent.attempts)} of ${formatCount(state.budget.attempts)} · ${cost} of ${formatUsd(state.budget.usd)}`;
    }
}
const LEDGER_HEADER = ["| # | Outcome | Gates | Cost | Time | Diff | Summary |", "| --- | --- | --- | ---: | ---: | --- | --- |"];
function checkRunSummary(state) {
    const head = [
        `**${headerTitle(state)}** · ${formatCount(state.spent.attempts)} of ${formatCount(state.budget.attempts)} attempts · ${formatUsd(state.spent.costUsd)} of ${formatUsd(state.budget.usd)} · ${formatDuration(state.spent.durationMs)} in attempts`,
        "",
    ];
    if (state.status === "ended" && state.reason !== null)
        head.push(REASON_WORDS[state.reason], "");
    const tail = ["", "**What you can do next**", ...nextStepsForStatus(state).map((s) => `- ${s}`)];
    const fixed = head.join("\n").length + tail.join("\n").length + LEDGER_HEADER.join("\n").length + 8;
    // Rows newest first until the budget is spent; what does not fit joins the totals row.
    let budget = MAX_CHECK_RUN_SUMMARY_CHARS - fixed - 1_000; // room for the totals row
    const shown = [];
    let hidden = state.attempts.length;
    for (let i = state.attempts.length - 1; i >= 0 && shown.length < MAX_LEDGER_ROWS; i--) {
        const row = attemptRow(state.attempts[i]);
        if (row.length + 1 > budget)
            break;
        budget -= row.length + 1;
        shown.push(row);
        hidden = i;
    }
    shown.reverse();
    const earlier = foldTotals(state.compacted, state.attempts.slice(0, hidden));
    const rows = earlier === null ? shown : [totalsRow(earlier, state.compacted !== null), ...shown];
    const table = rows.length === 0 ? ["_No attempts yet._"] : [...LEDGER_HEADER, ...rows];
    return capMarkdown([...head, ...table, ...tail].join("\n"), MAX_CHECK_RUN_SUMMARY_CHARS);
}
function attemptRow(a) {
    const gates = a.gates ?? [];
    const passed = gates.filter((g) => g.ok).length;
    const gateCell = gates.length === 0 ? "—" : `${passed === gates.length ? "✅" : "❌"} ${passed}/${gates.length}`;
    const diff = a.diffStats === undefined
        ? "—"
        : `${formatCount(a.diffStats.files)} files +${formatCount(a.diffStats.additions)} −${formatCount(a.diffStats.deletions)}`;
    const text = a.error !== undefined && a.outcome !== "passed" ? a.error : (a.summary ?? "");
    const basis = a.costAssumed === true || a.costBasis === "assumed" ? " (assumed)" : a.costBasis === "not_billed" ? " (not billed)" : "";
    const cost = a.costUsd === undefined ? "—" : `${formatUsd(a.costUsd)}${basis}`;
    return `| ${formatCount(a.n)} | ${outcomeLabel(a)} | ${gateCell} | ${cost} | ${a.durationMs === undefined ? "—" : formatDuration(a.durationMs)} | ${diff} | ${escapeInline(text, 120)} |`;
}
function foldTotals(compacted, attempts) {
    if (compacted === null && attempts.length === 0)
        return null;
    const t = compacted
        ? { ...compacted, outcomes: { ...compacted.outcomes } }
        : { count: 0, firstN: Number.MAX_SAFE_INTEGER, lastN: 0, costUsd: 0, durationMs: 0, outcomes: {} };
    for (const a of attempts) {
        t.count += 1;
        t.firstN = Math.min(t.firstN, a.n);
        t.lastN = Math.max(t.lastN, a.n);
        t.costUsd += a.costUsd ?? 0;
        t.durationMs += a.durationMs ?? 0;
        const key = a.outcome ?? (a.finishedAt === undefined ? "open" : "unknown");
        t.outcomes[key] = (t.outcomes[key] ?? 0) + 1;
    }
    return t;
}
function totalsRow(t, compacted) {
    const outcomes = Object.entries(t.outcomes)
        .sort(([, a], [, b]) => b - a)
        .slice(0, 8)
        .map(([k, v]) => `${formatCount(v)} ${escapeInline(k.replace(/_/g, " "), 32)}`)
        .join(", ");
    const range = t.firstN === t.lastN ? formatCount(t.firstN) : `${formatCount(t.firstN)}–${formatCount(t.lastN)}`;
    return `| ${range} | ${formatCount(t.count)} earlier attempts${compacted ? " (totals)" : ""} | — | ${formatUsd(t.costUsd)} | ${formatDuration(t.durationMs)} | — | ${outcomes} |`;
}


/***/ }),

/***/ 9660:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TI: () => (/* binding */ applyReplayedCommands),
/* harmony export */   ji: () => (/* binding */ actsOnSession),
/* harmony export */   lW: () => (/* binding */ beforeFirstRun),
/* harmony export */   vS: () => (/* binding */ firstCancel)
/* harmony export */ });
/* harmony import */ var _budget_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4782);
/* harmony import */ var _state_machine_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1290);
/**
 * The commands a GitHub run found in the issue's comments after the session's watermark, applied
 * to the session in comment-id order. The engine takes at most one command per run (local mode's
 * `foreman approve`); on GitHub a run must apply *all* unapplied commands, each exactly once, with
 * its comment id as the command id (so `lastCommandId` is the comment watermark). Pure: the
 * replay (authorization, edited comments, bots) happened before, in `src/github`.
 *
 * A session that does not exist yet has no watermark: the commands written after its trigger
 * (the trigger label's last addition) are for it, and only a `/cancel` among them has an effect
 * before its first run (`beforeFirstRun`).
 */


/**
 * The first authorized `/cancel` among commands found after the watermark: what a run in progress
 * stops for (the cancel watcher), leaving it to the run woken for the command to apply it (or to
 * refuse it, when a command before it ended the session already: stopping was right then too).
 */
function firstCancel(accepted) {
    return [...accepted].sort((a, b) => a.commentId - b.commentId).find((c) => c.command.kind === "cancel");
}
/**
 * The commands written at or after `triggerAt` (ms; the second GitHub recorded the trigger
 * label, so a comment in that same second counts as after it: ending a session wrongly costs
 * nothing, running it against a `/cancel` the App acknowledged costs money), for a session that
 * does not exist yet. Only `/cancel` acts before the first run: a waiting session refuses
 * `/approve`, `/reject` and `/retry`, nothing but `/cancel` ends it, and nothing undoes a cancel.
 * A `/budget` is not applied here (the run's daily reservation is taken from the configured
 * budget before the session exists): it is reported, to be written again.
 */
function beforeFirstRun(accepted, triggerAt) {
    const after = accepted.filter((c) => c.createdAt !== undefined && Date.parse(c.createdAt) >= triggerAt);
    const cancel = firstCancel(after);
    if (cancel !== undefined)
        return { cancel, unapplied: [] };
    const unapplied = [...after]
        .sort((a, b) => a.commentId - b.commentId)
        .filter(actsOnSession)
        .map((c) => ({
        commentId: c.commentId,
        author: c.author,
        refusal: `/${c.command.kind} was written before the session's first run, which applies only /cancel. Write it again now that the session exists.`,
    }));
    return { unapplied };
}
/**
 * Whether the command would change a session (`/status` and `/help` only answer, which the App
 * did): only such commands make the trigger's time worth reading (`beforeFirstRun`).
 */
function actsOnSession(c) {
    return !["status", "help", "invalid", "unknown"].includes(c.command.kind);
}
/** Applies the authorized commands in id order and moves the watermark to `lastCommandId`. */
function applyReplayedCommands(state, input) {
    let current = state;
    const effects = [];
    const ordered = [...input.accepted].sort((a, b) => a.commentId - b.commentId);
    for (const c of ordered) {
        const command = sessionCommand(c.command, input);
        if (command === null)
            continue;
        if (typeof command === "string") {
            // Consumed without effect: it can never apply later.
            if (c.commentId > current.lastCommandId)
                current = { ...current, lastCommandId: c.commentId, updatedAt: input.at };
            effects.push({ commentId: c.commentId, author: c.author, refusal: command });
            continue;
        }
        const r = (0,_state_machine_js__WEBPACK_IMPORTED_MODULE_1__/* .transition */ .kY)(current, { type: "command", at: input.at, id: c.commentId, author: c.author, command });
        if (r.ok && r.duplicate === true)
            continue;
        current = r.state;
        effects.push(r.ok ? { commentId: c.commentId, author: c.author } : { commentId: c.commentId, author: c.author, refusal: r.refusal.message });
    }
    if (input.lastCommandId > current.lastCommandId)
        current = { ...current, lastCommandId: input.lastCommandId, updatedAt: input.at };
    return { state: current, effects, changed: current !== state };
}
/**
 * The state machine's form of a parsed command: null for what carries no session effect
 * (`invalid` / `unknown` words, answered by the App), a string for a refusal decided here.
 */
function sessionCommand(command, input) {
    switch (command.kind) {
        case "approve":
        case "retry":
        case "cancel":
        case "status":
        case "help":
            return { kind: command.kind };
        case "reject":
            return { kind: "reject", reason: command.reason };
        case "budget": {
            const effective = (0,_budget_js__WEBPACK_IMPORTED_MODULE_0__/* .effectiveRunBudget */ .c8)({
                config: input.config,
                labels: input.labels,
                budgetOverrideUsd: command.usd,
                dailySpentUsd: input.dailySpentUsd,
            });
            if (effective.exhausted)
                return `/budget ${command.usd} has no effect: today's USD cap is used up.`;
            return { kind: "budget", usd: command.usd, budget: effective.budget };
        }
        case "invalid":
        case "unknown":
            return null;
    }
}


/***/ }),

/***/ 1513:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Pt: () => (/* binding */ sessionIdProblem),
/* harmony export */   WC: () => (/* binding */ SESSION_ID_RULE)
/* harmony export */ });
/* unused harmony exports SESSION_ID_MAX_LENGTH, InvalidSessionIdError, isSessionId, validateSessionId, slugify */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/**
 * The one rule for session ids, everywhere they are used: a path segment (the session's folder),
 * part of a git ref (`foreman/<id>`), a commit trailer, the state's `sessionId`. One to 100
 * letters, digits, `.`, `_` or `-`, starting with a letter or digit, without `..`, and not
 * ending in `.` or `.lock` (which git refuses in a ref). On GitHub the key is per issue, such as
 * `issue-12`: the repository is where the state lives, not part of the id.
 */

/** Longest session id. */
const SESSION_ID_MAX_LENGTH = 100;
const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const ALLOWED_CHAR = /^[A-Za-z0-9._-]$/;
const FIRST_CHAR = /^[A-Za-z0-9]$/;
/** What the rule expects, said once for every message that refuses an id. */
const SESSION_ID_RULE = "Expected 1 to 100 characters: letters, digits, '.', '_' or '-', starting with a letter or digit, " +
    "without '..', and not ending in '.' or '.lock'.";
/** A session id that could escape a directory or make an invalid git ref. */
class InvalidSessionIdError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ForemanError */ .Vy {
    sessionId;
    problem;
    name = "InvalidSessionIdError";
    kind = "usage";
    constructor(
    /** The rejected id, as given. */
    sessionId, 
    /** What is wrong with it, e.g. `it contains "/"`. */
    problem) {
        super(`Invalid session id ${JSON.stringify(sessionId)}: ${problem}. ${SESSION_ID_RULE}`);
        this.sessionId = sessionId;
        this.problem = problem;
    }
}
/** What is wrong with `id` as a session id, or null when it follows the rule. */
function sessionIdProblem(id) {
    if (id.length === 0)
        return "it is empty";
    if (id.length > SESSION_ID_MAX_LENGTH)
        return `it is ${id.length} characters long`;
    if (!SESSION_ID.test(id)) {
        const first = id[0];
        if (!FIRST_CHAR.test(first))
            return `it starts with ${JSON.stringify(first)}`;
        const bad = [...id].find((c) => !ALLOWED_CHAR.test(c));
        return `it contains ${JSON.stringify(bad)}`;
    }
    if (id.includes(".."))
        return "it contains '..'";
    if (id.endsWith(".lock"))
        return "it ends in '.lock'";
    if (id.endsWith("."))
        return "it ends in '.'";
    return null;
}
/** True when `id` follows the session-id rule. */
function isSessionId(id) {
    return sessionIdProblem(id) === null;
}
/** Returns `id` unchanged when it follows the rule; throws {@link InvalidSessionIdError} otherwise. */
function validateSessionId(id) {
    const problem = sessionIdProblem(id);
    if (problem !== null)
        throw new InvalidSessionIdError(id, problem);
    return id;
}
/**
 * A session id made from a name (a task file's name): lowercase letters and digits, runs of
 * anything else as one `-`, at most 60 characters; `session` when nothing is left.
 */
function slugify(text) {
    const s = text
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, 60)
        .replace(/-+$/, "");
    return s || "session";
}


/***/ }),

/***/ 1290:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Eu: () => (/* binding */ openAttempt),
/* harmony export */   kY: () => (/* binding */ transition),
/* harmony export */   oH: () => (/* binding */ nextAttemptNumber)
/* harmony export */ });
/* harmony import */ var _approval_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4140);
/* harmony import */ var _decide_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6385);
/* harmony import */ var _text_caps_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(424);
/**
 * The session state machine: `transition(state, event)` is total. It returns the next state,
 * or a typed refusal together with the state to keep — it never throws for any event in any
 * state. Terminal states absorb: status and reason never change once `ended` (an attempt that
 * was open when a `/cancel` arrived is still accounted, so spend is never lost).
 *
 * Commands are authorized by the caller (collaborator permission API) before they get here;
 * the machine enforces ordering and idempotence: a command id at or below `lastCommandId`
 * changes nothing, and a refused command is still consumed so it can never apply later.
 */



/** The number the next attempt gets: one past every attempt ever started, compacted ones included. */
function nextAttemptNumber(state) {
    const last = state.attempts.at(-1)?.n ?? state.compacted?.lastN ?? 0;
    return last + 1;
}
/** The attempt that was started and not finished, if any (a crash leaves one). */
function openAttempt(state) {
    const last = state.attempts.at(-1);
    return last && last.finishedAt === undefined ? last : undefined;
}
function transition(state, event) {
    if (event.type === "command")
        return applyCommand(state, event);
    if (state.status === "ended")
        return absorb(state, event);
    const s = state.status;
    switch (event.type) {
        case "run_started":
            if (s !== "pending" && s !== "approved") {
                return refuse(state, "not_allowed_in_status", `A run cannot start a session that is ${describeStatus(state)}.`);
            }
            return ok({ ...touch(state, event.at), status: "running" });
        case "readmitted":
            if (s !== "pending")
                return refuse(state, "not_allowed_in_status", `Only a session waiting for a run is admitted again; this one is ${describeStatus(state)}.`);
            if (event.budget.usd > state.budget.usd || event.budget.attempts > state.budget.attempts || event.budget.minutes > state.budget.minutes) {
                return refuse(state, "invalid_event", "Admitting a session again never raises its budget.");
            }
            return ok({ ...touch(state, event.at), budget: event.budget });
        case "attempt_started": {
            if (s !== "running")
                return refuse(state, "not_allowed_in_status", `No attempt can start while the session is ${describeStatus(state)}.`);
            const open = openAttempt(state);
            if (open)
                return refuse(state, "attempt_open", `Attempt ${open.n} is still open; finish or interrupt it first.`);
            const expected = nextAttemptNumber(state);
            if (event.n !== expected) {
                return refuse(state, "wrong_attempt_number", `The next attempt is number ${expected}, not ${event.n}: finished attempts are never re-run.`);
            }
            return ok({ ...touch(state, event.at), attempts: [...state.attempts, { n: event.n, startedAt: event.at }] });
        }
        case "attempt_finished":
            return finishAttempt(state, event.attempt, event.at);
        case "run_interrupted": {
            if (s !== "running")
                return refuse(state, "not_allowed_in_status", `Only a running session can be interrupted; this one is ${describeStatus(state)}.`);
            const closed = closeOpenAttempt(state, event.at, event.openAttempt);
            if (closed === undefined)
                return refuseUncharged(state);
            // A run that dies while publishing an approved result keeps the approval: the next run
            // publishes it, without running the agent again and without asking again.
            const approved = state.approval?.approvedAt !== undefined;
            return ok({ ...touch(closed, event.at), status: approved ? "approved" : "interrupted" });
        }
        case "await_approval": {
            if (s !== "running")
                return refuse(state, "not_allowed_in_status", `Approval can only be requested by a running session; this one is ${describeStatus(state)}.`);
            const open = openAttempt(state);
            if (open)
                return refuse(state, "attempt_open", `Attempt ${open.n} is still open; finish it before asking for approval.`);
            if ((0,_decide_js__WEBPACK_IMPORTED_MODULE_1__/* .lastVerdict */ .Yw)(state)?.outcome !== "passed") {
                return refuse(state, "invalid_event", "Approval can only be asked for a result whose last attempt passed the gates.");
            }
            return ok({
                ...touch(state, event.at),
                status: "awaiting_approval",
                ...(event.branch === undefined ? {} : { branch: event.branch }),
                ...(event.headSha === undefined ? {} : { headSha: event.headSha }),
                approval: {
                    requestedAt: event.at,
                    expiresAt: event.expiresAt,
                    reasons: event.reasons.slice(0, _text_caps_js__WEBPACK_IMPORTED_MODULE_0__/* .TEXT_CAPS */ .W.approvalReasons).map((r) => (0,_text_caps_js__WEBPACK_IMPORTED_MODULE_0__/* .capText */ .y)(r, _text_caps_js__WEBPACK_IMPORTED_MODULE_0__/* .TEXT_CAPS */ .W.approvalReason)),
                    ...(event.headSha === undefined ? {} : { headSha: event.headSha }),
                },
            });
        }
        case "published": {
            if (s !== "running" && s !== "approved") {
                return refuse(state, "not_allowed_in_status", `Nothing can be published while the session is ${describeStatus(state)}.`);
            }
            const open = openAttempt(state);
            if (open)
                return refuse(state, "attempt_open", `Attempt ${open.n} is still open; finish it before publishing.`);
            if (s === "running" && state.approval?.approvedAt === undefined && (0,_decide_js__WEBPACK_IMPORTED_MODULE_1__/* .lastVerdict */ .Yw)(state)?.outcome !== "passed") {
                return refuse(state, "invalid_event", "Only a result whose last attempt passed the gates (or an approved one) can be published.");
            }
            return ok({
                ...end(state, event.at, "succeeded"),
                branch: event.branch,
                ...(event.headSha === undefined ? {} : { headSha: event.headSha }),
                ...(event.pullRequest === undefined ? {} : { pullRequest: event.pullRequest }),
            });
        }
        case "ended": {
            const open = openAttempt(state);
            if (open)
                return refuse(state, "attempt_open", `Attempt ${open.n} is still open; finish or interrupt it before ending the session.`);
            if (event.reason === "succeeded") {
                return refuse(state, "invalid_event", "A session succeeds only by publishing its result.");
            }
            const next = end(state, event.at, event.reason);
            return ok(event.note === undefined ? next : { ...next, note: (0,_text_caps_js__WEBPACK_IMPORTED_MODULE_0__/* .capText */ .y)(event.note, _text_caps_js__WEBPACK_IMPORTED_MODULE_0__/* .TEXT_CAPS */ .W.note) });
        }
        case "approval_expired": {
            if (s !== "awaiting_approval" || !state.approval) {
                return refuse(state, "not_allowed_in_status", `Only a session awaiting approval can expire; this one is ${describeStatus(state)}.`);
            }
            if (!(0,_approval_js__WEBPACK_IMPORTED_MODULE_2__/* .isApprovalExpired */ .tl)(state, Date.parse(event.at))) {
                return refuse(state, "not_expired", `The approval request is valid until ${state.approval.expiresAt}.`);
            }
            return ok(end(state, event.at, "approval_expired"));
        }
        case "report_posted":
            return refuse(state, "not_allowed_in_status", "A terminal report is posted only once the session has ended.");
    }
}
/** Events on an ended session: only late accounting of an attempt and the single report are accepted. */
function absorb(state, event) {
    if (event.type === "attempt_finished" && openAttempt(state))
        return finishAttempt(state, event.attempt, event.at);
    if (event.type === "run_interrupted" && openAttempt(state)) {
        const closed = closeOpenAttempt(state, event.at, event.openAttempt);
        return closed === undefined ? refuseUncharged(state) : ok(touch(closed, event.at));
    }
    if (event.type === "report_posted") {
        if (state.reportedAt !== undefined) {
            return refuse(state, "already_reported", `The terminal report was already posted at ${state.reportedAt}.`);
        }
        return ok({ ...touch(state, event.at), reportedAt: event.at });
    }
    return refuse(state, "terminal", `The session has ended (${state.reason ?? "unknown"}); it does not change any more.`);
}
function finishAttempt(state, attempt, at) {
    const open = openAttempt(state);
    if (!open)
        return refuse(state, "no_open_attempt", `No attempt is open, so attempt ${attempt.n} cannot finish.`);
    if (open.n !== attempt.n) {
        return refuse(state, "wrong_attempt_number", `Attempt ${open.n} is open; attempt ${attempt.n} cannot finish.`);
    }
    if (attempt.finishedAt === undefined || attempt.outcome === undefined || attempt.durationMs === undefined || attempt.costUsd === undefined) {
        return refuse(state, "invalid_event", `Attempt ${attempt.n} is incomplete: finishedAt, outcome, durationMs and costUsd are required.`);
    }
    const finished = capAttemptText({ ...attempt, startedAt: open.startedAt });
    return ok({
        ...touch(state, at),
        attempts: [...state.attempts.slice(0, -1), finished],
        spent: addSpend(state.spent, attempt.costUsd, attempt.durationMs),
    });
}
/** The state with its open attempt closed as interrupted and charged; undefined when an open attempt comes without a charge. */
function closeOpenAttempt(state, at, charge) {
    const open = openAttempt(state);
    if (!open)
        return state;
    if (charge === undefined)
        return undefined;
    const { durationMs, costUsd } = charge;
    const closed = {
        ...open,
        finishedAt: at,
        outcome: "interrupted",
        durationMs,
        costUsd,
        ...(charge.costAssumed ? { costAssumed: true } : {}),
        ...(charge.keptRef === undefined ? {} : { keptRef: charge.keptRef }),
    };
    return { ...state, attempts: [...state.attempts.slice(0, -1), closed], spent: addSpend(state.spent, costUsd, durationMs) };
}
function refuseUncharged(state) {
    const n = openAttempt(state)?.n ?? 0;
    return refuse(state, "invalid_event", `Attempt ${n} is open: interrupting the run needs its charge (duration and cost, see recoverOpenAttempt).`);
}
/** Free text and lists of a finished attempt cut to what the state schema accepts. */
function capAttemptText(attempt) {
    return {
        ...attempt,
        ...(attempt.summary === undefined ? {} : { summary: (0,_text_caps_js__WEBPACK_IMPORTED_MODULE_0__/* .capText */ .y)(attempt.summary, _text_caps_js__WEBPACK_IMPORTED_MODULE_0__/* .TEXT_CAPS */ .W.summary) }),
        ...(attempt.error === undefined ? {} : { error: (0,_text_caps_js__WEBPACK_IMPORTED_MODULE_0__/* .capText */ .y)(attempt.error, _text_caps_js__WEBPACK_IMPORTED_MODULE_0__/* .TEXT_CAPS */ .W.error) }),
        ...(attempt.gates === undefined
            ? {}
            : {
                gates: attempt.gates
                    .slice(0, _text_caps_js__WEBPACK_IMPORTED_MODULE_0__/* .TEXT_CAPS */ .W.gates)
                    .map((g) => ({ ...g, name: (0,_text_caps_js__WEBPACK_IMPORTED_MODULE_0__/* .capText */ .y)(g.name, _text_caps_js__WEBPACK_IMPORTED_MODULE_0__/* .TEXT_CAPS */ .W.gateName), root: (0,_text_caps_js__WEBPACK_IMPORTED_MODULE_0__/* .capText */ .y)(g.root, _text_caps_js__WEBPACK_IMPORTED_MODULE_0__/* .TEXT_CAPS */ .W.gateRoot) })),
            }),
    };
}
function applyCommand(state, event) {
    if (!Number.isSafeInteger(event.id) || event.id <= 0) {
        return refuse(state, "invalid_event", `Command id ${event.id} is not a positive integer.`);
    }
    if (event.id <= state.lastCommandId)
        return { ok: true, state, duplicate: true };
    const consumed = { ...touch(state, event.at), lastCommandId: event.id };
    const cmd = event.command;
    const s = state.status;
    if (cmd.kind === "status" || cmd.kind === "help")
        return ok(consumed);
    if (s === "ended") {
        return refuse(consumed, "terminal", `/${cmd.kind} has no effect: the session has ended (${state.reason ?? "unknown"}). Add the trigger label again to start a new session.`);
    }
    switch (cmd.kind) {
        case "approve": {
            if (s !== "awaiting_approval" || !state.approval) {
                return refuse(consumed, "not_allowed_in_status", `/approve has no effect: the session is ${describeStatus(state)}, not awaiting approval.`);
            }
            if (cmd.headSha !== undefined && state.approval.headSha !== undefined && cmd.headSha !== state.approval.headSha) {
                return refuse(consumed, "stale_approval", `/approve refers to commit ${cmd.headSha.slice(0, 7)}, but approval is pending for ${state.approval.headSha.slice(0, 7)}. Review the current commit and approve again.`);
            }
            if ((0,_approval_js__WEBPACK_IMPORTED_MODULE_2__/* .isApprovalExpired */ .tl)(state, Date.parse(event.at))) {
                return refuse(consumed, "not_allowed_in_status", `/approve came after the approval request expired at ${state.approval.expiresAt}.`);
            }
            return ok({
                ...consumed,
                status: "approved",
                approval: { ...state.approval, approvedBy: (0,_text_caps_js__WEBPACK_IMPORTED_MODULE_0__/* .capText */ .y)(event.author, _text_caps_js__WEBPACK_IMPORTED_MODULE_0__/* .TEXT_CAPS */ .W.author), approvedAt: event.at },
            });
        }
        case "reject": {
            if (s !== "awaiting_approval") {
                return refuse(consumed, "not_allowed_in_status", `/reject applies to a session awaiting approval; this one is ${describeStatus(state)}. Use /cancel to stop it.`);
            }
            const note = cmd.reason ? `Rejected by ${event.author}: ${cmd.reason}` : `Rejected by ${event.author}.`;
            return ok({ ...end(consumed, event.at, "rejected"), note: (0,_text_caps_js__WEBPACK_IMPORTED_MODULE_0__/* .capText */ .y)(note, _text_caps_js__WEBPACK_IMPORTED_MODULE_0__/* .TEXT_CAPS */ .W.note) });
        }
        case "retry": {
            if (s !== "interrupted") {
                return refuse(consumed, "not_allowed_in_status", `/retry resumes an interrupted session; this one is ${describeStatus(state)}.`);
            }
            return ok({ ...consumed, status: "pending" });
        }
        case "cancel":
            // A running attempt is still accounted when its run reports it (see `absorb`).
            return ok({ ...end(consumed, event.at, "cancelled"), note: `Cancelled by ${(0,_text_caps_js__WEBPACK_IMPORTED_MODULE_0__/* .capText */ .y)(event.author, _text_caps_js__WEBPACK_IMPORTED_MODULE_0__/* .TEXT_CAPS */ .W.author)}.` });
        case "budget":
            return ok({ ...consumed, budgetOverrideUsd: cmd.usd, budget: cmd.budget });
    }
}
function end(state, at, reason) {
    return { ...touch(state, at), status: "ended", reason, endedAt: at };
}
function touch(state, at) {
    return { ...state, updatedAt: at };
}
function addSpend(spent, costUsd, durationMs) {
    // Cents are summed as integers of micro-dollars so that totals stay exact over many attempts.
    const micro = Math.round(spent.costUsd * 1e6) + Math.round(costUsd * 1e6);
    return { costUsd: micro / 1e6, durationMs: spent.durationMs + durationMs, attempts: spent.attempts + 1 };
}
function ok(state) {
    return { ok: true, state };
}
function refuse(state, code, message) {
    return { ok: false, refusal: { code, message }, state };
}
function describeStatus(state) {
    switch (state.status) {
        case "pending":
            return "waiting for a run";
        case "running":
            return "running";
        case "awaiting_approval":
            return "awaiting approval";
        case "approved":
            return "approved and waiting to publish";
        case "interrupted":
            return "interrupted";
        case "ended":
            return `ended (${state.reason ?? "unknown"})`;
    }
}


/***/ }),

/***/ 7066:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   RL: () => (/* binding */ newSession),
/* harmony export */   ZS: () => (/* binding */ attemptSchema),
/* harmony export */   b8: () => (/* binding */ STATE_SCHEMA_VERSION),
/* harmony export */   jQ: () => (/* binding */ TERMINAL_REASONS),
/* harmony export */   vM: () => (/* binding */ sessionStateSchema)
/* harmony export */ });
/* unused harmony exports SESSION_STATUSES, gateResultSchema, diffStatsSchema, COST_BASES, ATTEMPT_OUTCOMES, compactedAttemptsSchema, runBudgetSchema, setupStepResultSchema, setupRecordSchema, isTerminal */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2857);
/* harmony import */ var _session_id_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1513);
/* harmony import */ var _text_caps_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(424);
/**
 * The session snapshot: what Foreman knows about one session (one issue, or one local task).
 *
 * It is a materialized view: every input it is built from is durable elsewhere (commands are
 * comments, attempts are ledger entries), so a lost write can be rebuilt. Times are ISO-8601
 * strings handed in by the caller; the core never reads a clock.
 */



const STATE_SCHEMA_VERSION = 1;
/** Why a session ended. `interrupted` is deliberately absent: it is resumable, not an end. */
const TERMINAL_REASONS = [
    "succeeded",
    "gates_failed",
    "budget_exhausted",
    "oscillation_detected",
    "policy_violation",
    "agent_error",
    "cancelled",
    "rejected",
    "approval_expired",
    "setup_failed",
];
/**
 * - `pending`: admitted, waiting for a run to pick it up (also after `/retry`).
 * - `running`: a run owns it and is in the attempt loop.
 * - `awaiting_approval`: gates passed, a person must `/approve` before publishing.
 * - `approved`: approved, waiting for a run to publish without re-running the agent.
 * - `interrupted`: a run died mid-attempt; resumable with `/retry` (or `foreman resume`).
 * - `ended`: terminal; `reason` says why. Terminal states absorb every event.
 */
const SESSION_STATUSES = ["pending", "running", "awaiting_approval", "approved", "interrupted", "ended"];
const isoTime = zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().datetime({ offset: true });
const usd = zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().finite().nonnegative();
const count = zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().nonnegative();
const gateResultSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    /** Gate name, e.g. `npm test` or the configured name. */
    name: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().max(_text_caps_js__WEBPACK_IMPORTED_MODULE_1__/* .TEXT_CAPS */ .W.gateName),
    /** Package root it ran in, relative to the repository. */
    root: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().max(_text_caps_js__WEBPACK_IMPORTED_MODULE_1__/* .TEXT_CAPS */ .W.gateRoot),
    ok: zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY(),
    /** Exit code, or null when killed by a signal or a timeout. */
    exitCode: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().nullable(),
    durationMs: count,
});
const diffStatsSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ files: count, additions: count, deletions: count });
/** Where an attempt's cost comes from (see `attemptCharge` in `cost-basis.ts`). */
const COST_BASES = ["reported", "not_billed", "assumed"];
/** How one attempt turned out. */
const ATTEMPT_OUTCOMES = ["passed", "gates_failed", "policy_violation", "agent_error", "empty_diff", "interrupted"];
const attemptSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    /** 1-based attempt number; never reused, also across resumes. */
    n: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().positive(),
    startedAt: isoTime,
    /** Absent while the attempt is open (started, not finished): a crash leaves it so. */
    finishedAt: isoTime.optional(),
    outcome: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(ATTEMPT_OUTCOMES).optional(),
    durationMs: count.optional(),
    /** Cost counted against budgets (reported, or the assumed cost when unknown). */
    costUsd: usd.optional(),
    /** True when `costUsd` is the configured assumed cost because the agent reported none. */
    costAssumed: zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY().optional(),
    tokens: count.optional(),
    /**
     * Where `costUsd` comes from: what the agent reported, 0 because its output proves no model
     * response was billed, or the assumed cost (fail closed). Absent in records written before it.
     */
    costBasis: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(COST_BASES).optional(),
    /** Tool calls the agent's CLI refused during the attempt (capped). */
    deniedTools: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().max(_text_caps_js__WEBPACK_IMPORTED_MODULE_1__/* .TEXT_CAPS */ .W.deniedTool)).max(_text_caps_js__WEBPACK_IMPORTED_MODULE_1__/* .TEXT_CAPS */ .W.deniedTools).optional(),
    /** Milliseconds waited after a transient agent error before the next attempt (counted in `durationMs`). */
    backoffMs: count.optional(),
    /** Hash of the diff against the base after the agent ran (oscillation detection). */
    diffHash: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().max(_text_caps_js__WEBPACK_IMPORTED_MODULE_1__/* .TEXT_CAPS */ .W.diffHash).optional(),
    diffStats: diffStatsSchema.optional(),
    gates: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(gateResultSchema).max(_text_caps_js__WEBPACK_IMPORTED_MODULE_1__/* .TEXT_CAPS */ .W.gates).optional(),
    /** The agent's own summary (untrusted, capped). */
    summary: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().max(_text_caps_js__WEBPACK_IMPORTED_MODULE_1__/* .TEXT_CAPS */ .W.summary).optional(),
    /** What went wrong (agent error, policy violation), capped. */
    error: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().max(_text_caps_js__WEBPACK_IMPORTED_MODULE_1__/* .TEXT_CAPS */ .W.error).optional(),
    /** For an agent error: worth another attempt (rate limit, overload, timeout), not permanent. */
    transient: zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY().optional(),
    /**
     * For a path-policy violation: the change was refused, not the session. The offending paths
     * were put back as they are in the base and the next attempt is told why; the session goes
     * on while attempts remain. Absent for a violation that ends the session at once.
     */
    refused: zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY().optional(),
    /**
     * Where the attempt's tree was kept outside the runner (`refs/foreman/issue-<n>/attempt-<k>` on
     * GitHub): a run on a fresh runner resumes from it. Absent when nothing was kept.
     */
    keptRef: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().max(_text_caps_js__WEBPACK_IMPORTED_MODULE_1__/* .TEXT_CAPS */ .W.ref).optional(),
});
/** Exact totals of attempts folded out of the full ledger by compaction. */
const compactedAttemptsSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    count: count,
    firstN: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().positive(),
    lastN: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().positive(),
    costUsd: usd,
    durationMs: count,
    tokens: count,
    /** Outcome (or `open` / `unknown`) → number of attempts. */
    outcomes: zod__WEBPACK_IMPORTED_MODULE_2__/* .partialRecord */ .jgl(zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n([...ATTEMPT_OUTCOMES, "open", "unknown"]), count),
    /** Most recent distinct diff hashes of the folded attempts, kept for oscillation detection. */
    diffHashes: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().max(_text_caps_js__WEBPACK_IMPORTED_MODULE_1__/* .TEXT_CAPS */ .W.diffHash)).max(_text_caps_js__WEBPACK_IMPORTED_MODULE_1__/* .TEXT_CAPS */ .W.compactedDiffHashes),
});
const runBudgetSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    attempts: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().positive(),
    minutes: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().positive(),
    usd: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().positive(),
});
/** One dependency-setup step as it ran (`npm ci` in `.`). */
const setupStepResultSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    root: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().max(_text_caps_js__WEBPACK_IMPORTED_MODULE_1__/* .TEXT_CAPS */ .W.gateRoot),
    /** The command line, capped. */
    command: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().max(_text_caps_js__WEBPACK_IMPORTED_MODULE_1__/* .TEXT_CAPS */ .W.gateName),
    ok: zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY(),
    /** Exit code, or null when it could not start or was killed. */
    exitCode: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().nullable(),
    durationMs: count,
});
/**
 * Dependency setup, reported apart from the attempts: it is Foreman's work, not the agent's
 * (never a cost, never part of the change).
 */
const setupRecordSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    /** How many times setup ran (before attempt 1, then after an attempt changed a manifest or lockfile). */
    runs: count,
    /** Wall time of all setup runs together. */
    durationMs: count,
    /** Outcome of the last run. */
    ok: zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY(),
    /** The steps of the last run. */
    steps: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(setupStepResultSchema).max(_text_caps_js__WEBPACK_IMPORTED_MODULE_1__/* .TEXT_CAPS */ .W.gates),
    /** The gates as they ran on the unchanged base (`baseline: true`), when they ran. */
    baseline: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(gateResultSchema).max(_text_caps_js__WEBPACK_IMPORTED_MODULE_1__/* .TEXT_CAPS */ .W.gates).optional(),
});
const sessionStateSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    schemaVersion: zod__WEBPACK_IMPORTED_MODULE_2__/* .literal */ .euz(STATE_SCHEMA_VERSION),
    /** Incremented on every write (compare-and-write). */
    version: count,
    /** Session key (`issue-<n>` on GitHub, a slug locally): the one rule of `session-id.ts`, safe in paths and refs. */
    sessionId: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().superRefine((id, ctx) => {
        const problem = (0,_session_id_js__WEBPACK_IMPORTED_MODULE_0__/* .sessionIdProblem */ .Pt)(id);
        if (problem !== null)
            ctx.addIssue({ code: "custom", message: `not a session id: ${problem}` });
    }),
    status: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(SESSION_STATUSES),
    /** Set exactly when `status` is `ended`. */
    reason: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(TERMINAL_REASONS).nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
    endedAt: isoTime.optional(),
    /** The task: issue number and title (sanitized). */
    task: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ issue: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().positive().optional(), title: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().max(_text_caps_js__WEBPACK_IMPORTED_MODULE_1__/* .TEXT_CAPS */ .W.title) }),
    /** Effective per-run budget admitted for this session (after labels, `/budget`, ceilings). */
    budget: runBudgetSchema,
    /** USD cap raised by `/budget` (admin), before clamping; null when never raised. */
    budgetOverrideUsd: usd.nullable(),
    /** Totals over all attempts, including compacted ones. Exact, never estimated away. */
    spent: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ costUsd: usd, durationMs: count, attempts: count }),
    /** Attempts in full (the most recent ones after compaction). */
    attempts: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(attemptSchema),
    /** Older attempts folded into totals when the ledger grows. */
    compacted: compactedAttemptsSchema.nullable(),
    /** Id of the last command applied: commands with an id at or below it are ignored. */
    lastCommandId: count,
    /** Git facts: where work starts and where it goes. */
    baseRef: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().max(_text_caps_js__WEBPACK_IMPORTED_MODULE_1__/* .TEXT_CAPS */ .W.ref).optional(),
    baseSha: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP()
        .regex(/^[0-9a-f]{40,64}$/)
        .optional(),
    branch: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().max(_text_caps_js__WEBPACK_IMPORTED_MODULE_1__/* .TEXT_CAPS */ .W.ref).optional(),
    /** Commit of the diff that passed gates (what approval is about). */
    headSha: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP()
        .regex(/^[0-9a-f]{40,64}$/)
        .optional(),
    /** GitHub objects, once they exist. */
    pullRequest: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().positive().optional(),
    checkRunId: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().positive().optional(),
    /** Pending or granted approval. */
    approval: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
        requestedAt: isoTime,
        expiresAt: isoTime,
        /** Why approval is needed (protected paths touched, cost over threshold, policy). */
        reasons: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().max(_text_caps_js__WEBPACK_IMPORTED_MODULE_1__/* .TEXT_CAPS */ .W.approvalReason)).max(_text_caps_js__WEBPACK_IMPORTED_MODULE_1__/* .TEXT_CAPS */ .W.approvalReasons),
        headSha: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP()
            .regex(/^[0-9a-f]{40,64}$/)
            .optional(),
        approvedBy: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().max(_text_caps_js__WEBPACK_IMPORTED_MODULE_1__/* .TEXT_CAPS */ .W.author).optional(),
        approvedAt: isoTime.optional(),
    })
        .optional(),
    /** Daily-ledger reservation backing this session's run, if any. */
    reservation: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().max(_text_caps_js__WEBPACK_IMPORTED_MODULE_1__/* .TEXT_CAPS */ .W.reservationId), usd }).optional(),
    /** Set once the single terminal report has been posted; guards against a second one. */
    reportedAt: isoTime.optional(),
    /** Last human-readable note (refusal, reject reason), capped. */
    note: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().max(_text_caps_js__WEBPACK_IMPORTED_MODULE_1__/* .TEXT_CAPS */ .W.note).optional(),
    /** Dependency setup and the baseline run of the gates; absent in states of older Foreman and when nothing was set up. */
    setup: setupRecordSchema.optional(),
});
function isTerminal(state) {
    return state.status === "ended";
}
/** A fresh session in `pending`, before any attempt. */
function newSession(init) {
    return {
        schemaVersion: STATE_SCHEMA_VERSION,
        version: 0,
        sessionId: init.sessionId,
        status: "pending",
        reason: null,
        createdAt: init.now,
        updatedAt: init.now,
        task: init.issue === undefined ? { title: init.title } : { issue: init.issue, title: init.title },
        budget: init.budget,
        budgetOverrideUsd: null,
        spent: { costUsd: 0, durationMs: 0, attempts: 0 },
        attempts: [],
        compacted: null,
        lastCommandId: 0,
    };
}


/***/ }),

/***/ 424:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ TEXT_CAPS),
/* harmony export */   y: () => (/* binding */ capText)
/* harmony export */ });
/**
 * The lengths the session state schema allows, in one place. `state.ts` builds its schema from
 * these, and every piece of code that shortens text before it reaches the state slices to the
 * same figures, so a valid run can never produce a state that fails to save.
 */
const TEXT_CAPS = {
    /** The task title (sanitized issue title). */
    title: 1000,
    /** The agent's own summary of an attempt. */
    summary: 2000,
    /** What went wrong in an attempt (agent error, policy violation). */
    error: 2000,
    /** The session's last human-readable note (refusal, reject reason). */
    note: 2000,
    /** Gate results kept per attempt. */
    gates: 50,
    /** A gate's name. */
    gateName: 200,
    /** A gate's package root. */
    gateRoot: 500,
    /** A diff hash. */
    diffHash: 128,
    /** Reasons an approval is asked for. */
    approvalReasons: 20,
    /** One approval reason. */
    approvalReason: 500,
    /** A person's login (who approved, cancelled, rejected). */
    author: 100,
    /** A git ref name (branch, base ref). */
    ref: 255,
    /** A daily-ledger reservation id. */
    reservationId: 100,
    /** Denied tool calls kept per attempt. */
    deniedTools: 20,
    /** One denied tool call (`Bash(npm test)`). */
    deniedTool: 300,
    /** Distinct diff hashes kept for oscillation detection once attempts are compacted. */
    compactedDiffHashes: 20,
};
/** `text` cut to at most `max` characters (UTF-16 code units, as zod's `max` counts them). */
function capText(text, max) {
    return text.slice(0, max);
}


/***/ }),

/***/ 827:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $Y: () => (/* binding */ git),
/* harmony export */   TS: () => (/* binding */ isObjectId),
/* harmony export */   XS: () => (/* binding */ GitError)
/* harmony export */ });
/* unused harmony export FOREMAN_IDENTITY */
/* harmony import */ var _core_environment_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6738);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _lean_spawn_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3797);
/**
 * One way to run git: no shell, a controlled environment, typed failures.
 *
 * Every invocation:
 * - starts from the caller's environment minus every `GIT_*` variable (a Foreman started from
 *   a git hook or an IDE would otherwise inherit `GIT_DIR`, `GIT_INDEX_FILE`, … and act on the
 *   wrong repository or index), then adds `GIT_TERMINAL_PROMPT=0`, `LC_ALL=C` and the neutral
 *   identity `Foreman <foreman@localhost>` for author and committer, then `opts.env`;
 * - reads no global or system configuration (`GIT_CONFIG_GLOBAL=/dev/null`,
 *   `GIT_CONFIG_NOSYSTEM=1`): filters, `core.fsmonitor`, `core.hooksPath`, aliases and
 *   credential helpers set there are commands, and Foreman's git calls run none of them. The
 *   repository's own config still applies where git runs in the user's repository; in a
 *   workspace, Foreman's calls use a git directory whose config only Foreman writes;
 * - runs with `-c core.hooksPath=/dev/null -c core.fsmonitor=false`: Foreman's own git
 *   operations never run repository hooks. Not only commits: `checkout` runs
 *   `post-checkout` and `update-ref` runs `reference-transaction`. Hooks and fsmonitor
 *   commands are code from a `.git/`; git's own plumbing does not need them.
 *
 * git runs through {@link spawnCollect} (a bare `child_process.spawn`), not execa: Foreman runs
 * many short git processes before the agent starts, and each one through execa cost about twice
 * as long.
 */



/** A git command failed (non-zero exit, could not start, or was killed). */
class GitError extends _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ForemanError */ .Vy {
    args;
    exitCode;
    stderr;
    name = "GitError";
    kind = "internal";
    constructor(
    /** The arguments after `git` (without Foreman's `-c` prefix). */
    args, 
    /** Exit code, or null when git could not start or was killed by a signal. */
    exitCode, 
    /** git's standard error, trimmed and capped at 4,000 characters. */
    stderr, options) {
        super(`git ${args.join(" ")} failed` + (exitCode === null ? "" : ` with exit code ${exitCode}`) + (stderr ? `: ${stderr}` : ""), options);
        this.args = args;
        this.exitCode = exitCode;
        this.stderr = stderr;
    }
}
/** The identity of commits Foreman creates. */
const FOREMAN_IDENTITY = { name: "Foreman", email: "foreman@localhost" };
const SAFETY_CONFIG = ["-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false"];
const STDERR_CAP = 4000;
const DEFAULT_MAX_OUTPUT = 200_000_000;
/** Most characters of standard error read before git is stopped (only the first `STDERR_CAP` are kept). */
const STDERR_LIMIT = 1_000_000;
/** Runs `git <args>` and returns its output; throws `GitError` on failure. */
async function git(args, opts) {
    const maxOutput = opts.maxOutput ?? DEFAULT_MAX_OUTPUT;
    const result = await (0,_lean_spawn_js__WEBPACK_IMPORTED_MODULE_1__/* .spawnCollect */ .s)("git", [...SAFETY_CONFIG, ...args], {
        cwd: opts.cwd,
        env: gitEnv(opts.env),
        maxStdout: maxOutput,
        maxStderr: STDERR_LIMIT,
        ...(opts.input === undefined ? {} : { input: opts.input }),
    });
    const stderr = capStderr(result.stderr);
    if (result.overflow === "stdout" && opts.maxOutput !== undefined) {
        return { stdout: result.stdout, stderr, exitCode: 0, truncated: true };
    }
    const ok = opts.okExitCodes ?? [0];
    // Exit code 0 is always success, whatever `okExitCodes` lists.
    if (result.exitCode === null || result.overflow !== null || (result.exitCode !== 0 && !ok.includes(result.exitCode))) {
        const exitCode = result.overflow === null ? result.exitCode : null;
        throw new GitError(args, exitCode, stderr || failureDetail(result), result.error === null ? undefined : { cause: result.error });
    }
    return { stdout: result.stdout, stderr, exitCode: result.exitCode, truncated: false };
}
/** What went wrong when git said nothing on standard error. */
function failureDetail(result) {
    if (result.error !== null)
        return `git could not be started: ${result.error.message}`;
    if (result.overflow !== null)
        return `git's ${result.overflow} was larger than the limit, so git was stopped`;
    if (result.signal !== null)
        return `git was killed by ${result.signal}`;
    return "";
}
function gitEnv(extra) {
    const env = {};
    for (const [key, value] of Object.entries(process.env)) {
        // Git runs filters, hooks and credential helpers that the worktree's content can influence:
        // it gets no token or key either.
        if (value !== undefined && !key.startsWith("GIT_") && !(0,_core_environment_js__WEBPACK_IMPORTED_MODULE_2__/* .isNeverPassed */ .pC)(key))
            env[key] = value;
    }
    env.GIT_TERMINAL_PROMPT = "0";
    env.GIT_CONFIG_GLOBAL = "/dev/null";
    env.GIT_CONFIG_NOSYSTEM = "1";
    env.LC_ALL = "C";
    env.GIT_AUTHOR_NAME = FOREMAN_IDENTITY.name;
    env.GIT_AUTHOR_EMAIL = FOREMAN_IDENTITY.email;
    env.GIT_COMMITTER_NAME = FOREMAN_IDENTITY.name;
    env.GIT_COMMITTER_EMAIL = FOREMAN_IDENTITY.email;
    return { ...env, ...extra };
}
function capStderr(stderr) {
    const trimmed = stderr.trim();
    return trimmed.length > STDERR_CAP ? `${trimmed.slice(0, STDERR_CAP)}…` : trimmed;
}
/** An object id: 40 hex digits (SHA-1) or 64 (SHA-256). */
function isObjectId(value) {
    return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(value);
}


/***/ }),

/***/ 3797:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   s: () => (/* binding */ spawnCollect)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_string_decoder__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6193);
/* harmony import */ var node_string_decoder__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_string_decoder__WEBPACK_IMPORTED_MODULE_1__);
/**
 * A child process run to its end with its output collected: `child_process.spawn` and nothing
 * else. Foreman runs about fifteen short git processes (and the bubblewrap probe) before the
 * agent starts; going through execa costs about twice the spawn itself each time, and loading
 * nothing more keeps `foreman run` quick to reach the agent. Long-running children with
 * streaming output (the agent, the gates) stay with the process runner.
 *
 * Never throws and never rejects: whatever happened (exit code, signal, could not start,
 * output over its limit, timeout) is in the result, for the caller to turn into its own error.
 */


/** Runs `file args` (no shell) and collects what it wrote. */
function spawnCollect(file, args, opts) {
    return new Promise((resolve) => {
        let overflow = null;
        let timedOut = false;
        let settled = false;
        let child;
        try {
            child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(file, args, {
                cwd: opts.cwd,
                env: opts.env,
                stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
                windowsHide: true,
            });
        }
        catch (error) {
            // Refused before any process existed (e.g. a NUL byte in an argument).
            const e = error instanceof Error ? error : new Error(String(error));
            resolve({ stdout: "", stderr: "", exitCode: null, signal: null, overflow: null, timedOut: false, error: e });
            return;
        }
        const stop = () => {
            if (child.exitCode === null && child.signalCode === null)
                child.kill("SIGTERM");
        };
        const collect = (limit, name) => {
            const decoder = new node_string_decoder__WEBPACK_IMPORTED_MODULE_1__.StringDecoder("utf8");
            const out = { text: "" };
            const add = (text) => {
                if (overflow !== null && overflow !== name)
                    return;
                if (limit !== undefined && out.text.length + text.length > limit) {
                    out.text += text.slice(0, Math.max(0, limit - out.text.length));
                    if (overflow === null) {
                        overflow = name;
                        stop();
                    }
                    return;
                }
                out.text += text;
            };
            const stream = name === "stdout" ? child.stdout : child.stderr;
            stream?.on("data", (chunk) => add(decoder.write(chunk)));
            stream?.on("end", () => add(decoder.end()));
            return out;
        };
        const stdout = collect(opts.maxStdout, "stdout");
        const stderr = collect(opts.maxStderr, "stderr");
        const timer = opts.timeoutMs === undefined ? undefined : setTimeout(() => ((timedOut = true), stop()), opts.timeoutMs);
        const finish = (exitCode, signal, error) => {
            if (settled)
                return;
            settled = true;
            if (timer !== undefined)
                clearTimeout(timer);
            resolve({ stdout: stdout.text, stderr: stderr.text, exitCode, signal, overflow, timedOut, error });
        };
        child.on("error", (error) => finish(null, null, error));
        child.on("close", (code, signal) => finish(code, signal, null));
        if (opts.input !== undefined && child.stdin !== null) {
            // A child that exits without reading its input (EPIPE) is judged by its exit code.
            child.stdin.on("error", () => undefined);
            child.stdin.end(opts.input);
        }
    });
}


/***/ }),

/***/ 6215:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BE: () => (/* binding */ SessionLockedError),
/* harmony export */   FZ: () => (/* binding */ StaleStateError)
/* harmony export */ });
/* unused harmony export SessionNotFoundError */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/** Errors raised through the ports. Callers branch on `instanceof`, never on message text. */

/**
 * The snapshot changed under us (another writer won); re-read and re-apply. The engine holds the
 * session, so a second writer is outside the protocol: `internal`, not a person's conflict.
 */
class StaleStateError extends _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ForemanError */ .Vy {
    sessionId;
    expectedVersion;
    actualVersion;
    name = "StaleStateError";
    kind = "internal";
    constructor(sessionId, expectedVersion, actualVersion) {
        super(`Session ${sessionId}: state was changed by another writer (expected version ${expectedVersion}, found ${actualVersion ?? "none"}). Re-read the session and try again.`);
        this.sessionId = sessionId;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }
}
/** Another run holds the session. */
class SessionLockedError extends _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ForemanError */ .Vy {
    sessionId;
    holder;
    lockPath;
    name = "SessionLockedError";
    kind = "conflict";
    constructor(sessionId, 
    /** Who holds it, e.g. `pid 1234 on host-a since 2026-11-21T10:00:00Z`. */
    holder, lockPath) {
        super(`Session ${sessionId} is already being run by ${holder}. Wait for that run to finish` +
            (lockPath ? `; if it died without cleaning up, remove ${lockPath}.` : "."));
        this.sessionId = sessionId;
        this.holder = holder;
        this.lockPath = lockPath;
    }
}
/** No session with this id in the store. */
class SessionNotFoundError extends _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ForemanError */ .Vy {
    sessionId;
    name = "SessionNotFoundError";
    kind = "usage";
    constructor(sessionId) {
        super(`No session "${sessionId}" here. Start one with "foreman run --task FILE".`);
        this.sessionId = sessionId;
    }
}


/***/ })

};
