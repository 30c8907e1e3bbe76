export const id = 423;
export const ids = [423];
export const modules = {

/***/ 2423:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  productionAdapters: () => (/* binding */ productionAdapters)
});

// UNUSED EXPORTS: NoCheckoutError, remoteUrlOf, signingKeyOf

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/closest-name.ts
var closest_name = __webpack_require__(6250);
;// CONCATENATED MODULE: ./src/core/commands.ts
/**
 * Slash commands in a comment body (`/approve`, `/reject [reason]`, `/budget <usd>` …).
 *
 * Only what a reader of the rendered comment sees as a command counts. A command is a line
 * that starts with `/word` (after at most three spaces, as in CommonMark), outside
 *  - fenced code blocks (``` or ~~~, any info string; closed by a fence of the same character
 *    and at least the same length; an unclosed fence runs to the end of the comment; a fence
 *    that opens a list item, `- ````, ends with the item),
 *  - indented code (four spaces or a tab before the `/`),
 *  - block quotes (`> /approve`, any line starting with optional spaces then `>`),
 *  - HTML comments `<!-- … -->`, also across lines (an unterminated one runs to the end).
 * Where Markdown is ambiguous the scanner errs towards *not* finding a command: a missed
 * command can be typed again, a phantom `/approve` cannot be taken back.
 *
 * `parseCommands` never throws; a malformed argument becomes an `invalid` command so the
 * caller can answer with `problem`. The text after a command (a reject reason) is untrusted.
 */

/** Every command Foreman knows, in the order `/help` lists them. */
const COMMAND_NAMES = ["approve", "reject", "retry", "cancel", "status", "help", "budget"];
/** A reject reason is cut to this many characters. */
const MAX_REASON_LENGTH = 500;
/** A `/word` longer than this is not read as a command at all. */
const MAX_COMMAND_WORD_LENGTH = 32;
const HELP = {
    approve: { usage: "/approve", text: "approve the change that passed the gates, so Foreman publishes it" },
    reject: { usage: "/reject [reason]", text: "reject the change and end the session; the reason is recorded" },
    retry: { usage: "/retry", text: "start again after a failure or an interruption, at the next attempt" },
    cancel: { usage: "/cancel", text: "stop the session now; nothing more is published" },
    status: { usage: "/status", text: "show the session status, attempts, cost and time used" },
    help: { usage: "/help", text: "show this list" },
    budget: {
        usage: "/budget <usd>",
        text: 'set this session\'s USD budget, e.g. "/budget 5" (admins only; still capped by the daily budget)',
    },
};
/** A Markdown list of the commands, one line each, for `/help` replies. */
function commands_helpText() {
    const lines = COMMAND_NAMES.map((name) => `- \`${HELP[name].usage}\` — ${HELP[name].text}`);
    return ["Foreman commands (write one at the start of a line in a new comment, outside quotes and code blocks):", "", ...lines].join("\n");
}
/** Finds the commands in a comment body, in order; duplicates are kept. Never throws. */
function parseCommands(body) {
    if (typeof body !== "string" || body.length === 0)
        return [];
    const commands = [];
    let fence = null;
    /** A fence opened inside a block quote: it ends with the quote. */
    let quoteFence = null;
    let inComment = false;
    for (const line of body.split(/\r\n|\r|\n/)) {
        if (fence) {
            const step = fenceStep(fence, line);
            if (step === "content")
                continue;
            fence = null;
            if (step === "closed")
                continue;
            // "left": the list item holding the fence ended on this line; read the line afresh.
        }
        if (inComment) {
            const end = line.indexOf("-->");
            if (end === -1)
                continue;
            // A line that starts inside a comment is never a command line.
            inComment = scanComments(line.slice(end + 3)).open;
            continue;
        }
        if (/^ {0,3}>/.test(line)) {
            const inner = stripQuoteMarkers(line);
            if (quoteFence) {
                if (fenceStep(quoteFence, inner) === "closed")
                    quoteFence = null;
                continue;
            }
            quoteFence = fenceOpener(inner);
            if (!quoteFence)
                inComment = scanComments(line).open;
            continue;
        }
        quoteFence = null;
        fence = fenceOpener(line);
        if (fence)
            continue;
        const scan = scanComments(line);
        inComment = scan.open;
        const command = commandAt(line, scan.visible);
        if (command)
            commands.push(command);
    }
    return commands;
}
const FENCE_OPENER = /^( {0,3})((?:(?:[-*+]|\d{1,9}[.)])[ \t]{1,4})*)(`{3,}|~{3,})(.*)$/;
function fenceOpener(line) {
    const m = FENCE_OPENER.exec(line);
    if (!m)
        return null;
    const marks = m[3];
    const char = marks[0] === "`" ? "`" : "~";
    // A backtick "fence" whose info string holds a backtick is inline code, not a fence.
    if (char === "`" && m[4].includes("`"))
        return null;
    // Only a list item's content column binds the lines that follow; a top-level fence's own
    // indentation does not.
    const offset = m[2] === "" ? 0 : m[1].length + m[2].length;
    return { char, length: marks.length, offset };
}
/**
 * What `line` does to an open fence: stays code, closes it, or (in a list item) is not
 * indented enough to belong to the item, which ends the item and the fence with it.
 */
function fenceStep(fence, line) {
    if (line.trim() === "")
        return "content";
    const indent = /^ */.exec(line)[0].length;
    if (indent < fence.offset)
        return "left";
    const rest = line.slice(fence.offset);
    const m = /^ {0,3}(`+|~+)[ \t]*$/.exec(rest);
    if (m && m[1][0] === fence.char && m[1].length >= fence.length)
        return "closed";
    return "content";
}
function stripQuoteMarkers(line) {
    let rest = line;
    for (;;) {
        const m = /^ {0,3}> ?/.exec(rest);
        if (!m)
            return rest;
        rest = rest.slice(m[0].length);
    }
}
/**
 * Removes the HTML comments of a line that starts outside a comment. `open` says whether the
 * line ends inside one. `<!-->` is not taken as a whole comment: the scanner keeps looking for
 * a later `-->`, hiding more rather than less.
 */
function scanComments(line) {
    let visible = "";
    let at = 0;
    for (;;) {
        const start = line.indexOf("<!--", at);
        if (start === -1)
            return { visible: visible + line.slice(at), open: false };
        visible += line.slice(at, start);
        const end = line.indexOf("-->", start + 4);
        if (end === -1)
            return { visible, open: true };
        at = end + 3;
    }
}
/** `/word`, then optional `.`, `!` or `,`, then whitespace or the end of the line. */
const COMMAND_WORD = /^ {0,3}\/([A-Za-z][A-Za-z-]*)[.!,]*(?=\s|$)/;
function commandAt(line, visible) {
    const m = COMMAND_WORD.exec(line);
    if (!m)
        return null;
    const word = m[1];
    if (word.length > MAX_COMMAND_WORD_LENGTH)
        return null;
    // The match ends before any `<!--`, so `visible` agrees with `line` up to here.
    const rest = visible.slice(m[0].length);
    const name = word.toLowerCase();
    switch (name) {
        case "approve":
        case "retry":
        case "cancel":
        case "status":
        case "help":
            return { kind: name };
        case "reject":
            return { kind: "reject", reason: capReason(rest.trim()) };
        case "budget":
            return parseBudget(rest.trim());
        default: {
            const suggestion = closestCommand(name);
            return suggestion ? { kind: "unknown", name, suggestion } : { kind: "unknown", name };
        }
    }
}
function capReason(reason) {
    if (reason.length <= MAX_REASON_LENGTH)
        return reason;
    let cut = reason.slice(0, MAX_REASON_LENGTH);
    if (/[\uD800-\uDBFF]$/.test(cut))
        cut = cut.slice(0, -1);
    return cut.trimEnd();
}
/** `5`, `5.50`, `.5`, `$5`, `5 usd`, `$5.50 USD`, with an optional final `.` or `!`. */
const USD_AMOUNT = /^\$?[ \t]*(\d+(?:\.\d*)?|\.\d+)(?:[ \t]*usd)?[.!]?$/i;
const BUDGET_EXAMPLE = 'expected a positive USD amount like "/budget 5"';
function parseBudget(arg) {
    const invalid = (problem) => ({ kind: "invalid", name: "budget", problem });
    if (arg === "")
        return invalid(`${BUDGET_EXAMPLE}, got nothing`);
    const m = USD_AMOUNT.exec(arg);
    if (!m)
        return invalid(`${BUDGET_EXAMPLE}, got ${quote(arg)}`);
    const digits = m[1];
    const decimals = digits.includes(".") ? digits.length - digits.indexOf(".") - 1 : 0;
    if (decimals > 2) {
        return invalid(`expected a USD amount with at most 2 decimals (whole cents) like "/budget 5.50", got ${quote(arg)}`);
    }
    const usd = Number(digits);
    if (!Number.isFinite(usd) || usd <= 0)
        return invalid(`${BUDGET_EXAMPLE}, got ${quote(arg)}`);
    return { kind: "budget", usd };
}
function quote(value) {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}
/** The known command closest to `name` (at most 2 edits, and fewer than half its letters). */
function closestCommand(name) {
    return (0,closest_name/* closestName */.N)(name, COMMAND_NAMES, Math.min(2, Math.floor(name.length / 2)));
}

// EXTERNAL MODULE: ./src/core/render.ts
var render = __webpack_require__(1595);
// EXTERNAL MODULE: ./src/core/state-machine.ts
var state_machine = __webpack_require__(1290);
;// CONCATENATED MODULE: ./src/core/wake.ts



const RANK = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };
function hasAccess(has, needs) {
    return RANK[has] >= RANK[needs];
}
/** The permission a command needs under `permissions`; null when anyone who can comment may use it. */
function requiredPermission(command, permissions) {
    switch (command.kind) {
        case "approve":
        case "reject":
        case "retry":
        case "cancel":
            return permissions.approve;
        case "budget":
            return permissions.budget;
        case "status":
        case "help":
        case "invalid":
        case "unknown":
            return null;
    }
}
function refuse(body) {
    return { kind: "reply", body, reaction: "confused", refused: true };
}
const LEVEL_WORDS = {
    read: "read",
    triage: "triage",
    write: "write",
    maintain: "maintain",
    admin: "admin",
};
function permissionRefusal(login, what, needs, has, key) {
    const level = LEVEL_WORDS[needs];
    return `@${login} ${what} needs **${level}** permission on this repository (yours: ${has === "none" ? "none" : LEVEL_WORDS[has]}). Ask someone with ${level} access, or change \`permissions.${key}\` in \`.github/foreman.yml\`.`;
}
function asSessionCommand(command, state) {
    switch (command.kind) {
        case "approve":
        case "retry":
        case "cancel":
            return { kind: command.kind };
        case "reject":
            return { kind: "reject", reason: command.reason };
        case "budget":
            // The Action computes the clamped budget; for the dry run the session's own shape suffices.
            return state === null ? null : { kind: "budget", usd: command.usd, budget: { ...state.budget, usd: command.usd } };
        default:
            return null;
    }
}
/** What to do with one command from a new comment (or a button: the same rules). */
function decideCommand(f) {
    const { command } = f;
    if (command.kind === "unknown") {
        const hint = command.suggestion ? ` Did you mean \`/${command.suggestion}\`?` : "";
        return { kind: "reply", body: `\`/${command.name}\` is not a Foreman command.${hint}\n\n${helpText()}`, reaction: "confused", refused: false };
    }
    if (command.kind === "invalid") {
        return { kind: "reply", body: `\`/${command.name}\`: ${command.problem}\n\n${helpText()}`, reaction: "confused", refused: false };
    }
    if (command.kind === "help")
        return { kind: "reply", body: helpText(), reaction: "eyes", refused: false };
    if (command.kind === "status") {
        const body = !f.state ? "No Foreman session on this issue yet. Add the trigger label to start one." : renderStatusComment(f.state);
        return { kind: "reply", body, reaction: "eyes", refused: false };
    }
    const needs = requiredPermission(command, f.config.permissions);
    if (needs !== null && !hasAccess(f.access, needs)) {
        const key = command.kind === "budget" ? "budget" : "approve";
        return refuse(permissionRefusal(f.author, `\`/${command.kind}\``, needs, f.access, key));
    }
    // Unread state: wake; the Action replays the command and answers if the session cannot take it.
    if (f.state === undefined)
        return { kind: "wake", reason: command.kind, reaction: "eyes", cancelRun: false };
    if (f.state === null)
        return refuse(`\`/${command.kind}\`: there is no Foreman session on this issue. Add the \`${f.config.trigger_label}\` label to start one.`);
    const sessionCommand = asSessionCommand(command, f.state);
    if (sessionCommand === null)
        return { kind: "ignore", why: `no session command for /${command.kind}` };
    const dry = transition(f.state, { type: "command", at: f.nowIso, id: f.commentId, author: f.author, command: sessionCommand });
    if (!dry.ok)
        return refuse(dry.refusal.message);
    if (dry.duplicate)
        return { kind: "ignore", why: `comment ${f.commentId} was already applied` };
    return { kind: "wake", reason: command.kind, reaction: "eyes", cancelRun: false };
}
/** A session that a run still owns or that waits for people: a label starts nothing new then. */
function isLive(state) {
    return state.status !== "ended";
}
/** What to do when someone adds the trigger label. */
function decideTriggerLabel(f) {
    const needs = f.config.permissions.trigger;
    if (!hasAccess(f.access, needs)) {
        return refuse(permissionRefusal(f.labeller, `Starting Foreman with the \`${f.config.trigger_label}\` label`, needs, f.access, "trigger"));
    }
    if (f.state !== null && f.state !== undefined && isLive(f.state))
        return { kind: "ignore", why: `the session on this issue is still ${f.state.status}` };
    const cap = f.config.budget.daily.usd;
    if (f.dailyUsedUsd >= cap) {
        return refuse(`Foreman did not start: today's budget is spent (${formatUsd(f.dailyUsedUsd)} of ${formatUsd(cap)}, UTC day). Add the label again tomorrow, or raise \`budget.daily.usd\` in \`.github/foreman.yml\`.`);
    }
    return { kind: "wake", reason: "label", reaction: "eyes", cancelRun: false };
}
/** The issue or the Foreman PR was closed (unmerged): a live session is ended by a run. */
function decideClosed(state) {
    if (state === null || !isLive(state))
        return { kind: "ignore", why: "no live session" };
    return { kind: "wake", reason: "closed", reaction: "eyes", cancelRun: state.status === "running" };
}
/**
 * A Foreman workflow run completed. If it left the session `running` (it died without recording
 * a terminal state or a pause), a `recover` run marks the open attempt interrupted.
 */
function decideRunCompleted(state) {
    if (state === null)
        return { kind: "ignore", why: "no session" };
    if (state.status !== "running")
        return { kind: "ignore", why: `the run left the session ${state.status}` };
    return { kind: "wake", reason: "recover", reaction: "eyes", cancelRun: false };
}

// EXTERNAL MODULE: ./src/core/decide.ts + 1 modules
var decide = __webpack_require__(6385);
;// CONCATENATED MODULE: ./src/core/check-run-view.ts
/**
 * What the `Foreman` check run on a commit says (DESIGN.md, "The check run never lies"): a pure
 * function of the session state and the commit the check run is attached to.
 *
 * - `success` only when the session published a result whose gates passed on exactly this head
 *   SHA and, when the policy asked for approval, a person approved exactly this SHA.
 * - `action_required` while approval is pending (Approve / Reject buttons; Approve only when the
 *   pending approval is for this commit), and for an interrupted session (Retry / Cancel): a
 *   person must act, and merging stays blocked. `neutral` is never used for a session: branch
 *   protection counts it as passing.
 * - Every other end is `failure` (gates, budget, policy, agent, rejection, or a commit Foreman
 *   did not verify) or `cancelled` (cancelled, approval expired); pending, running and approved
 *   sessions are `in_progress` with a Cancel button.
 *
 * Buttons stay within GitHub's limits (at most 3; label ≤ 20, description ≤ 40, identifier ≤ 20
 * characters). The summary is the attempt ledger of `renderCheckRunSummary`, within 65,535.
 */


/** The check-run buttons, by the command each one stands for. The App maps a click back with {@link checkRunActionCommand}. */
const CHECK_RUN_ACTIONS = {
    approve: { label: "Approve", description: "Publish this exact commit as tested", identifier: "foreman-approve" },
    reject: { label: "Reject", description: "End the session without publishing", identifier: "foreman-reject" },
    retry: { label: "Retry", description: "Resume at the next attempt", identifier: "foreman-retry" },
    cancel: { label: "Cancel", description: "Stop the session; nothing is published", identifier: "foreman-cancel" },
};
/** The command a clicked button stands for (`check_run.requested_action`), or null for an identifier Foreman never sends. */
function checkRunActionCommand(identifier) {
    for (const command of Object.keys(CHECK_RUN_ACTIONS)) {
        if (CHECK_RUN_ACTIONS[command].identifier === identifier)
            return command;
    }
    return null;
}
const CONCLUSION_FOR_REASON = {
    gates_failed: "failure",
    budget_exhausted: "failure",
    oscillation_detected: "failure",
    policy_violation: "failure",
    agent_error: "failure",
    setup_failed: "failure",
    rejected: "failure",
    cancelled: "cancelled",
    approval_expired: "cancelled",
};
function check_run_view_short(sha) {
    return sha.slice(0, 7);
}
/**
 * Why `headSha` is not a verified result of this session, or null when it is: the session
 * published it, its last attempt passed the gates, and any approval was given for this SHA.
 */
function unverifiedReason(state, headSha) {
    if (state.status !== "ended" || state.reason !== "succeeded")
        return "the session has not published a result";
    if (state.headSha !== headSha) {
        return state.headSha === undefined
            ? "the session recorded no tested commit"
            : `Foreman tested commit ${check_run_view_short(state.headSha)}, not ${check_run_view_short(headSha)} (a later push needs a new session)`;
    }
    if ((0,decide/* lastVerdict */.Yw)(state)?.outcome !== "passed")
        return "the last attempt did not pass the gates";
    const approval = state.approval;
    if (approval === undefined)
        return null;
    if (approval.approvedAt === undefined || approval.approvedBy === undefined)
        return "the approval the policy asks for was not given";
    if (approval.headSha !== headSha)
        return `the approval was given for ${approval.headSha === undefined ? "no recorded commit" : check_run_view_short(approval.headSha)}, not ${check_run_view_short(headSha)}`;
    return null;
}
/** The check run for `state` on the commit `headSha`. */
function checkRunView(state, headSha) {
    const rendered = (0,render/* renderCheckRunSummary */.aW)(state);
    const view = (status, conclusion, actions, note) => ({
        status,
        ...(conclusion === undefined ? {} : { conclusion }),
        title: (0,render/* truncate */.xv)(note === undefined ? rendered.title : note.title, render/* MAX_CHECK_RUN_TITLE_CHARS */.RV),
        summary: note === undefined ? rendered.summary : (0,render/* capMarkdown */.y3)(`> [!WARNING]\n> ${note.line}\n\n${rendered.summary}`, render/* MAX_CHECK_RUN_SUMMARY_CHARS */.fL),
        actions,
    });
    const { approve, reject, retry, cancel } = CHECK_RUN_ACTIONS;
    switch (state.status) {
        case "pending":
        case "running":
        case "approved":
            return view("in_progress", undefined, [cancel]);
        case "interrupted":
            return view("completed", "action_required", [retry, cancel]);
        case "awaiting_approval": {
            const pendingFor = state.approval?.headSha;
            if (pendingFor === headSha)
                return view("completed", "action_required", [approve, reject]);
            const line = `Approval is pending for commit ${pendingFor === undefined ? "(none recorded)" : check_run_view_short(pendingFor)}, not for this commit ${check_run_view_short(headSha)}: review and approve that commit.`;
            return view("completed", "action_required", [reject], { title: "Approval pending for another commit", line });
        }
        case "ended": {
            if (state.reason !== "succeeded")
                return view("completed", state.reason === null ? "failure" : CONCLUSION_FOR_REASON[state.reason], []);
            const why = unverifiedReason(state, headSha);
            if (why === null)
                return view("completed", "success", []);
            return view("completed", "failure", [], { title: `Not verified: commit ${check_run_view_short(headSha)}`, line: `Not verified: ${why}.` });
        }
    }
}

;// CONCATENATED MODULE: ./src/github/check-run.ts
/**
 * The `Foreman` check run on a head SHA (DESIGN.md, "Check runs" and "The check run never
 * lies"): what `core/check-run-view.ts` says about the session on that commit, written to GitHub
 * with as few calls as possible.
 *
 * - One check run per SHA and session (`external_id` = session id). A session whose state records
 *   no `checkRunId` has never had one: its first report is a single POST, no lookup. Otherwise the
 *   first report for a SHA in this object looks it up once (`GET …/commits/{sha}/check-runs?
 *   check_name=Foreman`, which finds the one a previous run created); every later report for that
 *   SHA is a single PATCH. (A run that died after creating one and before saving its id leaves a
 *   second check run of the name on that commit; GitHub shows, and branch protection judges, the
 *   newest.)
 * - A completed check run is not reopened: when the session goes back to work on the same
 *   commit (`/approve` after `action_required`, `/retry` after an interruption) a new check run
 *   is created; GitHub shows, and branch protection judges, the newest one of a name.
 * - `actions` is always sent, empty when no button applies, so stale buttons disappear.
 * Ids are returned, not stored: the caller keeps them in the session state.
 */

/** The check run's name: what branch protection requires. */
const CHECK_RUN_NAME = "Foreman";
class CheckRunReporter {
    deps;
    known = new Map();
    constructor(deps) {
        this.deps = deps;
    }
    /** Creates or updates the `Foreman` check run of `state` on `headSha`. */
    async report(state, headSha) {
        const view = checkRunView(state, headSha);
        const key = `${state.sessionId}@${headSha}`;
        let known = this.known.get(key) ?? (state.checkRunId === undefined ? undefined : await this.find(state.sessionId, headSha));
        if (known !== undefined && known.completed && view.status !== "completed")
            known = undefined;
        const id = known !== undefined ? await this.update(known.id, view) : await this.create(state.sessionId, headSha, view);
        this.known.set(key, { id, completed: view.status === "completed" });
        return { checkRunId: id };
    }
    fields(view) {
        return {
            ...(this.deps.detailsUrl === undefined ? {} : { details_url: this.deps.detailsUrl }),
            status: view.status,
            ...(view.conclusion === undefined ? {} : { conclusion: view.conclusion }),
            output: { title: view.title, summary: view.summary, ...(view.text === undefined ? {} : { text: view.text }) },
            actions: view.actions.map((a) => ({ label: a.label, description: a.description, identifier: a.identifier })),
        };
    }
    async find(sessionId, headSha) {
        const { owner, repo } = this.deps.repo;
        const { data } = await this.deps.client.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
            owner,
            repo,
            ref: headSha,
            check_name: CHECK_RUN_NAME,
        });
        const mine = data.check_runs.filter((r) => r.external_id === sessionId && r.head_sha === headSha).sort((a, b) => Number(b.id) - Number(a.id))[0];
        return mine === undefined ? undefined : { id: Number(mine.id), completed: mine.status === "completed" };
    }
    async create(sessionId, headSha, view) {
        const { owner, repo } = this.deps.repo;
        const { data } = await this.deps.client.request("POST /repos/{owner}/{repo}/check-runs", {
            owner,
            repo,
            name: CHECK_RUN_NAME,
            head_sha: headSha,
            external_id: sessionId,
            ...this.fields(view),
        });
        return Number(data.id);
    }
    async update(id, view) {
        const { owner, repo } = this.deps.repo;
        const { data } = await this.deps.client.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
            owner,
            repo,
            check_run_id: id,
            ...this.fields(view),
        });
        return Number(data.id);
    }
}

// EXTERNAL MODULE: ./node_modules/@octokit/request-error/dist-src/index.js
var dist_src = __webpack_require__(1015);
// EXTERNAL MODULE: ./src/core/replayed-commands.ts
var replayed_commands = __webpack_require__(9660);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/github/signature.ts
/**
 * Signed hidden blocks (DESIGN.md, "Signed state"). Repository admins can edit any comment,
 * including the bot's: a state or ledger block is obeyed only when its author is a trusted bot
 * **and** its HMAC-SHA256 verifies. The key is derived (HKDF) from a secret only Foreman holds:
 * the App's private key, or an explicit `state-key` when the Action runs without an App.
 *
 * The MAC covers the block's exact text and a context naming where it may live
 * (`owner/repo#issue`, plus the kind), so a valid block copied into another issue's comment or
 * into a comment of another kind does not verify. The signature is a separate marker after the
 * block: `<!-- foreman:sig v1 <base64url> -->`.
 */


const SIG_MARKER = /<!--\s*foreman:sig v1 ([A-Za-z0-9_-]{43}) -->/g;
class MissingSigningKeyError extends errors/* ForemanError */.Vy {
    name = "MissingSigningKeyError";
    kind = "usage";
    constructor() {
        super("No signing key: set `app-private-key` (with `app-id`) or `state-key` (a random secret of at least 32 characters).");
    }
}
/** Derives the MAC key from the App's private key or the configured state key. */
function deriveSigningKey(secret) {
    const [material, salt] = "appPrivateKey" in secret ? [secret.appPrivateKey.trim(), "app-private-key"] : [secret.stateKey, "state-key"];
    if (material.length === 0)
        throw new MissingSigningKeyError();
    return { bytes: Buffer.from((0,external_node_crypto_.hkdfSync)("sha256", material, `foreman:${salt}`, "foreman state signing v1", 32)) };
}
function mac(key, ctx, block) {
    return (0,external_node_crypto_.createHmac)("sha256", key.bytes).update(`${ctx.kind}\n${ctx.owner.toLowerCase()}/${ctx.repo.toLowerCase()}#${ctx.issue}\n${block}`).digest();
}
/** `body` (which must carry exactly the text `block`) with the block's signature appended. */
function signature_signBody(key, ctx, body, block) {
    if (!body.includes(block))
        throw new errors/* InvalidArgumentError */.Di("block", "signBody: the block is not part of the body");
    return `${body.replace(SIG_MARKER, "").trimEnd()}\n<!-- foreman:sig v1 ${mac(key, ctx, block).toString("base64url")} -->`;
}
/** Whether `block` (found in `body`) carries exactly one signature that verifies for `ctx`. */
function verifyBody(key, ctx, body, block) {
    const sigs = [...body.matchAll(SIG_MARKER)];
    if (sigs.length === 0)
        return "unsigned";
    if (sigs.length > 1 || !body.includes(block))
        return "bad_signature";
    const given = Buffer.from(sigs[0]?.[1] ?? "", "base64url");
    const expected = mac(key, ctx, block);
    return given.length === expected.length && (0,external_node_crypto_.timingSafeEqual)(given, expected) ? "valid" : "bad_signature";
}

;// CONCATENATED MODULE: ./src/github/button-record.ts

const BUTTON_COMMANDS = ["approve", "reject", "retry", "cancel"];
/** Room for a 500-character reject reason, escaped (`<` and `>` become `\u003c` / `\u003e`). */
const BLOCK = /<!-- foreman:button (\{[^<>]{1,4000}\}) -->/g;
const LABEL = { approve: "Approve", reject: "Reject", retry: "Retry", cancel: "Cancel" };
/** The comment body recording `press` on `issue`, signed. */
function formatButtonRecord(key, repo, issue, press) {
    const click = { command: press.command, actor: press.actor };
    if (press.headSha !== undefined)
        click.headSha = press.headSha;
    if (press.checkRunId !== undefined)
        click.checkRunId = press.checkRunId;
    // `<` and `>` escaped: no value may end the HTML comment (JSON.parse reads them back).
    const json = JSON.stringify(click).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
    const block = `<!-- foreman:button ${json} -->`;
    const visible = `@${press.actor} pressed **${LABEL[press.command]}** on the Foreman check${press.headSha === undefined ? "" : ` of ${press.headSha.slice(0, 7)}`}.`;
    return signBody(key, { kind: "button", owner: repo.owner, repo: repo.repo, issue }, `${visible}\n\n${block}`, block);
}
/** The press a comment records, when it carries exactly one block whose signature verifies. */
function parseButtonRecord(key, repo, issue, body) {
    const blocks = [...body.matchAll(BLOCK)];
    if (blocks.length !== 1)
        return null;
    const [block, json] = [blocks[0][0], blocks[0][1]];
    if (verifyBody(key, { kind: "button", owner: repo.owner, repo: repo.repo, issue }, body, block) !== "valid")
        return null;
    let raw;
    try {
        raw = JSON.parse(json);
    }
    catch {
        return null;
    }
    if (typeof raw !== "object" || raw === null)
        return null;
    const r = raw;
    const command = r["command"];
    if (typeof command !== "string" || !BUTTON_COMMANDS.includes(command))
        return null;
    const optional = (name, type) => r[name] === undefined || typeof r[name] === type;
    if (typeof r["actor"] !== "string" || !optional("headSha", "string") || !optional("checkRunId", "number"))
        return null;
    if (!optional("pullRequest", "number") || !optional("commentId", "number") || !optional("reason", "string"))
        return null;
    const press = { command: command, actor: r["actor"] };
    if (typeof r["headSha"] === "string")
        press.headSha = r["headSha"];
    if (typeof r["checkRunId"] === "number")
        press.checkRunId = r["checkRunId"];
    if (typeof r["pullRequest"] === "number")
        press.pullRequest = r["pullRequest"];
    if (typeof r["commentId"] === "number")
        press.commentId = r["commentId"];
    if (typeof r["reason"] === "string")
        press.reason = r["reason"];
    return press;
}

;// CONCATENATED MODULE: ./src/github/issue-comments.ts
function toIssueComment(raw) {
    const login = raw.user?.login ?? "ghost";
    return {
        id: Number(raw.id),
        body: raw.body ?? "",
        author: login,
        authorIsBot: raw.user?.type === "Bot" || login.endsWith("[bot]"),
        createdAt: raw.created_at,
        updatedAt: raw.updated_at,
        htmlUrl: raw.html_url,
    };
}
async function listThread(client, repo, issue) {
    let listedAt;
    const raw = await client.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner: repo.owner, repo: repo.repo, issue_number: issue, per_page: 100 }, (response) => {
        if (listedAt === undefined) {
            const at = Date.parse(response.headers.date ?? "");
            if (Number.isFinite(at))
                listedAt = at;
        }
        return response.data;
    });
    return { comments: raw.map(toIssueComment).sort((a, b) => a.id - b.id), listedAt };
}
/** Every comment of the issue, ascending by id (paginated, 100 per page). */
async function listIssueComments(client, repo, issue) {
    return (await listThread(client, repo, issue)).comments;
}
/** The issue's comments listed at most once, with this run's own writes folded in. */
class IssueComments {
    client;
    repo;
    issue;
    #listing;
    #listedAt;
    #written = new Map();
    constructor(client, repo, issue) {
        this.client = client;
        this.repo = repo;
        this.issue = issue;
    }
    /** The comments, ascending by id; lists on first use only. */
    async list() {
        this.#listing ??= listThread(this.client, this.repo, this.issue).catch((error) => {
            this.#listing = undefined;
            throw error;
        });
        const listed = await this.#listing;
        this.#listedAt = listed.listedAt;
        const byId = new Map(listed.comments.map((c) => [c.id, c]));
        for (const [id, c] of this.#written)
            byId.set(id, c);
        return [...byId.values()].sort((a, b) => a.id - b.id).map((c) => ({ ...c }));
    }
    /**
     * GitHub's clock (ms) when the listing's first page was served: every comment created before
     * it is in `list()`. Undefined before the first `list()` or when GitHub sent no `Date`.
     */
    listedAt() {
        return this.#listedAt;
    }
    /** Records a comment this run created or edited, so later readers see it without listing again. */
    remember(comment) {
        this.#written.set(comment.id, { ...comment });
    }
    /** Forgets everything: the next `list` asks GitHub again. */
    invalidate() {
        this.#listing = undefined;
        this.#listedAt = undefined;
        this.#written.clear();
    }
}

// EXTERNAL MODULE: ./src/core/config.ts
var config = __webpack_require__(4489);
;// CONCATENATED MODULE: ./src/github/permissions.ts
/**
 * A person's permission on the repository, from `GET /repos/{o}/{r}/collaborators/{u}/permission`
 * (DESIGN.md, Security): never from `author_association`, which is not a permission (a MEMBER may
 * have no access, a COLLABORATOR may be read-only). GitHub folds `maintain` into `write` and
 * `triage` into `read` in the `permission` field; the same folding is applied here to whatever
 * older or Enterprise servers may send. Someone who is not a collaborator (404) has `none`.
 */


const permissions_RANK = { none: 0, read: 1, write: 2, admin: 3 };
/** Whether `has` is at least `needs` (admin ≥ write ≥ read ≥ none). */
function permissionAtLeast(has, needs) {
    return permissions_RANK[has] >= permissions_RANK[needs];
}
/** Folds what GitHub may answer into the four levels Foreman compares. */
function toPermission(value) {
    switch (value) {
        case "admin":
            return "admin";
        case "maintain":
        case "write":
            return "write";
        case "triage":
        case "read":
            return "read";
        default:
            return "none";
    }
}
/** `login`'s permission on `repo`; 404 (not a collaborator, or no such user) is `none`. */
async function collaboratorPermission(client, repo, login) {
    try {
        const res = await client.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", {
            owner: repo.owner,
            repo: repo.repo,
            username: login,
        });
        return toPermission(res.data.permission);
    }
    catch (error) {
        if (error instanceof dist_src/* RequestError */.G && error.status === 404)
            return "none";
        throw error;
    }
}
/**
 * `login`'s role, finer than `permission` where GitHub says it (`role_name`: triage and maintain
 * are folded into read and write in `permission`), so that `permissions.trigger: triage` means
 * triage. Custom organization roles fall back to the folded `permission`. 404 is `none`.
 */
async function collaboratorAccess(client, repo, login) {
    try {
        const res = await client.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", {
            owner: repo.owner,
            repo: repo.repo,
            username: login,
        });
        const role = res.data.role_name;
        if (PERMISSION_LEVELS.includes(role))
            return role;
        const folded = toPermission(res.data.permission);
        return folded;
    }
    catch (error) {
        if (error instanceof RequestError && error.status === 404)
            return "none";
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/github/reply-marker.ts
/**
 * The hidden marker a refusal reply carries, naming the comment it answers:
 * `<!-- foreman:reply-to <id> -->`. Both the App (which answers at once) and the Action's command
 * replay (which answers only what nobody answered yet) write it, so a refused command is answered
 * once in all. The replay trusts a marker only when its `reply` signature verifies (see
 * command-replay.ts): anyone can paste the marker, only Foreman can sign it.
 */

const MARKER = /<!--\s*foreman:reply-to (\d{1,20}) -->/g;
/** The marker for a reply to comment `commentId` (a positive integer). */
function replyMarker(commentId) {
    if (!Number.isSafeInteger(commentId) || commentId <= 0) {
        throw new errors/* InvalidArgumentError */.Di("commentId", `replyMarker: a comment id is a positive integer, got ${String(commentId)}.`);
    }
    return `<!-- foreman:reply-to ${commentId} -->`;
}
/** Every comment id named by a reply marker in `body`, in order of appearance (no duplicates). */
function parseReplyMarkers(body) {
    const ids = [];
    for (const m of body.matchAll(MARKER)) {
        const id = Number(m[1]);
        if (Number.isSafeInteger(id) && id > 0 && !ids.includes(id))
            ids.push(id);
    }
    return ids;
}

;// CONCATENATED MODULE: ./src/github/command-replay.ts
/**
 * Command replay (DESIGN.md, "One writer"): each run applies *all* commands written after the
 * session's watermark (`lastCommandId`, a comment id), so GitHub dropping a pending run loses
 * nothing, and each command takes effect at most once (ids only move forward). A session that
 * does not exist yet has no watermark: its first run replays the whole thread, and of what is
 * accepted only the commands written after the session's trigger (each carries its comment's
 * `createdAt`) are for it: a `/cancel` among them ends it before it starts (github-session.ts).
 *
 * Where: the issue's comments and, when the session has one, the conversation of its Foreman
 * PR, merged by id (comment ids are repository-wide and increasing, so one watermark serves
 * both). The PR is the one the session's signed state names (`state.pullRequest`), never a
 * number from a comment, a PR body or an event: a command on any other PR is not read.
 *
 * Rules, in order, the same on both threads: comments after the watermark, ascending by id;
 * edited comments (`updated_at` ≠ `created_at`) are ignored (what was approved must be what was
 * read); bot authors are ignored unless allowlisted (a leaked workflow token must not
 * `/approve`); the commands are found by `parseCommands` (never in quotes, code or HTML
 * comments); `unknown` and `invalid` ones change nothing here (the App answers them). Every
 * author is re-checked with the collaborator permission API (once per author per replay)
 * against the configured minimum for the command. A refused command is consumed and answered
 * ONCE in all: the App answers at once, in the thread of the command, so a reply carrying
 * `replyMarker(commentId)` with a valid `reply` signature (for its thread) on either thread
 * means it was answered, and the replay posts nothing; otherwise it posts one signed reply per
 * comment, in the comment's thread.
 *
 * Check-run buttons are recorded by the App on the issue (button-record.ts) and read there only.
 * An older App also recorded each PR command there; such a record is still applied once, unless
 * the PR comment it names is read by this same replay (then that comment alone counts). A record
 * whose PR comment lies at or below the watermark is applied: that comment was either never
 * read (an older Action) or read in the seconds before its record was written; a second copy
 * of a command is refused by the state machine (an ended session, the only kind with a PR
 * today, refuses every command), while a dropped one would be lost.
 *
 * Two listings are not one snapshot: a comment written on the issue between the issue's
 * listing and the PR's would be missed, and a later PR comment would carry the watermark past
 * it for good. So when a PR is read, comments created in or after the second GitHub served the
 * issue's listing (its `Date`), and every comment from the first of them on, are left for the
 * next run (each command's own run starts after it was written, and the App dispatches one).
 *
 * Calls: the issue's listing is shared with the state store (0 more); the PR's conversation, one
 * paged listing (nothing else lists it), only when the session has a PR; one permission check
 * per distinct author with a command; one POST per refused comment nobody answered.
 *
 * The rules alone (`judgeCommands`, answering nobody) also serve the cancel watcher
 * (`cancel-watch.ts`), so a run in progress stops for exactly the `/cancel` a replay would apply.
 */






/**
 * The commands a comment carries and who gave them: its author, or the person who clicked a
 * button an issue comment records. `judged`: the PR comments this replay reads itself.
 */
function commandsOf({ comment, onPullRequest }, deps, filters) {
    if (!onPullRequest && comment.authorIsBot && filters.trusted.has(comment.author.toLowerCase())) {
        const press = parseButtonRecord(deps.key, deps.repo, deps.issue, comment.body);
        if (press !== null) {
            // An older App's record of a PR command this replay reads itself: the same command once.
            const recordsJudged = press.pullRequest === filters.pullRequest && press.commentId !== undefined && filters.judged.has(press.commentId);
            if (recordsJudged)
                return null;
            const command = press.command === "reject"
                ? { kind: "reject", reason: press.reason ?? `rejected with the check run's button by ${press.actor}` }
                : { kind: press.command };
            return { author: press.actor, commands: [command] };
        }
    }
    if (comment.authorIsBot && !filters.allowlist.has(comment.author.toLowerCase()))
        return null;
    const commands = parseCommands(comment.body).filter((c) => c.kind !== "unknown" && c.kind !== "invalid");
    return commands.length === 0 ? null : { author: comment.author, commands };
}
/**
 * Applies nothing itself: says which commands after `sinceCommentId` stand, and answers the
 * refused ones. `pullRequest`: the session's Foreman PR, from its signed state (its
 * conversation is read too); undefined when the session has none.
 */
async function replayCommands(deps, sinceCommentId, pullRequest) {
    const thread = (number, comments) => ({
        number,
        comments,
        reply: { kind: "reply", owner: deps.repo.owner, repo: deps.repo.repo, issue: number },
        isPullRequest: number !== deps.issue,
    });
    const threads = [thread(deps.issue, deps.comments ?? new IssueComments(deps.client, deps.repo, deps.issue))];
    if (pullRequest !== undefined && pullRequest !== deps.issue) {
        threads.push(thread(pullRequest, new IssueComments(deps.client, deps.repo, pullRequest)));
    }
    // In this order: the issue's listing (often the state store's, earlier) comes first.
    const placed = [];
    const answered = new Set();
    for (const t of threads) {
        const listed = await t.comments.list();
        for (const id of answeredIds(listed, deps.key, t.reply))
            answered.add(id);
        placed.push(...listed.map((comment) => ({ comment, thread: t, onPullRequest: t.isPullRequest })));
    }
    placed.sort((a, b) => a.comment.id - b.comment.id);
    const after = placed.filter((p) => p.comment.id > sinceCommentId);
    const until = threads.length > 1 ? deferredFrom(after, threads[0].comments.listedAt()) : Number.POSITIVE_INFINITY;
    const read = after.filter((p) => p.comment.id < until);
    const judged = await judgeCommands(deps, read, sinceCommentId, threads.length > 1 ? pullRequest : undefined);
    const { accepted, lastCommandId } = judged;
    const refused = judged.refused.map((r) => ({ ...r, alreadyAnswered: answered.has(r.commentId), thread: r.placed.thread }));
    const toAnswer = new Map();
    for (const r of refused)
        if (!r.alreadyAnswered)
            toAnswer.set(r.commentId, [...(toAnswer.get(r.commentId) ?? []), r]);
    for (const [commentId, list] of toAnswer) {
        const { thread: where } = list[0];
        const marker = replyMarker(commentId);
        const text = `${list.map((r) => r.reason).join("\n")}\n\nThe command was not applied. ` +
            `Ask someone with that permission to write it in a new comment.\n\n${marker}`;
        const res = await deps.client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
            owner: deps.repo.owner,
            repo: deps.repo.repo,
            issue_number: where.number,
            body: signature_signBody(deps.key, where.reply, text, marker),
        });
        where.comments.remember(toIssueComment(res.data));
    }
    return { accepted, refused: refused.map(({ thread: _, placed: __, ...r }) => r), lastCommandId };
}
/**
 * The replay's rules over `placed` (after `sinceCommentId`, in id order; edited ignored; bots
 * only when allowlisted, or a trusted button record on the issue; each author's permission
 * against the command's minimum), answering nobody: the replay answers the refused ones, the
 * cancel watcher (`cancel-watch.ts`) only looks. `pullRequest`: the session's Foreman PR when
 * its comments are among `placed` (an older App's record of one of them is then not applied
 * twice). `permissions` caches each author's permission (a fresh cache per replay).
 */
async function judgeCommands(deps, placed, sinceCommentId, pullRequest, permissions = new Map()) {
    const read = placed.filter((p) => p.comment.id > sinceCommentId).sort((a, b) => a.comment.id - b.comment.id);
    const filters = {
        allowlist: new Set(deps.botAllowlist.map((b) => b.toLowerCase())),
        trusted: new Set((deps.trustedAuthors ?? []).map((b) => b.toLowerCase())),
        pullRequest,
        judged: new Set(read.filter((p) => p.onPullRequest).map((p) => p.comment.id)),
    };
    const accepted = [];
    const refused = [];
    let lastCommandId = sinceCommentId;
    for (const p of read) {
        const { comment } = p;
        lastCommandId = Math.max(lastCommandId, comment.id);
        if (comment.updatedAt !== comment.createdAt)
            continue;
        const given = commandsOf(p, deps, filters);
        if (given === null)
            continue;
        const { author, commands } = given;
        let has = permissions.get(author);
        if (has === undefined) {
            has = await collaboratorPermission(deps.client, deps.repo, author);
            permissions.set(author, has);
        }
        for (const command of commands) {
            const needs = deps.minimumPermission(command);
            if (permissionAtLeast(has, needs)) {
                accepted.push({ commentId: comment.id, author, command, createdAt: comment.createdAt });
            }
            else {
                refused.push({
                    commentId: comment.id,
                    author,
                    command,
                    reason: `\`/${command.kind}\` needs ${needs} permission on ${deps.repo.owner}/${deps.repo.repo}; @${author} has ${has}.`,
                    placed: p,
                });
            }
        }
    }
    return { accepted, refused, lastCommandId };
}
/**
 * The first comment id this replay must not read (see the header): the lowest id among the
 * comments created in or after the second of `listedAt`, GitHub's clock when the issue's
 * listing began. No clock (no `Date` header): nothing is held back.
 */
function deferredFrom(after, listedAt) {
    if (listedAt === undefined)
        return Number.POSITIVE_INFINITY;
    const second = Math.floor(listedAt / 1000) * 1000;
    let from = Number.POSITIVE_INFINITY;
    for (const { comment } of after)
        if (Date.parse(comment.createdAt) >= second)
            from = Math.min(from, comment.id);
    return from;
}
/** Ids of comments already answered by a signed Foreman reply (the App's or the Action's). */
function answeredIds(comments, key, ctx) {
    const ids = new Set();
    for (const c of comments) {
        for (const id of parseReplyMarkers(c.body)) {
            if (verifyBody(key, ctx, c.body, replyMarker(id)) === "valid")
                ids.add(id);
        }
    }
    return ids;
}

;// CONCATENATED MODULE: ./src/github/cancel-watch.ts
/**
 * The cancel watcher (issue 9): while a run's session runs, it looks for an authorized `/cancel`
 * written after the session's watermark, so that the App's `/cancel` costs what every session
 * command costs (config, permission, 👀, dispatch) and the App lists and cancels no runs. The
 * workflow never cancels a run in progress (`cancel-in-progress: false`, the contract users
 * copy), so the run dispatched for the `/cancel` waits behind this one; this run stops itself:
 * it asks GitHub to cancel its own workflow run (best effort: a token without `actions: write`
 * is told once, and the run still stops), and stops the run as SIGINT does, so the attempt is
 * recorded `interrupted` with its work pushed. The waiting run then applies the `/cancel`.
 *
 * Which comments count is the replay's rule set itself (`judgeCommands`): edited comments are
 * ignored, bots count only when allowlisted (or as a trusted button record), each author's
 * permission is checked once through the collaborator permission API against the configured
 * minimum. It posts nothing: the App answered the comment; the woken run applies or refuses it.
 *
 * Calls, per interval: one listing of the issue's comments, and one of the session's Foreman
 * PR's when the session has one at the start (the PR a run opens is not watched until the next
 * run). Each is conditional (`If-None-Match` with the last ETag: an unchanged thread answers
 * 304, which costs no rate limit) and lists only comments updated since the run started
 * (`since=`, minus a margin for the runner's clock against GitHub's). Then a permission check
 * per new author with a command, and one cancel. A failed poll is logged and tried again at the
 * next interval; nothing is ever thrown into the run.
 */




/** How far before the run's start the listings reach: the runner's clock is not GitHub's. */
const SINCE_MARGIN_MS = 5 * 60_000;
/** Starts watching; the first poll is one interval after the start (a run that ends sooner never polls). */
function watchForCancel(deps) {
    const stopping = new AbortController();
    const loop = watch(deps, stopping.signal);
    return {
        stop: async () => {
            stopping.abort();
            await loop;
        },
    };
}
async function watch(deps, stopped) {
    const since = new Date(deps.notBefore - SINCE_MARGIN_MS).toISOString().replace(/\.\d{3}Z$/, "Z");
    const threads = [deps.issue, ...(deps.pullRequest === undefined ? [] : [deps.pullRequest])].map((number) => new ConditionalListing(deps, number, since));
    // Once per author for the whole watch (the replay reads it once per replay); the woken run checks again.
    const permissions = new Map();
    let failing = false;
    for (;;) {
        await deps.sleep(deps.intervalMs, stopped);
        if (stopped.aborted)
            return;
        let cancel;
        try {
            let changed = false;
            for (const thread of threads)
                if (await thread.refresh(stopped))
                    changed = true;
            if (stopped.aborted)
                return;
            if (changed) {
                const judged = await judgeCommands(deps, threads.flatMap((t) => t.comments.map((comment) => ({ comment, onPullRequest: t.number !== deps.issue }))), deps.sinceCommentId, deps.pullRequest, permissions);
                cancel = (0,replayed_commands/* firstCancel */.vS)(judged.accepted);
            }
            failing = false;
        }
        catch (error) {
            if (stopped.aborted)
                return;
            const message = `Looking for /cancel on #${deps.issue} failed (${error instanceof Error ? error.message : String(error)}); trying again in ${Math.round(deps.intervalMs / 1000)} s.`;
            // A warning when it starts failing, then quieter: a blind watcher is worth one annotation, not hundreds.
            if (failing)
                deps.log.info(message);
            else
                deps.log.warning(message);
            failing = true;
            continue;
        }
        // The run ended meanwhile: the woken run applies the command; this one has nothing to stop.
        if (stopped.aborted)
            return;
        if (cancel !== undefined) {
            await stopForCancel(deps, cancel);
            return;
        }
    }
}
/** Asks GitHub to cancel this workflow run (best effort), then stops the run in any case. */
async function stopForCancel(deps, cancel) {
    deps.log.info(`/cancel by @${cancel.author} (comment ${cancel.commentId}): stopping this run; its attempt is recorded interrupted and the run woken for the command ends the session.`);
    try {
        if (deps.runId !== undefined) {
            await deps.client.request("POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel", {
                owner: deps.repo.owner,
                repo: deps.repo.repo,
                run_id: deps.runId,
            });
        }
    }
    catch (error) {
        if (error instanceof dist_src/* RequestError */.G && error.status === 409) {
            // The run is completing already: nothing to cancel.
        }
        else if (error instanceof dist_src/* RequestError */.G && (error.status === 403 || error.status === 404)) {
            deps.log.warning(`Foreman could not cancel its own workflow run ${deps.runId} (HTTP ${error.status}): the token lacks the Actions: write permission. The run stops by itself, so it shows as failed rather than cancelled; give the App (or the workflow's token) Actions: write to have it cancelled.`);
        }
        else {
            deps.log.warning(`Foreman could not cancel its own workflow run ${deps.runId} (${error instanceof Error ? error.message : String(error)}); the run stops by itself.`);
        }
    }
    finally {
        deps.stopRun(`/cancel by @${cancel.author} in comment ${cancel.commentId}`);
    }
}
/** One thread's comments updated since `since`, re-listed only when GitHub says they changed. */
class ConditionalListing {
    deps;
    number;
    since;
    #etag;
    comments = [];
    constructor(deps, number, since) {
        this.deps = deps;
        this.number = number;
        this.since = since;
    }
    /** True when the thread changed (its comments are then the new listing); false on 304. */
    async refresh(signal) {
        const params = {
            owner: this.deps.repo.owner,
            repo: this.deps.repo.repo,
            issue_number: this.number,
            since: this.since,
            per_page: 100,
            // A failed poll is tried at the next interval: no retries in between, and `stop` cuts it short.
            request: { signal, retries: 0 },
        };
        let res;
        try {
            res = await this.deps.client.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
                ...params,
                headers: this.#etag === undefined ? {} : { "if-none-match": this.#etag },
            });
        }
        catch (error) {
            if (error instanceof dist_src/* RequestError */.G && error.status === 304)
                return false;
            throw error;
        }
        let raw = res.data;
        // More than a page updated during the run (rare): the rest unconditionally.
        if (/\brel="next"/.test(res.headers.link ?? "")) {
            raw = [...raw, ...(await this.deps.client.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...params, page: 2 }))];
        }
        this.comments = raw.map(toIssueComment);
        this.#etag = res.headers.etag;
        return true;
    }
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var schemas = __webpack_require__(2857);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/iso.js
var iso = __webpack_require__(4377);
// EXTERNAL MODULE: ./src/core/text-caps.ts
var text_caps = __webpack_require__(424);
// EXTERNAL MODULE: ./src/core/state.ts
var core_state = __webpack_require__(7066);
;// CONCATENATED MODULE: ./src/core/ledger-entry.ts
/**
 * The session ledger's entries: what a run appends as it goes, before and after each step that
 * could be lost to a crash. The ledger is the source of truth for attempts; the state snapshot
 * is rebuilt from it (`recovery.ts`). Adapters store it (a JSONL file locally, a ledger issue on
 * GitHub); the core only reads it.
 */



const isoTime = iso/* datetime */.w$({ offset: true });
const sessionId = schemas/* string */.YjP().min(1).max(200);
const count = schemas/* number */.aig().int().nonnegative();
/** Exactly `LedgerEntry` (checked at compile time below); unknown keys are refused. Every adapter validates with it. */
const ledgerEntrySchema = schemas/* discriminatedUnion */.gMt("type", [
    schemas/* strictObject */.rej({ type: schemas/* literal */.euz("attempt_started"), sessionId, n: schemas/* number */.aig().int().positive(), at: isoTime }),
    schemas/* strictObject */.rej({ type: schemas/* literal */.euz("attempt_finished"), sessionId, attempt: core_state/* attemptSchema */.ZS }),
    schemas/* strictObject */.rej({
        type: schemas/* literal */.euz("attempt_interrupted"),
        sessionId,
        n: schemas/* number */.aig().int().positive(),
        at: isoTime,
        durationMs: count,
        costUsd: schemas/* number */.aig().finite().nonnegative(),
        // Absent on lines written before the field existed: read as assumed (fail closed).
        costAssumed: schemas/* boolean */.zMY().optional(),
    }),
    schemas/* strictObject */.rej({ type: schemas/* literal */.euz("session_ended"), sessionId, reason: schemas/* enum */.k5n(core_state/* TERMINAL_REASONS */.jQ), at: isoTime }),
    schemas/* strictObject */.rej({
        type: schemas/* literal */.euz("attempt_diffed"),
        sessionId,
        n: schemas/* number */.aig().int().positive(),
        hash: schemas/* string */.YjP().regex(/^[0-9a-f]{40,64}$/),
        costUsd: schemas/* number */.aig().finite().nonnegative(),
        costAssumed: schemas/* boolean */.zMY(),
        keptRef: schemas/* string */.YjP().min(1).max(text_caps/* TEXT_CAPS */.W.ref).optional(),
    }),
    schemas/* strictObject */.rej({ type: schemas/* literal */.euz("process_started"), sessionId, n: schemas/* number */.aig().int().positive(), handle: schemas/* string */.YjP().min(1).max(200) }),
]);
const schemaMatchesPort = true;
void schemaMatchesPort;

// EXTERNAL MODULE: ./src/core/zod-issues.ts
var zod_issues = __webpack_require__(6331);
;// CONCATENATED MODULE: ./src/core/state-codec.ts
/**
 * The session snapshot as a GitHub comment body: a readable status for people, then one
 * hidden block `<!-- foreman:state v1 BASE64 -->` where BASE64 is gzip(JSON of the state).
 *
 * - `v1` is the *encoding* version (how the block is written); `schemaVersion` inside the JSON
 *   is the *data* version (what the fields mean). Each has its own "newer Foreman" error.
 * - The base64 alphabet has no `-`, `<` or `>`, so the payload can never close the comment early.
 * - A comment body holds at most 65,536 characters. The encoder compacts the ledger (recent
 *   attempts in full, older ones folded into exact totals) until the whole body fits, for any
 *   valid session; it never cuts data into something that would not decode.
 * - Decoding trusts nothing: size-capped gunzip, strict UTF-8, JSON, migration, the zod
 *   schema, and a refusal of any field the schema does not know (forged or corrupted state).
 *
 * Pure: `node:zlib`'s synchronous gzip is computation, not I/O.
 */





/** The word that identifies a Foreman state block inside an HTML comment. */
const STATE_MARKER = "foreman:state";
/** Encoding version written in the block (`<!-- foreman:state v1 … -->`). */
const STATE_ENCODING_VERSION = 1;
/** GitHub refuses a comment body longer than this ("Body is too long"). */
const MAX_COMMENT_CHARS = 65_536;
/** The visible part of a state comment is capped at this; the rest is for the block. */
const MAX_VISIBLE_CHARS = 12_000;
/** Attempts kept in full at most; older ones are always folded into `compacted`. */
const MAX_KEPT_ATTEMPTS = 100;
/** Distinct diff hashes of folded attempts kept for oscillation detection (the most recent). */
const MAX_COMPACTED_DIFF_HASHES = 20;
/** Largest JSON a block may inflate to; bigger is refused as a decompression bomb (and never written). */
const MAX_DECODED_BYTES = 5 * 1024 * 1024;
const SEPARATOR = "\n\n";
/** `<!--`, optional spaces, the marker, and not a longer word (`foreman:states`). */
const BLOCK_OPENER = /<!--\s*foreman:state(?![A-Za-z0-9_:])/g;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** True when `body` carries something that looks like a state block (valid or not). */
function hasStateBlock(body) {
    return new RegExp(BLOCK_OPENER.source).test(body);
}
/**
 * The comment body for `state`: `visible` (default: `renderStatusComment(state)`), capped and
 * with any `<!--` neutralized, then the state block. At most `MAX_COMMENT_CHARS` characters.
 *
 * The state is written unchanged when it fits with at most `MAX_KEPT_ATTEMPTS` attempts;
 * otherwise the largest window of recent attempts that fits is kept and older ones are folded
 * into `compacted` (see `compactState`). If even no window fits beside the visible status, a
 * one-line status is used instead; as a last resort (huge, incompressible text only) the
 * title, note and approval reasons are cut. Throws `StateEncodeError` for an invalid state,
 * or (`too_large`) when even that cannot fit, which within 65,536 characters only fields the
 * schema leaves unbounded can cause (thousands of foreign `compacted.outcomes` keys, a
 * timestamp with thousands of fractional digits).
 */
function encodeStateComment(state, options = {}) {
    const limit = Math.min(options.maxChars ?? MAX_COMMENT_CHARS, MAX_COMMENT_CHARS);
    const parsed = core_state/* sessionStateSchema */.vM.safeParse(state, { reportInput: true });
    if (!parsed.success) {
        throw new errors/* StateEncodeError */.WP("invalid_state", `Refusing to write an invalid session state: ${describeIssues(parsed.error.issues)}`);
    }
    const valid = parsed.data;
    const full = sanitizeVisible(options.visible ?? (0,render/* renderStatusComment */.uc)(valid));
    const minimal = minimalVisible(valid);
    // Data before decoration: a one-line status comes before cutting any text of the state.
    const tiers = [
        [full, valid],
        [minimal, valid],
        [minimal, trimProse(valid, 200)],
        [minimal, trimProse(valid, 0)],
    ];
    for (const [visible, candidate] of tiers) {
        const block = fitBlock(candidate, limit - visible.length - SEPARATOR.length);
        if (block !== null)
            return `${visible}${SEPARATOR}${block}`;
    }
    throw new errors/* StateEncodeError */.WP("too_large", `Session ${JSON.stringify(valid.sessionId.slice(0, 80))} does not fit in a ${limit}-character comment even with every attempt compacted; ` +
        `its other fields (note, approval reasons, compacted outcomes) are too large.`);
}
/** The largest window of recent attempts whose block fits in `room` characters, as a block. */
function fitBlock(state, room) {
    const widest = Math.min(state.attempts.length, MAX_KEPT_ATTEMPTS);
    // Folding is a left fold in ledger order, so folding the always-folded prefix once and the
    // rest per probe gives exactly `compactState(state, keep)`.
    const base = compactState(state, widest);
    const attempt = (keep) => {
        const candidate = compactState(base, keep);
        const block = encodeBlock(candidate, room);
        if (block !== null)
            assertWritable(candidate);
        return block;
    };
    const full = attempt(widest);
    if (full !== null)
        return full;
    // Largest fitting window in [0, widest - 1] (size grows with the window, so binary search).
    let lo = 0;
    let hi = widest - 1;
    let best = null;
    while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const block = attempt(mid);
        if (block !== null) {
            best = block;
            lo = mid + 1;
        }
        else {
            hi = mid - 1;
        }
    }
    return best;
}
/**
 * Last resort, reached only by states whose human-readable text is both huge and
 * incompressible: cuts the title and the note to `maxChars` and keeps at most 5 approval
 * reasons of `maxChars` (none when 0). Identifiers, times, numbers and hashes are never cut.
 */
function trimProse(state, maxChars) {
    const { note, approval, ...rest } = state;
    const trimmed = { ...rest, task: { ...state.task, title: (0,render/* truncate */.xv)(state.task.title, maxChars) } };
    if (note !== undefined && maxChars > 0)
        trimmed.note = (0,render/* truncate */.xv)(note, maxChars);
    if (approval !== undefined) {
        trimmed.approval = { ...approval, reasons: maxChars > 0 ? approval.reasons.slice(0, 5).map((r) => (0,render/* truncate */.xv)(r, maxChars)) : [] };
    }
    return trimmed;
}
const BLOCK_PREFIX = `<!-- ${STATE_MARKER} v${STATE_ENCODING_VERSION} `;
const BLOCK_SUFFIX = " -->";
/**
 * The block for `state` if it is at most `room` characters long, else null (also when its
 * JSON is larger than a decoder accepts). gzip stops as soon as its output is too large, so
 * a probe costs about as much as a block that fits, however large the state.
 */
function encodeBlock(state, room) {
    const maxGzipBytes = Math.floor((room - BLOCK_PREFIX.length - BLOCK_SUFFIX.length) / 4) * 3;
    if (maxGzipBytes <= 0)
        return null;
    const json = JSON.stringify(state);
    if (json.length > MAX_DECODED_BYTES)
        return null;
    const bytes = Buffer.from(json, "utf8");
    if (bytes.length > MAX_DECODED_BYTES)
        return null;
    let gz;
    try {
        gz = (0,external_node_zlib_.gzipSync)(bytes, { level: 6, memLevel: 9, maxOutputLength: maxGzipBytes });
    }
    catch (error) {
        if (hasCode(error, "ERR_BUFFER_TOO_LARGE"))
            return null;
        throw error;
    }
    return `${BLOCK_PREFIX}${gz.toString("base64")}${BLOCK_SUFFIX}`;
}
/** Compaction must never produce what a decoder would refuse (sums saturate, hashes are bounded). */
function assertWritable(state) {
    const check = core_state/* sessionStateSchema */.vM.safeParse(state, { reportInput: true });
    if (!check.success) {
        throw new errors/* StateEncodeError */.WP("invalid_state", `Compacted state is invalid (a Foreman bug): ${describeIssues(check.error.issues)}`);
    }
}
function sanitizeVisible(visible) {
    // A `<!--` in the visible part could open a second block (refused on read) or hide ours.
    return (0,render/* capMarkdown */.y3)(visible.replace(/<!--/g, "&lt;!--"), MAX_VISIBLE_CHARS);
}
function minimalVisible(state) {
    const reason = state.status === "ended" && state.reason !== null ? ` (${state.reason})` : "";
    return `**Foreman** · status: ${state.status}${reason} · ${state.spent.attempts} attempts. Run \`/status\` for details.`;
}
// ---------------------------------------------------------------------------------------------
// Compaction
/**
 * Keeps the `keepRecent` most recent attempts in full and folds the older ones into
 * `compacted`, adding to any earlier totals: `count`, `firstN`, `lastN`, `costUsd`,
 * `durationMs`, `tokens` (absent values count as 0), `outcomes` (`open` for an unfinished
 * attempt, `unknown` for a finished one without outcome) and the `MAX_COMPACTED_DIFF_HASHES`
 * most recent distinct diff hashes (oldest first). Sums are exact (costs are added in ledger
 * order, the order `spent` was summed in); they saturate at the largest valid value only for
 * absurd inputs (more than 2^53 ms or tokens). `spent` is untouched. Returns `state` itself
 * when there is nothing to fold and `compacted` is already within bounds.
 */
function compactState(state, keepRecent) {
    if (!Number.isInteger(keepRecent) || keepRecent < 0) {
        throw new RangeError(`keepRecent must be a whole number of 0 or more, got ${keepRecent}`);
    }
    const fold = Math.max(0, state.attempts.length - keepRecent);
    const hashesInBounds = state.compacted === null || state.compacted.diffHashes.length <= MAX_COMPACTED_DIFF_HASHES;
    if (fold === 0 && hashesInBounds)
        return state;
    const folded = state.attempts.slice(0, fold);
    const first = folded[0];
    const c = state.compacted !== null
        ? { ...state.compacted, outcomes: { ...state.compacted.outcomes }, diffHashes: state.compacted.diffHashes.slice(-MAX_COMPACTED_DIFF_HASHES) }
        : first !== undefined
            ? { count: 0, firstN: first.n, lastN: first.n, costUsd: 0, durationMs: 0, tokens: 0, outcomes: {}, diffHashes: [] }
            : null;
    if (c !== null)
        for (const attempt of folded)
            foldInto(c, attempt);
    return { ...state, attempts: state.attempts.slice(fold), compacted: c };
}
/** Adds one attempt to the totals `c` (mutated: `c` is a fresh copy owned by `compactState`). */
function foldInto(c, a) {
    c.count = addCount(c.count, 1);
    c.firstN = Math.min(c.firstN, a.n);
    c.lastN = Math.max(c.lastN, a.n);
    c.costUsd = addUsd(c.costUsd, a.costUsd ?? 0);
    c.durationMs = addCount(c.durationMs, a.durationMs ?? 0);
    c.tokens = addCount(c.tokens, a.tokens ?? 0);
    const key = a.outcome ?? (a.finishedAt === undefined ? "open" : "unknown");
    c.outcomes[key] = addCount(c.outcomes[key] ?? 0, 1);
    if (a.diffHash !== undefined) {
        const seen = c.diffHashes.indexOf(a.diffHash);
        if (seen >= 0)
            c.diffHashes.splice(seen, 1);
        c.diffHashes.push(a.diffHash);
        if (c.diffHashes.length > MAX_COMPACTED_DIFF_HASHES)
            c.diffHashes.shift();
    }
}
function addCount(a, b) {
    return Math.min(a + b, Number.MAX_SAFE_INTEGER);
}
function addUsd(a, b) {
    const sum = a + b;
    return Number.isFinite(sum) ? sum : Number.MAX_VALUE;
}
// ---------------------------------------------------------------------------------------------
// Decoding
/**
 * The session state carried by a comment body. Throws `StateDecodeError`:
 * - `no_state_block`: the body has no `<!-- foreman:state … -->`;
 * - `bad_encoding`: the block is truncated, not base64, not gzip, too large when inflated,
 *   not UTF-8 or not JSON;
 * - `unknown_schema_version`: a newer encoding or `schemaVersion` (upgrade Foreman);
 * - `invalid_state`: more than one block, or JSON that is not a valid state (the message
 *   names the field).
 */
function decodeStateComment(body) {
    const payload = findPayload(body);
    if (!BASE64.test(payload) || payload.length % 4 !== 0) {
        throw new errors/* StateDecodeError */.c("bad_encoding", "State block payload is not base64 (the comment was edited or cut).");
    }
    const gz = Buffer.from(payload, "base64");
    let bytes;
    try {
        bytes = (0,external_node_zlib_.gunzipSync)(gz, { maxOutputLength: MAX_DECODED_BYTES });
    }
    catch (cause) {
        if (hasCode(cause, "ERR_BUFFER_TOO_LARGE")) {
            throw new errors/* StateDecodeError */.c("bad_encoding", `State block inflates to more than ${MAX_DECODED_BYTES} bytes; refusing it (decompression bomb?).`, {
                cause,
            });
        }
        throw new errors/* StateDecodeError */.c("bad_encoding", "State block payload is not valid gzip data (corrupted or edited).", { cause });
    }
    let text;
    try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    }
    catch (cause) {
        throw new errors/* StateDecodeError */.c("bad_encoding", "State block payload is not UTF-8 text.", { cause });
    }
    let raw;
    try {
        raw = JSON.parse(text);
    }
    catch (cause) {
        throw new errors/* StateDecodeError */.c("bad_encoding", "State block payload is not JSON.", { cause });
    }
    return validateState(migrateState(raw));
}
/** The base64 payload of the single state block in `body`. */
function findPayload(body) {
    const openers = [...body.matchAll(BLOCK_OPENER)];
    if (openers.length === 0) {
        throw new errors/* StateDecodeError */.c("no_state_block", `Comment has no state block (<!-- ${STATE_MARKER} … -->).`);
    }
    if (openers.length > 1) {
        throw new errors/* StateDecodeError */.c("invalid_state", `Comment has ${openers.length} state blocks; Foreman writes exactly one and cannot tell which is genuine (one may be pasted text).`);
    }
    const opener = openers[0];
    const start = opener.index + opener[0].length;
    const end = body.indexOf("-->", start);
    if (end < 0)
        throw new errors/* StateDecodeError */.c("bad_encoding", "State block is not closed with --> (the comment was cut).");
    const words = body.slice(start, end).trim().split(/\s+/);
    const version = /^v(\d{1,6})$/.exec(words[0] ?? "");
    if (version === null) {
        throw new errors/* StateDecodeError */.c("bad_encoding", `State block has no encoding version (expected "v${STATE_ENCODING_VERSION}", got ${state_codec_quote(words[0] ?? "")}).`);
    }
    const encoding = Number(version[1]);
    if (encoding > STATE_ENCODING_VERSION) {
        throw new errors/* StateDecodeError */.c("unknown_schema_version", `State block encoding v${encoding} was written by a newer Foreman (this one reads v${STATE_ENCODING_VERSION}); upgrade Foreman.`);
    }
    if (encoding !== STATE_ENCODING_VERSION) {
        throw new errors/* StateDecodeError */.c("bad_encoding", `State block encoding v${encoding} is not known (expected v${STATE_ENCODING_VERSION}).`);
    }
    if (words.length !== 2) {
        throw new errors/* StateDecodeError */.c("bad_encoding", `State block must hold one base64 payload after v${STATE_ENCODING_VERSION}, found ${words.length - 1} words.`);
    }
    return words[1];
}
/**
 * `STATE_MIGRATIONS[n]` turns data version `n` into `n + 1`. A new schema version adds one
 * entry here (and bumps `STATE_SCHEMA_VERSION` in state.ts); old comments then read as new.
 */
const STATE_MIGRATIONS = {
    /**
     * v0 was a pre-release shape (never shipped; kept as the worked example): no ledger
     * compaction, so no `compacted`, and the total cost at the top level as `cost` instead of
     * `spent.costUsd`. Everything else was already as in v1.
     */
    0: (v0) => {
        const { cost, spent, ...rest } = v0;
        const spentFields = isPlainObject(spent) ? spent : {};
        return { ...rest, schemaVersion: 1, spent: { ...spentFields, costUsd: cost }, compacted: null };
    },
};
/**
 * Brings decoded JSON up to `STATE_SCHEMA_VERSION`, one step at a time. Not an object:
 * returned as is (validation names the problem). Throws `StateDecodeError`
 * (`unknown_schema_version`) for a version newer than this Foreman or one with no path.
 */
function migrateState(raw) {
    if (!isPlainObject(raw))
        return raw;
    const version = raw.schemaVersion;
    if (typeof version !== "number" || !Number.isSafeInteger(version) || version < 0) {
        throw new errors/* StateDecodeError */.c("invalid_state", `state field "schemaVersion": expected a whole number of 0 or more, got ${describeValue(version)}`);
    }
    if (version > core_state/* STATE_SCHEMA_VERSION */.b8) {
        throw new errors/* StateDecodeError */.c("unknown_schema_version", `State schemaVersion ${version} was written by a newer Foreman (this one reads up to ${core_state/* STATE_SCHEMA_VERSION */.b8}); upgrade Foreman.`);
    }
    let current = raw;
    for (let v = version; v < core_state/* STATE_SCHEMA_VERSION */.b8; v++) {
        const step = STATE_MIGRATIONS[v];
        if (step === undefined) {
            throw new errors/* StateDecodeError */.c("unknown_schema_version", `State schemaVersion ${v} cannot be read by this Foreman (no migration from it).`);
        }
        current = step(current);
    }
    return current;
}
// ---------------------------------------------------------------------------------------------
// Validation
function validateState(raw) {
    if (!isPlainObject(raw)) {
        throw new errors/* StateDecodeError */.c("invalid_state", `State must be a JSON object, got ${describeValue(raw)}.`);
    }
    const parsed = core_state/* sessionStateSchema */.vM.safeParse(raw, { reportInput: true });
    if (!parsed.success)
        throw new errors/* StateDecodeError */.c("invalid_state", describeIssues(parsed.error.issues), { cause: parsed.error });
    const unknown = findUnknownField(raw, parsed.data, []);
    if (unknown !== null) {
        throw new errors/* StateDecodeError */.c("invalid_state", `state field ${state_codec_quote((0,zod_issues/* issuePath */.dR)(unknown))}: unknown field; Foreman never writes it (forged or corrupted state).`);
    }
    return parsed.data;
}
/** The first key of `input` that the schema dropped from `output` (zod strips unknown keys). */
function findUnknownField(input, output, path) {
    if (Array.isArray(input) && Array.isArray(output)) {
        for (let i = 0; i < input.length; i++) {
            const found = findUnknownField(input[i], output[i], [...path, i]);
            if (found !== null)
                return found;
        }
        return null;
    }
    if (isPlainObject(input) && isPlainObject(output)) {
        for (const key of Object.keys(input)) {
            if (!Object.prototype.hasOwnProperty.call(output, key))
                return [...path, key];
            const found = findUnknownField(input[key], output[key], [...path, key]);
            if (found !== null)
                return found;
        }
    }
    return null;
}
/** `state field "attempts[2].outcome": expected one of …, got "won"` (and how many more problems). */
function describeIssues(issues) {
    const first = issues[0];
    if (first === undefined)
        return "state is invalid";
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
    return `state field ${state_codec_quote((0,zod_issues/* issuePath */.dR)(first.path))}: ${describeIssue(first)}${more}`;
}
function describeIssue(issue) {
    const got = "input" in issue && issue.input !== undefined ? `, got ${describeValue(issue.input)}` : ", but it is missing";
    switch (issue.code) {
        case "invalid_value":
            return issue.values.length === 1
                ? `expected ${describeValue(issue.values[0])}${got}`
                : `expected one of ${issue.values.map(String).join(", ")}${got}`;
        case "invalid_type":
            return `expected ${issue.expected}${got}`;
        case "too_big":
            return `expected at most ${String(issue.maximum)}${unit(issue.origin)}${got}`;
        case "too_small":
            return `expected at least ${String(issue.minimum)}${unit(issue.origin)}${got}`;
        case "invalid_format":
            return `expected ${issue.format === "datetime" ? "an ISO-8601 date-time with offset" : issue.format === "regex" ? `text matching ${issue.pattern ?? "the pattern"}` : issue.format}${got}`;
        default:
            return issue.message;
    }
}
function unit(origin) {
    return origin === "string" ? " characters" : origin === "array" ? " items" : "";
}
function describeValue(value) {
    if (value === undefined)
        return "nothing";
    if (Array.isArray(value))
        return "a list";
    if (value === null)
        return "null";
    if (typeof value === "object")
        return "an object";
    const s = JSON.stringify(value) ?? String(value);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
function state_codec_quote(s) {
    return JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s);
}
function isPlainObject(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
function hasCode(error, code) {
    return typeof error === "object" && error !== null && "code" in error && error.code === code;
}

;// CONCATENATED MODULE: ./src/github/signed-block.ts

/**
 * Judges `comment`, which carries the marker of `pattern` (a global regex matching one whole
 * block). Login comparison is case-insensitive, as GitHub logins are.
 */
function judgeBlock(comment, pattern, trustedAuthors, key, ctx) {
    const author = comment.author.toLowerCase();
    if (!trustedAuthors.some((t) => t.toLowerCase() === author))
        return { kind: "untrusted_author" };
    const blocks = [...comment.body.matchAll(new RegExp(pattern.source, "g"))];
    if (blocks.length !== 1)
        return { kind: "undecodable" };
    const block = blocks[0][0];
    const check = verifyBody(key, ctx, comment.body, block);
    return check === "valid" ? { kind: "valid", block } : { kind: check };
}

;// CONCATENATED MODULE: ./src/github/comment-ledger.ts
/**
 * `Ledger` on GitHub: the session's attempt ledger in ONE hidden-block comment on the issue,
 * edited in place ("Foreman attempt ledger"), its block signed (kind `ledger`) and believed only
 * from a trusted author with a valid signature, like the session comment.
 *
 * Why this placement. A comment per entry would flood the thread people read and cost a POST
 * plus a notification each. Inside the session comment it would couple every append to the
 * snapshot's compare-and-write and to its size budget (the codec compacts attempts; a ledger
 * must not be compacted). A second comment edited in place costs exactly one PATCH per durable
 * append (no read first: appends come from the one writer of the issue, and GitHub's answer is
 * read back), and it is read from the listing the state store and the command replay share.
 * When the block would pass the comment size limit, the next entries go to a new ledger comment;
 * `read` joins them in id order.
 *
 * Durability. `append` returns once GitHub stored the entry (`attempt started` is on GitHub before
 * the agent is spawned). One exception: `process_started` is held in memory and written with the
 * next entry. It only lets a later run on the same host stop a dead run's processes, and on a
 * GitHub runner a dead run's processes die with its runner; holding it saves one or more calls
 * per attempt. `flush()` writes it out (before a run stops).
 *
 * Call budget: 0 to read (shared listing), 1 POST for the first entry, 1 PATCH per further
 * durable entry. A one-attempt session appends `attempt_started`, `attempt_diffed`,
 * `attempt_finished` and `session_ended`: 4 requests; each further attempt 3.
 *
 * A trusted comment whose ledger block fails its signature (an admin edited it) is never read
 * as entries: `read` throws `TamperedLedgerError` (corrupt), so the engine refuses the run
 * rather than believing a ledger with lines taken out or put in.
 */








/** A whole ledger block: `<!-- foreman:ledger v1 BASE64 -->` (gzip of the JSON array of entries). */
const LEDGER_BLOCK = /<!-- foreman:ledger v1 [A-Za-z0-9+/=]* -->/g;
const LEDGER_OPENER = /<!--\s*foreman:ledger(?![A-Za-z0-9_:-])/;
/** A ledger comment is closed (a new one started) before its body passes this. */
const MAX_LEDGER_BODY = MAX_COMMENT_CHARS - 1_000;
const MAX_INFLATED_BYTES = 5 * 1024 * 1024;
const VISIBLE = "**Foreman attempt ledger** · what each attempt of this issue's session did, kept for recovery. " +
    "Written and signed by Foreman; an edited ledger is refused, not obeyed.";
/** A trusted ledger comment that no longer verifies or parses. */
class TamperedLedgerError extends errors/* ForemanError */.Vy {
    commentId;
    reason;
    commentUrl;
    name = "TamperedLedgerError";
    kind = "corrupt";
    constructor(commentId, reason, commentUrl) {
        super(`Foreman's attempt ledger comment ${commentUrl} was changed by someone other than Foreman (${reason.replace("_", " ")}); ` +
            "Foreman will not read attempts from it. Restore the comment's last revision written by Foreman from its edit history, " +
            "or /cancel the session.");
        this.commentId = commentId;
        this.reason = reason;
        this.commentUrl = commentUrl;
    }
}
class CommentLedger {
    #deps;
    #comments;
    #ctx;
    #chunks;
    #held = [];
    constructor(deps) {
        this.#deps = deps;
        this.#comments = deps.comments ?? new IssueComments(deps.client, deps.repo, deps.issue);
        this.#ctx = { kind: "ledger", owner: deps.repo.owner, repo: deps.repo.repo, issue: deps.issue };
    }
    async append(entry) {
        const parsed = ledgerEntrySchema.safeParse(entry);
        if (!parsed.success) {
            throw new errors/* InvalidArgumentError */.Di("entry", `Refusing to append an invalid ledger entry for session ${entry.sessionId}: ${parsed.error.issues[0]?.message ?? "invalid"}.`);
        }
        const copy = structuredClone(parsed.data);
        if (copy.type === "process_started") {
            this.#held.push(copy);
            return;
        }
        await this.#write([...this.#held, copy]);
    }
    /** Writes held entries, if any. */
    async flush() {
        if (this.#held.length > 0)
            await this.#write([...this.#held]);
    }
    async read(sessionId) {
        const chunks = await this.#load();
        return structuredClone([...chunks.flatMap((c) => c.entries), ...this.#held].filter((e) => e.sessionId === sessionId));
    }
    async #write(fresh) {
        const chunks = await this.#load();
        const last = chunks.at(-1);
        const { owner, repo } = this.#deps.repo;
        const grown = last === undefined ? null : this.#body([...last.entries, ...fresh]);
        let stored;
        let chunk;
        if (last !== undefined && grown !== null && grown.length <= MAX_LEDGER_BODY) {
            const res = await this.#deps.client.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
                owner,
                repo,
                comment_id: last.commentId,
                body: grown,
            });
            stored = { sent: grown, comment: toIssueComment(res.data) };
            chunk = { commentId: last.commentId, entries: [...last.entries, ...fresh] };
        }
        else {
            const body = this.#body(fresh);
            const res = await this.#deps.client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
                owner,
                repo,
                issue_number: this.#deps.issue,
                body,
            });
            stored = { sent: body, comment: toIssueComment(res.data) };
            chunk = { commentId: stored.comment.id, entries: fresh };
        }
        if (stored.comment.body !== stored.sent) {
            throw new TamperedLedgerError(stored.comment.id, "bad_signature", stored.comment.htmlUrl);
        }
        this.#comments.remember(stored.comment);
        this.#chunks = [...chunks.filter((c) => c.commentId !== chunk.commentId), chunk];
        this.#held = [];
    }
    #body(entries) {
        const block = `<!-- foreman:ledger v1 ${(0,external_node_zlib_.gzipSync)(Buffer.from(JSON.stringify(entries), "utf8")).toString("base64")} -->`;
        return signature_signBody(this.#deps.key, this.#ctx, `${VISIBLE}\n\n${block}`, block);
    }
    /** The trusted ledger comments' entries, in comment id order (listed once). */
    async #load() {
        if (this.#chunks !== undefined)
            return this.#chunks;
        const chunks = [];
        for (const comment of await this.#comments.list()) {
            if (!LEDGER_OPENER.test(comment.body))
                continue;
            const verdict = judgeBlock(comment, LEDGER_BLOCK, this.#deps.trustedAuthors, this.#deps.key, this.#ctx);
            if (verdict.kind !== "valid") {
                this.#deps.onIgnored?.({ commentId: comment.id, author: comment.author, reason: verdict.kind, kind: "ledger" });
                if (verdict.kind === "untrusted_author")
                    continue;
                throw new TamperedLedgerError(comment.id, verdict.kind, comment.htmlUrl);
            }
            const entries = decodeEntries(verdict.block);
            if (entries === null)
                throw new TamperedLedgerError(comment.id, "undecodable", comment.htmlUrl);
            chunks.push({ commentId: comment.id, entries });
        }
        this.#chunks = chunks;
        return chunks;
    }
}
const entriesSchema = schemas/* array */.YOg(ledgerEntrySchema);
/** The entries of a signed block, or null when it does not parse (a Foreman bug or a newer version). */
function decodeEntries(block) {
    const payload = block.slice("<!-- foreman:ledger v1 ".length, -" -->".length);
    try {
        const json = JSON.parse((0,external_node_zlib_.gunzipSync)(Buffer.from(payload, "base64"), { maxOutputLength: MAX_INFLATED_BYTES }).toString("utf8"));
        const parsed = entriesSchema.safeParse(json);
        return parsed.success ? parsed.data : null;
    }
    catch {
        return null;
    }
}

// EXTERNAL MODULE: ./src/loop/errors.ts
var loop_errors = __webpack_require__(6215);
// EXTERNAL MODULE: ./src/github/repo.ts
var github_repo = __webpack_require__(1839);
;// CONCATENATED MODULE: ./src/github/comment-state-store.ts
/**
 * `StateStore` on GitHub: the session snapshot is one comment on the issue (DESIGN.md, "State and
 * durability"), a visible status for people and the core codec's hidden `foreman:state` block,
 * signed (kind `state`, bound to this repository and issue).
 *
 * Trust. A comment is the session's only when its author is a trusted bot login **and** the block's
 * signature verifies. A marker-carrying comment by anyone else is ignored and reported
 * (`onIgnored`): a forged state comment has no effect. A trusted author's comment whose block no
 * longer verifies or no longer parses (an admin edited it) is never obeyed: the first run that sees
 * it edits its visible part ONCE to say what happened and how to recover, then throws
 * `TamperedStateError`; later runs see the flag, throw the same error and edit nothing (the run
 * fails once per run, nothing loops). Recovery: restore the comment's previous revision from its
 * edit history (the signature covers the block's text, so Foreman's exact text verifies again),
 * or delete the comment and the ledger comment to start the session over.
 *
 * Compare-and-write. `save` checks `expectedVersion` against the snapshot it holds (the one read
 * from the listing at `load`, or written since), writes with PATCH and reads back GitHub's answer
 * (the stored body must be exactly the one sent). A mismatch is a `StaleStateError`; re-applying
 * is the engine's job. GitHub has no conditional update, and no read before each write: runs of
 * one issue are serialized by the workflow's `concurrency:` group (DESIGN.md, "One writer"), so
 * the version check against the run's own listing and the read-back are the guard against a stray
 * second writer; a re-read before every write would cost a call per save for a case the
 * concurrency group already excludes.
 *
 * Lock. `lock` refuses a second holder in this process only (it never calls GitHub): across runs
 * the concurrency group serializes, and the version check catches a writer outside it.
 *
 * Call budget (held saves). `load` costs one listing (shared with the ledger and the command
 * replay through `IssueComments`; ceil(comments / 100) pages, one for nearly every issue). A save
 * is held in memory, and written with the next save that is not held or on `flush()`, when:
 * - it changes only what the attempt ledger rebuilds (attempts, their totals, `updatedAt`): a run
 *   that dies loses nothing the ledger does not have (`reconcile` rebuilds it);
 * - it creates a new session still `pending`: nothing has happened yet (the engine marks it
 *   `running` at once, and the comment is created with that);
 * - it is `ended`: the terminal report mark and the check run's id follow within the run, and
 *   the run flushes before it stops (a run that dies in between is recovered from the ledger).
 * A one-attempt session that succeeds thus writes the comment twice: created `running`, then
 * the final snapshot (ended, reported, check run id): 2 requests; further attempts add none.
 */








/** A whole state block as the codec writes it (`<!-- foreman:state v1 BASE64 -->`). */
const STATE_BLOCK = /<!-- foreman:state v\d{1,6} [A-Za-z0-9+/=]* -->/g;
/** Left free in a comment for the signature and a tamper notice. */
const RESERVED_CHARS = 1_000;
const FLAG_MARKER = /<!--\s*foreman:flagged (bad_signature|undecodable) -->/;
/** The session comment was changed by someone other than Foreman: never obeyed. */
class TamperedStateError extends errors/* ForemanError */.Vy {
    commentId;
    reason;
    commentUrl;
    flaggedNow;
    name = "TamperedStateError";
    kind = "corrupt";
    constructor(commentId, reason, commentUrl, 
    /** Whether this run wrote the visible notice (false: an earlier run did). */
    flaggedNow) {
        super(tamperMessage(commentUrl, reason));
        this.commentId = commentId;
        this.reason = reason;
        this.commentUrl = commentUrl;
        this.flaggedNow = flaggedNow;
    }
}
function tamperMessage(url, reason) {
    const what = reason === "bad_signature"
        ? "its hidden state block no longer matches Foreman's signature"
        : "its hidden state block is damaged (cut, duplicated or malformed)";
    return (`Foreman's state comment ${url} was edited by someone other than Foreman: ${what}. Foreman will not act on it. ` +
        "To recover, open the comment's edit history, copy the last revision written by Foreman and save it back unchanged " +
        '(its signature then verifies again); or delete this comment and the "Foreman attempt ledger" comment to start the session over.');
}
class CommentStateStore {
    #deps;
    #comments;
    #ctx;
    #known = new Map();
    #scanned = false;
    #locks = new Map();
    constructor(deps) {
        this.#deps = deps;
        this.#comments = deps.comments ?? new IssueComments(deps.client, deps.repo, deps.issue);
        this.#ctx = { kind: "state", owner: deps.repo.owner, repo: deps.repo.repo, issue: deps.issue };
    }
    async load(sessionId) {
        await this.#scan();
        const known = this.#known.get(sessionId);
        return known === undefined ? null : structuredClone(known.state);
    }
    async save(next, expectedVersion) {
        const id = next.sessionId;
        if (!Number.isInteger(expectedVersion) || expectedVersion < 0 || next.version !== expectedVersion + 1) {
            throw new errors/* InvalidArgumentError */.Di("next", `Session ${id}: the new snapshot must have version expectedVersion + 1 = ${expectedVersion + 1}, got ${next.version}.`);
        }
        const parsed = core_state/* sessionStateSchema */.vM.safeParse(next);
        if (!parsed.success) {
            throw new errors/* InvalidArgumentError */.Di("next", `Session ${id}: refusing to save an invalid snapshot (${parsed.error.issues[0]?.message ?? "invalid"}).`);
        }
        const state = structuredClone(parsed.data);
        await this.#scan();
        const known = this.#known.get(id);
        const actual = known?.state.version ?? null;
        if ((actual ?? 0) !== expectedVersion)
            throw new loop_errors/* StaleStateError */.FZ(id, expectedVersion, actual);
        if (known === undefined) {
            if (state.status === "pending") {
                this.#known.set(id, { state });
                return;
            }
            return this.#create(state);
        }
        if (known.written === undefined) {
            if (state.status === "pending")
                known.state = state;
            else
                await this.#create(state);
            return;
        }
        if (state.status === "ended" || onlyLedgerFieldsChanged(known.written, state)) {
            known.state = state;
            return;
        }
        await this.#write(known, known.written, state);
    }
    /** Writes a held snapshot, if any (at the end of a run, and before it is stopped). */
    async flush() {
        for (const known of this.#known.values()) {
            if (known.written === undefined)
                await this.#create(known.state);
            else if (known.state.version !== known.written.version)
                await this.#write(known, known.written, known.state);
        }
    }
    /** The session comment's page, once it exists (the Action's `session-url` output). */
    sessionUrl() {
        for (const known of this.#known.values())
            if (known.htmlUrl !== undefined)
                return known.htmlUrl;
        return undefined;
    }
    /** Whether a snapshot is held back, not yet on GitHub. */
    hasHeldChanges() {
        return [...this.#known.values()].some((k) => k.state.version !== k.written?.version);
    }
    lock(sessionId) {
        if (this.#locks.has(sessionId)) {
            return Promise.reject(new loop_errors/* SessionLockedError */.BE(sessionId, `another holder in this process on ${(0,github_repo/* repoSlug */.m)(this.#deps.repo)}#${this.#deps.issue}`));
        }
        const me = Symbol(sessionId);
        this.#locks.set(sessionId, me);
        return Promise.resolve({
            release: () => {
                if (this.#locks.get(sessionId) === me)
                    this.#locks.delete(sessionId);
                return Promise.resolve();
            },
        });
    }
    /** Reads the issue's comments once: finds each session's comment, reports and flags the rest. */
    async #scan() {
        if (this.#scanned)
            return;
        const comments = await this.#comments.list();
        for (const comment of comments) {
            if (!hasStateBlock(comment.body))
                continue;
            const verdict = judgeBlock(comment, STATE_BLOCK, this.#deps.trustedAuthors, this.#deps.key, this.#ctx);
            if (verdict.kind === "untrusted_author") {
                this.#deps.onIgnored?.({ commentId: comment.id, author: comment.author, reason: "untrusted_author", kind: "state" });
                continue;
            }
            if (verdict.kind !== "valid") {
                this.#deps.onIgnored?.({ commentId: comment.id, author: comment.author, reason: verdict.kind, kind: "state" });
                await this.#flag(comment, verdict.kind === "undecodable" ? "undecodable" : "bad_signature");
            }
            // Signed by Foreman yet unreadable (a newer Foreman wrote it): the codec's error says so; never start over.
            const state = decodeStateComment(comment.body);
            if (!this.#known.has(state.sessionId)) {
                this.#known.set(state.sessionId, { commentId: comment.id, written: state, state, htmlUrl: comment.htmlUrl });
            }
        }
        this.#scanned = true;
    }
    /** Marks a tampered comment visibly, once, then fails the run. */
    async #flag(comment, reason) {
        if (FLAG_MARKER.test(comment.body))
            throw new TamperedStateError(comment.id, reason, comment.htmlUrl, false);
        const notice = `> [!WARNING]\n> ${tamperMessage(comment.htmlUrl, reason)}\n\n<!-- foreman:flagged ${reason} -->\n\n`;
        const res = await this.#deps.client.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
            owner: this.#deps.repo.owner,
            repo: this.#deps.repo.repo,
            comment_id: comment.id,
            body: `${notice}${comment.body}`.slice(0, MAX_COMMENT_CHARS),
        });
        this.#comments.remember(toIssueComment(res.data));
        throw new TamperedStateError(comment.id, reason, comment.htmlUrl, true);
    }
    #body(state) {
        const body = encodeStateComment(state, { maxChars: MAX_COMMENT_CHARS - RESERVED_CHARS });
        const block = [...body.matchAll(STATE_BLOCK)][0][0];
        return signature_signBody(this.#deps.key, this.#ctx, body, block);
    }
    async #create(state) {
        const body = this.#body(state);
        const res = await this.#deps.client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
            owner: this.#deps.repo.owner,
            repo: this.#deps.repo.repo,
            issue_number: this.#deps.issue,
            body,
        });
        const stored = toIssueComment(res.data);
        this.#checkReadBack(state, body, stored.body, 0);
        this.#comments.remember(stored);
        this.#known.set(state.sessionId, { commentId: stored.id, written: state, state, htmlUrl: stored.htmlUrl });
    }
    /** Writes `state` over the comment and reads GitHub's answer back. */
    async #write(known, written, state) {
        const { owner, repo } = this.#deps.repo;
        const body = this.#body(state);
        const res = await this.#deps.client.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
            owner,
            repo,
            comment_id: known.commentId ?? 0,
            body,
        });
        const stored = toIssueComment(res.data);
        this.#checkReadBack(state, body, stored.body, written.version);
        this.#comments.remember(stored);
        known.written = state;
        known.state = state;
    }
    /** GitHub must have stored exactly what was sent; anything else means another writer. */
    #checkReadBack(state, sent, stored, expectedVersion) {
        if (stored === sent)
            return;
        let version;
        try {
            version = decodeStateComment(stored).version;
        }
        catch {
            version = null;
        }
        throw new loop_errors/* StaleStateError */.FZ(state.sessionId, expectedVersion, version);
    }
}
/**
 * True when `next` differs from `written` only in what the attempt ledger rebuilds (`reconcile`):
 * the attempts, their totals, `updatedAt` and `version`. Such a change may wait (see the header).
 */
function onlyLedgerFieldsChanged(written, next) {
    return JSON.stringify(withoutLedgerFields(written)) === JSON.stringify(withoutLedgerFields(next));
}
function withoutLedgerFields(state) {
    const { version: _v, updatedAt: _u, attempts: _a, compacted: _c, spent: _s, ...rest } = state;
    return rest;
}

;// CONCATENATED MODULE: ./src/core/daily-admission.ts
/**
 * Admission against the daily cap on GitHub (DESIGN.md, "Daily ledger"): the rule that decides,
 * from the append-only entries of the ledger issue, whether a reservation may run.
 *
 * A reservation is admitted when the entries of the same UTC day ordered before it by comment
 * id, plus itself, stay within the cap. An earlier reservation counts
 *  - its actual cost once it is settled,
 *  - nothing once it is withdrawn (refused, or released without spending),
 *  - its whole reserved amount while it is still open.
 * Settle and withdraw entries refer to a reservation by its comment id and apply to it whatever
 * their own id or day (a session settles after the others reserved, maybe after midnight); only
 * the first closing entry of a reservation counts, and only when it comes from the session that
 * reserved. Counting open (and not yet withdrawn) reservations whole is what makes concurrent
 * runners safe: whoever evaluates later sees every earlier admitted reservation at no less than
 * what it will spend, so admitted sessions never spend more than the cap together.
 *
 * Amounts are summed as integer micro-dollars (exact); a cap that is not a finite number of 0
 * or more admits nothing.
 */

/** Integer micro-dollars; NaN for an amount that is not a finite number of 0 or more (it makes the day's usage unknown). */
function micro(usd) {
    return Number.isFinite(usd) && usd >= 0 ? Math.round(usd * 1e6) : Number.NaN;
}
/** What each reservation of `day` counts now, in micro-dollars, by comment id (ascending). */
function countedOnDay(entries, day) {
    const reserves = new Map();
    for (const e of entries)
        if (e.type === "reserve" && !reserves.has(e.commentId))
            reserves.set(e.commentId, e);
    const counted = new Map();
    for (const r of reserves.values())
        counted.set(r.commentId, micro(r.usd));
    const closings = entries.filter((e) => e.type !== "reserve").sort((a, b) => a.commentId - b.commentId);
    const closed = new Set();
    for (const e of closings) {
        const reservation = reserves.get(e.reservationId);
        if (reservation === undefined || closed.has(e.reservationId) || reservation.sessionKey !== e.sessionKey)
            continue;
        closed.add(e.reservationId);
        counted.set(e.reservationId, e.type === "settle" ? micro(e.usd) : 0);
    }
    return [...counted].filter(([id]) => reserves.get(id).day === day).sort(([a], [b]) => a - b);
}
/**
 * Whether the reservation `reservationCommentId` (which must be among `entries`) is admitted
 * against `capUsd` on `day`, and what the day's earlier entries count (`usedBeforeUsd`; NaN
 * when an earlier amount is not a valid number, which admits nothing).
 */
function admitReservation(entries, reservationCommentId, capUsd, day) {
    const self = entries.find((e) => e.type === "reserve" && e.commentId === reservationCommentId);
    if (self === undefined) {
        throw new errors/* InvalidArgumentError */.Di("reservationCommentId", `admitReservation: no reserve entry with comment id ${reservationCommentId} among the entries`);
    }
    let used = 0;
    for (const [id, amount] of countedOnDay(entries, day))
        if (id < reservationCommentId)
            used += amount;
    const admitted = used + micro(self.usd) <= micro(capUsd);
    return { admitted, usedBeforeUsd: used / 1e6 };
}
/** What the reservations of `day` count now (open ones whole, settled ones at their cost, withdrawn ones nothing), in USD. */
function usedOnDay(entries, day) {
    let used = 0;
    for (const [, amount] of countedOnDay(entries, day))
        used += amount;
    return used / 1e6;
}

// EXTERNAL MODULE: ./src/core/budget.ts
var budget = __webpack_require__(4782);
;// CONCATENATED MODULE: ./src/core/daily-usage.ts
/**
 * Today's usage against the daily cap, as local mode counts it: what finished attempts spent
 * today (UTC) plus what every other live session may still spend. Counting the live sessions'
 * remainders as used is what keeps two concurrent sessions from both being admitted the same
 * remainder of the cap (on GitHub the ledger issue does this with reservations); local mode
 * makes the count and the new reservation one step under a repository-wide lock
 * (`src/local/admission.ts`).
 *
 * When a reservation counts. A live session (pending, running, interrupted) reserves what it may
 * still spend **on the UTC day it was last active**: the later of the day of its last state
 * write (`updatedAt`) and the day it was last admitted (its admission record). A session left
 * `running` by a run that died yesterday therefore reserves nothing today; when it is resumed it
 * is admitted again, against today's usage, and reserves today from then on. (A run still alive
 * across midnight writes its state at its next attempt, and reserves today from then on.)
 */

/** The UTC day (`YYYY-MM-DD`) of an instant in epoch milliseconds. */
function utcDay(epochMs) {
    return new Date(epochMs).toISOString().slice(0, 10);
}
/**
 * USD counted against today's cap for `sessionId` at `nowMs`: the settled spend of the day of
 * every session (its own included), plus what the other sessions reserve today (see the file
 * header), plus a whole `usd` for every other unreadable session. An amount that is not a
 * finite number of 0 or more, in an admitted or unreadable entry, makes today's usage unknown
 * (NaN), which the budget math counts as the whole cap used.
 */
function dailyUsageUsd(entries, at) {
    const today = utcDay(at.nowMs);
    const states = entries.flatMap((e) => (e.kind === "session" ? [e.state] : []));
    const reserving = entries.flatMap((e) => (e.kind === "session" && lastActiveDay(e.state, e.admittedDay) === today ? [e.state] : []));
    let micro = Math.round(spentOnDay(states, today) * 1e6) + Math.round(reservedByLiveSessions(reserving, at.sessionId) * 1e6);
    for (const e of entries) {
        if (e.kind === "session" || e.sessionId === at.sessionId)
            continue;
        if (e.kind === "admitted" && e.day !== today)
            continue;
        if (!(Number.isFinite(e.usd) && e.usd >= 0))
            return Number.NaN;
        micro += Math.round(e.usd * 1e6);
    }
    return micro / 1e6;
}
/** The later of the day of the state's last write and the day of its last admission. */
function lastActiveDay(state, admittedDay) {
    const written = state.updatedAt.slice(0, 10);
    return admittedDay !== undefined && admittedDay > written ? admittedDay : written;
}
/**
 * USD counted against today's cap for `sessionId` at `nowMs`, from session states alone (no
 * admission records, nothing unreadable): see {@link dailyUsageUsd}.
 */
function todaysUsageUsd(sessions, at) {
    return dailyUsageUsd(sessions.map((state) => ({ kind: "session", state })), at);
}

;// CONCATENATED MODULE: ./src/github/daily-ledger.ts
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







/** The label that marks the ledger issue. */
const LEDGER_LABEL = "foreman:ledger";
const LEDGER_ISSUE_TITLE = "Foreman daily ledger";
const daily_ledger_BLOCK = /<!-- foreman:daily-ledger v1 (\{[^<>]*\}) -->/g;
/** GitHub refused a ledger read or write this token should be able to do; the message says which permission to grant. */
class DailyLedgerUnavailableError extends errors/* ForemanError */.Vy {
    status;
    name = "DailyLedgerUnavailableError";
    kind = "usage";
    constructor(status, message, options) {
        super(message, options);
        this.status = status;
    }
}
const usd = schemas/* number */.aig().finite().nonnegative();
const payloadSchema = schemas/* discriminatedUnion */.gMt("type", [
    schemas/* object */.Ikc({ type: schemas/* literal */.euz("reserve"), sessionKey: schemas/* string */.YjP().min(1).max(100), usd, day: schemas/* string */.YjP() }),
    schemas/* object */.Ikc({ type: schemas/* literal */.euz("settle"), sessionKey: schemas/* string */.YjP().min(1).max(100), reservationId: schemas/* number */.aig().int().positive(), usd, day: schemas/* string */.YjP() }),
    schemas/* object */.Ikc({ type: schemas/* literal */.euz("withdraw"), sessionKey: schemas/* string */.YjP().min(1).max(100), reservationId: schemas/* number */.aig().int().positive(), day: schemas/* string */.YjP() }),
]);
function startOfUtcDay(day) {
    return `${day}T00:00:00Z`;
}
function sessionName(sessionKey) {
    const issue = /^issue-(\d+)$/.exec(sessionKey);
    return issue ? `\`#${issue[1]}\`` : `\`${sessionKey.replace(/`/g, "")}\``;
}
function visibleLine(p) {
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
function blockOf(p) {
    const json = JSON.stringify(p).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
    return `<!-- foreman:daily-ledger v1 ${json} -->`;
}
function isPermissionError(error) {
    return error instanceof dist_src/* RequestError */.G && [401, 403, 404, 410].includes(error.status);
}
class DailyLedger {
    deps;
    ledgerIssue;
    constructor(deps) {
        this.deps = deps;
    }
    /**
     * Appends a reservation of `usd` for `sessionKey`, reads the day back and judges it against
     * `capUsd`. A refused reservation is withdrawn at once (the session must end `budget_exhausted`).
     */
    async reserve(req) {
        if (!(Number.isFinite(req.usd) && req.usd >= 0))
            throw new errors/* InvalidArgumentError */.Di("usd", `DailyLedger.reserve: usd must be a finite number of 0 or more, got ${req.usd}`);
        const issue = await this.ledgerIssueNumber({ create: true });
        const posted = await this.append(issue, { type: "reserve", sessionKey: req.sessionKey, usd: req.usd, day: this.today() });
        const day = utcDay(Date.parse(posted.created_at));
        const entries = await this.entriesSince(issue, day);
        if (!entries.some((e) => e.commentId === posted.id)) {
            // Not listed yet (or the token's own login is not among the trusted authors): judge it as written.
            entries.push({ commentId: posted.id, day, sessionKey: req.sessionKey, type: "reserve", usd: req.usd });
        }
        const { admitted, usedBeforeUsd } = admitReservation(entries, posted.id, req.capUsd, day);
        if (!admitted)
            await this.append(issue, { type: "withdraw", sessionKey: req.sessionKey, reservationId: posted.id, day: this.today() });
        return admitted ? { admitted: true, reservationId: posted.id, usedBeforeUsd } : { admitted: false, reservationId: posted.id, usedBeforeUsd };
    }
    /** Records what the session actually spent; the unused part of its reservation returns to the day. */
    async settle(req) {
        if (!(Number.isFinite(req.actualUsd) && req.actualUsd >= 0)) {
            throw new errors/* InvalidArgumentError */.Di("actualUsd", `DailyLedger.settle: actualUsd must be a finite number of 0 or more, got ${req.actualUsd}`);
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
    async usedToday() {
        const today = this.today();
        const quick = await this.entriesOnOnePage(today);
        if (quick !== undefined)
            return usedOnDay(quick, today);
        const issue = await this.ledgerIssueNumber({ create: false });
        if (issue === undefined)
            return 0;
        return usedOnDay(await this.entriesSince(issue, today), today);
    }
    /** Today's trusted entries from the repository's comments updated since `day`; undefined when they span more than one page. */
    async entriesOnOnePage(day) {
        const { owner, repo } = this.deps.repo;
        const res = await this.deps.client.request("GET /repos/{owner}/{repo}/issues/comments", {
            owner,
            repo,
            since: startOfUtcDay(day),
            per_page: 100,
        });
        if (/rel="next"/.test(res.headers.link ?? ""))
            return undefined;
        const entries = [];
        for (const c of res.data) {
            if (!(c.body ?? "").includes("foreman:daily-ledger"))
                continue;
            const issue = /\/issues\/([1-9][0-9]*)$/.exec(c.issue_url);
            if (issue === null)
                continue;
            const raw = {
                id: Number(c.id),
                body: c.body ?? null,
                user: c.user === null ? null : { login: c.user.login },
                created_at: c.created_at,
            };
            const entry = this.entryOf(Number(issue[1]), raw);
            if (entry !== null)
                entries.push(entry);
        }
        return entries;
    }
    today() {
        return utcDay(this.deps.now());
    }
    context(issue) {
        return { kind: "daily-ledger", owner: this.deps.repo.owner, repo: this.deps.repo.repo, issue };
    }
    trusted(login) {
        const l = login?.toLowerCase();
        return l !== undefined && this.deps.trustedAuthors.some((t) => t.toLowerCase() === l);
    }
    async append(issue, payload) {
        const block = blockOf(payload);
        const body = signature_signBody(this.deps.key, this.context(issue), `${visibleLine(payload)}\n\n${block}`, block);
        const { owner, repo } = this.deps.repo;
        try {
            const { data } = await this.deps.client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
                owner,
                repo,
                issue_number: issue,
                body,
            });
            return { id: Number(data.id), created_at: data.created_at };
        }
        catch (error) {
            if (isPermissionError(error)) {
                throw new DailyLedgerUnavailableError(error.status, `Cannot write to the daily ledger issue #${issue} of ${(0,github_repo/* repoSlug */.m)(this.deps.repo)} (GitHub answered ${error.status}). Give the token \`issues: write\` (workflow \`permissions:\`, or the App's Issues permission), and make sure the issue is not locked.`, { cause: error });
            }
            throw error;
        }
    }
    /** The trusted, verified entries of the ledger comments updated since 00:00 UTC of `day`. */
    async entriesSince(issue, day) {
        const { owner, repo } = this.deps.repo;
        const listed = await this.deps.client.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
            owner,
            repo,
            issue_number: issue,
            since: startOfUtcDay(day),
            per_page: 100,
        });
        const comments = listed.map((c) => ({
            id: Number(c.id),
            body: c.body ?? null,
            user: c.user === null ? null : { login: c.user.login },
            created_at: c.created_at,
        }));
        const seen = new Set();
        const entries = [];
        for (const c of comments) {
            if (seen.has(c.id))
                continue;
            seen.add(c.id);
            const entry = this.entryOf(issue, c);
            if (entry !== null)
                entries.push(entry);
        }
        return entries;
    }
    entryOf(issue, c) {
        const body = c.body ?? "";
        const blocks = [...body.matchAll(daily_ledger_BLOCK)];
        if (blocks.length === 0 && !body.includes("foreman:daily-ledger"))
            return null;
        const author = c.user?.login ?? "";
        const ignore = (reason) => {
            this.deps.onIgnored?.({ commentId: c.id, author, reason, kind: "daily-ledger" });
            return null;
        };
        if (!this.trusted(c.user?.login))
            return ignore("untrusted_author");
        if (blocks.length !== 1)
            return ignore("undecodable");
        const block = blocks[0][0];
        const check = verifyBody(this.deps.key, this.context(issue), body, block);
        if (check !== "valid")
            return ignore(check);
        let parsed;
        try {
            parsed = payloadSchema.parse(JSON.parse(blocks[0][1]));
        }
        catch {
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
    async ledgerIssueNumber(opts) {
        if (this.ledgerIssue !== undefined)
            return this.ledgerIssue;
        const found = await this.findLedgerIssue();
        if (found !== undefined || !opts.create)
            return (this.ledgerIssue = found);
        const created = await this.createLedgerIssue();
        const winner = await this.findLedgerIssue();
        if (winner === undefined) {
            throw new DailyLedgerUnavailableError(403, `Created the daily ledger issue #${created} in ${(0,github_repo/* repoSlug */.m)(this.deps.repo)}, but it does not carry the label \`${LEDGER_LABEL}\` (GitHub drops labels the token may not set). Give the token \`issues: write\` on the repository, then close #${created}.`);
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
    async findLedgerIssue() {
        const { owner, repo } = this.deps.repo;
        const issues = await this.deps.client.paginate("GET /repos/{owner}/{repo}/issues", { owner, repo, labels: LEDGER_LABEL, state: "all" });
        const numbers = issues.filter((i) => i.pull_request === undefined && this.trusted(i.user?.login)).map((i) => i.number);
        return numbers.length === 0 ? undefined : Math.min(...numbers);
    }
    async createLedgerIssue() {
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
        }
        catch (error) {
            if (isPermissionError(error)) {
                throw new DailyLedgerUnavailableError(error.status, `Cannot create the daily ledger issue in ${(0,github_repo/* repoSlug */.m)(this.deps.repo)} (GitHub answered ${error.status}). Give the token \`issues: write\` (workflow \`permissions:\`, or the App's Issues permission), or enable issues on the repository.`, { cause: error });
            }
            throw error;
        }
    }
}

;// CONCATENATED MODULE: ./src/github/git-credentials.ts
/**
 * The credential of one git push, given to that one git process only.
 *
 * The token travels in the child's environment as a config entry (`GIT_CONFIG_COUNT` /
 * `GIT_CONFIG_KEY_0` / `GIT_CONFIG_VALUE_0`, read by git ≥ 2.31 as if passed with `-c`), so it is
 * never in argv (readable by any user in `/proc/<pid>/cmdline`), never in `.git/config` (which
 * the agent's gates could read, and `actions/checkout` would persist), never in a remote URL
 * (which git prints in errors). The header is HTTP basic auth with the `x-access-token` user,
 * what GitHub accepts for installation tokens and `GITHUB_TOKEN` alike.
 */
/** Environment entries that give one git process `http.extraheader: AUTHORIZATION: basic …`. */
function pushEnv(token) {
    const basic = Buffer.from(`x-access-token:${token}`, "utf8").toString("base64");
    return {
        GIT_CONFIG_COUNT: "1",
        GIT_CONFIG_KEY_0: "http.extraheader",
        GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
    };
}
/** The forms of `token` that could appear in a message (itself and its header form), for masking. */
function credentialForms(token) {
    return [token, Buffer.from(`x-access-token:${token}`, "utf8").toString("base64")];
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/execa/index.js + 130 modules
var execa = __webpack_require__(2524);
;// CONCATENATED MODULE: ./src/github/isolated-runner.ts
/**
 * The agent and the gates run as a separate unprivileged user on the runner, where it allows it.
 *
 * Gates run code the agent wrote. A child running as the Action's own user could read the
 * Action's initial environment (`/proc/<ppid>/environ`: the token inputs, the App key, the state
 * key) and any file the Action can read, however scrubbed its own environment is. Run as
 * another user, the kernel refuses both (`/proc/<pid>/environ` needs ptrace access; files of
 * mode 0600 belong to the Action's user).
 *
 * - `detectIsolation`: as root, the user `foreman-agent` is created with `useradd` if missing
 *   and children are started with `setpriv` (real and effective ids dropped, supplementary
 *   groups of that user, no new privileges: a setuid `sudo` inside does nothing); as a user
 *   with passwordless `sudo` (GitHub-hosted runners), through `sudo -n`; otherwise isolation
 *   is impossible and the reason says so (the job summary shows it as a warning).
 * - `isolatedRunner`: wraps each argv; the child's environment stays exactly the spec's (setpriv
 *   keeps it; sudo is told to keep those variables and no others).
 * - `grantAccess`: the separate user must work in the workspace and attempt files. Those trees
 *   are made world-writable (`chmod -R a+rwX`) rather than given away (`chown`): they stay owned
 *   by the Action's user, so Foreman's own git calls there pass git's ownership check, and
 *   the agent still writes everything it needs. Each ancestor only gets `o+x` (traverse, not
 *   list): files next to them, such as a 0600 key under `RUNNER_TEMP`, stay unreadable.
 */



/** The unprivileged user agent and gates run as. */
const AGENT_USER = "foreman-agent";
/** Finds (and, where allowed, creates) the separate user; `{ mode: "none", reason }` where impossible. */
async function detectIsolation(opts = {}) {
    const user = opts.user ?? AGENT_USER;
    const uid = opts.uid ?? process.getuid?.() ?? -1;
    if (uid === 0) {
        if (!(await succeeds(["setpriv", "--version"])))
            return none(`setpriv is not installed on the runner, so Foreman cannot start children as ${user}`);
        return (await ensureUser([], user)) ?? none(`Foreman runs as root but could not create the user ${user} with useradd`);
    }
    if (uid >= 0 && (await succeeds(["sudo", "-n", "true"]))) {
        return (await ensureUser(["sudo", "-n"], user)) ?? none(`Foreman could not create the user ${user} with sudo useradd`);
    }
    return none(`Foreman runs as uid ${uid} without passwordless sudo`);
}
/** Runs every child as `how.user` (see the module header); with `mode: "none"`, `inner` as it is. */
function isolatedRunner(inner, how) {
    if (how.mode === "none")
        return inner;
    const root = process.getuid?.() === 0;
    return {
        run(spec) {
            return inner.run({ ...spec, argv: isolatedArgv(spec, how, root) });
        },
        stopOrphan(handle) {
            return inner.stopOrphan(handle);
        },
    };
}
/** The argv that starts `spec.argv` as `how.user`: setpriv as root, `sudo -n` otherwise. */
function isolatedArgv(spec, how, root) {
    if (root) {
        return ["setpriv", `--reuid=${how.uid}`, `--regid=${how.gid}`, "--init-groups", "--no-new-privs", "--", ...spec.argv];
    }
    const keep = Object.keys(spec.env).filter((k) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k));
    return ["sudo", "-n", "-u", how.user, ...(keep.length === 0 ? [] : [`--preserve-env=${keep.join(",")}`]), "--", ...spec.argv];
}
/**
 * Lets `how.user` write in `writable` (recursively) and traverse to it; a no-op without
 * isolation. `readable` trees (e.g. the object store the workspace clone borrows) get read
 * access only.
 */
async function grantAccess(how, dirs) {
    if (how.mode === "none")
        return;
    const sudo = process.getuid?.() === 0 ? [] : ["sudo", "-n"];
    for (const dir of dirs.writable)
        await run([...sudo, "chmod", "-R", "a+rwX", dir]);
    for (const dir of dirs.readable ?? [])
        await run([...sudo, "chmod", "-R", "a+rX", dir]);
    for (const dir of [...dirs.writable, ...(dirs.readable ?? [])])
        await traversable(external_node_path_default().resolve(dir));
}
/** Adds `o+x` to every ancestor of `dir` that lacks it (owned by us: we may chmod them). */
async function traversable(dir) {
    for (let d = external_node_path_default().dirname(dir);; d = external_node_path_default().dirname(d)) {
        const mode = (await (0,promises_.stat)(d)).mode;
        if ((mode & 0o001) === 0)
            await (0,promises_.chmod)(d, (mode & 0o7777) | 0o001);
        if (d === external_node_path_default().dirname(d))
            return;
    }
}
async function ensureUser(prefix, user) {
    if (!(await succeeds([...prefix, "id", "-u", user]))) {
        const created = await succeeds([...prefix, "useradd", "--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", user]);
        if (!created)
            return null;
    }
    const uid = Number((await (0,execa/* execa */.Ho)("id", ["-u", user], { reject: false })).stdout);
    const gid = Number((await (0,execa/* execa */.Ho)("id", ["-g", user], { reject: false })).stdout);
    if (!Number.isInteger(uid) || !Number.isInteger(gid) || uid <= 0)
        return null;
    return { mode: "user", user, uid, gid };
}
function none(why) {
    return {
        mode: "none",
        reason: `${why}: the agent and the gates run as the Action's own user and could read its environment (/proc/<pid>/environ) and files. ` +
            "Run Foreman on a runner with passwordless sudo (GitHub-hosted runners have it) or as root to separate them.",
    };
}
async function succeeds(argv) {
    const [file, ...args] = argv;
    if (file === undefined)
        return false;
    const r = await (0,execa/* execa */.Ho)(file, args, { reject: false, stdin: "ignore" });
    return r.exitCode === 0;
}
async function run(argv) {
    const [file, ...args] = argv;
    if (file === undefined)
        return;
    await (0,execa/* execa */.Ho)(file, args, { stdin: "ignore" });
}

// EXTERNAL MODULE: ./src/core/names.ts
var names = __webpack_require__(2483);
// EXTERNAL MODULE: ./src/core/session-id.ts
var session_id = __webpack_require__(1513);
// EXTERNAL MODULE: ./src/local/git.ts
var git = __webpack_require__(827);
// EXTERNAL MODULE: ./src/local/git-repository.ts
var git_repository = __webpack_require__(5764);
;// CONCATENATED MODULE: ./src/local/local-publisher.ts
/**
 * The `Publisher` port in local mode: the result becomes a commit on a local branch of the
 * user's repository. Nothing is pushed or opened.
 *
 * The commit is built with plumbing (`commit-tree` on the workspace's tree, parent = the
 * session's base, message on standard input) and the branch is moved with a compare-and-swap
 * `update-ref`, so the user's HEAD, index and working files are never touched. A branch
 * checked out in any worktree is refused, and so is an existing branch that Foreman did not
 * create for this session (recognised by the `Foreman-Session:` trailer of its tip): the user's
 * own branches are never overwritten.
 */






/** Staging or publishing was refused; branch on `code`. */
class PublishError extends errors/* ForemanError */.Vy {
    code;
    name = "PublishError";
    /** `conflict` when the repository holds something the request collides with; `usage` for a bad request. */
    kind;
    constructor(code, message, options) {
        super(message, options);
        this.code = code;
        this.kind = PUBLISH_CONFLICTS.includes(code) ? "conflict" : "usage";
    }
}
const PUBLISH_CONFLICTS = ["branch_checked_out", "branch_exists", "base_mismatch", "tree_mismatch", "foreign_workspace"];
/** Trailer that marks a commit as Foreman's work for one session (format and parse live in core/names). */

class LocalPublisher {
    repo;
    found;
    constructor(opts) {
        this.repo = opts.repo;
        if (opts.commonDir !== undefined)
            this.found = Promise.resolve(GitRepository.atCommonDir(opts.commonDir));
    }
    async preflight(req) {
        const ref = await this.validRef({ ...req, body: "" });
        // The two read-only questions about the branch (checked out anywhere? its tip?) asked at once.
        const [checked, current] = await Promise.allSettled([this.refuseCheckedOut(req.branch, ref), this.tip(ref)]);
        // A checked-out branch is reported first, as when the questions were asked one after the other.
        if (checked.status === "rejected")
            throw checked.reason;
        if (current.status === "rejected")
            throw current.reason;
        if (current.value !== null)
            this.checkOwned({ ...req, body: "" }, await this.commit(current.value));
    }
    async stage(req) {
        const ref = await this.check(req);
        const { hash: tree } = await req.workspace.diff();
        const type = await this.run(["cat-file", "-t", tree]).catch(nullOnGitError);
        if (type === null || type.stdout.trim() !== "tree") {
            throw new PublishError("foreign_workspace", `The workspace's tree ${tree} is not in the repository ${this.repo}. Stage a workspace of that repository.`);
        }
        const current = await this.tip(ref);
        if (current !== null) {
            const info = this.checkOwned(req, await this.commit(current));
            if (info.tree === tree && sameParents(info.parents, req.baseSha)) {
                return { branch: req.branch, sha: current };
            }
        }
        const message = commitMessage(req);
        const created = await this.run(["commit-tree", "--no-gpg-sign", tree, "-p", req.baseSha, "-F", "-"], {
            input: message,
        });
        const sha = created.stdout.trim();
        await this.run(["update-ref", "-m", `foreman: stage ${req.sessionId}`, ref, sha, current ?? ""]);
        return { branch: req.branch, sha };
    }
    async publish(req) {
        if (!isObjectId(req.sha)) {
            throw new PublishError("invalid_input", `Invalid sha '${req.sha}'. Expected the commit id (40 or 64 lowercase hex digits) returned by stage().`);
        }
        const ref = await this.check(req);
        const info = await this.commit(req.sha);
        if (info === null) {
            throw new PublishError("unknown_commit", `Commit ${req.sha} does not exist in ${this.repo}. Stage the session again to get a commit to publish.`);
        }
        if (!sameParents(info.parents, req.baseSha)) {
            throw new PublishError("base_mismatch", `Commit ${req.sha} does not have the session's base ${req.baseSha} as its only parent. Publish the commit stage() returned.`);
        }
        const { hash: tree } = await req.workspace.diff();
        if (info.tree !== tree) {
            throw new PublishError("tree_mismatch", `Commit ${req.sha} holds tree ${info.tree}, but the workspace now has ${tree}. Stage the workspace again before publishing.`);
        }
        const current = await this.tip(ref);
        if (current === req.sha)
            return { branch: req.branch, sha: req.sha };
        if (current !== null)
            this.checkOwned(req, await this.commit(current));
        await this.run(["update-ref", "-m", `foreman: publish ${req.sessionId}`, ref, req.sha, current ?? ""]);
        return { branch: req.branch, sha: req.sha };
    }
    /** Validates the request; returns the full ref name of the branch. */
    async check(req) {
        const ref = await this.validRef(req);
        await this.refuseCheckedOut(req.branch, ref);
        return ref;
    }
    /** The request's fields and branch name are valid: returns the full ref name of the branch. */
    async validRef(req) {
        const problem = sessionIdProblem(req.sessionId);
        if (problem !== null) {
            throw new PublishError("invalid_input", `Invalid sessionId ${JSON.stringify(req.sessionId)}: ${problem}. ${SESSION_ID_RULE}`);
        }
        if (req.title.trim() === "") {
            throw new PublishError("invalid_input", "Invalid title: it is empty. Pass the commit's subject line.");
        }
        if (!isObjectId(req.baseSha)) {
            throw new PublishError("invalid_input", `Invalid baseSha '${req.baseSha}'. Expected a commit id.`);
        }
        if (req.baseSha !== req.workspace.baseSha) {
            throw new PublishError("base_mismatch", `baseSha '${req.baseSha}' is not the workspace's base ${req.workspace.baseSha}. Pass the base the session started from.`);
        }
        return this.branchRef(req.branch);
    }
    /** Foreman never moves a branch checked out in a worktree of the repository. */
    async refuseCheckedOut(branch, ref) {
        if (await (await this.repository()).isCheckedOut(ref)) {
            throw new PublishError("branch_checked_out", `Branch '${branch}' is checked out in a worktree of ${this.repo}; Foreman never moves a checked-out branch. ` +
                "Choose another branch name, or switch that worktree to another branch.");
        }
    }
    branchRef(branch) {
        const invalid = () => new PublishError("invalid_branch", `Invalid branch '${branch}'. Expected a git branch name such as 'foreman/issue-12' (see git check-ref-format).`);
        // `@` alone is valid for git but means HEAD in revisions; `-…` would read as an option.
        if (branch === "" || branch === "HEAD" || branch === "@" || branch.startsWith("-") || /[\0-\x20\x7f]/.test(branch)) {
            throw invalid();
        }
        // git's own rules, in process (no git call on the way to the agent); a name that git would
        // expand (`@{-1}` and friends) is refused: only a name that stands for itself is accepted.
        if (!isValidBranchName(branch))
            throw invalid();
        return `refs/heads/${branch}`;
    }
    /** Refuses to move a branch whose tip is not Foreman's commit for this session. */
    checkOwned(req, tip) {
        if (tip === null || sessionOf(tip.message) !== req.sessionId) {
            throw new PublishError("branch_exists", `Branch '${req.branch}' already exists and is not Foreman's branch for session '${req.sessionId}'. ` +
                "Delete or rename it, or configure another branch name.");
        }
        return tip;
    }
    async tip(ref) {
        const out = await this.run(["rev-parse", "--verify", "--quiet", ref], { okExitCodes: [0, 1] });
        return out.exitCode === 0 ? out.stdout.trim() : null;
    }
    async commit(sha) {
        const type = await this.run(["cat-file", "-t", sha]).catch(nullOnGitError);
        if (type === null || type.stdout.trim() !== "commit")
            return null;
        const raw = (await this.run(["cat-file", "commit", sha])).stdout;
        const split = raw.indexOf("\n\n");
        const headers = (split === -1 ? raw : raw.slice(0, split)).split("\n");
        const message = split === -1 ? "" : raw.slice(split + 2);
        const value = (line, key) => (line.startsWith(`${key} `) ? line.slice(key.length + 1) : null);
        return {
            tree: headers.map((h) => value(h, "tree")).find((v) => v !== null) ?? "",
            parents: headers.map((h) => value(h, "parent")).filter((v) => v !== null),
            message,
        };
    }
    async run(args, opts = {}) {
        return (await this.repository()).run(args, opts);
    }
    repository() {
        this.found ??= GitRepository.discover(this.repo).catch((error) => {
            if (!(error instanceof NotAGitRepositoryError))
                throw error;
            throw new PublishError("not_a_repository", `Invalid repo '${this.repo}': not a git repository (or it does not exist). Pass the path of a git checkout.`, { cause: error });
        });
        const pending = this.found;
        pending.catch(() => {
            if (this.found === pending)
                this.found = undefined;
        });
        return pending;
    }
}
/** Subject (one line), blank line, body, blank line, `Foreman-Session:` trailer. */
function commitMessage(req) {
    const subject = req.title.replace(/\s*[\r\n]+\s*/g, " ").trim();
    const body = req.body.replace(/\r\n/g, "\n").trim();
    return `${subject}\n\n${body === "" ? "" : `${body}\n\n`}${(0,names/* formatSessionTrailer */.L$)(req.sessionId)}\n`;
}
/** The session named by the trailer in the last paragraph of a commit message, if any. */
function sessionOf(message) {
    return parseSessionTrailer(message);
}
function sameParents(parents, baseSha) {
    return parents.length === 1 && parents[0] === baseSha;
}
function nullOnGitError(error) {
    if (error instanceof GitError)
        return null;
    throw error;
}

// EXTERNAL MODULE: ./src/github/client.ts + 1 modules
var client = __webpack_require__(7590);
;// CONCATENATED MODULE: ./src/github/publisher.ts
/**
 * The `Publisher` port on GitHub: the result becomes a pushed branch and ONE draft pull request
 * that closes the issue; each attempt's tree is kept on a ref that outlives the runner.
 *
 * Commits are built as the local publisher builds them (`commit-tree` of the workspace's tree,
 * parent = the session's base, in the runner's checkout, whose object store the workspace writes
 * its trees to), so the agent's working copy, index and HEAD are never touched. Refs pushed:
 * - `refs/foreman/<session>/attempt-<n>` (`keep`): each finished attempt, and the work in
 *   progress of an interrupted one. The `refs/foreman/` namespace is not a branch or a tag, so
 *   no `push` workflow runs, and a run on a fresh runner fetches the tree back (`fetchKept`);
 * - `refs/foreman/<session>/staged` (`stage`): the commit that passed, while a person decides;
 *   a later run (another runner) publishes it after `/approve` without running the agent again;
 * - `refs/heads/foreman/<session>` (`publish`): the PR's head. Forced: a retry's commit sits on
 *   the base, not on the previous attempt's commit, and the branch is Foreman's alone.
 *
 * Every push and fetch gets the token through `pushEnv` (one process's environment), never in
 * argv, a URL or `.git/config`; every failure message is masked. The PR is opened first; when
 * GitHub says the branch has one already, it is found by its head (`GET /pulls?head=owner:branch&
 * state=open`) and updated in place: a retry, a resume or a second dispatch never opens a second one.
 */








/** Publishing on GitHub was refused or failed; branch on `code`. */
class GitHubPublishError extends errors/* ForemanError */.Vy {
    code;
    name = "GitHubPublishError";
    kind;
    constructor(code, message, options) {
        super(message, options);
        this.code = code;
        this.kind = code === "invalid_input" ? "usage" : code === "push_failed" ? "internal" : "conflict";
    }
}
/** What a person is told when the PR was opened with `github-token` (the job summary shows it). */
const NO_CI_WARNING = "The pull request was opened with github-token: GitHub starts no workflow for events caused by that token, so the repository's CI " +
    "will not run on it. Give the Action app-id and app-private-key to open pull requests as the App.";
/** The ref an attempt's tree is kept at: `refs/foreman/<session>/attempt-<n>`. */
function keptAttemptRef(sessionId, attempt) {
    return `refs/foreman/${sessionId}/attempt-${attempt}`;
}
/** The ref the commit waiting for approval is kept at: `refs/foreman/<session>/staged`. */
function stagedRef(sessionId) {
    return `refs/foreman/${sessionId}/staged`;
}
class GitHubPublisher {
    deps;
    /** Things a person should know about what was published (shown in the job summary). */
    warnings = [];
    constructor(deps) {
        this.deps = deps;
    }
    preflight(req) {
        return this.check(req);
    }
    async stage(req) {
        await this.check(req);
        const { hash: tree } = await req.workspace.diff();
        const sha = await this.commitTree(tree, req.baseSha, commitMessage(req));
        await this.push(sha, stagedRef(req.sessionId));
        return { branch: req.branch, sha };
    }
    async publish(req) {
        await this.check(req);
        if (!(0,git/* isObjectId */.TS)(req.sha)) {
            throw new GitHubPublishError("invalid_input", `Invalid sha '${req.sha}'. Expected the commit id (40 or 64 lowercase hex digits) returned by stage().`);
        }
        const info = (await this.commit(req.sha)) ?? (await this.fetchStaged(req.sessionId, req.sha));
        if (info.parents.length !== 1 || info.parents[0] !== req.baseSha) {
            throw new GitHubPublishError("base_mismatch", `Commit ${req.sha} does not have the session's base ${req.baseSha} as its only parent. Publish the commit stage() returned.`);
        }
        const { hash: tree } = await req.workspace.diff();
        if (info.tree !== tree) {
            throw new GitHubPublishError("tree_mismatch", `Commit ${req.sha} holds tree ${info.tree}, but the workspace now has ${tree}. Stage the workspace again before publishing.`);
        }
        await this.push(req.sha, `refs/heads/${req.branch}`);
        const pr = await this.pullRequest(req);
        if (this.deps.tokens.triggersWorkflows !== true && !this.warnings.includes(NO_CI_WARNING))
            this.warnings.push(NO_CI_WARNING);
        return { branch: req.branch, sha: req.sha, pullRequest: pr.number, url: pr.url };
    }
    async keep(req) {
        checkSessionId(req.sessionId);
        if (!Number.isInteger(req.attempt) || req.attempt < 1) {
            throw new GitHubPublishError("invalid_input", `Invalid attempt ${req.attempt}. Expected the attempt number (1, 2, …).`);
        }
        checkBase(req.baseSha, req.workspace.baseSha);
        const ref = keptAttemptRef(req.sessionId, req.attempt);
        const message = `Foreman: attempt ${req.attempt} of ${req.sessionId}\n\n${(0,names/* formatSessionTrailer */.L$)(req.sessionId)}\n`;
        const sha = await this.commitTree(req.hash, req.baseSha, message);
        await this.push(sha, ref);
        return { ref, sha };
    }
    /**
     * Fetches a kept ref (`keptAttemptRef`) from the remote into the checkout, so a run on a fresh
     * runner can put that tree back (`Workspace.restore(tree)`). Returns the commit and its tree.
     */
    async fetchKept(ref) {
        if (!/^refs\/foreman\/[^\s:]+\/(?:attempt-[1-9][0-9]*|staged)$/.test(ref)) {
            throw new GitHubPublishError("invalid_input", `Invalid kept ref '${ref}'. Expected refs/foreman/<session>/attempt-<n> as recorded in the state.`);
        }
        await this.remote(["fetch", "--no-tags", "--no-write-fetch-head", this.deps.remoteUrl, `+${ref}:${ref}`], `fetch ${ref}`);
        const sha = (await this.git(["rev-parse", "--verify", `${ref}^{commit}`])).stdout.trim();
        const tree = (await this.git(["rev-parse", "--verify", `${sha}^{tree}`])).stdout.trim();
        return { ref, sha, tree };
    }
    /**
     * Opens the draft PR; when GitHub answers 422 because the branch has an open PR already (a
     * retry, a resume, a second dispatch), that one is found and updated to the request's title and
     * body. Opening first costs one call for a new session (the common case) and three for a
     * session that has its PR (422, the lookup, the edit when something changed).
     */
    async pullRequest(req) {
        const body = withCloses(req.body, this.deps.issue);
        try {
            const created = await this.deps.client.request("POST /repos/{owner}/{repo}/pulls", {
                owner: this.deps.repo.owner,
                repo: this.deps.repo.repo,
                title: req.title,
                head: req.branch,
                base: this.deps.baseBranch,
                body,
                draft: this.deps.draft,
            });
            return { number: created.data.number, url: created.data.html_url };
        }
        catch (error) {
            // 422 "A pull request already exists for …": update that one instead.
            if (!(error instanceof dist_src/* RequestError */.G && error.status === 422))
                throw error;
            const existing = await this.openPullRequest(req.branch);
            if (existing === null)
                throw error;
            if (existing.title !== req.title || (existing.body ?? "") !== body) {
                await this.deps.client.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", {
                    owner: this.deps.repo.owner,
                    repo: this.deps.repo.repo,
                    pull_number: existing.number,
                    title: req.title,
                    body,
                });
            }
            return { number: existing.number, url: existing.html_url };
        }
    }
    async openPullRequest(branch) {
        const found = await this.deps.client.request("GET /repos/{owner}/{repo}/pulls", {
            owner: this.deps.repo.owner,
            repo: this.deps.repo.repo,
            head: `${this.deps.repo.owner}:${branch}`,
            state: "open",
        });
        return found.data[0] ?? null;
    }
    async check(req) {
        checkSessionId(req.sessionId);
        if (req.title.trim() === "")
            throw new GitHubPublishError("invalid_input", "Invalid title: it is empty. Pass the pull request's title.");
        checkBase(req.baseSha, req.workspace.baseSha);
        const invalid = new GitHubPublishError("invalid_input", `Invalid branch '${req.branch}'. Expected a git branch name such as 'foreman/issue-12' (see git check-ref-format).`);
        if (req.branch === "" || req.branch.startsWith("-") || /[\0-\x20\x7f]/.test(req.branch))
            throw invalid;
        const out = await this.git(["check-ref-format", "--branch", req.branch], { okExitCodes: [0, 1, 128] });
        if (out.exitCode !== 0 || out.stdout.trim() !== req.branch)
            throw invalid;
    }
    /** A commit of `tree` on `base` in the checkout's object store. */
    async commitTree(tree, base, message) {
        const type = await this.git(["cat-file", "-t", tree], { okExitCodes: [0, 1, 128] });
        if (type.exitCode !== 0 || type.stdout.trim() !== "tree") {
            throw new GitHubPublishError("foreign_workspace", `The workspace's tree ${tree} is not in the checkout ${this.deps.repoDir}. Create the workspace from that checkout.`);
        }
        return (await this.git(["commit-tree", "--no-gpg-sign", tree, "-p", base, "-F", "-"], { input: message })).stdout.trim();
    }
    async commit(sha) {
        const type = await this.git(["cat-file", "-t", sha], { okExitCodes: [0, 1, 128] });
        if (type.exitCode !== 0 || type.stdout.trim() !== "commit")
            return null;
        const raw = (await this.git(["cat-file", "commit", sha])).stdout;
        const headers = raw.slice(0, raw.indexOf("\n\n") === -1 ? raw.length : raw.indexOf("\n\n")).split("\n");
        return {
            tree: headers.find((h) => h.startsWith("tree "))?.slice(5) ?? "",
            parents: headers.filter((h) => h.startsWith("parent ")).map((h) => h.slice(7)),
        };
    }
    /** A commit this runner does not have: the one staged by an earlier run, fetched from the remote. */
    async fetchStaged(sessionId, sha) {
        const ref = stagedRef(sessionId);
        try {
            await this.remote(["fetch", "--no-tags", "--no-write-fetch-head", this.deps.remoteUrl, `+${ref}:${ref}`], `fetch ${ref}`);
        }
        catch (error) {
            if (!(error instanceof GitHubPublishError))
                throw error;
        }
        const info = await this.commit(sha);
        if (info === null) {
            throw new GitHubPublishError("unknown_commit", `Commit ${sha} is neither in the checkout nor at ${ref} on the remote. Run the session again (/retry) to stage a commit to publish.`);
        }
        return info;
    }
    async push(sha, ref) {
        await this.remote(["push", "--no-verify", "--porcelain", this.deps.remoteUrl, `+${sha}:${ref}`], `push to ${ref}`);
    }
    /** A git command that talks to the remote: the token only in its environment, failures masked. */
    async remote(args, what) {
        const token = await this.deps.tokens.token();
        try {
            return await this.git(args, { env: { ...pushEnv(token), GIT_ASKPASS: "/bin/false" } });
        }
        catch (error) {
            if (!(error instanceof git/* GitError */.XS))
                throw error;
            const detail = (0,client/* maskSecrets */.Q)(error.stderr, credentialForms(token));
            // No `cause`: git's own error could quote what it was given.
            throw new GitHubPublishError("push_failed", `git ${what} on ${(0,client/* maskSecrets */.Q)(this.deps.remoteUrl, credentialForms(token))} failed` +
                (error.exitCode === null ? "" : ` with exit code ${error.exitCode}`) +
                (detail ? `: ${detail}` : "") +
                ". Check that the token may push to the repository (contents: write) and that the ref is not protected.");
        }
    }
    git(args, opts = {}) {
        return (0,git/* git */.$Y)(args, { cwd: this.deps.repoDir, ...opts });
    }
}
/** The body with `Closes #<issue>.` first, added when the body does not say it yet. */
function withCloses(body, issue) {
    return new RegExp(`(^|\\n)Closes #${issue}\\b`).test(body) ? body : `Closes #${issue}.\n\n${body}`;
}
function checkSessionId(sessionId) {
    const problem = (0,session_id/* sessionIdProblem */.Pt)(sessionId);
    if (problem !== null)
        throw new GitHubPublishError("invalid_input", `Invalid sessionId ${JSON.stringify(sessionId)}: ${problem}. ${session_id/* SESSION_ID_RULE */.WC}`);
}
function checkBase(baseSha, workspaceBase) {
    if (!(0,git/* isObjectId */.TS)(baseSha))
        throw new GitHubPublishError("invalid_input", `Invalid baseSha '${baseSha}'. Expected a commit id.`);
    if (baseSha !== workspaceBase) {
        throw new GitHubPublishError("base_mismatch", `baseSha '${baseSha}' is not the workspace's base ${workspaceBase}. Pass the base the session started from.`);
    }
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
// EXTERNAL MODULE: ./node_modules/execa/lib/return/final-error.js
var final_error = __webpack_require__(6935);
// EXTERNAL MODULE: ./src/local/error-details.ts
var error_details = __webpack_require__(9042);
// EXTERNAL MODULE: ./src/local/lean-spawn.ts
var lean_spawn = __webpack_require__(3797);
;// CONCATENATED MODULE: ./src/local/sandbox.ts
/**
 * The optional OS sandbox of the agent and the gates (config `sandbox: auto | required | off`),
 * on bubblewrap (`bwrap`): the whole filesystem read-only but for their working copy, the
 * attempt's files and a private temp directory; `/dev` and `/proc` fresh; their own PID
 * namespace, so nothing they start (a `setsid` daemon included) outlives the command, and
 * `--die-with-parent`, so nothing outlives Foreman either. The network is shared (agents need
 * their model's API) and HOME stays readable (their credentials and settings).
 *
 * Deciding (`resolveSandbox`) happens before a session or any cost exists; wrapping
 * (`bwrapArgv`) is a pure function the process runner applies to every command.
 */





/** The bwrap command line that runs `argv` in the sandbox: the argv is passed through as separate words, never a shell string. */
function bwrapArgv(input) {
    for (const [what, dir] of [["cwd", input.cwd], ["tmpDir", input.tmpDir], ...input.writable.map((w) => ["writable", w])]) {
        if (!external_node_path_default().isAbsolute(dir))
            throw new errors/* InvalidArgumentError */.Di(what, `sandbox ${what} must be an absolute path, got "${dir}".`);
    }
    if (input.argv.length === 0)
        throw new errors/* InvalidArgumentError */.Di("argv", "sandbox argv is empty: expected the command followed by its arguments.");
    if (!Number.isSafeInteger(input.blockFd) || input.blockFd < 3) {
        throw new errors/* InvalidArgumentError */.Di("blockFd", `sandbox blockFd must be a file descriptor >= 3, got ${input.blockFd}.`);
    }
    return [
        input.bwrap,
        // Read-only first; the writable binds are mounted over it, in order.
        "--ro-bind",
        "/",
        "/",
        "--dev",
        "/dev",
        "--proc",
        "/proc",
        ...[...input.writable, input.tmpDir].flatMap((dir) => ["--bind", dir, dir]),
        "--setenv",
        "TMPDIR",
        input.tmpDir,
        "--unshare-pid",
        "--die-with-parent",
        "--block-fd",
        String(input.blockFd),
        "--chdir",
        input.cwd,
        "--",
        ...input.argv,
    ];
}
/**
 * Finds `bwrap` on the host's PATH and checks that it can really build the sandbox here (user
 * namespaces may be disabled, e.g. in some containers): a present but failing bwrap is "not available".
 */
const probeBwrap = async (hostEnv) => {
    const bwrap = await findExecutable("bwrap", hostEnv["PATH"]);
    if (bwrap === null)
        return { available: false, reason: "bwrap is not on PATH" };
    // A bare spawn (no execa): the probe runs while `foreman run` is on its way to the agent.
    const tried = await spawnCollect(bwrap, ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--unshare-pid", "--die-with-parent", "true"], {
        cwd: process.cwd(),
        env: {},
        timeoutMs: 10_000,
    });
    if (tried.exitCode === 0)
        return { available: true, bwrap };
    const detail = tried.stderr.trim().split("\n")[0] ?? "";
    return { available: false, reason: `${bwrap} does not work here${detail ? ` (${detail})` : ""}` };
};
/** `sandbox: required` where no working bwrap is: refused before a session or any cost exists. */
class SandboxUnavailableError extends errors/* ForemanError */.Vy {
    reason;
    name = "SandboxUnavailableError";
    kind = "usage";
    constructor(reason) {
        super(`The configuration says "sandbox: required", but the bubblewrap sandbox cannot be used here: ${reason}. ` +
            `Install bubblewrap (e.g. "apt-get install bubblewrap"), or set "sandbox: auto" (or "off") in .github/foreman.yml.`);
        this.reason = reason;
    }
}
/**
 * The bwrap to run commands with, or null to run them directly. `auto` without a working bwrap
 * says so in one notice; `required` throws {@link SandboxUnavailableError}; `off` never probes.
 */
async function resolveSandbox(mode, options) {
    if (mode === "off")
        return null;
    const probed = await (options.probe ?? probeBwrap)(options.hostEnv);
    if (probed.available)
        return probed.bwrap;
    if (mode === "required")
        throw new SandboxUnavailableError(probed.reason);
    options.onNotice(`No sandbox: ${probed.reason}; the agent and the gates run unsandboxed (install bubblewrap, or set "sandbox: off" to silence this).`);
    return null;
}
/** The first executable `name` on `pathVar`, as execvp would find it; null when there is none. */
async function findExecutable(name, pathVar) {
    for (const dir of (pathVar ?? "").split(path.delimiter)) {
        if (!path.isAbsolute(dir))
            continue;
        const candidate = path.join(dir, name);
        try {
            if ((await stat(candidate)).isFile()) {
                await access(candidate, constants.X_OK);
                return candidate;
            }
        }
        catch {
            // not here
        }
    }
    return null;
}

;// CONCATENATED MODULE: ./src/local/process-runner.ts
/**
 * `ProcessRunner` on execa: runs an argv without a shell, in exactly the environment given,
 * as the leader of its own process group, and kills the whole group on timeout or abort.
 *
 * - Output: the last `maxOutputBytes` of stdout and of stderr are kept (older bytes are
 *   dropped as they arrive, never buffered); when bytes were dropped the text starts with a
 *   one-line marker `[foreman: N earlier bytes of output dropped]`.
 * - Stopping: SIGTERM to the process group, SIGKILL to the group after `killGraceMs` if any
 *   member is still running. When the leader exits by itself, members of its group still
 *   running (background jobs, daemons) are stopped the same way: nothing outlives a run.
 *   A process that leaves the group on purpose (`setsid`) escapes; if it keeps the output
 *   pipes open, they are closed `killGraceMs` after the group is gone so `run` still returns.
 * - A command that cannot be started (not found, not executable) is a result with
 *   `exitCode: null` and the reason in `stderr`, not an exception. Caller mistakes (empty argv,
 *   missing `cwd` or `stdinFile`) throw.
 * - Recorded before it works: the child is held at its first instruction until `onStart` has
 *   settled, so a Foreman killed between the spawn and the ledger entry leaves nothing running
 *   that the ledger does not name. Without a sandbox a fixed `/bin/sh` launcher waits on a pipe
 *   and then `exec`s the argv unchanged (passed as positional words, never as shell text); in
 *   the sandbox bwrap waits (`--block-fd`). A failing `onStart` does not stop the work.
 * - Sandbox (`options.sandbox`, see `sandbox.ts`): each command runs in bubblewrap with a private
 *   temp directory that is removed afterwards; nothing it starts outlives it.
 *
 * POSIX only (process groups). Foreman itself exiting does not stop the group (it is detached):
 * the caller aborts `spec.signal` on SIGINT / SIGTERM.
 */









const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
const DEFAULT_KILL_GRACE_MS = 2000;
class ExecaProcessRunner {
    #maxOutputBytes;
    #killGraceMs;
    #now;
    #sandbox;
    /** Every command runs in bubblewrap (`options.sandbox`). */
    sandboxed;
    constructor(options = {}) {
        this.#maxOutputBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
        this.#sandbox = options.sandbox && { tempRoot: (0,external_node_os_.tmpdir)(), ...options.sandbox };
        this.sandboxed = this.#sandbox !== undefined;
        this.#killGraceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
        this.#now = options.now ?? (() => external_node_perf_hooks_.performance.now());
        if (!Number.isInteger(this.#maxOutputBytes) || this.#maxOutputBytes < 0) {
            throw new errors/* InvalidArgumentError */.Di("maxOutputBytes", `maxOutputBytes must be an integer >= 0, got ${this.#maxOutputBytes}.`);
        }
        if (!Number.isFinite(this.#killGraceMs) || this.#killGraceMs < 0) {
            throw new errors/* InvalidArgumentError */.Di("killGraceMs", `killGraceMs must be a number >= 0, got ${this.#killGraceMs}.`);
        }
    }
    async run(spec) {
        const [command] = spec.argv;
        if (command === undefined || command === "") {
            throw new errors/* InvalidArgumentError */.Di("argv", "ProcessSpec.argv is empty: expected the command followed by its arguments.");
        }
        if (!Number.isFinite(spec.timeoutMs) || spec.timeoutMs <= 0) {
            throw new errors/* InvalidArgumentError */.Di("timeoutMs", `ProcessSpec.timeoutMs must be a positive number, got ${spec.timeoutMs}.`);
        }
        if (spec.idleTimeoutMs !== undefined && !(Number.isFinite(spec.idleTimeoutMs) && spec.idleTimeoutMs > 0)) {
            throw new errors/* InvalidArgumentError */.Di("idleTimeoutMs", `ProcessSpec.idleTimeoutMs must be a positive number, got ${spec.idleTimeoutMs}.`);
        }
        await checkDirectory(spec.cwd);
        if (spec.stdinFile !== undefined)
            await checkReadable(spec.stdinFile);
        const started = this.#now();
        const elapsed = () => Math.max(0, Math.round(this.#now() - started));
        if (spec.signal?.aborted) {
            return { exitCode: null, signal: null, timedOut: false, aborted: true, stdout: "", stderr: "", durationMs: 0 };
        }
        // The launcher or bwrap starts even when the command cannot: find out first, as execvp would.
        const missing = await unstartable(command, spec.cwd, spec.env["PATH"]);
        if (missing !== null) {
            return {
                exitCode: null,
                signal: null,
                timedOut: false,
                aborted: false,
                stdout: "",
                stderr: describeStartError(command, missing),
                durationMs: elapsed(),
            };
        }
        const tmpDir = this.#sandbox && (await (0,promises_.mkdtemp)(external_node_path_default().join(this.#sandbox.tempRoot, "foreman-sandbox-")));
        try {
            const launch = this.#sandbox && tmpDir !== undefined
                ? bwrapArgv({
                    ...this.#sandbox,
                    argv: spec.argv,
                    cwd: spec.cwd,
                    writable: await existing(this.#sandbox.writable),
                    tmpDir,
                    blockFd: HOLD_FD,
                })
                : launcherArgv(spec.argv, spec.env);
            return await this.#spawn(spec, launch, elapsed);
        }
        finally {
            // A failing cleanup must not hide the command's result or its real failure.
            if (tmpDir !== undefined)
                await (0,promises_.rm)(tmpDir, { recursive: true, force: true }).catch(() => undefined);
        }
    }
    async #spawn(spec, launch, elapsed) {
        const [file, ...args] = launch;
        const stdout = new TailBuffer(this.#maxOutputBytes);
        const stderr = new TailBuffer(this.#maxOutputBytes);
        const subprocess = (0,execa/* execa */.Ho)(file, args, {
            shell: false,
            extendEnv: false,
            env: { ...spec.env },
            cwd: spec.cwd,
            // fd 3 holds the child until it is recorded (see the class comment).
            stdio: [spec.stdinFile === undefined ? "ignore" : { file: spec.stdinFile }, "pipe", "pipe", "pipe"],
            detached: true,
            buffer: false,
            reject: true,
            cleanup: false,
        });
        const onOutput = spec.onOutput;
        const tell = (stream, chunk) => {
            if (onOutput === undefined)
                return;
            try {
                onOutput(stream, typeof chunk === "string" ? chunk : chunk.toString("utf8"));
            }
            catch {
                // Progress is a view: a failing listener never disturbs the child or its record.
            }
        };
        // A child that prints nothing for idleTimeoutMs is stopped as stalled; any output restarts the count.
        let idle = false;
        const idleTimer = spec.idleTimeoutMs === undefined
            ? undefined
            : setTimeout(() => {
                idle = true;
                void stopGroup();
            }, spec.idleTimeoutMs);
        const heard = () => {
            if (!idle)
                idleTimer?.refresh();
        };
        subprocess.stdout?.on("data", (chunk) => {
            heard();
            stdout.push(chunk);
            tell("stdout", chunk);
        });
        subprocess.stderr?.on("data", (chunk) => {
            heard();
            stderr.push(chunk);
            tell("stderr", chunk);
        });
        const pgid = subprocess.pid;
        // Recorded while the child runs; a failure to record does not stop the work.
        const onStart = spec.onStart;
        const recorded = (pgid === undefined || onStart === undefined
            ? Promise.resolve()
            : processHandle(pgid)
                .then((handle) => onStart(handle))
                .catch(() => undefined)).then(() => release(subprocess.stdio[HOLD_FD]));
        let timedOut = false;
        let aborted = false;
        let stopping;
        const stopGroup = () => {
            if (pgid === undefined)
                return Promise.resolve();
            return (stopping ??= terminateGroup(pgid, this.#killGraceMs));
        };
        const timer = setTimeout(() => {
            if (!idle)
                timedOut = true;
            clearTimeout(idleTimer);
            void stopGroup();
        }, spec.timeoutMs);
        const onAbort = () => {
            aborted = true;
            void stopGroup();
        };
        spec.signal?.addEventListener("abort", onAbort, { once: true });
        let pipeCloser;
        subprocess.once("exit", () => {
            clearTimeout(timer);
            clearTimeout(idleTimer);
            spec.signal?.removeEventListener("abort", onAbort);
            // Stragglers of the group die with the leader; escaped ones may not hold our pipes forever.
            void stopGroup().then(() => {
                pipeCloser = setTimeout(() => {
                    subprocess.stdout?.destroy();
                    subprocess.stderr?.destroy();
                }, this.#killGraceMs);
            });
        });
        let exitCode;
        let signal;
        let startError = null;
        try {
            const result = await subprocess;
            exitCode = result.exitCode ?? null;
            signal = result.signal ?? null;
        }
        catch (error) {
            if (!(error instanceof final_error/* ExecaError */.vy))
                throw error;
            exitCode = error.exitCode ?? null;
            signal = error.signal ?? null;
            if (pgid === undefined || (exitCode === null && signal === null && error.code !== undefined)) {
                startError = describeStartError(file, error.code);
            }
        }
        finally {
            clearTimeout(timer);
            clearTimeout(idleTimer);
            spec.signal?.removeEventListener("abort", onAbort);
        }
        await stopping;
        await recorded;
        clearTimeout(pipeCloser);
        const durationMs = elapsed();
        return {
            exitCode,
            signal,
            timedOut,
            aborted,
            ...(idle && !aborted ? { idle: true } : {}),
            stdout: stdout.text(),
            stderr: startError === null ? stderr.text() : startError,
            durationMs,
        };
    }
    async stopOrphan(handle) {
        const parsed = parseHandle(handle);
        if (parsed === null || parsed.hostname !== (0,external_node_os_.hostname)())
            return false;
        // Linux never gives a new process an id still in use as a process group, so a live group
        // with this id is ours unless its leader is a different process (a reused pid).
        const leaderStart = await processStartTime(parsed.pgid);
        if (leaderStart !== null && leaderStart !== parsed.startTime)
            return false;
        if (!(await groupRunning(parsed.pgid)))
            return false;
        await terminateGroup(parsed.pgid, this.#killGraceMs);
        return true;
    }
}
/** The child's file descriptor that holds it until it is recorded. */
const HOLD_FD = 3;
/**
 * Waits for a line on fd 3, closes it, and runs the argv unchanged (`$@`). `keep` restores a PWD
 * that was given and `drop` removes the one sh exports itself, so the command's environment is
 * exactly the one given. No line (Foreman died before recording it): the command never runs.
 */
const LAUNCHER_SCRIPT = `IFS= read -r go <&${HOLD_FD} || exit 125
exec ${HOLD_FD}<&-
if [ "$1" = keep ]; then PWD=$2; else unset PWD; fi
shift 2
exec "$@"`;
/** The fixed launcher's argv: the command's words follow as positional parameters, never as shell text. */
function launcherArgv(argv, env) {
    const pwd = env["PWD"];
    return ["/bin/sh", "-c", LAUNCHER_SCRIPT, "foreman-launch", pwd === undefined ? "drop" : "keep", pwd ?? "", ...argv];
}
/** Lets the held child go (a line on its hold pipe); a child already gone is fine. */
function release(stream) {
    if (!isWritable(stream))
        return;
    stream.on("error", () => undefined);
    stream.end("go\n");
}
function isWritable(stream) {
    return typeof stream === "object" && stream !== null && "end" in stream && typeof stream.end === "function";
}
/** Why `command` could not be executed from `cwd` with this PATH (execvp's search), or null when it can. */
async function unstartable(command, cwd, pathVar) {
    const candidates = command.includes("/")
        ? [external_node_path_default().resolve(cwd, command)]
        : (pathVar ?? "/bin:/usr/bin").split(":").map((dir) => external_node_path_default().resolve(cwd, dir === "" ? "." : dir, command));
    let denied = false;
    for (const candidate of candidates) {
        try {
            const info = await (0,promises_.stat)(candidate);
            await (0,promises_.access)(candidate, external_node_fs_.constants.X_OK);
            if (info.isFile())
                return null;
            denied = true;
        }
        catch (error) {
            if ((0,error_details/* errnoCode */.UK)(error) === "EACCES")
                denied = true;
        }
    }
    return denied ? "EACCES" : "ENOENT";
}
/** The directories of `dirs` that exist now. */
async function existing(dirs) {
    const found = await Promise.all(dirs.map((dir) => (0,promises_.stat)(dir).then((s) => s.isDirectory(), () => false)));
    return dirs.filter((_, i) => found[i]);
}
/** `<hostname>:<pgid>:<start time in clock ticks since boot>` (start time empty where /proc is missing). */
async function processHandle(pid) {
    return `${(0,external_node_os_.hostname)()}:${pid}:${(await processStartTime(pid)) ?? ""}`;
}
function parseHandle(handle) {
    const m = /^(.+):(\d+):(\d*)$/.exec(handle);
    if (!m)
        return null;
    const pgid = Number(m[2]);
    // Without a start time the group cannot be told from a reused id: leave it alone.
    if (!Number.isSafeInteger(pgid) || pgid <= 1 || m[3] === "")
        return null;
    return { hostname: m[1], pgid, startTime: m[3] };
}
/** Field 22 of /proc/<pid>/stat, or null when the process (or /proc) is not there. */
async function processStartTime(pid) {
    try {
        const text = await (0,promises_.readFile)(`/proc/${pid}/stat`, "utf8");
        return text.slice(text.lastIndexOf(")") + 2).split(" ")[19] ?? null;
    }
    catch {
        return null;
    }
}
function describeStartError(command, code) {
    switch (code) {
        case "ENOENT":
            return `command not found: ${command}`;
        case "EACCES":
            return `permission denied: ${command} is not executable`;
        default:
            return `could not start ${command}: ${code ?? "unknown error"}`;
    }
}
/** SIGTERM to the group; SIGKILL after `graceMs` if a member still runs; resolves once none runs (bounded). */
async function terminateGroup(pgid, graceMs) {
    if (!signalGroup(pgid, "SIGTERM"))
        return;
    if (await waitUntilGone(pgid, graceMs))
        return;
    if (!signalGroup(pgid, "SIGKILL"))
        return;
    await waitUntilGone(pgid, 1000);
}
/**
 * False when the group no longer exists (ESRCH) or cannot be signalled at all (EPERM: every
 * member left runs as another user); never throws, so stopping never rejects.
 */
function signalGroup(pgid, signal) {
    try {
        process.kill(-pgid, signal);
        return true;
    }
    catch {
        return false;
    }
}
async function waitUntilGone(pgid, ms) {
    const deadline = external_node_perf_hooks_.performance.now() + ms;
    for (;;) {
        if (!(await groupRunning(pgid)))
            return true;
        const left = deadline - external_node_perf_hooks_.performance.now();
        if (left <= 0)
            return false;
        await new Promise((resolve) => setTimeout(resolve, Math.min(25, left)));
    }
}
/**
 * True while a member of the group is running. Zombies (exited, not yet reaped, e.g. orphans in
 * a container whose init does not reap) do not count; they are looked up in /proc where it exists.
 */
async function groupRunning(pgid) {
    if (!signalGroup(pgid, 0))
        return false;
    let entries;
    try {
        entries = await (0,promises_.readdir)("/proc");
    }
    catch {
        return true;
    }
    const states = await Promise.all(entries.filter((entry) => /^\d+$/.test(entry)).map((entry) => (0,promises_.readFile)(`/proc/${entry}/stat`, "utf8").catch(() => "")));
    return states.some((text) => {
        // pid (comm) state ppid pgrp …; comm may contain spaces and parentheses.
        const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
        return text !== "" && Number(fields[2]) === pgid && fields[0] !== "Z" && fields[0] !== "X";
    });
}
/** Keeps the last `max` bytes pushed into it. */
class TailBuffer {
    #max;
    #chunks = [];
    #size = 0;
    #dropped = 0;
    constructor(max) {
        this.#max = max;
    }
    push(chunk) {
        const buffer = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
        this.#chunks.push(buffer);
        this.#size += buffer.length;
        while (this.#size > this.#max) {
            const first = this.#chunks[0];
            if (first === undefined)
                break;
            const excess = this.#size - this.#max;
            if (first.length <= excess) {
                this.#chunks.shift();
                this.#size -= first.length;
                this.#dropped += first.length;
            }
            else {
                this.#chunks[0] = first.subarray(excess);
                this.#size -= excess;
                this.#dropped += excess;
            }
        }
    }
    text() {
        let bytes = Buffer.concat(this.#chunks);
        if (this.#dropped === 0)
            return bytes.toString("utf8");
        // Do not start in the middle of a UTF-8 character.
        let skip = 0;
        while (skip < 3 && skip < bytes.length && ((bytes[skip] ?? 0) & 0xc0) === 0x80)
            skip++;
        bytes = bytes.subarray(skip);
        return `[foreman: ${this.#dropped + skip} earlier bytes of output dropped]\n${bytes.toString("utf8")}`;
    }
}
async function checkDirectory(dir) {
    let isDirectory;
    try {
        isDirectory = (await (0,promises_.stat)(dir)).isDirectory();
    }
    catch (error) {
        throw new errors/* InvalidArgumentError */.Di("cwd", `ProcessSpec.cwd '${dir}' does not exist (${(0,error_details/* errnoCode */.UK)(error) ?? "unreadable"}).`, { cause: error });
    }
    if (!isDirectory)
        throw new errors/* InvalidArgumentError */.Di("cwd", `ProcessSpec.cwd '${dir}' is not a directory.`);
}
async function checkReadable(file) {
    try {
        await (0,promises_.access)(file, external_node_fs_.constants.R_OK);
    }
    catch (error) {
        throw new errors/* InvalidArgumentError */.Di("stdinFile", `ProcessSpec.stdinFile '${file}' cannot be read (${(0,error_details/* errnoCode */.UK)(error) ?? "error"}).`, {
            cause: error,
        });
    }
}

// EXTERNAL MODULE: ./src/local/sleep.ts
var sleep = __webpack_require__(9260);
;// CONCATENATED MODULE: ./src/action/wiring.ts
/**
 * The real adapters of one Action run, built from the settings: the signing key (from the App's
 * private key, or the state key), the token that writes (an installation token minted from the
 * App, refreshed before it expires; else `github-token`), the session's comment store, attempt
 * ledger, command replay and check run (one listing of the issue's comments shared by them),
 * the cancel watcher (the replay's rules, its own conditional listings), the daily ledger, the publisher (pushes with a credential given to that push only) and the
 * process runner of agent and gates, run as a separate user where the runner allows it.
 */


















/** The key that signs state, ledgers and replies: derived from the App's key, else the state key. */
function signingKeyOf(settings) {
    return deriveSigningKey(settings.app !== undefined ? { appPrivateKey: settings.app.privateKey } : { stateKey: settings.stateKey ?? "" });
}
/** GitHub folds triage into read and maintain into write in the permission the replay reads. */
function folded(level) {
    switch (level) {
        case null:
            return "none";
        case "read":
        case "triage":
            return "read";
        case "write":
        case "maintain":
            return "write";
        case "admin":
            return "admin";
    }
}
async function productionAdapters(ctx) {
    const { settings, config, writer } = ctx;
    const key = signingKeyOf(settings);
    const trustedAuthors = [...config.bots.trusted_state_authors, ...settings.trustedBots];
    const repo = settings.repo;
    const warnings = [];
    if (!(0,external_node_fs_.existsSync)(external_node_path_default().join(settings.workspace, ".git")))
        throw new NoCheckoutError(settings.workspace);
    const isolation = await detectIsolation();
    if (isolation.mode === "none")
        warnings.push(`The agent and the gates ran as the runner's own user: ${isolation.reason}`);
    else
        await grantAccess(isolation, { writable: [settings.runnerTemp], readable: [external_node_path_default().join(settings.workspace, ".git")] });
    const remoteUrl = await remoteUrlOf(settings);
    const firstToken = await ctx.tokens.token();
    const forIssue = (issue) => {
        const comments = new IssueComments(writer, repo, issue);
        const common = { client: writer, repo, issue, key, trustedAuthors, comments, onIgnored: ctx.onIgnored };
        const store = new CommentStateStore(common);
        const ledger = new CommentLedger(common);
        // One rule set for the replay and the cancel watcher.
        const rules = {
            client: writer,
            repo,
            issue,
            key,
            botAllowlist: config.bots.command_authors,
            trustedAuthors,
            minimumPermission: (c) => folded(requiredPermission(c, config.permissions)),
        };
        return {
            store,
            ledger,
            publisher: new GitHubPublisher({
                client: writer,
                repo,
                issue,
                repoDir: settings.workspace,
                remoteUrl,
                tokens: ctx.tokens,
                baseBranch: settings.baseBranch,
                draft: true,
            }),
            replay: (since, pullRequest) => replayCommands({ ...rules, comments }, since, pullRequest),
            watchForCancel: (from) => watchForCancel({
                ...rules,
                ...from,
                ...(settings.runId === undefined ? {} : { runId: settings.runId }),
                intervalMs: settings.cancelPollMs,
                sleep: sleep/* sleep */.y,
                stopRun: ctx.stopRun,
                log: ctx.log,
            }),
            checkRun: new CheckRunReporter({
                client: writer,
                repo,
                ...(settings.runId === undefined ? {} : { detailsUrl: `${settings.serverUrl}/${repo.owner}/${repo.repo}/actions/runs/${settings.runId}` }),
            }),
            flush: async () => {
                await store.flush();
                await ledger.flush();
            },
        };
    };
    return {
        forIssue,
        dailyBudget: new DailyLedger({ client: writer, repo, key, trustedAuthors, now: ctx.now, onIgnored: ctx.onIgnored }),
        runner: isolatedRunner(new ExecaProcessRunner(), isolation),
        fetchEnv: pushEnv(firstToken),
        // The working copy is made after wiring, private to Foreman's user: open it to the agent's.
        prepareWorkspace: (dir) => grantAccess(isolation, { writable: [dir] }),
        warnings,
    };
}
/**
 * Where pushes and fetches of kept work go: the checkout's `origin` (what `actions/checkout`
 * cloned, `https://github.com/<o>/<r>` without credentials on a runner; the bare repository a
 * test stands up), so kept refs are fetched back from the place they were pushed to. A checkout
 * without `origin`: the repository's URL on the server.
 */
async function remoteUrlOf(settings) {
    const got = await (0,git/* git */.$Y)(["remote", "get-url", "origin"], { cwd: settings.workspace, okExitCodes: [0, 2, 128] });
    const url = got.exitCode === 0 ? got.stdout.trim() : "";
    return url !== "" ? url : `${settings.serverUrl.replace(/\/$/, "")}/${settings.repo.owner}/${settings.repo.repo}.git`;
}
/** GITHUB_WORKSPACE holds no git checkout: the agent's clone and the pushes need one. */
class NoCheckoutError extends errors/* ForemanError */.Vy {
    workspace;
    name = "NoCheckoutError";
    kind = "usage";
    constructor(workspace) {
        super(`GITHUB_WORKSPACE '${workspace}' is not a git checkout. Add \`- uses: actions/checkout@v4\` with \`persist-credentials: false\` (and \`fetch-depth: 0\`) before the Foreman step.`);
        this.workspace = workspace;
    }
}


/***/ }),

/***/ 9042:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   UK: () => (/* binding */ errnoCode)
/* harmony export */ });
/* unused harmony exports errorMessage, formatIssues, FileSystemError, fileOp, asFileSystemError, SymlinkRefusedError */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/** Small helpers that turn caught errors into the facts and words the local adapters report. */



/** The `code` of a Node system error (`ENOENT`, `EEXIST` …), if any. */
function errnoCode(error) {
    if (error instanceof Error && "code" in error && typeof error.code === "string")
        return error.code;
    return undefined;
}
function errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}
/** The first few problems of a zod error, each with the path it concerns (the core's one wording). */
function formatIssues(error) {
    return formatZodIssues(error.issues);
}
/**
 * A file operation on Foreman's own files failed (full disk, read-only or unwritable directory,
 * a file where a directory belongs). Not a bug and not a damaged file: the machine needs a fix
 * the message names, so the CLI reports it in one line, without a stack (`kind` `internal`:
 * exit 1, like any failure that asking differently cannot fix). `code` stays the system's, so
 * {@link errnoCode} reads it as it reads the original error.
 */
class FileSystemError extends _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ForemanError */ .Vy {
    operation;
    filePath;
    code;
    name = "FileSystemError";
    kind = "internal";
    constructor(
    /** What Foreman was doing: `write`, `create the directory` … */
    operation, 
    /** Absolute path of the file or directory concerned. */
    filePath, 
    /** The system error code (`ENOSPC`, `EACCES`, `EROFS` …). */
    code, options) {
        const { what, fix } = explain(code, filePath);
        super(`Cannot ${operation} ${filePath}: ${what} (${code}). ${fix}`, options);
        this.operation = operation;
        this.filePath = filePath;
        this.code = code;
    }
}
function explain(code, filePath) {
    const dir = node_path__WEBPACK_IMPORTED_MODULE_0___default().dirname(filePath);
    const again = "then run the command again (an interrupted session continues with `foreman resume`).";
    switch (code) {
        case "ENOSPC":
            return { what: "no space left on the device", fix: `Free some space on the file system that holds ${dir}, ${again}` };
        case "EDQUOT":
            return { what: "the disk quota is used up", fix: `Free some space or raise the quota for ${dir}, ${again}` };
        case "EACCES":
        case "EPERM":
            return { what: "permission denied", fix: `Make ${dir} writable for this user (chmod u+w), or run Foreman as its owner, ${again}` };
        case "EROFS":
            return {
                what: "the file system is read-only",
                fix: `Foreman keeps its state in the repository's git directory: run it on a writable checkout, or remount ${dir} read-write.`,
            };
        case "ENOTDIR":
            return { what: "a file stands where a directory is expected", fix: `Move the file in the way on ${filePath} aside, ${again}` };
        case "EISDIR":
            return { what: "a directory stands where a file is expected", fix: `Move the directory ${filePath} aside, ${again}` };
        case "EMFILE":
        case "ENFILE":
            return { what: "too many open files", fix: `Close other programs or raise the limit (ulimit -n), ${again}` };
        case "EIO":
            return { what: "an input/output error of the device", fix: `Check the disk that holds ${dir}, ${again}` };
        default:
            return { what: "the system refused it", fix: `Check the path, its permissions and the free space, ${again}` };
    }
}
/**
 * Runs a file operation and reports a system error as a {@link FileSystemError} naming `filePath`.
 * Errors that are not system errors (a ForemanError, a bug) pass through unchanged.
 */
async function fileOp(operation, filePath, work) {
    try {
        return await work();
    }
    catch (error) {
        throw asFileSystemError(error, operation, filePath);
    }
}
/** `error` as a {@link FileSystemError} when it is a system error; otherwise unchanged. */
function asFileSystemError(error, operation, filePath) {
    if (error instanceof ForemanError)
        return error;
    const code = errnoCode(error);
    return code === undefined ? error : new FileSystemError(operation, filePath, code, { cause: error });
}
/**
 * A file Foreman keeps (a session folder, `state.json`, a lock, the ledger) is a symbolic link.
 * Foreman never reads or writes through one: a link there was put by someone else, and writing
 * through it would change a file elsewhere.
 */
class SymlinkRefusedError extends _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ForemanError */ .Vy {
    filePath;
    name = "SymlinkRefusedError";
    kind = "corrupt";
    constructor(
    /** Absolute path of the link. */
    filePath, options) {
        super(`${filePath} is a symbolic link; Foreman never reads or writes its files through a link. ` +
            `Replace it with the real ${node_path__WEBPACK_IMPORTED_MODULE_0___default().basename(filePath)} (or delete it to forget what it held).`, options);
        this.filePath = filePath;
    }
}


/***/ }),

/***/ 5764:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fA: () => (/* binding */ NotAGitRepositoryError),
/* harmony export */   xr: () => (/* binding */ GitRepository)
/* harmony export */ });
/* unused harmony export parseWorktreeList */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/* harmony import */ var _git_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(827);
/**
 * One typed facade over the user's repository: discovery (where its git directory and working
 * tree are, whether it is bare) and the repository-wide commands Foreman runs on it. Callers
 * never build argv for these; every command names the common git directory explicitly.
 */



/** `dir` is not inside a git repository (or does not exist). */
class NotAGitRepositoryError extends _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ForemanError */ .Vy {
    dir;
    name = "NotAGitRepositoryError";
    kind = "usage";
    constructor(dir, options) {
        super(`"${dir}" is not inside a git repository. Pass the path of a git checkout (git init && git commit first).`, options);
        this.dir = dir;
    }
}
/** Parses `git worktree list --porcelain -z`: records of NUL-terminated `key value` lines, ended by an empty line. */
function parseWorktreeList(output) {
    const entries = [];
    let current = null;
    for (const line of output.split("\0")) {
        if (line.startsWith("worktree ")) {
            current = { path: line.slice("worktree ".length), bare: false, detached: false, locked: false };
            entries.push(current);
            continue;
        }
        if (current === null || line === "")
            continue;
        const space = line.indexOf(" ");
        const key = space === -1 ? line : line.slice(0, space);
        const value = space === -1 ? "" : line.slice(space + 1);
        if (key === "HEAD")
            current.head = value;
        else if (key === "branch")
            current.branch = value;
        else if (key === "bare")
            current.bare = true;
        else if (key === "detached")
            current.detached = true;
        else if (key === "locked")
            current.locked = true;
    }
    return entries;
}
class GitRepository {
    commonDir;
    topLevel;
    bare;
    constructor(
    /** The common git directory, real path (`.git` of the main worktree, or the bare repository). */
    commonDir, 
    /** The working tree's top level, real path; null for a bare repository (or from inside `.git`). */
    topLevel, bare) {
        this.commonDir = commonDir;
        this.topLevel = topLevel;
        this.bare = bare;
    }
    /** The repository that `dir` is in; throws {@link NotAGitRepositoryError} when there is none. */
    static async discover(dir) {
        // The usual case, a directory of a working tree, in one call; git refuses `--show-toplevel`
        // outside a working tree (a bare repository, inside `.git`, no repository): then step by step.
        const inWorkTree = await GitRepository.discoverWorkTree(dir);
        if (inWorkTree !== null)
            return inWorkTree;
        let commonDir;
        let bare;
        try {
            const out = await (0,_git_js__WEBPACK_IMPORTED_MODULE_2__/* .git */ .$Y)(["rev-parse", "--path-format=absolute", "--git-common-dir", "--is-bare-repository"], { cwd: dir });
            const [common = "", isBare = ""] = out.stdout.split("\n");
            commonDir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.realpath)(common.trim());
            bare = isBare.trim() === "true";
        }
        catch (error) {
            if (!(error instanceof _git_js__WEBPACK_IMPORTED_MODULE_2__/* .GitError */ .XS) && !isSystemError(error))
                throw error;
            throw new NotAGitRepositoryError(dir, { cause: error });
        }
        // Null for bare repositories (and when `dir` is inside a `.git` directory): no working tree.
        const topLevel = bare
            ? null
            : await (0,_git_js__WEBPACK_IMPORTED_MODULE_2__/* .git */ .$Y)(["rev-parse", "--show-toplevel"], { cwd: dir }).then((out) => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.realpath)(out.stdout.trim()), (error) => {
                if (error instanceof _git_js__WEBPACK_IMPORTED_MODULE_2__/* .GitError */ .XS)
                    return null;
                throw error;
            });
        return new GitRepository(commonDir, topLevel, bare);
    }
    /** A directory of a working tree, discovered with one git call; null when it is not one (or anything failed). */
    static async discoverWorkTree(dir) {
        try {
            const out = await (0,_git_js__WEBPACK_IMPORTED_MODULE_2__/* .git */ .$Y)(["rev-parse", "--path-format=absolute", "--git-common-dir", "--is-bare-repository", "--show-toplevel"], { cwd: dir });
            const [common = "", isBare = "", top = ""] = out.stdout.split("\n").map((l) => l.trim());
            if (isBare !== "false" || common === "" || top === "")
                return null;
            return new GitRepository(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.realpath)(common), await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.realpath)(top), false);
        }
        catch (error) {
            if (error instanceof _git_js__WEBPACK_IMPORTED_MODULE_2__/* .GitError */ .XS || isSystemError(error))
                return null;
            throw error;
        }
    }
    /**
     * The repository whose common git directory is `commonDir`, already discovered (a path kept
     * in a workspace record): for running its commands, without asking git again.
     */
    static atCommonDir(commonDir) {
        return new GitRepository(commonDir, null, false);
    }
    /** Every worktree of the repository (the main one first), as git lists them. */
    async worktrees() {
        return parseWorktreeList((await this.run(["worktree", "list", "--porcelain", "-z"])).stdout);
    }
    /** Whether `ref` (`refs/heads/x`) is checked out in any worktree. */
    async isCheckedOut(ref) {
        return (await this.worktrees()).some((w) => w.branch === ref);
    }
    /** Runs `git --git-dir <commonDir> <args>` in the common dir. */
    run(args, opts = {}) {
        return (0,_git_js__WEBPACK_IMPORTED_MODULE_2__/* .git */ .$Y)(["--git-dir", this.commonDir, ...args], { ...opts, cwd: this.commonDir });
    }
}
function isSystemError(error) {
    return error instanceof Error && "code" in error && typeof error.code === "string";
}


/***/ })

};
