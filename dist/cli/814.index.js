export const id = 814;
export const ids = [814];
export const modules = {

/***/ 5990:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runDemo: () => (/* binding */ runDemo),
  runStandInDemo: () => (/* binding */ runStandInDemo)
});

// UNUSED EXPORTS: exampleRepoDir

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: ./src/local/git.ts
var git = __webpack_require__(827);
// EXTERNAL MODULE: ./src/local/open-local-session.ts + 52 modules
var open_local_session = __webpack_require__(2107);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/sandbox/git-remote.ts
/**
 * The git side of a stand-in repository: a bare repository on disk is the remote the Action
 * clones and pushes to for real, and the source of truth for branches, refs, commits and file
 * contents the REST routes report. Git runs as a child process with fixed author identity and
 * no system or global configuration, so a developer's settings never change what it answers.
 */




const IDENTITY = {
    GIT_AUTHOR_NAME: "Stand-in",
    GIT_AUTHOR_EMAIL: "stand-in@127.0.0.1",
    GIT_COMMITTER_NAME: "Stand-in",
    GIT_COMMITTER_EMAIL: "stand-in@127.0.0.1",
};
class GitCommandError extends Error {
    args;
    exitCode;
    stderr;
    name = "GitCommandError";
    constructor(args, exitCode, stderr) {
        super(`git ${args.join(" ")} failed (${String(exitCode)}): ${stderr.trim()}`);
        this.args = args;
        this.exitCode = exitCode;
        this.stderr = stderr;
    }
}
/** Runs git; resolves with stdout, rejects with `GitCommandError`. */
function git_remote_git(args, options = {}) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.execFile)("git", [...args], {
            cwd: options.cwd,
            maxBuffer: 64 * 1024 * 1024,
            env: { PATH: process.env["PATH"] ?? "", HOME: (0,external_node_os_.tmpdir)(), GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", ...IDENTITY },
        }, (error, stdout, stderr) => {
            if (error)
                reject(new GitCommandError(args, error.code ?? undefined, stderr));
            else
                resolve(stdout);
        });
        if (options.input !== undefined)
            child.stdin?.end(options.input);
    });
}
/** Creates the bare repository at `gitDir` with one commit of `files` on `branch`. */
async function createBareRepo(gitDir, branch, files) {
    await (0,promises_.mkdir)(gitDir, { recursive: true });
    await git_remote_git(["init", "--bare", "--quiet", `--initial-branch=${branch}`, gitDir]);
    await commitFiles(gitDir, branch, files, "Initial commit");
}
/** Commits `files` (path → content) on top of `branch` (created when absent); returns the new SHA. */
async function commitFiles(gitDir, branch, files, message) {
    const work = await (0,promises_.mkdtemp)(external_node_path_default().join((0,external_node_os_.tmpdir)(), "stand-in-commit-"));
    try {
        await git_remote_git(["init", "--quiet", `--initial-branch=${branch}`, work]);
        const parent = await resolveRef(gitDir, `refs/heads/${branch}`);
        if (parent !== undefined) {
            await git_remote_git(["fetch", "--quiet", gitDir, `refs/heads/${branch}`], { cwd: work });
            await git_remote_git(["reset", "--quiet", "--hard", "FETCH_HEAD"], { cwd: work });
        }
        for (const [file, content] of Object.entries(files)) {
            const target = external_node_path_default().join(work, file);
            await (0,promises_.mkdir)(external_node_path_default().dirname(target), { recursive: true });
            await (0,promises_.writeFile)(target, content);
        }
        await git_remote_git(["add", "--all"], { cwd: work });
        await git_remote_git(["commit", "--quiet", "--allow-empty", "-m", message], { cwd: work });
        await git_remote_git(["push", "--quiet", gitDir, `HEAD:refs/heads/${branch}`], { cwd: work });
        return (await git_remote_git(["rev-parse", "HEAD"], { cwd: work })).trim();
    }
    finally {
        await (0,promises_.rm)(work, { recursive: true, force: true });
    }
}
/** The commit SHA `ref` (a SHA, a branch name or a full ref) points at, or undefined. */
async function resolveRef(gitDir, ref) {
    if (ref.startsWith("-"))
        return undefined;
    try {
        return (await git_remote_git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd: gitDir })).trim() || undefined;
    }
    catch (error) {
        if (error instanceof GitCommandError)
            return undefined;
        throw error;
    }
}
/** The text of `file` at `ref`, or undefined when either does not exist. */
async function readFileAt(gitDir, ref, file) {
    const sha = await resolveRef(gitDir, ref);
    if (sha === undefined || file.split("/").includes(".."))
        return undefined;
    try {
        return await git_remote_git(["cat-file", "blob", `${sha}:${file}`], { cwd: gitDir });
    }
    catch (error) {
        if (error instanceof GitCommandError)
            return undefined;
        throw error;
    }
}
/** The blob SHA of `file` at `ref`, or undefined. */
async function blobSha(gitDir, ref, file) {
    try {
        return (await git_remote_git(["rev-parse", "--verify", "--quiet", `${ref}:${file}`], { cwd: gitDir })).trim() || undefined;
    }
    catch (error) {
        if (error instanceof GitCommandError)
            return undefined;
        throw error;
    }
}
/** Refs under `prefix` (a full ref name or its start, like `refs/heads/`), with their SHAs. */
async function listRefs(gitDir, prefix) {
    const out = await git_remote_git(["for-each-ref", "--format=%(refname) %(objectname)"], { cwd: gitDir });
    return out
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => {
        const [ref = "", sha = ""] = line.split(" ");
        return { ref, sha };
    })
        .filter((r) => r.ref.startsWith(prefix));
}
/** Points `ref` at `sha` (which must be a commit in the repository). */
async function updateRef(gitDir, ref, sha) {
    await git_remote_git(["update-ref", ref, sha], { cwd: gitDir });
}
async function deleteRef(gitDir, ref) {
    await git_remote_git(["update-ref", "-d", ref], { cwd: gitDir });
}
/** Whether `ref` is a name git accepts for a ref (`git check-ref-format`). */
async function validRefName(ref) {
    try {
        await git_remote_git(["check-ref-format", ref]);
        return true;
    }
    catch (error) {
        if (error instanceof GitCommandError)
            return false;
        throw error;
    }
}
/** Whether commit `ancestor` is reachable from `descendant` (a fast-forward from one to the other). */
async function isAncestor(gitDir, ancestor, descendant) {
    try {
        await git_remote_git(["merge-base", "--is-ancestor", ancestor, descendant], { cwd: gitDir });
        return true;
    }
    catch (error) {
        if (error instanceof GitCommandError)
            return false;
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/sandbox/demo/keep.ts
/**
 * `foreman demo --keep DIR`: what stays after the stand-in is gone — the issue's thread as
 * Markdown (`issue-<n>.md`) and the repository as a clone of the bare remote with every branch
 * (the pull request's included) as a local branch and Foreman's attempt refs
 * (`refs/foreman/*`), with no remote left pointing at the deleted stand-in.
 */





/** `--keep DIR` would overwrite something. */
class KeepTargetExistsError extends errors/* ForemanError */.Vy {
    target;
    name = "KeepTargetExistsError";
    kind = "usage";
    constructor(target) {
        super(`--keep: '${target}' already exists. Pass a new or empty directory, or remove it first.`);
        this.target = target;
    }
}
async function keepDemo(stage, issue, dir) {
    const root = external_node_path_default().resolve(dir);
    const thread = external_node_path_default().join(root, `issue-${issue}.md`);
    const repository = external_node_path_default().join(root, stage.repo.name);
    for (const target of [thread, repository])
        if ((0,external_node_fs_.existsSync)(target))
            throw new KeepTargetExistsError(target);
    await (0,promises_.mkdir)(root, { recursive: true });
    await (0,promises_.writeFile)(thread, stage.standIn.threadMarkdown(stage.repo, issue));
    await git_remote_git(["clone", "--quiet", stage.repo.gitDir, repository]);
    await git_remote_git(["fetch", "--quiet", "origin", "+refs/foreman/*:refs/foreman/*"], { cwd: repository });
    const remote = (await git_remote_git(["for-each-ref", "--format=%(refname:strip=3)", "refs/remotes/origin/"], { cwd: repository }))
        .split("\n")
        .filter((b) => b !== "" && b !== "HEAD");
    const current = (await git_remote_git(["rev-parse", "--abbrev-ref", "HEAD"], { cwd: repository })).trim();
    for (const branch of remote)
        if (branch !== current)
            await git_remote_git(["branch", "--quiet", branch, `origin/${branch}`], { cwd: repository });
    await git_remote_git(["remote", "remove", "origin"], { cwd: repository });
    return { thread, repository, branches: remote };
}

;// CONCATENATED MODULE: ./src/sandbox/shipped-paths.ts
/**
 * Files shipped with Foreman that the stand-in's demo and the Actions emulator use: the example
 * repository, the demo's GitHub overlay, the example workflow and the Action bundle. Found from
 * this module, which sits two levels below the project root both as `src/sandbox/*.ts` and
 * bundled as `dist/cli/index.js`. Paths are joined by hand: the bundler would take a
 * `path.resolve(dir, "literal")` for an asset to copy into `dist/`.
 */


/** The project root (where `examples/` and `dist/` are). */
function projectRoot() {
    return external_node_path_default().resolve(external_node_path_default().dirname((0,external_node_url_.fileURLToPath)(import.meta.url)), "..", "..");
}
function under(...parts) {
    return [projectRoot(), ...parts].join((external_node_path_default()).sep);
}
/** `examples/greeter/repo`: the sample repository (a failing test, `.foreman-demo/<n>.patch` for the replay agent). */
function greeterRepoDir() {
    return under("examples", "greeter", "repo");
}
/** `examples/greeter/stand-in`: files laid over the sample repository on the stand-in (its `.github/foreman.yml`). */
function greeterStandInOverlayDir() {
    return under("examples", "greeter", "stand-in");
}
/** `examples/workflows/foreman.yml`: the workflow users copy, which the emulator runs. */
function exampleWorkflowFile() {
    return under("examples", "workflows", "foreman.yml");
}
/** `dist/action/index.js`: the shipped Action. */
function actionBundle() {
    return under("dist", "action", "index.js");
}

;// CONCATENATED MODULE: ./src/sandbox/demo/lifecycle.ts
/**
 * The lifecycle `foreman demo` shows and the end-to-end test checks, on a started `Stage`:
 * a maintainer opens an issue and adds the `foreman` label; attempt 1 fails the gates;
 * attempt 2 passes but touches a protected path, so the session waits for approval; a
 * read-only user's `/approve` is refused with a reply; the maintainer's `/approve` publishes a
 * draft pull request whose `Foreman` check run is green. Each step waits for what should
 * follow (a deadline names what did not happen); the end is checked against the stand-in's
 * data, and every problem found is listed (none: the scenario reached its end as expected).
 */



/** The issue the maintainer files: the example's TASK.md (its first heading is the title). */
async function demoIssue() {
    const text = await (0,promises_.readFile)(external_node_path_default().join(greeterRepoDir(), "TASK.md"), "utf8");
    const [first = "", ...rest] = text.split("\n");
    return { title: first.replace(/^#+\s*/, "").trim(), body: rest.join("\n").trim() };
}
function rec(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};
}
async function runLifecycle(stage, narrate = () => { }, timeoutMs = 50_000) {
    const started = Date.now();
    const left = () => Math.max(1_000, timeoutMs - (Date.now() - started));
    const bot = stage.app.botLogin;
    const problems = [];
    const issue = stage.openIssue(await demoIssue());
    narrate(`@${stage.maintainer} opens issue #${issue} and adds the label \`foreman\`.`);
    stage.label(issue);
    const firstRun = await stage.waitFor("the first workflow run (dispatched by the App for the label) to finish", () => stage.runs(issue).find((r) => r.state === "completed"), left());
    const paused = stage.session(issue);
    if (paused?.status !== "awaiting_approval")
        problems.push(`after run ${firstRun.runId} the session is ${paused?.status ?? "missing"}${paused?.reason ? ` (${paused.reason})` : ""}, expected awaiting_approval; the run said: ${lastError(firstRun)}`);
    else
        narrate(`The session waits for approval (${paused.approval?.reasons.join("; ") ?? "no reason given"}).`);
    if (problems.length === 0) {
        narrate(`@${stage.reader} (read-only) comments /approve.`);
        const refused = stage.comment(issue, stage.reader, "/approve");
        await stage.waitFor(`Foreman's reply refusing @${stage.reader}'s /approve`, () => stage.comments(issue).find((c) => c.id > refused && c.author === bot && c.body.includes(`@${stage.reader}`)), left());
        narrate(`@${stage.maintainer} comments /approve.`);
        const asked = Date.now();
        stage.comment(issue, stage.maintainer, "/approve");
        await stage.waitFor("the run woken by the maintainer's /approve to finish", () => stage.runs(issue).find((r) => r.queuedAt >= asked && r.state === "completed"), left());
    }
    await stage.settle(left());
    const session = stage.session(issue);
    const runs = stage.runs(issue);
    const pulls = stage.standIn.pulls(stage.repo);
    const pullJson = pulls[0];
    const pull = pullJson === undefined
        ? undefined
        : {
            number: Number(pullJson["number"]),
            draft: pullJson["draft"] === true,
            body: String(pullJson["body"] ?? ""),
            headSha: String(rec(pullJson["head"])["sha"] ?? ""),
            headRef: String(rec(pullJson["head"])["ref"] ?? ""),
        };
    const checkJson = stage.standIn.checkRuns(stage.repo).find((c) => c["name"] === "Foreman" && c["head_sha"] === pull?.headSha);
    const checkRun = checkJson === undefined
        ? undefined
        : {
            conclusion: checkJson["conclusion"] === null ? null : String(checkJson["conclusion"]),
            status: String(checkJson["status"]),
            headSha: String(checkJson["head_sha"]),
        };
    if (problems.length === 0) {
        if (session?.status !== "ended" || session.reason !== "succeeded")
            problems.push(`the session ended ${session?.status ?? "missing"} (${session?.reason ?? "no reason"}), expected ended (succeeded)`);
        if (pulls.length !== 1)
            problems.push(`${pulls.length} pull requests exist, expected exactly one`);
        if (pull !== undefined && !pull.draft)
            problems.push(`pull request #${pull.number} is not a draft`);
        if (pull !== undefined && !new RegExp(`Closes #${issue}\\b`).test(pull.body))
            problems.push(`pull request #${pull.number}'s body does not say "Closes #${issue}"`);
        if (checkRun?.conclusion !== "success")
            problems.push(`the Foreman check run on the PR's head is ${checkRun === undefined ? "missing" : `${checkRun.status}/${String(checkRun.conclusion)}`}, expected success`);
        const bad = runs.filter((r) => r.conclusion !== "success");
        if (bad.length > 0)
            problems.push(`workflow run(s) ${bad.map((r) => `${r.runId} “${r.title}” ${r.conclusion ?? r.state}: ${lastError(r)}`).join("; ")}`);
        const bodies = stage
            .comments(issue)
            .filter((c) => c.author === bot)
            .map((c) => c.body);
        const dupes = bodies.filter((b, i) => bodies.indexOf(b) !== i);
        if (dupes.length > 0)
            problems.push(`Foreman posted the same comment twice: “${dupes[0]?.slice(0, 80) ?? ""}”`);
    }
    return { issue, problems, session, runs, pull, checkRun, wallMs: Date.now() - started };
}
/** The last `::error::` line of a run's log (what `setFailed` said), or its exit. */
function lastError(run) {
    const errors = run.log
        .split("\n")
        .filter((l) => l.startsWith("::error::"))
        .map((l) => l.slice("::error::".length).replace(/%0A/g, " "));
    return errors.at(-1) ?? run.note ?? `exit ${String(run.exitCode ?? run.exitSignal)}`;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: ./node_modules/probot/lib/index.js + 74 modules
var lib = __webpack_require__(3652);
// EXTERNAL MODULE: ./node_modules/@probot/get-private-key/dist-bundle/index.js
var dist_bundle = __webpack_require__(5510);
// EXTERNAL MODULE: ./node_modules/@octokit/request-error/dist-src/index.js
var dist_src = __webpack_require__(1015);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var schemas = __webpack_require__(2857);
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

// EXTERNAL MODULE: ./src/core/daily-usage.ts
var daily_usage = __webpack_require__(5364);
;// CONCATENATED MODULE: ./src/github/repo.ts
/** `owner/repo`, for messages and keys. */
function repo_repoSlug(ref) {
    return `${ref.owner}/${ref.repo}`;
}

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
function signature_verifyBody(key, ctx, body, block) {
    const sigs = [...body.matchAll(SIG_MARKER)];
    if (sigs.length === 0)
        return "unsigned";
    if (sigs.length > 1 || !body.includes(block))
        return "bad_signature";
    const given = Buffer.from(sigs[0]?.[1] ?? "", "base64url");
    const expected = mac(key, ctx, block);
    return given.length === expected.length && (0,external_node_crypto_.timingSafeEqual)(given, expected) ? "valid" : "bad_signature";
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
const BLOCK = /<!-- foreman:daily-ledger v1 (\{[^<>]*\}) -->/g;
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
        const day = (0,daily_usage/* utcDay */.dA)(Date.parse(posted.created_at));
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
        return (0,daily_usage/* utcDay */.dA)(this.deps.now());
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
                throw new DailyLedgerUnavailableError(error.status, `Cannot write to the daily ledger issue #${issue} of ${repo_repoSlug(this.deps.repo)} (GitHub answered ${error.status}). Give the token \`issues: write\` (workflow \`permissions:\`, or the App's Issues permission), and make sure the issue is not locked.`, { cause: error });
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
        const blocks = [...body.matchAll(BLOCK)];
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
        const check = signature_verifyBody(this.deps.key, this.context(issue), body, block);
        if (check !== "valid")
            return ignore(check);
        let parsed;
        try {
            parsed = payloadSchema.parse(JSON.parse(blocks[0][1]));
        }
        catch {
            return ignore("undecodable");
        }
        const day = (0,daily_usage/* utcDay */.dA)(Date.parse(c.created_at));
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
            throw new DailyLedgerUnavailableError(403, `Created the daily ledger issue #${created} in ${repo_repoSlug(this.deps.repo)}, but it does not carry the label \`${LEDGER_LABEL}\` (GitHub drops labels the token may not set). Give the token \`issues: write\` on the repository, then close #${created}.`);
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
                throw new DailyLedgerUnavailableError(error.status, `Cannot create the daily ledger issue in ${repo_repoSlug(this.deps.repo)} (GitHub answered ${error.status}). Give the token \`issues: write\` (workflow \`permissions:\`, or the App's Issues permission), or enable issues on the repository.`, { cause: error });
            }
            throw error;
        }
    }
}

// EXTERNAL MODULE: ./src/core/retry.ts
var retry = __webpack_require__(7253);
;// CONCATENATED MODULE: ./src/github/dispatch.ts
/**
 * Waking the runner: a `workflow_dispatch` of the Foreman workflow with the issue and the wake
 * reason (the workflow's `run-name` carries both, so the watchdog knows the session from a run
 * without storing run ids), and cancelling the runs of an issue that have not completed (`/cancel`).
 *
 * GitHub's refusals become errors that say what to add: a missing workflow file (404) or a
 * token without Actions permission (403) is a setup problem a maintainer fixes once.
 */



/** The workflow file users copy (examples/workflows/foreman.yml). */
const DEFAULT_WORKFLOW_FILE = "foreman.yml";
/** The YAML a maintainer adds when the workflow is missing: the shipped example, in short. */
function workflowSetupHint(workflowFile) {
    return [
        `Add \`.github/workflows/${workflowFile}\` to the default branch (copy \`examples/workflows/foreman.yml\` from Foreman), at least:`,
        "",
        "```yaml",
        "name: foreman",
        'run-name: "foreman #${{ inputs.issue }} ${{ inputs.reason }}"',
        "on:",
        "  workflow_dispatch:",
        "    inputs:",
        "      issue: { required: true, type: string }",
        "      reason: { required: false, type: string, default: manual }",
        "      mode: { required: false, type: string, default: run }",
        "concurrency:",
        "  group: foreman-${{ inputs.issue }}",
        "  cancel-in-progress: false",
        "permissions:",
        "  contents: read",
        "jobs:",
        "  foreman:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - uses: actions/checkout@v4",
        "        with: { persist-credentials: false, fetch-depth: 0 }",
        "      - uses: foreman-dev/foreman@v0",
        "        with:",
        "          app-id: ${{ vars.FOREMAN_APP_ID }}",
        "          app-private-key: ${{ secrets.FOREMAN_APP_PRIVATE_KEY }}",
        "          issue: ${{ inputs.issue }}",
        "          reason: ${{ inputs.reason }}",
        "```",
    ].join("\n");
}
class DispatchSetupError extends errors/* ForemanError */.Vy {
    problem;
    name = "DispatchSetupError";
    kind = "usage";
    constructor(problem, message, options) {
        super(message, options);
        this.problem = problem;
    }
}
/** Dispatches the workflow; returns the run id when GitHub reports it. */
async function dispatchRun(client, repo, req) {
    const inputs = { issue: String(req.issue), reason: req.reason };
    if (req.mode !== undefined && req.mode !== "run")
        inputs["mode"] = req.mode;
    try {
        const res = await client.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
            owner: repo.owner,
            repo: repo.repo,
            workflow_id: req.workflowFile,
            ref: req.ref,
            inputs,
            return_run_details: true,
        });
        const data = res.data;
        const runId = typeof data === "object" && data !== null && "workflow_run_id" in data ? Number(data.workflow_run_id) : Number.NaN;
        return Number.isSafeInteger(runId) && runId > 0 ? { runId } : {};
    }
    catch (error) {
        if (error instanceof dist_src/* RequestError */.G && error.status === 404) {
            throw new DispatchSetupError("missing_workflow", `The Foreman workflow \`.github/workflows/${req.workflowFile}\` was not found on \`${req.ref}\`.`, {
                cause: error,
            });
        }
        // A rate-limit 403 (secondary limit) is not a missing permission: the caller waits it out.
        if (error instanceof dist_src/* RequestError */.G && error.status === 403 && (0,retry/* classifyError */.fe)({ status: 403, message: error.message }) !== "transient") {
            throw new DispatchSetupError("missing_permission", "Foreman cannot start its workflow: the App lacks the **Actions: write** permission. Accept the updated permissions in the App's installation settings.", { cause: error });
        }
        if (error instanceof dist_src/* RequestError */.G && error.status === 422) {
            throw new DispatchSetupError("missing_workflow", `The Foreman workflow \`.github/workflows/${req.workflowFile}\` cannot be dispatched: it needs a \`workflow_dispatch\` trigger with the inputs \`issue\` and \`reason\` (${error.message}).`, { cause: error });
        }
        throw error;
    }
}
/** The issue a Foreman run is about, read from its `run-name` (`foreman #<issue> <reason>`). */
function issueFromRunName(name) {
    const m = /^foreman #([1-9][0-9]{0,9})(?:\s|$)/.exec(name ?? "");
    return m ? Number(m[1]) : undefined;
}
/**
 * Cancels every Foreman run for `issue` that has not completed (queued, waiting for the
 * concurrency group, or in progress); returns how many it cancelled. One list call: the API's
 * `status` filter takes one value, so the recent runs are listed and filtered here.
 */
async function cancelRunsFor(client, repo, workflowFile, issue) {
    const res = await client.request("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", {
        owner: repo.owner,
        repo: repo.repo,
        workflow_id: workflowFile,
        per_page: 100,
    });
    let cancelled = 0;
    for (const run of res.data.workflow_runs) {
        if (run.status === "completed" || issueFromRunName(run.display_title) !== issue)
            continue;
        try {
            await client.request("POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel", { owner: repo.owner, repo: repo.repo, run_id: Number(run.id) });
            cancelled++;
        }
        catch (error) {
            // 409: the run finished meanwhile; nothing left to cancel.
            if (!(error instanceof dist_src/* RequestError */.G && error.status === 409))
                throw error;
        }
    }
    return cancelled;
}

;// CONCATENATED MODULE: ./src/app/deps.ts
/**
 * Delivery ids seen by this process, bounded. GitHub redelivers with the same `X-GitHub-Delivery`;
 * a redelivery to this process is dropped here. Across processes, comments are deduplicated by
 * the App's own 👀 reaction (see respond.ts) and runs by the Action's idempotence.
 */
class DeliveryMemory {
    max;
    #seen = new Set();
    constructor(max = 5_000) {
        this.max = max;
    }
    /** True the first time `id` is offered; false for a repeat. */
    firstTime(id) {
        if (this.#seen.has(id))
            return false;
        this.#seen.add(id);
        if (this.#seen.size > this.max) {
            const oldest = this.#seen.values().next().value;
            if (oldest !== undefined)
                this.#seen.delete(oldest);
        }
        return true;
    }
}

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
function helpText() {
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
        const body = !f.state ? "No Foreman session on this issue yet. Add the trigger label to start one." : (0,render/* renderStatusComment */.uc)(f.state);
        return { kind: "reply", body, reaction: "eyes", refused: false };
    }
    const needs = requiredPermission(command, f.config.permissions);
    if (needs !== null && !hasAccess(f.access, needs)) {
        const key = command.kind === "budget" ? "budget" : "approve";
        return refuse(permissionRefusal(f.author, `\`/${command.kind}\``, needs, f.access, key));
    }
    // Unread state: wake; the Action replays the command and answers if the session cannot take it.
    if (f.state === undefined)
        return { kind: "wake", reason: command.kind, reaction: "eyes", cancelRun: command.kind === "cancel" };
    if (f.state === null)
        return refuse(`\`/${command.kind}\`: there is no Foreman session on this issue. Add the \`${f.config.trigger_label}\` label to start one.`);
    const sessionCommand = asSessionCommand(command, f.state);
    if (sessionCommand === null)
        return { kind: "ignore", why: `no session command for /${command.kind}` };
    const dry = (0,state_machine/* transition */.kY)(f.state, { type: "command", at: f.nowIso, id: f.commentId, author: f.author, command: sessionCommand });
    if (!dry.ok)
        return refuse(dry.refusal.message);
    if (dry.duplicate)
        return { kind: "ignore", why: `comment ${f.commentId} was already applied` };
    return {
        kind: "wake",
        reason: command.kind,
        reaction: "eyes",
        cancelRun: command.kind === "cancel" && f.state.status === "running",
    };
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
        return refuse(`Foreman did not start: today's budget is spent (${(0,render/* formatUsd */.UK)(f.dailyUsedUsd)} of ${(0,render/* formatUsd */.UK)(cap)}, UTC day). Add the label again tomorrow, or raise \`budget.daily.usd\` in \`.github/foreman.yml\`.`);
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
    if (lastVerdict(state)?.outcome !== "passed")
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
function check_run_view_checkRunView(state, headSha) {
    const rendered = renderCheckRunSummary(state);
    const view = (status, conclusion, actions, note) => ({
        status,
        ...(conclusion === undefined ? {} : { conclusion }),
        title: truncate(note === undefined ? rendered.title : note.title, MAX_CHECK_RUN_TITLE_CHARS),
        summary: note === undefined ? rendered.summary : capMarkdown(`> [!WARNING]\n> ${note.line}\n\n${rendered.summary}`, MAX_CHECK_RUN_SUMMARY_CHARS),
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

;// CONCATENATED MODULE: ./src/github/button-record.ts

const BUTTON_COMMANDS = ["approve", "reject", "retry", "cancel"];
/** Room for a 500-character reject reason, escaped (`<` and `>` become `\u003c` / `\u003e`). */
const button_record_BLOCK = /<!-- foreman:button (\{[^<>]{1,4000}\}) -->/g;
const LABEL = { approve: "Approve", reject: "Reject", retry: "Retry", cancel: "Cancel" };
/** The comment body recording `press` on `issue`, signed. */
function formatButtonRecord(key, repo, issue, press) {
    // `<` and `>` escaped: a reason must not end the HTML comment (JSON.parse reads them back).
    const json = JSON.stringify(press).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
    const block = `<!-- foreman:button ${json} -->`;
    const visible = press.pullRequest !== undefined
        ? `@${press.actor} wrote \`/${press.command}\` on #${press.pullRequest}; recorded here, where Foreman reads its commands.`
        : `@${press.actor} pressed **${LABEL[press.command]}** on the Foreman check${press.headSha === undefined ? "" : ` of ${press.headSha.slice(0, 7)}`}.`;
    return signature_signBody(key, { kind: "button", owner: repo.owner, repo: repo.repo, issue }, `${visible}\n\n${block}`, block);
}
/** The press a comment records, when it carries exactly one block whose signature verifies. */
function parseButtonRecord(key, repo, issue, body) {
    const blocks = [...body.matchAll(button_record_BLOCK)];
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
        if (error instanceof RequestError && error.status === 404)
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
        if (config/* PERMISSION_LEVELS */.eO.includes(role))
            return role;
        const folded = toPermission(res.data.permission);
        return folded;
    }
    catch (error) {
        if (error instanceof dist_src/* RequestError */.G && error.status === 404)
            return "none";
        throw error;
    }
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./src/core/zod-issues.ts
var zod_issues = __webpack_require__(6331);
// EXTERNAL MODULE: ./src/core/state.ts
var state = __webpack_require__(7066);
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
const state_codec_MAX_COMMENT_CHARS = 65_536;
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
function state_codec_hasStateBlock(body) {
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
function state_codec_encodeStateComment(state, options = {}) {
    const limit = Math.min(options.maxChars ?? state_codec_MAX_COMMENT_CHARS, state_codec_MAX_COMMENT_CHARS);
    const parsed = sessionStateSchema.safeParse(state, { reportInput: true });
    if (!parsed.success) {
        throw new StateEncodeError("invalid_state", `Refusing to write an invalid session state: ${describeIssues(parsed.error.issues)}`);
    }
    const valid = parsed.data;
    const full = sanitizeVisible(options.visible ?? renderStatusComment(valid));
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
    throw new StateEncodeError("too_large", `Session ${JSON.stringify(valid.sessionId.slice(0, 80))} does not fit in a ${limit}-character comment even with every attempt compacted; ` +
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
    const trimmed = { ...rest, task: { ...state.task, title: truncate(state.task.title, maxChars) } };
    if (note !== undefined && maxChars > 0)
        trimmed.note = truncate(note, maxChars);
    if (approval !== undefined) {
        trimmed.approval = { ...approval, reasons: maxChars > 0 ? approval.reasons.slice(0, 5).map((r) => truncate(r, maxChars)) : [] };
    }
    return trimmed;
}
const BLOCK_PREFIX = (/* unused pure expression or super */ null && (`<!-- ${STATE_MARKER} v${STATE_ENCODING_VERSION} `));
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
        gz = gzipSync(bytes, { level: 6, memLevel: 9, maxOutputLength: maxGzipBytes });
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
    const check = sessionStateSchema.safeParse(state, { reportInput: true });
    if (!check.success) {
        throw new StateEncodeError("invalid_state", `Compacted state is invalid (a Foreman bug): ${describeIssues(check.error.issues)}`);
    }
}
function sanitizeVisible(visible) {
    // A `<!--` in the visible part could open a second block (refused on read) or hide ours.
    return capMarkdown(visible.replace(/<!--/g, "&lt;!--"), MAX_VISIBLE_CHARS);
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
function state_codec_decodeStateComment(body) {
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
    if (version > state/* STATE_SCHEMA_VERSION */.b8) {
        throw new errors/* StateDecodeError */.c("unknown_schema_version", `State schemaVersion ${version} was written by a newer Foreman (this one reads up to ${state/* STATE_SCHEMA_VERSION */.b8}); upgrade Foreman.`);
    }
    let current = raw;
    for (let v = version; v < state/* STATE_SCHEMA_VERSION */.b8; v++) {
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
    const parsed = state/* sessionStateSchema */.vM.safeParse(raw, { reportInput: true });
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

// EXTERNAL MODULE: ./src/loop/errors.ts
var loop_errors = __webpack_require__(6215);
;// CONCATENATED MODULE: ./src/github/signed-block.ts

/**
 * Judges `comment`, which carries the marker of `pattern` (a global regex matching one whole
 * block). Login comparison is case-insensitive, as GitHub logins are.
 */
function signed_block_judgeBlock(comment, pattern, trustedAuthors, key, ctx) {
    const author = comment.author.toLowerCase();
    if (!trustedAuthors.some((t) => t.toLowerCase() === author))
        return { kind: "untrusted_author" };
    const blocks = [...comment.body.matchAll(new RegExp(pattern.source, "g"))];
    if (blocks.length !== 1)
        return { kind: "undecodable" };
    const block = blocks[0][0];
    const check = signature_verifyBody(key, ctx, comment.body, block);
    return check === "valid" ? { kind: "valid", block } : { kind: check };
}

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
            throw new InvalidArgumentError("next", `Session ${id}: the new snapshot must have version expectedVersion + 1 = ${expectedVersion + 1}, got ${next.version}.`);
        }
        const parsed = sessionStateSchema.safeParse(next);
        if (!parsed.success) {
            throw new InvalidArgumentError("next", `Session ${id}: refusing to save an invalid snapshot (${parsed.error.issues[0]?.message ?? "invalid"}).`);
        }
        const state = structuredClone(parsed.data);
        await this.#scan();
        const known = this.#known.get(id);
        const actual = known?.state.version ?? null;
        if ((actual ?? 0) !== expectedVersion)
            throw new StaleStateError(id, expectedVersion, actual);
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
            return Promise.reject(new SessionLockedError(sessionId, `another holder in this process on ${repoSlug(this.#deps.repo)}#${this.#deps.issue}`));
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
        return signBody(this.#deps.key, this.#ctx, body, block);
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
        throw new StaleStateError(state.sessionId, expectedVersion, version);
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

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/github/config-files.ts

const SUPPORTED_FILE_EXTENSIONS = ["json", "yml", "yaml"];
const EXTENDS_REGEX = /^(?:([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})\/)?([-_.\w\d]+)(?::([-_./\w\d]+\.ya?ml))?$/i;
const PREFIX = "[@probot/octokit-plugin-config]";
/** A bounded memo, least recently used out first. */
class Lru {
    max;
    #map = new Map();
    constructor(max) {
        this.max = max;
    }
    get(key) {
        const value = this.#map.get(key);
        if (value !== undefined) {
            this.#map.delete(key);
            this.#map.set(key, value);
        }
        return value;
    }
    set(key, value) {
        this.#map.delete(key);
        this.#map.set(key, value);
        if (this.#map.size > this.max) {
            const oldest = this.#map.keys().next();
            if (oldest.done !== true)
                this.#map.delete(oldest.value);
        }
    }
    get size() {
        return this.#map.size;
    }
}
/** Freezes `value` and everything it holds (memoized values are shared between events). */
function deepFreeze(value) {
    if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const v of Object.values(value))
            deepFreeze(v);
    }
    return value;
}
/** Parsed YAML by text: only texts up to 64 KiB are kept, at most 256 of them. */
const parsedByText = new Lru(256);
const MEMO_MAX_CHARS = 65_536;
function parseYamlMemo(text) {
    let entry = parsedByText.get(text);
    if (entry === undefined) {
        try {
            entry = { ok: true, value: deepFreeze((0,dist.parse)(text, { logLevel: "error" })) };
        }
        catch (error) {
            entry = { ok: false, error };
        }
        if (text.length <= MEMO_MAX_CHARS)
            parsedByText.set(text, entry);
    }
    if (!entry.ok)
        throw entry.error;
    return entry.value;
}
function isObject(v) {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}
/**
 * The parsed file without `_extends` (a copy: parsed values are shared and frozen). Like the
 * plugin, a falsy `_extends` is not followed and stays in the file.
 */
function withoutExtends(config) {
    if (!isObject(config) || !config["_extends"])
        return config;
    const { _extends: _ignored, ...rest } = config;
    return rest;
}
/** One file, as the plugin's `getConfigFile` reads it. */
async function getConfigFile(octokit, f) {
    const fileExtension = (f.path.split(".").pop() ?? "").toLowerCase();
    if (!SUPPORTED_FILE_EXTENSIONS.includes(fileExtension)) {
        throw new Error(`${PREFIX} .${fileExtension} extension is not support for configuration (path: "${f.path}")`);
    }
    const endpoint = {
        method: "GET",
        url: "/repos/{owner}/{repo}/contents/{path}",
        owner: f.owner,
        repo: f.repo,
        path: f.path,
        mediaType: { format: "raw" },
    };
    const url = () => octokit.request.endpoint(endpoint).url;
    const read = (config) => ({
        owner: f.owner,
        repo: f.repo,
        path: f.path,
        config: withoutExtends(config),
        extendsValue: isObject(config) ? config["_extends"] : undefined,
        url,
    });
    let data;
    let headers;
    try {
        const response = await octokit.request(endpoint);
        data = response.data;
        headers = response.headers;
    }
    catch (error) {
        if (typeof error === "object" && error !== null && "status" in error && error.status === 404)
            return read(null);
        throw error;
    }
    if (headers["content-type"] === "application/json; charset=utf-8") {
        throw new Error(`${PREFIX} ${url()} exists, but is either a directory or a submodule. Ignoring.`);
    }
    if (fileExtension === "json") {
        if (typeof data === "string")
            throw new Error(`${PREFIX} Configuration could not be parsed from ${url()} (invalid JSON)`);
        return read(data);
    }
    let config;
    try {
        config = parseYamlMemo(String(data)) || {};
    }
    catch (error) {
        throw new Error(`${PREFIX} Configuration could not be parsed from ${url()} (invalid YAML)`, { cause: error });
    }
    if (typeof config === "string")
        throw new Error(`${PREFIX} Configuration could not be parsed from ${url()} (YAML is not an object)`);
    return read(config);
}
function extendsToFileRef(owner, path, url, extendsValue) {
    if (typeof extendsValue !== "string")
        throw new Error(`${PREFIX} Invalid value ${JSON.stringify(extendsValue)} for _extends in ${url()}`);
    const match = EXTENDS_REGEX.exec(extendsValue);
    if (match === null)
        throw new Error(`${PREFIX} Invalid value "${extendsValue}" for _extends in ${url()}`);
    return { owner: match[1] || owner, repo: match[2] ?? "", path: match[3] || path };
}
function publicFile(f) {
    return { owner: f.owner, repo: f.repo, path: f.path, config: f.config };
}
/** The configuration files, nearest first, exactly as the plugin's `getConfigFiles` lists them. */
async function getConfigFiles(octokit, at) {
    const { owner, repo, path } = at;
    const files = [await getConfigFile(octokit, { owner, repo, path })];
    if (!files[0].config) {
        if (repo === ".github")
            return files.map(publicFile);
        files.push(await getConfigFile(octokit, { owner, repo: ".github", path }));
    }
    let last = files[files.length - 1];
    if (!last.config || !last.extendsValue)
        return files.map(publicFile);
    let next = extendsToFileRef(owner, path, last.url, last.extendsValue);
    for (;;) {
        last = await getConfigFile(octokit, next);
        files.push(last);
        if (!last.config || !last.extendsValue)
            return files.map(publicFile);
        next = extendsToFileRef(owner, path, last.url, last.extendsValue);
        const target = next;
        const alreadyLoaded = files.find((f) => f.owner === target.owner && f.repo === target.repo && f.path === target.path);
        if (alreadyLoaded) {
            // The plugin deletes `_extends` before naming it here, so its message says `undefined`.
            throw new Error(`${PREFIX} Recursion detected. Ignoring  "_extends: undefined" from ${last.url()} because ${alreadyLoaded.url()} was already loaded.`);
        }
    }
}

;// CONCATENATED MODULE: ./src/github/issue-comments.ts
function issue_comments_toIssueComment(raw) {
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
/** Every comment of the issue, ascending by id (paginated, 100 per page). */
async function listIssueComments(client, repo, issue) {
    const raw = await client.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        owner: repo.owner,
        repo: repo.repo,
        issue_number: issue,
        per_page: 100,
    });
    return raw.map(issue_comments_toIssueComment).sort((a, b) => a.id - b.id);
}
/** The issue's comments listed at most once, with this run's own writes folded in. */
class issue_comments_IssueComments {
    client;
    repo;
    issue;
    #listing;
    #written = new Map();
    constructor(client, repo, issue) {
        this.client = client;
        this.repo = repo;
        this.issue = issue;
    }
    /** The comments, ascending by id; lists on first use only. */
    async list() {
        this.#listing ??= listIssueComments(this.client, this.repo, this.issue).catch((error) => {
            this.#listing = undefined;
            throw error;
        });
        const listed = await this.#listing;
        const byId = new Map(listed.map((c) => [c.id, c]));
        for (const [id, c] of this.#written)
            byId.set(id, c);
        return [...byId.values()].sort((a, b) => a.id - b.id).map((c) => ({ ...c }));
    }
    /** Records a comment this run created or edited, so later readers see it without listing again. */
    remember(comment) {
        this.#written.set(comment.id, { ...comment });
    }
    /** Forgets everything: the next `list` asks GitHub again. */
    invalidate() {
        this.#listing = undefined;
        this.#written.clear();
    }
}

;// CONCATENATED MODULE: ./src/github/read-session-state.ts
/**
 * The session as a reader sees it (the App: `/status`, a closed issue, a finished run): the one
 * comment by a trusted author whose signed state block verifies. Read-only: unlike the Action's
 * `CommentStateStore`, it never flags or edits anything (the App writes no state); a tampered
 * block reads as `tampered`, which the App treats as "let the Action look".
 *
 * The comments are listed on every call (a changed session is seen at once), but judging a
 * trusted comment (HMAC over the body, gunzip, zod) is memoized, content-addressed: a verdict is
 * reused only for the very same body, author, key and issue, so it can never be stale. The App
 * stays stateless in DESIGN.md's sense: the memo holds a pure function's results, never a decision.
 */





/**
 * Verdicts by comment id, at most {@link JUDGED_MAX} (a body is at most 65,536 characters, so a
 * few MB at worst). A hit needs the same body, author (the trust check runs before), key object
 * and issue: anything else is judged afresh and replaces the entry.
 */
const JUDGED_MAX = 64;
const judged = new Lru(JUDGED_MAX);
function judge(comment, trustedAuthors, key, ctx) {
    const author = comment.author.toLowerCase();
    if (!trustedAuthors.some((t) => t.toLowerCase() === author))
        return "untrusted";
    const ctxKey = `${ctx.owner}/${ctx.repo}#${ctx.issue}`;
    const known = judged.get(comment.id);
    if (known !== undefined && known.body === comment.body && known.author === comment.author && known.key === key && known.ctx === ctxKey) {
        return known.verdict;
    }
    const verdict = judgeFresh(comment, trustedAuthors, key, ctx);
    if (verdict !== "untrusted")
        judged.set(comment.id, { body: comment.body, author: comment.author, key, ctx: ctxKey, verdict });
    return verdict;
}
function judgeFresh(comment, trustedAuthors, key, ctx) {
    const block = signed_block_judgeBlock(comment, STATE_BLOCK, trustedAuthors, key, ctx);
    if (block.kind === "untrusted_author")
        return "untrusted";
    if (block.kind !== "valid")
        return { kind: "tampered" };
    try {
        return { kind: "found", state: deepFreeze(state_codec_decodeStateComment(comment.body)) };
    }
    catch {
        return { kind: "tampered" };
    }
}
async function readSessionState(client, repo, issue, auth) {
    const ctx = { kind: "state", owner: repo.owner, repo: repo.repo, issue };
    for (const comment of await listIssueComments(client, repo, issue)) {
        if (!state_codec_hasStateBlock(comment.body))
            continue;
        const verdict = judge(comment, auth.trustedAuthors, auth.key, ctx);
        if (verdict === "untrusted")
            continue;
        if (verdict.kind === "tampered")
            return { kind: "tampered", commentId: comment.id };
        return { kind: "found", state: verdict.state, commentId: comment.id };
    }
    return { kind: "none" };
}

;// CONCATENATED MODULE: ./src/github/repo-config.ts
/**
 * `.github/foreman.yml` as GitHub serves it, the way Probot's `context.config` reads it: the
 * repository's file, else the owner's `.github` repository's, following `_extends`, merged
 * defaults < base < nearest (objects deeply, lists replaced). The App and the Action both read
 * it here, so both see the same configuration.
 *
 * Org ceilings: `limits` from a file in the owner's `.github` repository are ceilings a
 * repository can lower but never raise (a deep merge alone would let the nearer file win), so
 * they are passed to `parseConfig` apart from the merged file.
 *
 * `revision` is a hash of every file's content: "once per config revision" messages key on it.
 *
 * The App reads the configuration on every event: the files are fetched every time (a changed
 * file is seen at once), but their parse and the merge are memoized by content
 * (`config-files.ts`, and `rawByContent` here), so an unchanged configuration costs no CPU.
 */



const DEFAULT_CONFIG_PATH = ".github/foreman.yml";
function repo_config_isObject(v) {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}
/** Objects merged key by key; anything else (lists included) replaced by the later value. */
function deepMerge(base, next) {
    const out = { ...base };
    for (const [key, value] of Object.entries(next)) {
        const prior = out[key];
        out[key] = repo_config_isObject(prior) && repo_config_isObject(value) ? deepMerge(prior, value) : value;
    }
    return out;
}
/** An id per parsed file value: memoized parses of one text are one object, so one id. */
const ids = new WeakMap();
let nextId = 0;
function contentKey(files) {
    return files
        .map((f) => {
        const c = f.config;
        let id;
        if (typeof c === "object" && c !== null) {
            let n = ids.get(c);
            if (n === undefined)
                ids.set(c, (n = ++nextId));
            id = `#${n}`;
        }
        else
            id = `=${JSON.stringify(c)}`;
        return `${f.owner}/${f.repo}:${f.path}${id}`;
    })
        .join("\n");
}
/** The merged configuration by the content of its files (bounded; values are never mutated). */
const rawByContent = new Lru(256);
async function readRawConfig(octokit, repo, path = DEFAULT_CONFIG_PATH) {
    const files = await getConfigFiles(octokit, { owner: repo.owner, repo: repo.repo, path });
    const key = contentKey(files);
    const known = rawByContent.get(key);
    if (known !== undefined)
        return known;
    const raw = deepFreeze(mergeFiles(files, repo));
    rawByContent.set(key, raw);
    return raw;
}
function mergeFiles(files, repo) {
    const present = files.filter((f) => repo_config_isObject(f.config));
    // Nearest first in `files`; merge from the farthest base to the nearest file.
    const merged = [...present].reverse().reduce((acc, f) => deepMerge(acc, f.config), {});
    delete merged["_extends"];
    const org = present.filter((f) => f.repo === ".github" && f.owner.toLowerCase() === repo.owner.toLowerCase() && !(f.repo === repo.repo));
    const orgLimits = org.map((f) => f.config["limits"]).find((l) => l !== undefined);
    const revision = (0,external_node_crypto_.createHash)("sha256")
        .update(JSON.stringify(files.map((f) => [f.owner, f.repo, f.path, f.config])))
        .digest("hex")
        .slice(0, 16);
    return { merged, orgLimits, revision, sources: present.map((f) => `${f.owner}/${f.repo}:${f.path}`) };
}
/** Reads and validates the configuration; throws `ConfigError` (naming the key) when invalid. */
async function loadRepoConfig(octokit, repo, path = DEFAULT_CONFIG_PATH) {
    const raw = await readRawConfig(octokit, repo, path);
    return { config: parseConfig(raw.merged, { limits: raw.orgLimits }), revision: raw.revision, sources: raw.sources };
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

;// CONCATENATED MODULE: ./src/app/rate-limit-wait.ts
/**
 * The App's own few writes (reactions, replies, the workflow dispatch that wakes the runner)
 * outlast a rate-limit answer. Probot's default Octokit does not retry a secondary-limit 403
 * (it only logs it), so without this a dispatch refused once is lost: the 👀 already marks the
 * comment handled and GitHub does not redeliver. A write refused with a rate limit (a 403 or
 * 429 that `classifyError` calls transient) is tried again after its `retry-after` (60 s when
 * GitHub sends none, as Octokit assumes), at most {@link APP_RATE_LIMIT_ATTEMPTS} times and
 * {@link APP_RATE_LIMIT_MAX_WAIT_SECONDS} waited in all; past that, GitHub's error is thrown.
 * A long wait answers the webhook late (GitHub marks the delivery failed after 10 s) but the
 * write is done on a long-running server; any other error is thrown at once.
 */


/** Tries of one write (the first included). */
const APP_RATE_LIMIT_ATTEMPTS = 3;
/** Seconds waited in all for one write before giving up. */
const APP_RATE_LIMIT_MAX_WAIT_SECONDS = 60;
/** What Octokit assumes when a secondary-limit answer has no `retry-after`. */
const DEFAULT_RETRY_AFTER_SECONDS = 60;
/** Seconds to wait before trying `error`'s request again, or undefined when it is not a rate limit. */
function rateLimitRetryAfterSeconds(error) {
    if (!(error instanceof dist_src/* RequestError */.G) || (error.status !== 403 && error.status !== 429))
        return undefined;
    if ((0,retry/* classifyError */.fe)({ status: error.status, message: error.message }) !== "transient")
        return undefined;
    const header = Number(error.response?.headers["retry-after"] ?? Number.NaN);
    return Number.isFinite(header) && header >= 0 ? header : DEFAULT_RETRY_AFTER_SECONDS;
}
const timer = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Runs `write`, trying again after a rate-limit answer within the bounds above. */
async function outlastRateLimit(write, options = {}) {
    const sleep = options.sleep ?? timer;
    let waited = 0;
    for (let attempt = 1;; attempt++) {
        try {
            return await write();
        }
        catch (error) {
            const wait = rateLimitRetryAfterSeconds(error);
            if (wait === undefined || attempt >= APP_RATE_LIMIT_ATTEMPTS || waited + wait > APP_RATE_LIMIT_MAX_WAIT_SECONDS)
                throw error;
            waited += wait;
            await sleep(wait * 1000);
        }
    }
}

;// CONCATENATED MODULE: ./src/app/respond.ts
/**
 * What the App can do to an issue: react, reply, and wake the runner. It never writes session
 * state. Each function is one or two GitHub calls, so each handler's call count is visible.
 *
 * Idempotency without storage: GitHub answers `POST …/reactions` with 200 (not 201) when the
 * reaction already exists, so the App's 👀 on a comment doubles as the durable record that the
 * comment was handled; a second delivery of the same comment, to any instance, stops there.
 */





/** Reacts to a comment; "existed" when the App had already reacted so (a redelivery). */
async function reactToComment(client, repo, commentId, content) {
    const res = await outlastRateLimit(() => client.request("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", {
        owner: repo.owner,
        repo: repo.repo,
        comment_id: commentId,
        content,
    }));
    return res.status === 201 ? "created" : "existed";
}
async function reactToIssue(client, repo, issue, content) {
    const res = await outlastRateLimit(() => client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/reactions", {
        owner: repo.owner,
        repo: repo.repo,
        issue_number: issue,
        content,
    }));
    return res.status === 201 ? "created" : "existed";
}
/**
 * Replies on the issue. A reply to a command carries the signed marker naming the command's
 * comment, which the Action's replay recognizes, so the command is never answered twice.
 */
async function reply(client, repo, issue, body, opts) {
    let text = body;
    if (opts.replyTo !== undefined) {
        const marker = replyMarker(opts.replyTo);
        text = signature_signBody(opts.key, { kind: "reply", owner: repo.owner, repo: repo.repo, issue }, `${body}\n\n${marker}`, marker);
    }
    await outlastRateLimit(() => client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        owner: repo.owner,
        repo: repo.repo,
        issue_number: issue,
        body: text,
    }));
}
/** A marker for a notice that must be posted once per cause (a config revision, a setup problem). */
function noticeMarker(key) {
    return `<!-- foreman:notice ${key.replace(/[^A-Za-z0-9:._-]/g, "_")} -->`;
}
/** Posts `body` unless a comment of the App already carries this notice's marker. */
async function noticeOnce(client, repo, issue, noticeKey, body) {
    const marker = noticeMarker(noticeKey);
    const comments = await client.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        owner: repo.owner,
        repo: repo.repo,
        issue_number: issue,
        per_page: 100,
    });
    if (comments.some((c) => c.user?.type === "Bot" && (c.body ?? "").includes(marker)))
        return false;
    await outlastRateLimit(() => client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        owner: repo.owner,
        repo: repo.repo,
        issue_number: issue,
        body: `${body}\n\n${marker}`,
    }));
    return true;
}
/** The one comment for an invalid configuration: each problem with its key, and the fix. */
function configErrorComment(error, sources) {
    const where = sources.length > 0 ? ` (read from ${sources.map((s) => `\`${s}\``).join(", ")})` : "";
    return [
        `### 🤖 Foreman cannot run: the configuration is invalid${where}`,
        "",
        ...error.problems.map((p) => `- \`${p.path}\`: ${p.message}`),
        "",
        "Fix `.github/foreman.yml` on the default branch; Foreman reads it again on the next event. This message is posted once per version of the configuration.",
    ].join("\n");
}
/**
 * Dispatches the workflow. A setup problem (no workflow file, no Actions permission) is said once
 * on the issue with the exact YAML to add, instead of failing the webhook with a stack trace.
 */
async function wake(client, t) {
    try {
        await outlastRateLimit(() => dispatchRun(client, t.repo, {
            workflowFile: t.workflowFile,
            ref: t.defaultBranch,
            issue: t.issue,
            reason: t.reason,
            mode: t.mode ?? "run",
        }));
        return "dispatched";
    }
    catch (error) {
        if (!(error instanceof DispatchSetupError))
            throw error;
        const body = error.problem === "missing_workflow"
            ? `### 🤖 Foreman cannot start\n\n${error.message}\n\n${workflowSetupHint(t.workflowFile)}`
            : `### 🤖 Foreman cannot start\n\n${error.message}`;
        await noticeOnce(client, t.repo, t.issue, `setup:${error.problem}`, body);
        return "setup_problem";
    }
}

;// CONCATENATED MODULE: ./src/app/commands.ts
/**
 * One path for every command, typed in a comment or pressed as a check-run button: authorize
 * the author through the collaborator permission API, decide in core (`decideCommand`), then
 * react, reply or wake. Call budget for a session command: config 1, permission 1, reaction 1,
 * dispatch 1; a refusal: config 1, permission 1, 😕 1, reply 1 (the App does not read the
 * session for it: the Action replays the command and judges it against the real state).
 * `/status` reads the session instead of the permission. `/cancel` of a running session costs
 * one listing more, and one cancel per run of the issue not yet completed: the workflow never
 * cancels a run in progress by itself (`cancel-in-progress: false`, the contract users copy),
 * so the App does it. The dispatch after the cancel is not redundant: the cancelled run records
 * its attempt `interrupted` on SIGINT (which the watchdog leaves alone, and a `recover` run
 * replays no command), or nothing at all when cancelled before its Foreman step; only the woken
 * run applies the `/cancel` (test/e2e/cancel-running.test.ts fails without it). A command
 * written on a Foreman PR costs one more call: its signed record on the issue, where the Action
 * reads commands (the 👀 on the PR comment stays the record that the comment was handled).
 */












/**
 * Loads the configuration. An invalid one (bad YAML, a bad key) is said once per revision of the
 * files on the issue, naming each key, value and fix; then nothing runs for this event.
 */
async function loadConfigOrSayWhy(client, repo, issue) {
    let raw;
    try {
        raw = await readRawConfig(client, repo);
    }
    catch (error) {
        if (error instanceof dist_src/* RequestError */.G || !(error instanceof Error))
            throw error;
        const problem = new errors/* ConfigError */.xL([{ path: DEFAULT_CONFIG_PATH, message: `is not valid YAML: ${error.message.split("\n")[0] ?? ""}` }]);
        await noticeOnce(client, repo, issue, `config:${shortHash(error.message)}`, configErrorComment(problem, []));
        return { ok: false };
    }
    const validated = validate(raw);
    if (validated instanceof errors/* ConfigError */.xL) {
        await noticeOnce(client, repo, issue, `config:${raw.revision}`, configErrorComment(validated, raw.sources));
        return { ok: false };
    }
    return { ok: true, loaded: validated };
}
/**
 * Validation results by raw configuration. `readRawConfig` returns the same object for the same
 * file contents, so an unchanged configuration is validated once; a changed file is a new
 * object, validated at once. Weak: an entry lives as long as its raw configuration is memoized.
 */
const validatedByRaw = new WeakMap();
function validate(raw) {
    let result = validatedByRaw.get(raw);
    if (result === undefined) {
        try {
            result = deepFreeze({ config: (0,config/* parseConfig */.o4)(raw.merged, { limits: raw.orgLimits }), revision: raw.revision, sources: raw.sources });
        }
        catch (error) {
            if (!(error instanceof errors/* ConfigError */.xL))
                throw error;
            result = error;
        }
        validatedByRaw.set(raw, result);
    }
    return result;
}
function shortHash(text) {
    return (0,external_node_crypto_.createHash)("sha256").update(text).digest("hex").slice(0, 16);
}
/**
 * A command written on the Foreman PR is recorded on the session's issue as a signed record (the
 * Action replays the issue's comments only), naming who wrote it, where.
 */
async function recordOnIssue(client, deps, ev, command) {
    if (!BUTTON_COMMANDS.includes(command.kind))
        return;
    const press = {
        command: command.kind,
        actor: ev.author,
        pullRequest: ev.replyIssue,
        commentId: ev.commentId,
    };
    // A `/reject <reason>` keeps its reason: the Action applies the record as the command itself.
    if (command.kind === "reject")
        press.reason = command.reason;
    await client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        owner: ev.repo.owner,
        repo: ev.repo.repo,
        issue_number: ev.issue,
        body: formatButtonRecord(deps.key, ev.repo, ev.issue, press),
    });
}
async function handleCommands(client, deps, ev) {
    const loaded = await loadConfigOrSayWhy(client, ev.repo, ev.replyIssue);
    if (!loaded.ok)
        return [];
    const { config } = loaded.loaded;
    if (ev.authorIsBot && !config.bots.command_authors.some((b) => b.toLowerCase() === ev.author.toLowerCase()))
        return [];
    const needsPermission = ev.commands.some((c) => requiredPermission(c, config.permissions) !== null);
    const access = needsPermission ? await collaboratorAccess(client, ev.repo, ev.author) : "none";
    const wantsStatus = ev.commands.some((c) => c.kind === "status");
    const reading = wantsStatus
        ? await readSessionState(client, ev.repo, ev.issue, { key: deps.key, trustedAuthors: config.bots.trusted_state_authors })
        : undefined;
    const state = reading === undefined ? undefined : reading.kind === "found" ? reading.state : null;
    const nowIso = new Date(deps.now()).toISOString();
    const decisions = ev.commands.map((command) => decideCommand({ command, commentId: ev.commentId, author: ev.author, access, config, state, nowIso }));
    if (decisions.every((d) => d.kind === "ignore"))
        return decisions;
    // One reaction says the outcome (😕 when anything was refused or not understood, else 👀) and is
    // also the record that this comment was handled: "existed" means a redelivery.
    const reaction = decisions.some((d) => d.kind === "reply" && d.reaction === "confused") ? "confused" : "eyes";
    if ((await reactToComment(client, ev.repo, ev.commentId, reaction)) === "existed")
        return [];
    let woke;
    for (const [i, d] of decisions.entries()) {
        if (d.kind === "reply") {
            await reply(client, ev.repo, ev.replyIssue, d.body, d.refused ? { key: deps.key, replyTo: ev.commentId } : { key: deps.key });
        }
        else if (d.kind === "wake") {
            woke ??= d;
            if (d.cancelRun)
                await cancelRunsFor(client, ev.repo, deps.workflowFile, ev.issue);
            const command = ev.commands[i];
            if (ev.replyIssue !== ev.issue && command !== undefined)
                await recordOnIssue(client, deps, ev, command);
        }
    }
    if (woke !== undefined) {
        await wake(client, { repo: ev.repo, issue: ev.issue, defaultBranch: ev.defaultBranch, workflowFile: deps.workflowFile, reason: woke.reason });
    }
    return decisions;
}

;// CONCATENATED MODULE: ./src/app/on-check-run.ts







function issueOfSession(externalId) {
    const m = /^issue-([1-9][0-9]{0,9})$/.exec(externalId ?? "");
    return m ? Number(m[1]) : undefined;
}
function onCheckRun(deps) {
    return async (context) => {
        if (!deps.deliveries.firstTime(context.id))
            return;
        const p = context.payload;
        const run = p.check_run;
        if (run.name !== CHECK_RUN_NAME || p.sender.type === "Bot")
            return;
        const issue = issueOfSession(run.external_id);
        if (issue === undefined)
            return;
        // A re-run request is `/retry`; a button names its command through its identifier.
        const identifier = "requested_action" in p && p.requested_action ? p.requested_action.identifier : undefined;
        const button = identifier === undefined ? "retry" : checkRunActionCommand(identifier);
        if (button === null)
            return;
        const client = context.octokit;
        const repo = { owner: p.repository.owner.login, repo: p.repository.name };
        const loaded = await loadConfigOrSayWhy(client, repo, issue);
        if (!loaded.ok)
            return;
        const { config } = loaded.loaded;
        const access = await collaboratorAccess(client, repo, p.sender.login);
        const command = button === "reject" ? { kind: "reject", reason: `rejected with the check run's button by ${p.sender.login}` } : { kind: button };
        const decision = decideCommand({
            command,
            commentId: Number(run.id),
            author: p.sender.login,
            access,
            config,
            state: undefined,
            nowIso: new Date(deps.now()).toISOString(),
        });
        if (decision.kind === "reply") {
            await reply(client, repo, issue, decision.body, { key: deps.key });
            return;
        }
        if (decision.kind !== "wake")
            return;
        await client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
            owner: repo.owner,
            repo: repo.repo,
            issue_number: issue,
            body: formatButtonRecord(deps.key, repo, issue, { command: button, actor: p.sender.login, headSha: run.head_sha, checkRunId: Number(run.id) }),
        });
        await wake(client, { repo, issue, defaultBranch: p.repository.default_branch, workflowFile: deps.workflowFile, reason: button });
    };
}

// EXTERNAL MODULE: ./src/core/names.ts
var names = __webpack_require__(2483);
;// CONCATENATED MODULE: ./src/app/on-closed.ts






async function wakeToCancel(client, deps, repo, issue, defaultBranch) {
    const loaded = await loadConfigOrSayWhy(client, repo, issue);
    if (!loaded.ok)
        return;
    const reading = await readSessionState(client, repo, issue, { key: deps.key, trustedAuthors: loaded.loaded.config.bots.trusted_state_authors });
    const decision = decideClosed(reading.kind === "found" ? reading.state : null);
    if (decision.kind !== "wake")
        return;
    if (decision.cancelRun)
        await cancelRunsFor(client, repo, deps.workflowFile, issue);
    await wake(client, { repo, issue, defaultBranch, workflowFile: deps.workflowFile, reason: "closed" });
}
function onIssueClosed(deps) {
    return async (context) => {
        if (!deps.deliveries.firstTime(context.id))
            return;
        const p = context.payload;
        if (p.issue.pull_request !== undefined)
            return;
        const repo = { owner: p.repository.owner.login, repo: p.repository.name };
        await wakeToCancel(context.octokit, deps, repo, p.issue.number, p.repository.default_branch);
    };
}
function onPullRequestClosed(deps) {
    return async (context) => {
        if (!deps.deliveries.firstTime(context.id))
            return;
        const p = context.payload;
        if (p.pull_request.merged)
            return;
        const session = (0,names/* parsePullRequestBody */.W0)(p.pull_request.body ?? "");
        if (session?.issue === undefined)
            return;
        const repo = { owner: p.repository.owner.login, repo: p.repository.name };
        await wakeToCancel(context.octokit, deps, repo, session.issue, p.repository.default_branch);
    };
}

;// CONCATENATED MODULE: ./src/app/on-issue-comment.ts



function onIssueComment(deps) {
    return async (context) => {
        if (!deps.deliveries.firstTime(context.id))
            return;
        const p = context.payload;
        const commands = parseCommands(p.comment.body);
        if (commands.length === 0)
            return;
        let issue = p.issue.number;
        if (p.issue.pull_request) {
            // A comment on a PR counts only on a Foreman PR, for the session its body names.
            const session = (0,names/* parsePullRequestBody */.W0)(p.issue.body ?? "");
            if (session?.issue === undefined)
                return;
            issue = session.issue;
        }
        const client = context.octokit;
        await handleCommands(client, deps, {
            repo: { owner: p.repository.owner.login, repo: p.repository.name },
            issue,
            replyIssue: p.issue.number,
            defaultBranch: p.repository.default_branch,
            author: p.comment.user?.login ?? "",
            authorIsBot: p.comment.user?.type === "Bot" || (p.comment.user?.login ?? "").endsWith("[bot]"),
            commentId: p.comment.id,
            commands,
        });
    };
}

;// CONCATENATED MODULE: ./src/app/on-issues-labeled.ts




function onIssuesLabeled(deps) {
    return async (context) => {
        if (!deps.deliveries.firstTime(context.id))
            return;
        const p = context.payload;
        const label = p.label?.name;
        if (label === undefined || label.startsWith("foreman:") || p.issue.pull_request !== undefined || p.issue.state !== "open")
            return;
        if (p.sender.type === "Bot")
            return;
        const client = context.octokit;
        const repo = { owner: p.repository.owner.login, repo: p.repository.name };
        const loaded = await loadConfigOrSayWhy(client, repo, p.issue.number);
        if (!loaded.ok)
            return;
        const { config } = loaded.loaded;
        if (label !== config.trigger_label)
            return;
        const access = await collaboratorAccess(client, repo, p.sender.login);
        const permitted = decideTriggerLabel({ labeller: p.sender.login, access, config, state: undefined, dailyUsedUsd: 0 });
        const decision = permitted.kind === "wake"
            ? decideTriggerLabel({
                labeller: p.sender.login,
                access,
                config,
                state: undefined,
                dailyUsedUsd: await deps.dailyUsedUsd(client, repo, config),
            })
            : permitted;
        if (decision.kind === "ignore")
            return;
        await reactToIssue(client, repo, p.issue.number, decision.reaction);
        if (decision.kind === "reply") {
            await reply(client, repo, p.issue.number, decision.body, { key: deps.key });
            return;
        }
        await wake(client, { repo, issue: p.issue.number, defaultBranch: p.repository.default_branch, workflowFile: deps.workflowFile, reason: "label" });
    };
}

;// CONCATENATED MODULE: ./src/app/on-workflow-run.ts





function onWorkflowRun(deps) {
    return async (context) => {
        if (!deps.deliveries.firstTime(context.id))
            return;
        const p = context.payload;
        const run = p.workflow_run;
        if (run.path !== `.github/workflows/${deps.workflowFile}`)
            return;
        const issue = issueFromRunName(run.display_title);
        if (issue === undefined)
            return;
        const client = context.octokit;
        const repo = { owner: p.repository.owner.login, repo: p.repository.name };
        const loaded = await loadConfigOrSayWhy(client, repo, issue);
        if (!loaded.ok)
            return;
        const reading = await readSessionState(client, repo, issue, { key: deps.key, trustedAuthors: loaded.loaded.config.bots.trusted_state_authors });
        const decision = decideRunCompleted(reading.kind === "found" ? reading.state : null);
        if (decision.kind !== "wake")
            return;
        await wake(client, {
            repo,
            issue,
            defaultBranch: p.repository.default_branch,
            workflowFile: deps.workflowFile,
            reason: "recover",
            mode: "recover",
        });
    };
}

;// CONCATENATED MODULE: ./src/app/index.ts
/**
 * The Foreman App (Probot): one thin handler per event. It authorizes, reacts, answers and
 * wakes the runner with a workflow dispatch; it writes no session state (DESIGN.md, "One
 * writer"). Stateless: any number of instances can serve, behind a load balancer or as
 * serverless functions (`lambda.ts`).
 *
 * The default export is the Probot app function, wired from the environment: `PRIVATE_KEY` (or
 * `PRIVATE_KEY_PATH`, as Probot reads them; the signing key is derived from it, so the App's
 * replies verify in the Action) and `FOREMAN_WORKFLOW_FILE` (default `foreman.yml`).
 */











/** The handlers, given their dependencies (tests pass their own clock and key). */
function foremanApp(deps) {
    return (app) => {
        app.on("issues.labeled", onIssuesLabeled(deps));
        app.on("issue_comment.created", onIssueComment(deps));
        app.on(["check_run.requested_action", "check_run.rerequested"], onCheckRun(deps));
        app.on("workflow_run.completed", onWorkflowRun(deps));
        app.on("issues.closed", onIssueClosed(deps));
        app.on("pull_request.closed", onPullRequestClosed(deps));
    };
}
class MissingAppKeyError extends errors/* ForemanError */.Vy {
    name = "MissingAppKeyError";
    kind = "usage";
    constructor() {
        super("The App's private key is not set: set PRIVATE_KEY (the PEM) or PRIVATE_KEY_PATH (see .env.example).");
    }
}
/** The dependencies of the running App, from its environment. */
function depsFromEnv(env) {
    const privateKey = (0,dist_bundle/* getPrivateKey */.T)({ env: { ...env } });
    if (!privateKey)
        throw new MissingAppKeyError();
    const key = deriveSigningKey({ appPrivateKey: privateKey });
    const now = () => Date.now();
    return {
        key,
        workflowFile: env["FOREMAN_WORKFLOW_FILE"]?.trim() || DEFAULT_WORKFLOW_FILE,
        now,
        dailyUsedUsd: (client, repo, config) => new DailyLedger({ client, repo, key, trustedAuthors: config.bots.trusted_state_authors, now }).usedToday(),
        deliveries: new DeliveryMemory(),
    };
}
const app = (probot) => foremanApp(depsFromEnv(process.env))(probot);
/* harmony default export */ const src_app = ((/* unused pure expression or super */ null && (app)));

;// CONCATENATED MODULE: ./src/sandbox/orphan-processes.ts
/**
 * The Actions runner's orphan-process cleanup, for the emulator. At the end of a job the real
 * runner ("Cleaning up orphan processes") ends every process that still carries the job's
 * `RUNNER_TRACKING_ID` in its environment: a step that died (killed runner, SIGKILL on cancel)
 * leaves no child behind, even one in its own process group (Foreman's gates and agents are)
 * or running as another user. The emulator does the same, so a killed run leaves nothing
 * running on the test machine either.
 *
 * Linux only (`/proc/<pid>/environ`); a process whose environment this user may not read is
 * left alone, as the runner would (it runs as one user).
 */

/** The environment variable that marks a job's processes. */
const TRACKING_VARIABLE = "RUNNER_TRACKING_ID";
/** The process ids (other than this process) whose environment holds `RUNNER_TRACKING_ID=<id>`. */
async function trackedProcesses(trackingId, procRoot = "/proc") {
    const entry = `${TRACKING_VARIABLE}=${trackingId}`;
    const names = await (0,promises_.readdir)(procRoot).catch(() => []);
    const found = [];
    await Promise.all(names.map(async (name) => {
        if (!/^[1-9][0-9]*$/.test(name) || Number(name) === process.pid)
            return;
        const environ = await (0,promises_.readFile)(`${procRoot}/${name}/environ`, "latin1").catch(() => "");
        if (environ.split("\0").includes(entry))
            found.push(Number(name));
    }));
    return found.sort((a, b) => a - b);
}
/** SIGKILLs every process still tracked by `trackingId`; returns the pids it signalled. */
async function terminateOrphans(trackingId, procRoot = "/proc") {
    const killed = [];
    for (const pid of await trackedProcesses(trackingId, procRoot)) {
        try {
            process.kill(pid, "SIGKILL");
            killed.push(pid);
        }
        catch {
            // Already gone, or not ours to signal.
        }
    }
    return killed;
}

;// CONCATENATED MODULE: ./src/sandbox/http-error.ts
/**
 * GitHub's error shape for the stand-in: every failure a route decides is thrown as a
 * `GitHubHttpError` and written as `{ message, documentation_url, errors? }` with GitHub's
 * status, so clients meet the same `RequestError`s (status, message, errors) as on github.com.
 */
const DOCS = "https://docs.github.com/rest";
class GitHubHttpError extends Error {
    status;
    errors;
    headers;
    name = "GitHubHttpError";
    constructor(status, message, errors, headers = {}) {
        super(message);
        this.status = status;
        this.errors = errors;
        this.headers = headers;
    }
    /** The JSON body GitHub sends with this status. */
    body() {
        return { message: this.message, documentation_url: DOCS, ...(this.errors ? { errors: this.errors } : {}), status: String(this.status) };
    }
}
const notFound = () => new GitHubHttpError(404, "Not Found");
/** 422 "Validation Failed" with one detail, GitHub's answer to invalid input. */
function invalid(resource, field, code, message) {
    return new GitHubHttpError(422, "Validation Failed", [{ resource, field, code, ...(message !== undefined ? { message } : {}) }]);
}

;// CONCATENATED MODULE: ./src/sandbox/world.ts
/**
 * The stand-in's in-memory data: users, apps and installations, repositories (each backed by a
 * bare git repository on disk), issues, comments, reactions, labels, check runs, workflow runs
 * and pull requests. Routes read and change it; `StandIn` seeds it. Ids come from one counter
 * and times from the injected clock, so two runs with the same inputs answer the same.
 */

class World {
    now;
    baseUrl;
    emit;
    users = new Map();
    repos = new Map();
    apps = new Map();
    installations = new Map();
    reactions = [];
    #nextId = 1000;
    constructor(
    /** Milliseconds since the epoch. */
    now, 
    /** `http://127.0.0.1:<port>`, known once the server listens. */
    baseUrl, emit = () => { }) {
        this.now = now;
        this.baseUrl = baseUrl;
        this.emit = emit;
    }
    nextId() {
        return ++this.#nextId;
    }
    key(owner, name) {
        return `${owner.toLowerCase()}/${name.toLowerCase()}`;
    }
    repo(owner, name) {
        const repo = this.repos.get(this.key(owner, name));
        if (repo === undefined)
            throw notFound();
        return repo;
    }
    issue(repo, number) {
        const issue = repo.issues.get(number);
        if (issue === undefined)
            throw notFound();
        return issue;
    }
    user(login) {
        const key = login.toLowerCase();
        let user = this.users.get(key);
        if (user === undefined) {
            user = { login, id: this.nextId(), type: login.endsWith("[bot]") ? "Bot" : "User" };
            this.users.set(key, user);
        }
        return user;
    }
    /** The installation on `repo` of an App that gets webhooks (not GitHub Actions' built-in one). */
    installationFor(repo) {
        return [...this.installations.values()].find((i) => i.repos.has(this.key(repo.owner, repo.name)) && this.apps.get(i.appId)?.publicKey !== "");
    }
    /** The role of `login` on `repo`; the owner is admin. */
    role(repo, login) {
        if (login.toLowerCase() === repo.owner.toLowerCase())
            return "admin";
        return repo.roles.get(login.toLowerCase());
    }
}
/** GitHub's timestamps: ISO 8601 in UTC without milliseconds. */
function iso(ms) {
    return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

;// CONCATENATED MODULE: ./src/sandbox/shapes.ts
/**
 * The JSON the stand-in answers with, in GitHub's shapes: every property GitHub's REST
 * description marks required is present, URLs are derived from the stand-in's base URL, times
 * are GitHub's second-precision ISO strings. Routes and webhook payloads share these builders.
 */

function userJson(world, login) {
    const user = world.user(login);
    const url = `${world.baseUrl}/users/${encodeURIComponent(user.login)}`;
    return {
        login: user.login,
        id: user.id,
        node_id: `U_${user.id}`,
        avatar_url: `${world.baseUrl}/avatars/${user.id}`,
        gravatar_id: "",
        url,
        html_url: `${world.baseUrl}/${encodeURIComponent(user.login)}`,
        followers_url: `${url}/followers`,
        following_url: `${url}/following{/other_user}`,
        gists_url: `${url}/gists{/gist_id}`,
        starred_url: `${url}/starred{/owner}{/repo}`,
        subscriptions_url: `${url}/subscriptions`,
        organizations_url: `${url}/orgs`,
        repos_url: `${url}/repos`,
        events_url: `${url}/events{/privacy}`,
        received_events_url: `${url}/received_events`,
        type: user.type,
        site_admin: false,
    };
}
function repoApiUrl(world, repo) {
    return `${world.baseUrl}/repos/${repo.owner}/${repo.name}`;
}
/** The full `repository` object. */
function repositoryJson(world, repo) {
    return {
        ...repositoryLiteJson(world, repo),
        clone_url: `file://${repo.gitDir}`,
        git_url: `file://${repo.gitDir}`,
        ssh_url: `file://${repo.gitDir}`,
        svn_url: `${world.baseUrl}/${repo.owner}/${repo.name}`,
        mirror_url: null,
        homepage: null,
        language: null,
        forks_count: 0,
        forks: 0,
        stargazers_count: 0,
        watchers_count: 0,
        watchers: 0,
        size: 0,
        default_branch: repo.defaultBranch,
        open_issues_count: [...repo.issues.values()].filter((i) => i.state === "open").length,
        open_issues: [...repo.issues.values()].filter((i) => i.state === "open").length,
        is_template: false,
        topics: [],
        has_issues: true,
        has_projects: false,
        has_wiki: false,
        has_pages: false,
        has_downloads: false,
        has_discussions: false,
        archived: false,
        disabled: false,
        visibility: "public",
        pushed_at: iso(0),
        created_at: iso(0),
        updated_at: iso(0),
        allow_forking: true,
        web_commit_signoff_required: false,
        license: null,
        custom_properties: {},
    };
}
/** The lite `repository` of workflow runs (GitHub's minimal repository: ids, names, owner, API URLs). */
function repositoryLiteJson(world, repo) {
    const url = repoApiUrl(world, repo);
    const templated = {
        archive_url: "/{archive_format}{/ref}",
        assignees_url: "/assignees{/user}",
        blobs_url: "/git/blobs{/sha}",
        branches_url: "/branches{/branch}",
        collaborators_url: "/collaborators{/collaborator}",
        comments_url: "/comments{/number}",
        commits_url: "/commits{/sha}",
        compare_url: "/compare/{base}...{head}",
        contents_url: "/contents/{+path}",
        contributors_url: "/contributors",
        deployments_url: "/deployments",
        downloads_url: "/downloads",
        events_url: "/events",
        forks_url: "/forks",
        git_commits_url: "/git/commits{/sha}",
        git_refs_url: "/git/refs{/sha}",
        git_tags_url: "/git/tags{/sha}",
        hooks_url: "/hooks",
        issue_comment_url: "/issues/comments{/number}",
        issue_events_url: "/issues/events{/number}",
        issues_url: "/issues{/number}",
        keys_url: "/keys{/key_id}",
        labels_url: "/labels{/name}",
        languages_url: "/languages",
        merges_url: "/merges",
        milestones_url: "/milestones{/number}",
        notifications_url: "/notifications{?since,all,participating}",
        pulls_url: "/pulls{/number}",
        releases_url: "/releases{/id}",
        stargazers_url: "/stargazers",
        statuses_url: "/statuses/{sha}",
        subscribers_url: "/subscribers",
        subscription_url: "/subscription",
        tags_url: "/tags",
        teams_url: "/teams",
        trees_url: "/git/trees{/sha}",
    };
    return {
        id: repo.id,
        node_id: `R_${repo.id}`,
        name: repo.name,
        full_name: `${repo.owner}/${repo.name}`,
        owner: userJson(world, repo.owner),
        private: false,
        html_url: `${world.baseUrl}/${repo.owner}/${repo.name}`,
        description: null,
        fork: false,
        url,
        ...Object.fromEntries(Object.entries(templated).map(([k, v]) => [k, `${url}${v}`])),
    };
}
/** GitHub's reaction roll-up on issues and comments. */
function reactionsJson(world, url, subject) {
    const counts = { "+1": 0, "-1": 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 };
    let total = 0;
    for (const r of world.reactions) {
        if (r.subject !== subject)
            continue;
        counts[r.content] = (counts[r.content] ?? 0) + 1;
        total++;
    }
    return { url: `${url}/reactions`, total_count: total, ...counts };
}
function labelJson(world, repo, label) {
    return {
        id: label.id,
        node_id: `LA_${label.id}`,
        url: `${repoApiUrl(world, repo)}/labels/${encodeURIComponent(label.name)}`,
        name: label.name,
        color: label.color,
        description: label.description,
        default: false,
    };
}
function issueJson(world, repo, issue) {
    const url = `${repoApiUrl(world, repo)}/issues/${issue.number}`;
    const comments = [...repo.comments.values()].filter((c) => c.issue === issue.number).length;
    return {
        id: issue.id,
        node_id: `I_${issue.id}`,
        url,
        repository_url: repoApiUrl(world, repo),
        labels_url: `${url}/labels{/name}`,
        comments_url: `${url}/comments`,
        events_url: `${url}/events`,
        html_url: `${world.baseUrl}/${repo.owner}/${repo.name}/${issue.isPull ? "pull" : "issues"}/${issue.number}`,
        number: issue.number,
        state: issue.state,
        state_reason: issue.stateReason,
        title: issue.title,
        body: issue.body,
        user: userJson(world, issue.author),
        labels: issue.labels.map((name) => repo.labels.get(name.toLowerCase())).flatMap((l) => (l ? [labelJson(world, repo, l)] : [])),
        assignee: null,
        assignees: [],
        milestone: null,
        locked: false,
        active_lock_reason: null,
        comments,
        closed_at: issue.closedAt === null ? null : iso(issue.closedAt),
        created_at: iso(issue.createdAt),
        updated_at: iso(issue.updatedAt),
        author_association: authorAssociation(world, repo, issue.author),
        reactions: reactionsJson(world, url, `issue:${issue.number}`),
        ...(issue.isPull
            ? {
                pull_request: {
                    url: `${repoApiUrl(world, repo)}/pulls/${issue.number}`,
                    html_url: `${world.baseUrl}/${repo.owner}/${repo.name}/pull/${issue.number}`,
                    diff_url: `${world.baseUrl}/${repo.owner}/${repo.name}/pull/${issue.number}.diff`,
                    patch_url: `${world.baseUrl}/${repo.owner}/${repo.name}/pull/${issue.number}.patch`,
                    merged_at: null,
                },
            }
            : {}),
    };
}
/** GitHub's `author_association` (not a permission: DESIGN.md). */
function authorAssociation(world, repo, login) {
    if (login.toLowerCase() === repo.owner.toLowerCase())
        return "OWNER";
    return world.role(repo, login) === undefined ? "NONE" : "COLLABORATOR";
}
function commentJson(world, repo, comment) {
    const url = `${repoApiUrl(world, repo)}/issues/comments/${comment.id}`;
    const issue = repo.issues.get(comment.issue);
    return {
        id: comment.id,
        node_id: `IC_${comment.id}`,
        url,
        html_url: `${world.baseUrl}/${repo.owner}/${repo.name}/${issue?.isPull === true ? "pull" : "issues"}/${comment.issue}#issuecomment-${comment.id}`,
        issue_url: `${repoApiUrl(world, repo)}/issues/${comment.issue}`,
        body: comment.body,
        user: userJson(world, comment.author),
        created_at: iso(comment.createdAt),
        updated_at: iso(comment.updatedAt),
        author_association: authorAssociation(world, repo, comment.author),
        reactions: reactionsJson(world, url, `comment:${comment.id}`),
        performed_via_github_app: null,
    };
}
function reactionJson(world, reaction) {
    return {
        id: reaction.id,
        node_id: `REA_${reaction.id}`,
        user: userJson(world, reaction.author),
        content: reaction.content,
        created_at: iso(reaction.createdAt),
    };
}
function appJson(world, app) {
    return {
        id: app.id,
        slug: app.slug,
        node_id: `A_${app.id}`,
        owner: userJson(world, app.owner),
        name: app.name,
        description: null,
        external_url: `${world.baseUrl}/apps/${app.slug}`,
        html_url: `${world.baseUrl}/apps/${app.slug}`,
        created_at: iso(0),
        updated_at: iso(0),
        permissions: { issues: "write", checks: "write", actions: "write", contents: "write", pull_requests: "write", metadata: "read" },
        events: ["issues", "issue_comment", "check_run", "workflow_run", "pull_request"],
    };
}
function checkRunJson(world, repo, run) {
    const url = `${repoApiUrl(world, repo)}/check-runs/${run.id}`;
    const app = world.apps.get(run.appId);
    return {
        id: run.id,
        node_id: `CR_${run.id}`,
        head_sha: run.headSha,
        external_id: run.externalId ?? "",
        url,
        html_url: `${world.baseUrl}/${repo.owner}/${repo.name}/runs/${run.id}`,
        details_url: run.detailsUrl ?? `${world.baseUrl}/${repo.owner}/${repo.name}/runs/${run.id}`,
        status: run.status,
        conclusion: run.conclusion,
        started_at: iso(run.startedAt),
        completed_at: run.completedAt === null ? null : iso(run.completedAt),
        output: { ...run.output, annotations_count: 0, annotations_url: `${url}/annotations` },
        name: run.name,
        check_suite: {
            id: run.id + 1,
            node_id: `CS_${run.id + 1}`,
            head_branch: null,
            head_sha: run.headSha,
            status: run.status === "completed" ? "completed" : "in_progress",
            conclusion: run.conclusion,
            url: `${repoApiUrl(world, repo)}/check-suites/${run.id + 1}`,
            before: null,
            after: null,
            pull_requests: [],
            app: app === undefined ? null : appJson(world, app),
            created_at: iso(run.startedAt),
            updated_at: iso(run.completedAt ?? run.startedAt),
        },
        app: app === undefined ? null : appJson(world, app),
        pull_requests: [],
    };
}
function workflowRunJson(world, repo, run) {
    const url = `${repoApiUrl(world, repo)}/actions/runs/${run.id}`;
    return {
        id: run.id,
        name: run.displayTitle,
        node_id: `WFR_${run.id}`,
        head_branch: run.ref,
        head_sha: run.headSha,
        path: run.path,
        display_title: run.displayTitle,
        run_number: run.runNumber,
        run_attempt: 1,
        event: run.event,
        status: run.status,
        conclusion: run.conclusion,
        workflow_id: workflowId(run.workflowFile),
        url,
        html_url: `${world.baseUrl}/${repo.owner}/${repo.name}/actions/runs/${run.id}`,
        pull_requests: [],
        created_at: iso(run.createdAt),
        updated_at: iso(run.updatedAt),
        run_started_at: iso(run.createdAt),
        actor: userJson(world, run.actor),
        triggering_actor: userJson(world, run.actor),
        jobs_url: `${url}/jobs`,
        logs_url: `${url}/logs`,
        check_suite_url: `${repoApiUrl(world, repo)}/check-suites/${run.id + 1}`,
        check_suite_id: run.id + 1,
        check_suite_node_id: `CS_${run.id + 1}`,
        previous_attempt_url: null,
        artifacts_url: `${url}/artifacts`,
        cancel_url: `${url}/cancel`,
        rerun_url: `${url}/rerun`,
        workflow_url: `${repoApiUrl(world, repo)}/actions/workflows/${workflowId(run.workflowFile)}`,
        head_commit: {
            id: run.headSha,
            tree_id: run.headSha,
            message: "",
            timestamp: iso(run.createdAt),
            author: { name: "stand-in", email: "stand-in@127.0.0.1" },
            committer: { name: "stand-in", email: "stand-in@127.0.0.1" },
        },
        repository: repositoryLiteJson(world, repo),
        head_repository: repositoryLiteJson(world, repo),
    };
}
/** The `workflow` object of a `workflow_run` webhook. */
function workflowJson(world, repo, run) {
    const id = workflowId(run.workflowFile);
    return {
        id,
        node_id: `W_${id}`,
        name: run.workflowFile,
        path: run.path,
        state: "active",
        created_at: iso(0),
        updated_at: iso(0),
        url: `${repoApiUrl(world, repo)}/actions/workflows/${id}`,
        html_url: `${world.baseUrl}/${repo.owner}/${repo.name}/blob/${repo.defaultBranch}/${run.path}`,
        badge_url: `${world.baseUrl}/${repo.owner}/${repo.name}/workflows/${encodeURIComponent(run.workflowFile)}/badge.svg`,
    };
}
/** A stable numeric workflow id for a workflow file name. */
function workflowId(file) {
    let h = 7;
    for (const ch of file)
        h = (h * 31 + ch.charCodeAt(0)) % 1_000_000_007;
    return h;
}
function pullJson(world, repo, pull, issue) {
    const url = `${repoApiUrl(world, repo)}/pulls/${pull.number}`;
    const html = `${world.baseUrl}/${repo.owner}/${repo.name}/pull/${pull.number}`;
    const issueUrl = `${repoApiUrl(world, repo)}/issues/${pull.number}`;
    const side = (ref, sha) => ({
        label: `${repo.owner}:${ref}`,
        ref,
        sha,
        user: userJson(world, repo.owner),
        repo: repositoryJson(world, repo),
    });
    return {
        url,
        id: pull.id,
        node_id: `PR_${pull.id}`,
        html_url: html,
        diff_url: `${html}.diff`,
        patch_url: `${html}.patch`,
        issue_url: issueUrl,
        commits_url: `${url}/commits`,
        review_comments_url: `${url}/comments`,
        review_comment_url: `${repoApiUrl(world, repo)}/pulls/comments{/number}`,
        comments_url: `${issueUrl}/comments`,
        statuses_url: `${repoApiUrl(world, repo)}/statuses/${pull.headSha}`,
        number: pull.number,
        state: issue.state,
        locked: false,
        title: issue.title,
        user: userJson(world, issue.author),
        body: issue.body,
        labels: [],
        milestone: null,
        active_lock_reason: null,
        created_at: iso(issue.createdAt),
        updated_at: iso(issue.updatedAt),
        closed_at: issue.closedAt === null ? null : iso(issue.closedAt),
        merged_at: null,
        merge_commit_sha: null,
        assignee: null,
        assignees: [],
        requested_reviewers: [],
        requested_teams: [],
        head: side(pull.head, pull.headSha),
        base: side(pull.base, pull.baseSha),
        _links: {
            self: { href: url },
            html: { href: html },
            issue: { href: issueUrl },
            comments: { href: `${issueUrl}/comments` },
            review_comments: { href: `${url}/comments` },
            review_comment: { href: `${repoApiUrl(world, repo)}/pulls/comments{/number}` },
            commits: { href: `${url}/commits` },
            statuses: { href: `${repoApiUrl(world, repo)}/statuses/${pull.headSha}` },
        },
        author_association: authorAssociation(world, repo, issue.author),
        auto_merge: null,
        draft: pull.draft,
        merged: false,
        mergeable: null,
        rebaseable: null,
        mergeable_state: "unknown",
        merged_by: null,
        comments: [...repo.comments.values()].filter((c) => c.issue === pull.number).length,
        review_comments: 0,
        maintainer_can_modify: false,
        commits: 1,
        additions: 0,
        deletions: 0,
        changed_files: 0,
    };
}
function installationJson(world, installation) {
    const app = world.apps.get(installation.appId);
    const account = world.user(installation.account);
    return {
        id: installation.id,
        account: userJson(world, account.login),
        repository_selection: "selected",
        access_tokens_url: `${world.baseUrl}/app/installations/${installation.id}/access_tokens`,
        repositories_url: `${world.baseUrl}/installation/repositories`,
        html_url: `${world.baseUrl}/settings/installations/${installation.id}`,
        app_id: installation.appId,
        app_slug: app?.slug ?? "",
        target_id: account.id,
        target_type: account.type === "Organization" ? "Organization" : "User",
        permissions: app === undefined ? {} : appJson(world, app)["permissions"],
        events: app === undefined ? [] : appJson(world, app)["events"],
        created_at: iso(0),
        updated_at: iso(0),
        single_file_name: null,
        suspended_by: null,
        suspended_at: null,
    };
}

;// CONCATENATED MODULE: ./src/sandbox/actions-emulator.ts
/**
 * `ActionsEmulator`: what GitHub Actions does with a dispatch of `examples/workflows/foreman.yml`,
 * as a `Runner` for the stand-in, so the shipped Action runs for real on one machine:
 *
 * - the concurrency group `foreman-<issue>` (`foreman-sweep` without an issue): one run running
 *   and one pending per group; a newer queued run cancels the pending one (`cancelled`);
 * - the job: a fresh `GITHUB_WORKSPACE` cloned from the bare remote at the dispatched ref
 *   (`actions/checkout` with `persist-credentials: false`, `fetch-depth: 0`), then
 *   `node <actionEntry>` with the environment the runner gives a step — `INPUT_*` from the
 *   workflow's `with:`, `GITHUB_EVENT_PATH`, `GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`, the
 *   `GITHUB_*` and `RUNNER_*` variables — and nothing of the parent's environment but `PATH`
 *   and `HOME` (no secret leaks in from whoever started the emulator);
 * - `startRun` when the job starts, `finishRun(success | failure | cancelled)` when it ends
 *   (the stand-in sends `workflow_run.completed`);
 * - cancel: SIGINT, SIGTERM 7.5 s later, SIGKILL of the whole tree 2.5 s after that (timings
 *   injectable); `kill(runId)` is the runner dying mid-step (SIGKILL now: `failure`);
 * - at the end of every job, the runner's orphan-process cleanup: whatever still carries the
 *   job's `RUNNER_TRACKING_ID` (a gate or agent the killed step started in its own process
 *   group) is ended (`orphan-processes.ts`).
 *
 * Each run's outputs and job summary are parsed and kept (`run(id)`) for the demo's timeline
 * and for tests; `idle()` resolves when nothing runs and nothing waits.
 */










/** GitHub's cancellation: SIGINT, then SIGTERM this long after, then SIGKILL this long after that. */
const CANCEL_TIMINGS = { sigtermAfterMs: 7_500, sigkillAfterMs: 2_500 };
/** The shipped Action bundle (`dist/action/index.js`). */
function defaultActionEntry() {
    return actionBundle();
}
/** The concurrency group of the shipped workflow: `foreman-${{ inputs.issue || 'sweep' }}`. */
function concurrencyGroup(inputs) {
    return `foreman-${inputs["issue"] || "sweep"}`;
}
/**
 * `GITHUB_OUTPUT` as `@actions/core` writes it: `name<<DELIMITER` … `DELIMITER` blocks, or
 * `name=value` lines.
 */
function parseOutputFile(text) {
    const out = {};
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i] ?? "";
        const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
        if (heredoc !== null) {
            const [, name = "", delimiter = ""] = heredoc;
            const value = [];
            for (i++; i < lines.length && lines[i] !== delimiter; i++)
                value.push(lines[i] ?? "");
            out[name] = value.join("\n");
            continue;
        }
        const eq = line.indexOf("=");
        if (eq > 0)
            out[line.slice(0, eq)] = line.slice(eq + 1);
    }
    return out;
}
/** The dispatch inputs with the workflow's declared defaults filled in (as GitHub does). */
function withInputDefaults(workflowText, inputs) {
    const out = {};
    let doc;
    try {
        doc = workflowText === undefined ? undefined : (0,dist.parse)(workflowText);
    }
    catch {
        doc = undefined;
    }
    const on = isRecord(doc) ? doc["on"] : undefined;
    const dispatch = isRecord(on) ? on["workflow_dispatch"] : undefined;
    const declared = isRecord(dispatch) ? dispatch["inputs"] : undefined;
    if (isRecord(declared))
        for (const [name, spec] of Object.entries(declared)) {
            const d = isRecord(spec) ? spec["default"] : undefined;
            if (d !== undefined && d !== null)
                out[name] = String(d);
        }
    return { ...out, ...inputs };
}
/**
 * The step's `with:` of the shipped workflow, evaluated for a `workflow_dispatch` event, plus
 * the Action's declared defaults (`github-token: ${{ github.token }}`, …): what becomes `INPUT_*`.
 */
function stepInputs(inputs, credentials, githubToken) {
    return {
        "github-token": githubToken,
        "app-id": credentials.appId ?? "",
        "app-private-key": credentials.appPrivateKey ?? "",
        "state-key": credentials.stateKey ?? "",
        issue: inputs["issue"] ?? "",
        reason: inputs["reason"] || "sweep",
        mode: inputs["mode"] ?? "run",
        agent: "",
        "agent-command": "",
        "config-path": ".github/foreman.yml",
    };
}
/** `INPUT_<NAME>` as the runner names it: upper case, spaces as `_`, dashes kept. */
function inputVariable(name) {
    return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}
class ActionsEmulator {
    #options;
    #timings;
    #runs = new Map();
    #groups = new Map();
    #waiters = [];
    #jobs = new Set();
    #workDir;
    #closed = false;
    /** Runs holding a runner, and the runs waiting for one (first come, first served). */
    #onRunners = 0;
    #waitingForRunner = [];
    constructor(options) {
        this.#options = options;
        this.#timings = options.timings ?? CANCEL_TIMINGS;
        this.#workDir = options.workDir;
    }
    /** The stand-in's hook: a dispatched run is queued. */
    queued(run) {
        const inputs = { ...run.inputs };
        const record = {
            runId: run.runId,
            owner: run.owner,
            repo: run.repo,
            issue: inputs["issue"] || undefined,
            title: run.displayTitle,
            group: concurrencyGroup(inputs),
            inputs,
            state: "pending",
            outputs: {},
            summary: "",
            log: "",
            signals: [],
            exitCode: null,
            exitSignal: null,
            queuedAt: Date.now(),
        };
        const slot = { record, queued: run, cancelRequested: false, killed: false, timers: [] };
        this.#runs.set(run.runId, slot);
        if (this.#closed) {
            this.#conclude(slot, "cancelled", "the emulator was closed");
            return;
        }
        const group = this.#group(record.group);
        if (group.running === undefined) {
            this.#start(group, slot);
            return;
        }
        const older = group.pending;
        group.pending = slot;
        if (older !== undefined)
            this.#conclude(older, "cancelled", `a newer run (${run.runId}) was queued in concurrency group ${record.group}`);
    }
    /** The stand-in's hook: cancel asked (the API's `/cancel`). */
    cancel(run) {
        const slot = this.#runs.get(run.runId);
        if (slot === undefined || slot.record.state === "completed")
            return;
        if (slot.record.state === "pending") {
            const group = this.#group(slot.record.group);
            if (group.pending === slot)
                delete group.pending;
            this.#conclude(slot, "cancelled", "cancelled while pending");
            return;
        }
        slot.cancelRequested = true;
        const child = slot.child;
        if (child === undefined)
            return;
        this.#signal(slot, "SIGINT");
        slot.timers.push(setTimeout(() => {
            this.#signal(slot, "SIGTERM");
            slot.timers.push(setTimeout(() => this.#killTree(slot), this.#timings.sigkillAfterMs));
        }, this.#timings.sigtermAfterMs));
    }
    /** The runner dies mid-step: SIGKILL to the step's whole process tree; the run concludes `failure`. */
    kill(runId) {
        const slot = this.#runs.get(runId);
        if (slot === undefined || slot.record.state !== "running")
            throw new Error(`Run ${runId} is not running: nothing to kill (see runs()).`);
        slot.killed = true;
        if (slot.child !== undefined)
            this.#killTree(slot);
    }
    /** Every run seen, oldest first. */
    runs() {
        return [...this.#runs.values()].map((s) => s.record).sort((a, b) => a.runId - b.runId);
    }
    run(runId) {
        return this.#runs.get(runId)?.record;
    }
    /** Resolves when no run is running or pending. */
    idle() {
        if (this.#busy() === 0)
            return Promise.resolve();
        return new Promise((resolve) => this.#waiters.push(resolve));
    }
    /** Kills what still runs (SIGKILL), waits for the jobs to end, removes the work directory it made. */
    async close() {
        this.#closed = true;
        for (const group of this.#groups.values()) {
            if (group.pending !== undefined)
                this.#conclude(group.pending, "cancelled", "the emulator was closed");
            delete group.pending;
        }
        for (const slot of this.#runs.values())
            if (slot.record.state === "running") {
                slot.killed = true;
                if (slot.child !== undefined)
                    this.#killTree(slot);
            }
        while (this.#jobs.size > 0)
            await Promise.all([...this.#jobs]);
        if (this.#options.workDir === undefined && this.#workDir !== undefined)
            await (0,promises_.rm)(this.#workDir, { recursive: true, force: true });
    }
    // ── internals ──────────────────────────────────────────────────────────────────────────
    #group(name) {
        let group = this.#groups.get(name);
        if (group === undefined) {
            group = {};
            this.#groups.set(name, group);
        }
        return group;
    }
    #busy() {
        return [...this.#runs.values()].filter((s) => s.record.state !== "completed").length;
    }
    #start(group, slot) {
        group.running = slot;
        slot.record.state = "running";
        slot.record.startedAt = Date.now();
        const job = this.#job(slot)
            .catch((error) => {
            slot.record.log += `\n[emulator] the job could not run: ${error instanceof Error ? error.message : String(error)}\n`;
            return "failure";
        })
            .then((conclusion) => {
            this.#conclude(slot, conclusion);
            if (group.running === slot)
                delete group.running;
            const next = group.pending;
            if (next !== undefined && !this.#closed) {
                delete group.pending;
                this.#start(group, next);
            }
            this.#wake();
        })
            .finally(() => this.#jobs.delete(job));
        this.#jobs.add(job);
    }
    async #job(slot) {
        await this.#takeRunner();
        try {
            return await this.#step(slot);
        }
        finally {
            this.#onRunners--;
            this.#waitingForRunner.shift()?.();
        }
    }
    /** Resolves once a runner is free (`maxConcurrentRuns`), and holds it. */
    async #takeRunner() {
        const max = this.#options.maxConcurrentRuns ?? Number.POSITIVE_INFINITY;
        while (this.#onRunners >= max)
            await new Promise((resolve) => this.#waitingForRunner.push(resolve));
        this.#onRunners++;
    }
    async #step(slot) {
        const { standIn } = this.#options;
        const q = slot.queued;
        const handle = { owner: q.owner, name: q.repo, gitDir: q.gitDir, defaultBranch: q.ref };
        standIn.startRun(handle, q.runId);
        this.#workDir ??= await (0,promises_.mkdtemp)(external_node_path_default().join((0,external_node_os_.tmpdir)(), "foreman-actions-"));
        const runDir = external_node_path_default().join(this.#workDir, `run-${q.runId}`);
        const workspace = external_node_path_default().join(runDir, "work", q.repo, q.repo);
        const runnerTemp = external_node_path_default().join(runDir, "_temp");
        const files = external_node_path_default().join(runDir, "_runner_file_commands");
        await (0,promises_.mkdir)(runnerTemp, { recursive: true });
        await (0,promises_.mkdir)(files, { recursive: true });
        // actions/checkout, persist-credentials: false, fetch-depth: 0: origin is the remote, no credential stored.
        await git_remote_git(["clone", "--quiet", "--no-checkout", q.gitDir, workspace]);
        await git_remote_git(["checkout", "--quiet", "--force", "-B", q.ref, q.headSha], { cwd: workspace });
        const workflowText = await readFileAt(q.gitDir, q.headSha, `.github/workflows/${q.workflowFile}`);
        const inputs = withInputDefaults(workflowText, q.inputs);
        slot.record.inputs = inputs;
        const eventPath = external_node_path_default().join(runDir, "event.json");
        const outputPath = external_node_path_default().join(files, "set_output");
        const summaryPath = external_node_path_default().join(files, "step_summary");
        const repo = standIn.world.repo(q.owner, q.repo);
        await (0,promises_.writeFile)(eventPath, JSON.stringify({
            inputs,
            ref: `refs/heads/${q.ref}`,
            repository: repositoryJson(standIn.world, repo),
            sender: { login: q.actor, type: "User" },
            workflow: `.github/workflows/${q.workflowFile}`,
        }));
        await (0,promises_.writeFile)(outputPath, "");
        await (0,promises_.writeFile)(summaryPath, "");
        if (slot.cancelRequested || slot.killed)
            return slot.killed ? "failure" : "cancelled";
        const token = standIn.runToken(handle);
        const trackingId = `github_${(0,external_node_crypto_.randomUUID)()}`;
        const env = {
            PATH: process.env["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            HOME: process.env["HOME"] ?? (0,external_node_os_.tmpdir)(),
            ...this.#options.stepEnv,
            CI: "true",
            GITHUB_ACTIONS: "true",
            GITHUB_API_URL: standIn.url,
            GITHUB_GRAPHQL_URL: `${standIn.url}/graphql`,
            GITHUB_SERVER_URL: standIn.url,
            GITHUB_REPOSITORY: `${q.owner}/${q.repo}`,
            GITHUB_REPOSITORY_OWNER: q.owner,
            GITHUB_RUN_ID: String(q.runId),
            GITHUB_RUN_NUMBER: String(q.runNumber),
            GITHUB_RUN_ATTEMPT: "1",
            GITHUB_WORKFLOW: q.workflowFile.replace(/\.ya?ml$/, ""),
            GITHUB_WORKFLOW_REF: `${q.owner}/${q.repo}/.github/workflows/${q.workflowFile}@refs/heads/${q.ref}`,
            GITHUB_JOB: "foreman",
            GITHUB_EVENT_NAME: "workflow_dispatch",
            GITHUB_EVENT_PATH: eventPath,
            GITHUB_REF: `refs/heads/${q.ref}`,
            GITHUB_REF_NAME: q.ref,
            GITHUB_REF_TYPE: "branch",
            GITHUB_SHA: q.headSha,
            GITHUB_ACTOR: q.actor,
            GITHUB_TRIGGERING_ACTOR: q.actor,
            GITHUB_WORKSPACE: workspace,
            GITHUB_OUTPUT: outputPath,
            GITHUB_STEP_SUMMARY: summaryPath,
            RUNNER_TEMP: runnerTemp,
            RUNNER_OS: "Linux",
            RUNNER_ARCH: "X64",
            RUNNER_NAME: "foreman-stand-in-runner",
            [TRACKING_VARIABLE]: trackingId,
        };
        for (const [name, value] of Object.entries(stepInputs(inputs, this.#options.credentials, token)))
            env[inputVariable(name)] = value;
        const entry = this.#options.actionEntry ?? defaultActionEntry();
        const child = (0,external_node_child_process_.spawn)(process.execPath, [...(this.#options.nodeArgs ?? []), entry], {
            cwd: workspace,
            env,
            stdio: ["ignore", "pipe", "pipe"],
            detached: true,
        });
        slot.child = child;
        const exited = new Promise((resolve) => {
            child.on("error", (error) => {
                slot.record.log += `[emulator] could not start node ${entry}: ${error.message}\n`;
                resolve({ code: null, signal: null });
            });
            child.on("close", (code, signal) => resolve({ code, signal }));
        });
        let partial = "";
        const onData = (chunk) => {
            const text = chunk.toString();
            slot.record.log += text;
            partial += text;
            const lines = partial.split("\n");
            partial = lines.pop() ?? "";
            for (const line of lines)
                this.#options.onLog?.(q.runId, line);
        };
        child.stdout?.on("data", onData);
        child.stderr?.on("data", onData);
        // A cancel that came while the step was starting.
        if (slot.cancelRequested)
            this.cancel(q);
        if (slot.killed)
            this.#killTree(slot);
        const { code, signal } = await exited;
        if (partial !== "")
            this.#options.onLog?.(q.runId, partial);
        for (const pid of await terminateOrphans(trackingId))
            slot.record.log += `[emulator] Terminate orphan process: pid (${pid})\n`;
        for (const t of slot.timers)
            clearTimeout(t);
        slot.record.exitCode = code;
        slot.record.exitSignal = signal;
        slot.record.outputs = parseOutputFile(await (0,promises_.readFile)(outputPath, "utf8").catch(() => ""));
        slot.record.summary = await (0,promises_.readFile)(summaryPath, "utf8").catch(() => "");
        if (slot.killed)
            return "failure";
        if (slot.cancelRequested)
            return "cancelled";
        return code === 0 ? "success" : "failure";
    }
    #signal(slot, signal) {
        const child = slot.child;
        if (child === undefined || child.exitCode !== null || child.signalCode !== null)
            return;
        slot.record.signals.push(signal);
        child.kill(signal);
    }
    #killTree(slot) {
        const child = slot.child;
        if (child?.pid === undefined || child.exitCode !== null || child.signalCode !== null)
            return;
        slot.record.signals.push("SIGKILL");
        try {
            process.kill(-child.pid, "SIGKILL");
        }
        catch {
            child.kill("SIGKILL");
        }
    }
    #conclude(slot, conclusion, note) {
        if (slot.record.state === "completed")
            return;
        slot.record.state = "completed";
        slot.record.conclusion = conclusion;
        slot.record.endedAt = Date.now();
        if (note !== undefined)
            slot.record.note = note;
        const q = slot.queued;
        this.#options.standIn.finishRun({ owner: q.owner, name: q.repo, gitDir: q.gitDir, defaultBranch: q.ref }, q.runId, conclusion);
        this.#wake();
    }
    #wake() {
        if (this.#busy() > 0)
            return;
        for (const resolve of this.#waiters.splice(0))
            resolve();
    }
}
function isRecord(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

;// CONCATENATED MODULE: ./src/sandbox/loopback-fetch.ts
/**
 * A `fetch` for talking to the stand-in (and the App's server) over 127.0.0.1 with Node's
 * `http` module, never leaving the machine: any other host is refused. Tests need it because
 * nock 15's fetch interceptor cannot pass a request with a body through to a real server on
 * Node 20 (`TypeError: unusable` from `Request.clone`), while its `http` interceptor can; the
 * demo uses it for the same reason it is safe: nothing reaches the network.
 */

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);
const NULL_BODY = new Set([101, 204, 205, 304]);
const loopbackFetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.protocol !== "http:" || !LOOPBACK.has(url.hostname))
        throw new TypeError(`loopbackFetch only reaches http://127.0.0.1 (the stand-in, the App's server); refused ${url.origin}.`);
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const headers = {};
    request.headers.forEach((value, key) => (headers[key] = value));
    if (body !== undefined)
        headers["content-length"] = String(body.length);
    return new Promise((resolve, reject) => {
        const req = (0,external_node_http_.request)(url, { method: request.method, headers, signal: init?.signal ?? undefined }, (res) => {
            const chunks = [];
            res.on("data", (c) => chunks.push(c));
            res.on("error", reject);
            res.on("end", () => {
                const status = res.statusCode ?? 500;
                const out = new Headers();
                for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
                    out.append(res.rawHeaders[i] ?? "", res.rawHeaders[i + 1] ?? "");
                const response = new Response(NULL_BODY.has(status) ? null : Buffer.concat(chunks), {
                    status,
                    statusText: res.statusMessage ?? "",
                    headers: out,
                });
                Object.defineProperty(response, "url", { value: url.toString() });
                resolve(response);
            });
        });
        req.on("error", reject);
        req.end(body);
    });
};

;// CONCATENATED MODULE: ./src/sandbox/faults.ts
/**
 * Faults on demand, from a seeded generator so a failing run replays exactly: a rate of 5xx
 * answers, of 429s with `retry-after`, and of secondary-rate-limit 403s (GitHub's message and
 * `retry-after`), drawn per API request before the route runs. Duplicated webhook deliveries
 * are a flag read by the delivery code; an admin editing a bot comment is `StandIn.editComment`.
 */

/** GitHub's message for the secondary rate limit (clients recognize it by this text). */
const SECONDARY_LIMIT_MESSAGE = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";
/** mulberry32: a small seeded generator of floats in [0, 1). */
function seededRandom(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
class Faults {
    #plan;
    #random;
    /** How many faults of each kind were injected. */
    injected = { serverError: 0, tooManyRequests: 0, secondaryLimit: 0 };
    constructor(plan = {}) {
        this.#plan = plan;
        this.#random = seededRandom(plan.seed ?? 1);
    }
    /** Replaces the plan (and reseeds when it names a seed). */
    set(plan) {
        this.#plan = plan;
        if (plan.seed !== undefined)
            this.#random = seededRandom(plan.seed);
    }
    get duplicateWebhooks() {
        return this.#plan.duplicateWebhooks === true;
    }
    /** The fault to answer this request with, or undefined to serve it. */
    draw() {
        const roll = this.#random();
        const retryAfter = String(this.#plan.retryAfterSeconds ?? 1);
        const server = this.#plan.serverErrorRate ?? 0;
        const tooMany = this.#plan.tooManyRequestsRate ?? 0;
        const secondary = this.#plan.secondaryLimitRate ?? 0;
        if (roll < server) {
            this.injected.serverError++;
            return new GitHubHttpError(502, "Server Error");
        }
        if (roll < server + tooMany) {
            this.injected.tooManyRequests++;
            return new GitHubHttpError(429, "Too Many Requests", undefined, { "retry-after": retryAfter });
        }
        if (roll < server + tooMany + secondary) {
            this.injected.secondaryLimit++;
            return new GitHubHttpError(403, SECONDARY_LIMIT_MESSAGE, undefined, { "retry-after": retryAfter });
        }
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/sandbox/auth.ts
/**
 * Who is calling the stand-in. `Authorization: token|bearer <t>` names a user token, an App
 * installation token (acting as `<slug>[bot]`, limited to the repositories it was minted for,
 * expiring after an hour), or an App JWT (RS256, verified with the App's registered public key;
 * `iss` is the App id, expired or over-long tokens refused as GitHub does). No header is 401
 * "Requires authentication"; an unknown or expired token is 401 "Bad credentials".
 */


/** Installation tokens live one hour on GitHub. */
const INSTALLATION_TOKEN_TTL_MS = 60 * 60_000;
const badCredentials = () => new GitHubHttpError(401, "Bad credentials");
function base64urlJson(part) {
    try {
        return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    }
    catch {
        return undefined;
    }
}
/**
 * The App a JWT is signed by, or a 401 saying what is wrong with it. `nowMs` is the clock the
 * JWT's `iat`/`exp` are judged by: the wall clock, since `@octokit/auth-app` signs with it,
 * whatever clock the stand-in's data runs on.
 */
function verifyAppJwt(world, jwt, nowMs) {
    const [head, payload, signature] = jwt.split(".");
    if (head === undefined || payload === undefined || signature === undefined || jwt.split(".").length !== 3)
        throw new GitHubHttpError(401, "A JSON web token could not be decoded");
    const header = base64urlJson(head);
    const claims = base64urlJson(payload);
    if (typeof header !== "object" || header === null || Reflect.get(header, "alg") !== "RS256")
        throw new GitHubHttpError(401, "A JSON web token could not be decoded");
    if (typeof claims !== "object" || claims === null)
        throw new GitHubHttpError(401, "A JSON web token could not be decoded");
    const appId = Number(Reflect.get(claims, "iss"));
    const app = world.apps.get(appId);
    if (app === undefined || app.publicKey === "")
        throw new GitHubHttpError(401, "Integration not found");
    const ok = (0,external_node_crypto_.verify)("RSA-SHA256", Buffer.from(`${head}.${payload}`), (0,external_node_crypto_.createPublicKey)(app.publicKey), Buffer.from(signature, "base64url"));
    if (!ok)
        throw new GitHubHttpError(401, "A JSON web token could not be decoded");
    const nowSeconds = Math.floor(nowMs / 1000);
    const exp = Number(Reflect.get(claims, "exp"));
    const iat = Number(Reflect.get(claims, "iat"));
    if (!Number.isFinite(exp) || exp <= nowSeconds)
        throw new GitHubHttpError(401, "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires");
    if (!Number.isFinite(iat) || iat > nowSeconds + 60)
        throw new GitHubHttpError(401, "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued");
    if (exp - iat > 600)
        throw new GitHubHttpError(401, "'Expiration time' claim ('exp') is too far in the future");
    return { kind: "app", appId };
}
/** The caller named by an `Authorization` header (undefined header: anonymous). */
function identify(world, tokens, authorization, jwtNow) {
    if (authorization === undefined || authorization.trim() === "")
        return { kind: "anonymous" };
    const m = /^(token|bearer)\s+(\S+)$/i.exec(authorization.trim());
    if (m === null)
        throw badCredentials();
    const value = m[2] ?? "";
    if (value.split(".").length === 3 && value.startsWith("ey"))
        return verifyAppJwt(world, value, jwtNow());
    const issued = tokens.get(value);
    if (issued === undefined)
        throw badCredentials();
    if (issued.expiresAt !== undefined && issued.expiresAt <= world.now())
        throw badCredentials();
    return issued.identity;
}
/** The login a caller acts as on repositories (undefined for an App JWT or no one). */
function actingLogin(caller) {
    return caller.kind === "user" || caller.kind === "installation" ? caller.login : undefined;
}

;// CONCATENATED MODULE: ./src/sandbox/secondary-limit.ts


/** Requests that create content, which GitHub's secondary limit counts (about 80 a minute). */
const CONTENT_CREATING = new Set([
    "POST /repos/{owner}/{repo}/issues",
    "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
    "POST /repos/{owner}/{repo}/pulls",
]);
/** The documentation link GitHub's secondary-limit answers carry. */
const SECONDARY_LIMIT_DOCS = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits";
/** The window GitHub's per-minute limit counts over. */
const SECONDARY_LIMIT_WINDOW_MS = 60_000;
/** GitHub's answer over the secondary limit: its body carries the secondary-limit documentation link. */
class SecondaryLimitError extends GitHubHttpError {
    retryAfterSeconds;
    constructor(retryAfterSeconds) {
        super(403, SECONDARY_LIMIT_MESSAGE, undefined, { "retry-after": String(retryAfterSeconds) });
        this.retryAfterSeconds = retryAfterSeconds;
    }
    body() {
        return { ...super.body(), documentation_url: SECONDARY_LIMIT_DOCS };
    }
}
/** Whom GitHub counts a request against: the user, or the App installation (an App's JWT alone: the App). */
function limitIdentity(caller) {
    switch (caller.kind) {
        case "user":
            return `user:${caller.login.toLowerCase()}`;
        case "installation":
            return `installation:${caller.installationId}`;
        case "app":
            return `app:${caller.appId}`;
        case "anonymous":
            return "anonymous";
    }
}
class SecondaryLimit {
    #perMinute;
    /** Per identity, the times (ms) of the requests let through, oldest first. */
    #admitted = new Map();
    /** How many requests were answered 403 by this limit. */
    refused = 0;
    constructor(options) {
        if (!Number.isInteger(options.contentPerMinute) || options.contentPerMinute < 1)
            throw new RangeError(`secondaryLimit.contentPerMinute must be a whole number of 1 or more, got ${String(options.contentPerMinute)}: pass 80 for GitHub's limit.`);
        this.#perMinute = options.contentPerMinute;
    }
    /**
     * Counts one content-creating request by `who` at `now`, or throws {@link SecondaryLimitError}
     * (the request is not counted) when `who` already made the limit's worth in the last 60 s.
     */
    admit(who, now) {
        const times = (this.#admitted.get(who) ?? []).filter((t) => now - t < SECONDARY_LIMIT_WINDOW_MS);
        this.#admitted.set(who, times);
        if (times.length >= this.#perMinute) {
            this.refused++;
            const oldest = times[times.length - this.#perMinute] ?? now;
            throw new SecondaryLimitError(Math.max(1, Math.ceil((oldest + SECONDARY_LIMIT_WINDOW_MS - now) / 1000)));
        }
        times.push(now);
    }
}

;// CONCATENATED MODULE: ./src/sandbox/http-server.ts
/**
 * The stand-in's HTTP front: Node `http` on 127.0.0.1, one request at a time through the same
 * steps GitHub takes — parse the JSON body (400 otherwise), find the route (404 with GitHub's
 * error body), identify the caller (401), draw an injected fault, run the route — and answer
 * with GitHub's headers: JSON content type, `x-github-request-id`, `x-ratelimit-*` (a 304
 * costs nothing, as on GitHub). Each request is logged by method and route template.
 */




/** Requests per hour an installation or user token gets on GitHub. */
const RATE_LIMIT = 5000;
function readBody(req) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        req.on("data", (c) => chunks.push(c));
        req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        req.on("error", reject);
    });
}
function callerName(caller) {
    switch (caller.kind) {
        case "user":
        case "installation":
            return caller.login;
        case "app":
            return `app:${caller.appId}`;
        case "anonymous":
            return "anonymous";
    }
}
function headerRecord(req) {
    const out = {};
    for (const [k, v] of Object.entries(req.headers))
        out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
    return out;
}
function createFront(deps) {
    const used = new Map();
    let requestNo = 0;
    const rateHeaders = (who, charge) => {
        const now = deps.world.now();
        let entry = used.get(who);
        if (entry === undefined || now - entry.windowStart >= 3_600_000) {
            entry = { used: 0, windowStart: now };
            used.set(who, entry);
        }
        if (charge)
            entry.used++;
        return {
            "x-ratelimit-limit": String(RATE_LIMIT),
            "x-ratelimit-remaining": String(Math.max(0, RATE_LIMIT - entry.used)),
            "x-ratelimit-used": String(entry.used),
            "x-ratelimit-reset": String(Math.floor((entry.windowStart + 3_600_000) / 1000)),
            "x-ratelimit-resource": "core",
        };
    };
    const handle = async (req) => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        const method = (req.method ?? "GET").toUpperCase();
        const headers = headerRecord(req);
        const text = await readBody(req);
        const match = deps.router.match(method, url.pathname);
        let caller = { kind: "anonymous" };
        try {
            if (match === undefined)
                throw new GitHubHttpError(404, "Not Found");
            caller = identify(deps.world, deps.tokens, headers["authorization"], deps.jwtNow);
            if (caller.kind === "anonymous")
                throw new GitHubHttpError(401, "Requires authentication");
            const fault = deps.faults.draw();
            if (fault !== undefined)
                return { response: errorResponse(fault), route: match.template, caller: callerName(caller), fault: true };
            let body;
            if (text.trim() !== "") {
                try {
                    body = JSON.parse(text);
                }
                catch {
                    throw new GitHubHttpError(400, "Problems parsing JSON");
                }
            }
            if (deps.secondaryLimit !== undefined && CONTENT_CREATING.has(`${method} ${match.template}`))
                deps.secondaryLimit.admit(limitIdentity(caller), deps.world.now());
            const response = await match.handler({ params: match.params, query: url.searchParams, body, headers, caller, world: deps.world });
            return { response, route: match.template, caller: callerName(caller), fault: false };
        }
        catch (error) {
            const route = match?.template ?? url.pathname;
            if (error instanceof GitHubHttpError)
                return { response: errorResponse(error), route, caller: callerName(caller), fault: false };
            const message = error instanceof Error ? error.message : String(error);
            return {
                response: { status: 500, body: { message: `Stand-in error: ${message}`, documentation_url: DOCS } },
                route,
                caller: callerName(caller),
                fault: false,
            };
        }
    };
    const write = (res, response, extra) => {
        const headers = { "x-github-media-type": "github.v3; format=json", ...extra, ...(response.headers ?? {}) };
        if (response.raw !== undefined) {
            res.writeHead(response.status, { ...headers, "content-type": response.raw.contentType });
            res.end(response.raw.text);
        }
        else if (response.body === undefined || response.status === 204 || response.status === 304) {
            res.writeHead(response.status, headers);
            res.end();
        }
        else {
            res.writeHead(response.status, { ...headers, "content-type": "application/json; charset=utf-8" });
            res.end(JSON.stringify(response.body));
        }
    };
    return (0,external_node_http_.createServer)((req, res) => {
        handle(req).then(({ response, route, caller, fault }) => {
            requestNo++;
            const rate = rateHeaders(caller, response.status !== 304);
            deps.calls.push({
                method: (req.method ?? "GET").toUpperCase(),
                route,
                status: response.status,
                caller,
                at: deps.world.now(),
                ...(fault ? { fault } : {}),
            });
            write(res, response, { ...rate, "x-github-request-id": `STANDIN:${requestNo.toString(16).toUpperCase()}` });
        }, (error) => {
            res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
            res.end(JSON.stringify({ message: `Stand-in error: ${error instanceof Error ? error.message : String(error)}`, documentation_url: DOCS }));
        });
    });
}
function errorResponse(error) {
    return { status: error.status, body: error.body(), headers: { ...error.headers } };
}

;// CONCATENATED MODULE: ./src/sandbox/router.ts
function compile(template) {
    const names = [];
    let literals = 0;
    const source = template
        .split("/")
        .map((segment) => {
        const param = /^\{([a-z_]+)(\+?)\}$/.exec(segment);
        if (param === null) {
            if (segment !== "")
                literals++;
            return segment.replace(/[.*+?^$()|[\]\\{}]/g, "\\$&");
        }
        names.push(param[1] ?? "");
        return param[2] === "+" ? "(.+)" : "([^/]+)";
    })
        .join("/");
    return { regex: new RegExp(`^${source}$`), names, literals };
}
class Router {
    #routes = [];
    add(method, template, handler, auth = "token") {
        this.#routes.push({ method, template, ...compile(template), auth, handler });
        return this;
    }
    /** Every route, as `METHOD /template` pairs (for tests that hold them to GitHub's description). */
    list() {
        return this.#routes.map((r) => ({ method: r.method, template: r.template }));
    }
    /** The route for `method` and the (URL-decoded per segment) path, or undefined. */
    match(method, path) {
        const found = this.#routes
            .filter((r) => r.method === method && r.regex.test(path))
            .sort((a, b) => b.literals - a.literals || a.names.length - b.names.length)[0];
        if (found === undefined)
            return undefined;
        const values = found.regex.exec(path)?.slice(1) ?? [];
        const params = {};
        found.names.forEach((name, i) => (params[name] = decodeURIComponent(values[i] ?? "")));
        return { template: found.template, params, auth: found.auth, handler: found.handler };
    }
}

;// CONCATENATED MODULE: ./src/sandbox/access.ts

const access_RANK = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };
const NEEDED = { read: 0, write: 3, admin: 5 };
/** The login acting on `repo`, after checking it may do what `need` says. */
function requireAccess(world, caller, repo, need) {
    switch (caller.kind) {
        case "anonymous":
            throw new GitHubHttpError(401, "Requires authentication");
        case "app":
            throw new GitHubHttpError(403, "A JSON web token cannot be used for this endpoint: use an installation access token.");
        case "installation": {
            const key = world.key(repo.owner, repo.name);
            const installation = world.installations.get(caller.installationId);
            if (installation === undefined || !installation.repos.has(key) || (caller.repos !== undefined && !caller.repos.has(key)))
                throw notFound();
            return caller.login;
        }
        case "user": {
            const role = world.role(repo, caller.login) ?? "none";
            if (access_RANK[role] < NEEDED[need])
                throw new GitHubHttpError(403, `Must have ${need} access to repository ${repo.owner}/${repo.name} (${caller.login} has ${role}).`);
            return caller.login;
        }
    }
}
/** An installation of an App on `repo`, required for check-run writes. */
function requireApp(world, caller, repo) {
    const login = requireAccess(world, caller, repo, "write");
    if (caller.kind !== "installation")
        throw new GitHubHttpError(403, "You must authenticate via a GitHub App.");
    return { login, appId: caller.appId };
}

;// CONCATENATED MODULE: ./src/sandbox/routes/input.ts
/**
 * Reading request input the way GitHub checks it: a JSON object body, typed fields (422 naming
 * the resource and field otherwise), integer path parameters, and page/per_page pagination
 * with a `Link` header (`rel="next"`, `rel="last"`) that Octokit's paginate follows.
 */

/** The JSON object body, `{}` when none was sent; 400 when it is not an object. */
function objectBody(req) {
    if (req.body === undefined)
        return {};
    if (typeof req.body !== "object" || req.body === null || Array.isArray(req.body))
        throw new GitHubHttpError(400, "Problems parsing JSON");
    return req.body;
}
function requiredString(body, resource, field) {
    const value = body[field];
    if (value === undefined || value === null)
        throw invalid(resource, field, "missing_field");
    if (typeof value !== "string")
        throw invalid(resource, field, "invalid", `${field} is not a string.`);
    return value;
}
function optionalString(body, resource, field) {
    const value = body[field];
    if (value === undefined)
        return undefined;
    if (typeof value !== "string")
        throw invalid(resource, field, "invalid", `${field} is not a string.`);
    return value;
}
function intParam(req, name) {
    const value = Number(req.params[name]);
    if (!Number.isSafeInteger(value) || value <= 0)
        throw new GitHubHttpError(404, "Not Found");
    return value;
}
/** One page of `items` and its `Link` header, from `page` and `per_page` (max 100). */
function paginate(req, url, items) {
    const perPage = Math.min(100, Math.max(1, Number(req.query.get("per_page") ?? 30) || 30));
    const page = Math.max(1, Number(req.query.get("page") ?? 1) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const link = (p) => {
        const q = new URLSearchParams(req.query);
        q.set("per_page", String(perPage));
        q.set("page", String(p));
        return `<${url}?${q.toString()}>`;
    };
    const parts = [];
    if (page < last)
        parts.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
    if (page > 1)
        parts.push(`${link(1)}; rel="first"`, `${link(page - 1)}; rel="prev"`);
    return { items: slice, headers: parts.length > 0 ? { link: parts.join(", ") } : {} };
}
/** A JSON answer. */
function json(status, body, headers = {}) {
    return { status, body, headers };
}

;// CONCATENATED MODULE: ./src/sandbox/routes/actions.ts
/**
 * GitHub Actions, as far as Foreman drives it: `workflow_dispatch` (404 when the workflow file
 * is not on the ref, 422 when it has no `workflow_dispatch` trigger or gets an undeclared or
 * more than 25 inputs; with `return_run_details` the answer is 200 with the run's id and URLs,
 * else 204), run lists (per repository and per workflow, filtered by `status`), and cancel
 * (202; 409 once completed). The run's title is the workflow's `run-name` with `inputs.*`
 * substituted. What a run does is the runner's business (`Services.runQueued`).
 */






const MAX_DISPATCH_INPUTS = 25;
/** Reads a workflow file's `run-name` and `workflow_dispatch` inputs; a file that is not YAML has neither. */
function readWorkflow(text) {
    let doc;
    try {
        doc = (0,dist.parse)(text);
    }
    catch {
        return { runName: undefined, dispatchable: false, inputs: [] };
    }
    if (typeof doc !== "object" || doc === null)
        return { runName: undefined, dispatchable: false, inputs: [] };
    const runName = Reflect.get(doc, "run-name");
    const on = Reflect.get(doc, "on");
    const dispatchable = on === "workflow_dispatch" ||
        (Array.isArray(on) && on.includes("workflow_dispatch")) ||
        (typeof on === "object" && on !== null && "workflow_dispatch" in on);
    const dispatch = typeof on === "object" && on !== null && !Array.isArray(on) ? Reflect.get(on, "workflow_dispatch") : undefined;
    const inputs = typeof dispatch === "object" && dispatch !== null ? Reflect.get(dispatch, "inputs") : undefined;
    return {
        runName: typeof runName === "string" ? runName : undefined,
        dispatchable,
        inputs: typeof inputs === "object" && inputs !== null ? Object.keys(inputs) : [],
    };
}
/** `run-name` with `${{ inputs.x }}` (and `github.event.inputs.x`) replaced by the inputs. */
function renderRunName(template, workflowName, inputs) {
    if (template === undefined)
        return workflowName;
    return template.replace(/\$\{\{\s*(?:github\.event\.)?inputs\.([A-Za-z0-9_-]+)\s*\}\}/g, (_, name) => inputs[name] ?? "");
}
function runsOf(req, repo, workflowFile) {
    const status = req.query.get("status");
    const event = req.query.get("event");
    return [...repo.runs.values()]
        .filter((r) => workflowFile === undefined || r.workflowFile === workflowFile)
        .filter((r) => status === null || r.status === status || r.conclusion === status)
        .filter((r) => event === null || r.event === event)
        .sort((a, b) => b.id - a.id);
}
function runsPage(req, repo, url, runs) {
    const page = paginate(req, url, runs);
    return json(200, { total_count: runs.length, workflow_runs: page.items.map((r) => workflowRunJson(req.world, repo, r)) }, page.headers);
}
function registerActions(router, services) {
    router.add("POST", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", async (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        const actor = requireAccess(req.world, req.caller, repo, "write");
        const file = req.params["workflow_id"] ?? "";
        const body = objectBody(req);
        const ref = requiredString(body, "WorkflowDispatch", "ref").replace(/^refs\/heads\//, "");
        const sha = await resolveRef(repo.gitDir, `refs/heads/${ref}`);
        if (sha === undefined)
            throw invalid("WorkflowDispatch", "ref", "invalid", `No ref found for: ${ref}`);
        const text = await readFileAt(repo.gitDir, sha, `.github/workflows/${file}`);
        if (text === undefined)
            throw notFound();
        const workflow = readWorkflow(text);
        if (!workflow.dispatchable)
            throw new GitHubHttpError(422, "Workflow does not have 'workflow_dispatch' trigger");
        const rawInputs = body["inputs"] ?? {};
        if (typeof rawInputs !== "object" || rawInputs === null || Array.isArray(rawInputs))
            throw invalid("WorkflowDispatch", "inputs", "invalid");
        const inputs = {};
        for (const [k, v] of Object.entries(rawInputs))
            inputs[k] = typeof v === "string" ? v : JSON.stringify(v);
        if (Object.keys(inputs).length > MAX_DISPATCH_INPUTS)
            throw new GitHubHttpError(422, `you may only define up to ${MAX_DISPATCH_INPUTS} \`inputs\` for a \`workflow_dispatch\` event`);
        const unexpected = Object.keys(inputs).filter((k) => !workflow.inputs.includes(k));
        if (unexpected.length > 0)
            throw new GitHubHttpError(422, `Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
        const now = req.world.now();
        const run = {
            id: req.world.nextId(),
            runNumber: repo.nextRunNumber++,
            path: `.github/workflows/${file}`,
            workflowFile: file,
            displayTitle: renderRunName(workflow.runName, file, inputs),
            event: "workflow_dispatch",
            ref,
            headSha: sha,
            inputs,
            status: "queued",
            conclusion: null,
            actor,
            createdAt: now,
            updatedAt: now,
        };
        repo.runs.set(run.id, run);
        services.runQueued(repo, run);
        if (body["return_run_details"] !== true)
            return { status: 204 };
        const api = `${req.world.baseUrl}/repos/${repo.owner}/${repo.name}/actions/runs/${run.id}`;
        return json(200, { workflow_run_id: run.id, run_url: api, html_url: `${req.world.baseUrl}/${repo.owner}/${repo.name}/actions/runs/${run.id}` });
    });
    router.add("GET", "/repos/{owner}/{repo}/actions/runs", (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        requireAccess(req.world, req.caller, repo, "read");
        return runsPage(req, repo, `${req.world.baseUrl}/repos/${repo.owner}/${repo.name}/actions/runs`, runsOf(req, repo));
    });
    router.add("GET", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        requireAccess(req.world, req.caller, repo, "read");
        const file = req.params["workflow_id"] ?? "";
        return runsPage(req, repo, `${req.world.baseUrl}/repos/${repo.owner}/${repo.name}/actions/workflows/${file}/runs`, runsOf(req, repo, file));
    });
    router.add("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}", (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        requireAccess(req.world, req.caller, repo, "read");
        const run = repo.runs.get(intParam(req, "run_id"));
        if (run === undefined)
            throw notFound();
        return json(200, workflowRunJson(req.world, repo, run));
    });
    router.add("POST", "/repos/{owner}/{repo}/actions/runs/{run_id}/cancel", (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        requireAccess(req.world, req.caller, repo, "write");
        const run = repo.runs.get(intParam(req, "run_id"));
        if (run === undefined)
            throw notFound();
        if (run.status === "completed")
            throw new GitHubHttpError(409, "Cannot cancel a workflow run that is completed.");
        services.runCancelRequested(repo, run);
        return json(202, {});
    });
}

;// CONCATENATED MODULE: ./src/sandbox/routes/apps.ts
/**
 * GitHub Apps: the App itself (`GET /app`), its installation on a repository
 * (`GET /repos/{o}/{r}/installation`) and installation access tokens
 * (`POST /app/installations/{id}/access_tokens`), all with an App JWT verified against the
 * App's registered public key. A token acts as `<slug>[bot]`, lives one hour, and may be
 * narrowed to some of the installation's repositories (`repositories`, by name).
 */





function appIdOf(req) {
    if (req.caller.kind !== "app")
        throw new GitHubHttpError(401, "A JSON web token could not be decoded");
    return req.caller.appId;
}
function registerApps(router, services) {
    router.add("GET", "/app", (req) => {
        const app = req.world.apps.get(appIdOf(req));
        if (app === undefined)
            throw notFound();
        return json(200, appJson(req.world, app));
    }, "jwt");
    router.add("GET", "/repos/{owner}/{repo}/installation", (req) => {
        const appId = appIdOf(req);
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        const key = req.world.key(repo.owner, repo.name);
        const installation = [...req.world.installations.values()].find((i) => i.appId === appId && i.repos.has(key));
        if (installation === undefined)
            throw notFound();
        return json(200, installationJson(req.world, installation));
    }, "jwt");
    router.add("GET", "/app/installations/{installation_id}", (req) => {
        const appId = appIdOf(req);
        const installation = req.world.installations.get(intParam(req, "installation_id"));
        if (installation === undefined || installation.appId !== appId)
            throw notFound();
        return json(200, installationJson(req.world, installation));
    }, "jwt");
    router.add("POST", "/app/installations/{installation_id}/access_tokens", (req) => {
        const appId = appIdOf(req);
        const installation = req.world.installations.get(intParam(req, "installation_id"));
        const app = req.world.apps.get(appId);
        if (installation === undefined || installation.appId !== appId || app === undefined)
            throw notFound();
        const body = objectBody(req);
        const names = body["repositories"];
        let repos;
        if (names !== undefined) {
            if (!Array.isArray(names))
                throw invalid("InstallationToken", "repositories", "invalid");
            repos = new Set();
            for (const name of names) {
                const key = req.world.key(installation.account, String(name));
                if (!installation.repos.has(key))
                    throw new GitHubHttpError(422, `There is at least one repository that does not exist or is not accessible to the parent installation: '${String(name)}'.`);
                repos.add(key);
            }
        }
        const expiresAt = req.world.now() + INSTALLATION_TOKEN_TTL_MS;
        const token = services.issueToken({ kind: "installation", login: `${app.slug}[bot]`, installationId: installation.id, appId, repos }, INSTALLATION_TOKEN_TTL_MS);
        const selected = [...(repos ?? installation.repos)].flatMap((k) => {
            const r = req.world.repos.get(k);
            return r ? [repositoryJson(req.world, r)] : [];
        });
        return json(201, {
            token,
            expires_at: iso(expiresAt),
            permissions: appJson(req.world, app)["permissions"],
            repository_selection: "selected",
            repositories: selected,
        });
    }, "jwt");
}

;// CONCATENATED MODULE: ./src/sandbox/routes/limits.ts
/**
 * GitHub's size limits the stand-in enforces, with GitHub's 422 answers: comment, issue and
 * pull request bodies of at most 65,536 characters; check-run buttons (at most 3, `label` ≤ 20,
 * `description` ≤ 40, `identifier` ≤ 20 characters) and outputs (≤ 65,535 characters each).
 */

const BODY_LIMIT = 65_536;
const CHECK_OUTPUT_LIMIT = 65_535;
const CHECK_ACTIONS_MAX = 3;
const ACTION_LABEL_MAX = 20;
const ACTION_DESCRIPTION_MAX = 40;
const ACTION_IDENTIFIER_MAX = 20;
function bodyTooLong(resource) {
    return invalid(resource, "data", "custom", `Body is too long (maximum is ${BODY_LIMIT} characters)`);
}
/** 422 for check-run `actions` GitHub would refuse; returns them typed otherwise. */
function checkActions(value) {
    if (value === undefined)
        return undefined;
    if (!Array.isArray(value))
        throw invalid("CheckRun", "actions", "invalid", "actions is not an array.");
    if (value.length > CHECK_ACTIONS_MAX)
        throw invalid("CheckRun", "actions", "invalid", `Only ${CHECK_ACTIONS_MAX} actions are allowed (got ${value.length}).`);
    return value.map((a, i) => {
        const field = (name, max) => {
            const v = typeof a === "object" && a !== null ? Reflect.get(a, name) : undefined;
            if (typeof v !== "string" || v === "")
                throw invalid("CheckRun", `actions[${i}].${name}`, "missing_field");
            if (v.length > max)
                throw invalid("CheckRun", `actions[${i}].${name}`, "invalid", `${name} '${v}' is too long (maximum is ${max} characters).`);
            return v;
        };
        return {
            label: field("label", ACTION_LABEL_MAX),
            description: field("description", ACTION_DESCRIPTION_MAX),
            identifier: field("identifier", ACTION_IDENTIFIER_MAX),
        };
    });
}
function checkOutputText(value, field) {
    if (value === undefined || value === null)
        return null;
    if (typeof value !== "string")
        throw invalid("CheckRun", `output.${field}`, "invalid");
    if (value.length > CHECK_OUTPUT_LIMIT)
        throw new GitHubHttpError(422, `Invalid request.\n\nOnly ${CHECK_OUTPUT_LIMIT} characters are allowed; ${value.length} were supplied.`);
    return value;
}

;// CONCATENATED MODULE: ./src/sandbox/routes/check-runs.ts
/**
 * Check runs, written by Apps only: create on a commit that exists, update, list for a ref
 * (a SHA or a branch, filtered by `check_name` and `status`). Setting `conclusion` completes
 * the run; buttons and outputs are held to GitHub's limits (see limits.ts). A button click is
 * `StandIn.clickCheckRunButton`, which sends `check_run.requested_action`.
 */






const STATUSES = ["queued", "in_progress", "completed", "waiting", "requested", "pending"];
const CONCLUSIONS = ["action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale", "timed_out"];
function oneOf(value, allowed, field) {
    if (value === undefined)
        return undefined;
    if (!allowed.includes(value))
        throw invalid("CheckRun", field, "invalid", `${field} '${value}' is not one of ${allowed.join(", ")}.`);
    return value;
}
function timeField(body, field) {
    const text = optionalString(body, "CheckRun", field);
    if (text === undefined)
        return undefined;
    const ms = Date.parse(text);
    if (!Number.isFinite(ms))
        throw invalid("CheckRun", field, "invalid", `${field} '${text}' is not an ISO 8601 time.`);
    return ms;
}
/** Applies the fields of a create or update body to `run`. */
function apply(req, run, body) {
    const status = oneOf(optionalString(body, "CheckRun", "status"), STATUSES, "status");
    const conclusion = oneOf(optionalString(body, "CheckRun", "conclusion"), CONCLUSIONS, "conclusion");
    const name = optionalString(body, "CheckRun", "name");
    if (name !== undefined)
        run.name = name;
    const detailsUrl = optionalString(body, "CheckRun", "details_url");
    if (detailsUrl !== undefined)
        run.detailsUrl = detailsUrl;
    const externalId = optionalString(body, "CheckRun", "external_id");
    if (externalId !== undefined)
        run.externalId = externalId;
    const started = timeField(body, "started_at");
    if (started !== undefined)
        run.startedAt = started;
    const output = body["output"];
    if (output !== undefined) {
        if (typeof output !== "object" || output === null)
            throw invalid("CheckRun", "output", "invalid");
        const title = checkOutputText(Reflect.get(output, "title"), "title");
        const summary = checkOutputText(Reflect.get(output, "summary"), "summary");
        if (title === null || summary === null)
            throw invalid("CheckRun", "output", "missing_field", "output needs a title and a summary.");
        run.output = { title, summary, text: checkOutputText(Reflect.get(output, "text"), "text") };
    }
    const actions = checkActions(body["actions"]);
    if (actions !== undefined)
        run.actions = actions;
    if (conclusion !== undefined) {
        run.conclusion = conclusion;
        run.status = "completed";
        run.completedAt = timeField(body, "completed_at") ?? req.world.now();
    }
    else if (status === "completed") {
        throw invalid("CheckRun", "conclusion", "missing_field", "A completed check run needs a conclusion.");
    }
    else if (status !== undefined) {
        run.status = status;
    }
}
function findRun(repo, id) {
    const run = repo.checkRuns.get(id);
    if (run === undefined)
        throw notFound();
    return run;
}
function registerCheckRuns(router, _services) {
    router.add("POST", "/repos/{owner}/{repo}/check-runs", async (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        const { appId } = requireApp(req.world, req.caller, repo);
        const body = objectBody(req);
        const name = requiredString(body, "CheckRun", "name");
        const headSha = requiredString(body, "CheckRun", "head_sha");
        if (!/^[0-9a-f]{40}$/.test(headSha) || (await resolveRef(repo.gitDir, headSha)) !== headSha)
            throw invalid("CheckRun", "head_sha", "invalid", `No commit found for SHA: ${headSha}`);
        const run = {
            id: req.world.nextId(),
            name,
            headSha,
            status: "queued",
            conclusion: null,
            externalId: null,
            detailsUrl: null,
            startedAt: req.world.now(),
            completedAt: null,
            output: { title: null, summary: null, text: null },
            actions: [],
            appId,
        };
        apply(req, run, body);
        repo.checkRuns.set(run.id, run);
        return json(201, checkRunJson(req.world, repo, run));
    });
    router.add("PATCH", "/repos/{owner}/{repo}/check-runs/{check_run_id}", (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        const { appId } = requireApp(req.world, req.caller, repo);
        const run = findRun(repo, intParam(req, "check_run_id"));
        if (run.appId !== appId)
            throw notFound();
        apply(req, run, objectBody(req));
        return json(200, checkRunJson(req.world, repo, run));
    });
    router.add("GET", "/repos/{owner}/{repo}/check-runs/{check_run_id}", (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        requireAccess(req.world, req.caller, repo, "read");
        return json(200, checkRunJson(req.world, repo, findRun(repo, intParam(req, "check_run_id"))));
    });
    router.add("GET", "/repos/{owner}/{repo}/commits/{ref+}/check-runs", async (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        requireAccess(req.world, req.caller, repo, "read");
        const sha = await resolveRef(repo.gitDir, req.params["ref"] ?? "");
        if (sha === undefined)
            throw invalid("Commit", "ref", "invalid", `No commit found for SHA: ${req.params["ref"] ?? ""}`);
        const name = req.query.get("check_name");
        const status = req.query.get("status");
        const runs = [...repo.checkRuns.values()]
            .filter((r) => r.headSha === sha && (name === null || r.name === name) && (status === null || r.status === status))
            .sort((a, b) => b.id - a.id);
        // filter=latest (the default) keeps the newest run of each name.
        const latest = req.query.get("filter") !== "all" ? runs.filter((r, i) => runs.findIndex((o) => o.name === r.name) === i) : runs;
        return json(200, { total_count: latest.length, check_runs: latest.map((r) => checkRunJson(req.world, repo, r)) });
    });
}

;// CONCATENATED MODULE: ./src/sandbox/routes/collaborators.ts
/**
 * A person's permission on a repository (`GET /repos/{o}/{r}/collaborators/{u}/permission`):
 * `role_name` is the role as granted (admin, maintain, write, triage, read); `permission`
 * folds maintain into write and triage into read, as GitHub does. Someone who is not a
 * collaborator, or no such user, is 404.
 */




const FOLDED = { admin: "admin", maintain: "write", write: "write", triage: "read", read: "read" };
function registerCollaborators(router) {
    router.add("GET", "/repos/{owner}/{repo}/collaborators/{username}/permission", (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        requireAccess(req.world, req.caller, repo, "read");
        const login = req.params["username"] ?? "";
        const role = req.world.role(repo, login);
        if (role === undefined || !req.world.users.has(login.toLowerCase()))
            throw notFound();
        return json(200, {
            permission: FOLDED[role],
            role_name: role,
            user: {
                ...userJson(req.world, login),
                role_name: role,
                permissions: {
                    admin: role === "admin",
                    maintain: ["admin", "maintain"].includes(role),
                    push: FOLDED[role] !== "read",
                    triage: role !== "read",
                    pull: true,
                },
            },
        });
    });
}

;// CONCATENATED MODULE: ./src/sandbox/routes/comments.ts
/**
 * Issue comments and reactions. Comments: list (with `since`), get, create, update; an edit
 * moves `updated_at` (at least one second past `created_at`, so an edit is always visible),
 * bodies over 65,536 characters are 422 "Body is too long", and reads carry a content `ETag`
 * that answers 304 to a matching `If-None-Match`. Editing someone else's comment needs a write
 * role. Reactions on issues and comments: 201 when new, 200 with the existing one otherwise.
 * Creating and editing send the `issue_comment` webhook.
 */






const REACTIONS = ["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"];
/** A weak ETag of a JSON body, as GitHub sends. */
function etagOf(body) {
    return `W/"${(0,external_node_crypto_.createHash)("sha1").update(JSON.stringify(body)).digest("hex")}"`;
}
/** A 200 with an ETag, or a 304 when the client already has this representation. */
function conditional(req, body, headers = {}) {
    const etag = etagOf(body);
    const sent = req.headers["if-none-match"];
    if (sent !== undefined && sent.split(",").some((t) => t.trim() === etag))
        return { status: 304, headers: { etag } };
    return json(200, body, { ...headers, etag });
}
function validBody(body) {
    const text = requiredString(body, "IssueComment", "body");
    if (text.trim() === "")
        throw invalid("IssueComment", "body", "missing_field");
    if (text.length > BODY_LIMIT)
        throw bodyTooLong("IssueComment");
    return text;
}
function findComment(repo, id) {
    const comment = repo.comments.get(id);
    if (comment === undefined)
        throw notFound();
    return comment;
}
/** Adds a comment (used by the route and by `StandIn`). */
function addComment(world, repo, issue, author, body) {
    const now = world.now();
    const comment = { id: world.nextId(), issue, body, author, createdAt: now, updatedAt: now };
    repo.comments.set(comment.id, comment);
    return comment;
}
/** Replaces a comment's body; `updated_at` moves at least one second past `created_at`. */
function editComment(world, comment, body) {
    const before = comment.body;
    comment.body = body;
    comment.updatedAt = Math.max(world.now(), comment.createdAt + 1000, comment.updatedAt + 1000);
    return before;
}
function react(req, subject) {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    const login = requireAccess(req.world, req.caller, repo, "read");
    const content = requiredString(objectBody(req), "Reaction", "content");
    if (!REACTIONS.includes(content))
        throw invalid("Reaction", "content", "invalid", `content '${content}' is not one of ${REACTIONS.join(", ")}.`);
    const existing = req.world.reactions.find((r) => r.subject === subject && r.author === login && r.content === content);
    if (existing !== undefined)
        return json(200, reactionJson(req.world, existing));
    const reaction = { id: req.world.nextId(), subject, author: login, content, createdAt: req.world.now() };
    req.world.reactions.push(reaction);
    return json(201, reactionJson(req.world, reaction));
}
function registerComments(router, services) {
    // Every issue's comments in the repository, oldest first; `since` filters on `updated_at`.
    router.add("GET", "/repos/{owner}/{repo}/issues/comments", (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        requireAccess(req.world, req.caller, repo, "read");
        const sinceText = req.query.get("since");
        const since = sinceText === null ? undefined : Date.parse(sinceText);
        if (since !== undefined && !Number.isFinite(since))
            throw invalid("IssueComment", "since", "invalid", `since '${sinceText}' is not an ISO 8601 time.`);
        const direction = req.query.get("direction") === "desc" ? -1 : 1;
        const all = [...repo.comments.values()].filter((c) => since === undefined || c.updatedAt >= since).sort((a, b) => direction * (a.id - b.id));
        const page = paginate(req, `${req.world.baseUrl}/repos/${repo.owner}/${repo.name}/issues/comments`, all);
        return conditional(req, page.items.map((c) => commentJson(req.world, repo, c)), page.headers);
    });
    router.add("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments", (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        requireAccess(req.world, req.caller, repo, "read");
        const number = intParam(req, "issue_number");
        req.world.issue(repo, number);
        const sinceText = req.query.get("since");
        const since = sinceText === null ? undefined : Date.parse(sinceText);
        if (since !== undefined && !Number.isFinite(since))
            throw invalid("IssueComment", "since", "invalid", `since '${sinceText}' is not an ISO 8601 time.`);
        const all = [...repo.comments.values()]
            .filter((c) => c.issue === number && (since === undefined || c.updatedAt >= since))
            .sort((a, b) => a.id - b.id);
        const page = paginate(req, `${req.world.baseUrl}/repos/${repo.owner}/${repo.name}/issues/${number}/comments`, all);
        return conditional(req, page.items.map((c) => commentJson(req.world, repo, c)), page.headers);
    });
    router.add("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        const login = requireAccess(req.world, req.caller, repo, "read");
        const issue = req.world.issue(repo, intParam(req, "issue_number"));
        const comment = addComment(req.world, repo, issue.number, login, validBody(objectBody(req)));
        const body = commentJson(req.world, repo, comment);
        services.event(repo, "issue_comment", { action: "created", issue: issueJson(req.world, repo, issue), comment: body }, login);
        return json(201, body, { location: String(body["url"]), etag: etagOf(body) });
    });
    router.add("GET", "/repos/{owner}/{repo}/issues/comments/{comment_id}", (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        requireAccess(req.world, req.caller, repo, "read");
        return conditional(req, commentJson(req.world, repo, findComment(repo, intParam(req, "comment_id"))));
    });
    router.add("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}", (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        const comment = findComment(repo, intParam(req, "comment_id"));
        const own = (req.caller.kind === "user" || req.caller.kind === "installation") && req.caller.login.toLowerCase() === comment.author.toLowerCase();
        const login = requireAccess(req.world, req.caller, repo, own ? "read" : "write");
        const before = editComment(req.world, comment, validBody(objectBody(req)));
        const body = commentJson(req.world, repo, comment);
        const issue = req.world.issue(repo, comment.issue);
        services.event(repo, "issue_comment", { action: "edited", changes: { body: { from: before } }, issue: issueJson(req.world, repo, issue), comment: body }, login);
        return json(200, body, { etag: etagOf(body) });
    });
    router.add("POST", "/repos/{owner}/{repo}/issues/{issue_number}/reactions", (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        return react(req, `issue:${req.world.issue(repo, intParam(req, "issue_number")).number}`);
    });
    router.add("POST", "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        return react(req, `comment:${findComment(repo, intParam(req, "comment_id")).id}`);
    });
}

;// CONCATENATED MODULE: ./src/sandbox/routes/git-data.ts
/**
 * Git refs and repository contents, read from (and written to) the bare repository: get a ref,
 * list matching refs, create, update and delete refs (any `refs/<a>/<b>` name git accepts, as
 * GitHub's refs API does), and file contents (`.github/foreman.yml`, the org `.github`
 * repository's) as JSON with base64 content, or as text with the raw media type.
 */





function refJson(world, repo, ref, sha) {
    return {
        ref,
        node_id: `REF_${Buffer.from(`${repo.id}:${ref}`).toString("base64url")}`,
        url: `${repoApiUrl(world, repo)}/git/${ref}`,
        object: { type: "commit", sha, url: `${repoApiUrl(world, repo)}/git/commits/${sha}` },
    };
}
function repoOf(req) {
    return req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
}
async function existingCommit(repo, sha) {
    const resolved = /^[0-9a-f]{40}$/.test(sha) ? await resolveRef(repo.gitDir, sha) : undefined;
    if (resolved !== sha)
        throw new GitHubHttpError(422, "Object does not exist");
    return sha;
}
function registerGitData(router) {
    router.add("GET", "/repos/{owner}/{repo}/git/ref/{ref+}", async (req) => {
        const repo = repoOf(req);
        requireAccess(req.world, req.caller, repo, "read");
        const ref = `refs/${req.params["ref"] ?? ""}`;
        const found = (await listRefs(repo.gitDir, ref)).find((r) => r.ref === ref);
        if (found === undefined)
            throw notFound();
        return json(200, refJson(req.world, repo, found.ref, found.sha));
    });
    router.add("GET", "/repos/{owner}/{repo}/git/matching-refs/{ref+}", async (req) => {
        const repo = repoOf(req);
        requireAccess(req.world, req.caller, repo, "read");
        const refs = await listRefs(repo.gitDir, `refs/${req.params["ref"] ?? ""}`);
        return json(200, refs.map((r) => refJson(req.world, repo, r.ref, r.sha)));
    });
    router.add("POST", "/repos/{owner}/{repo}/git/refs", async (req) => {
        const repo = repoOf(req);
        requireAccess(req.world, req.caller, repo, "write");
        const body = objectBody(req);
        const ref = requiredString(body, "Reference", "ref");
        const sha = requiredString(body, "Reference", "sha");
        if (!/^refs\/[^/]+\/.+/.test(ref) || !(await validRefName(ref)))
            throw new GitHubHttpError(422, `Reference name '${ref}' is not valid: use refs/<kind>/<name>.`);
        await existingCommit(repo, sha);
        if ((await resolveRef(repo.gitDir, ref)) !== undefined)
            throw new GitHubHttpError(422, "Reference already exists");
        await updateRef(repo.gitDir, ref, sha);
        return json(201, refJson(req.world, repo, ref, sha), { location: `${repoApiUrl(req.world, repo)}/git/${ref}` });
    });
    router.add("PATCH", "/repos/{owner}/{repo}/git/refs/{ref+}", async (req) => {
        const repo = repoOf(req);
        requireAccess(req.world, req.caller, repo, "write");
        const ref = `refs/${req.params["ref"] ?? ""}`;
        const body = objectBody(req);
        const sha = await existingCommit(repo, requiredString(body, "Reference", "sha"));
        const current = (await listRefs(repo.gitDir, ref)).find((r) => r.ref === ref);
        if (current === undefined)
            throw new GitHubHttpError(422, "Reference does not exist");
        if (body["force"] !== true && !(await isAncestor(repo.gitDir, current.sha, sha)))
            throw new GitHubHttpError(422, "Update is not a fast forward");
        await updateRef(repo.gitDir, ref, sha);
        return json(200, refJson(req.world, repo, ref, sha));
    });
    router.add("DELETE", "/repos/{owner}/{repo}/git/refs/{ref+}", async (req) => {
        const repo = repoOf(req);
        requireAccess(req.world, req.caller, repo, "write");
        const ref = `refs/${req.params["ref"] ?? ""}`;
        if (!(await listRefs(repo.gitDir, ref)).some((r) => r.ref === ref))
            throw new GitHubHttpError(422, "Reference does not exist");
        await deleteRef(repo.gitDir, ref);
        return { status: 204 };
    });
    router.add("GET", "/repos/{owner}/{repo}/contents/{path+}", async (req) => {
        const repo = repoOf(req);
        requireAccess(req.world, req.caller, repo, "read");
        const file = req.params["path"] ?? "";
        const ref = req.query.get("ref") ?? repo.defaultBranch;
        if (ref.startsWith("-"))
            throw invalid("Contents", "ref", "invalid");
        const text = await readFileAt(repo.gitDir, ref, file);
        const sha = await blobSha(repo.gitDir, ref, file);
        if (text === undefined || sha === undefined)
            throw notFound();
        const accept = req.headers["accept"] ?? "";
        if (/application\/vnd\.github(\.v3)?\.raw/.test(accept))
            return { status: 200, raw: { text, contentType: "application/vnd.github.raw; charset=utf-8" } };
        const url = `${repoApiUrl(req.world, repo)}/contents/${file}?ref=${encodeURIComponent(ref)}`;
        const html = `${req.world.baseUrl}/${repo.owner}/${repo.name}/blob/${ref}/${file}`;
        const gitUrl = `${repoApiUrl(req.world, repo)}/git/blobs/${sha}`;
        return json(200, {
            type: "file",
            encoding: "base64",
            size: Buffer.byteLength(text),
            name: file.split("/").pop() ?? file,
            path: file,
            content: Buffer.from(text).toString("base64"),
            sha,
            url,
            git_url: gitUrl,
            html_url: html,
            download_url: `${req.world.baseUrl}/raw/${repo.owner}/${repo.name}/${ref}/${file}`,
            _links: { self: url, git: gitUrl, html },
        });
    });
}

;// CONCATENATED MODULE: ./src/sandbox/routes/issues.ts
/**
 * Issues and their labels: get, list (by `labels`, `state`, `since`, newest or oldest first),
 * create, update (title, body, state with `state_reason`, labels), add and remove labels.
 * Labels a writer names are created on first use, as GitHub does for people with push access.
 * Opening, closing, labelling and unlabelling send the `issues` webhook.
 */





/** The label named `name` on `repo`, created when absent. */
function ensureLabel(world, repo, name) {
    const key = name.toLowerCase();
    let label = repo.labels.get(key);
    if (label === undefined) {
        label = { id: world.nextId(), name, color: "ededed", description: null };
        repo.labels.set(key, label);
    }
    return label;
}
function labelNames(body, resource) {
    const value = body["labels"];
    if (value === undefined)
        return undefined;
    if (!Array.isArray(value))
        throw invalid(resource, "labels", "invalid", "labels is not an array.");
    return value.map((l) => {
        if (typeof l === "string" && l.trim() !== "")
            return l;
        if (typeof l === "object" && l !== null && typeof Reflect.get(l, "name") === "string")
            return String(Reflect.get(l, "name"));
        throw invalid(resource, "labels", "invalid", `Label ${JSON.stringify(l)} is not a label name.`);
    });
}
function checkBodySize(body, resource) {
    if (body !== undefined && body.length > BODY_LIMIT)
        throw bodyTooLong(resource);
}
/** Opens an issue (used by the route and by `StandIn`). */
function openIssue(world, repo, author, fields) {
    const now = world.now();
    const issue = {
        id: world.nextId(),
        number: repo.nextNumber++,
        title: fields.title,
        body: fields.body ?? null,
        state: "open",
        stateReason: null,
        author,
        labels: [],
        createdAt: now,
        updatedAt: now,
        closedAt: null,
        isPull: false,
    };
    for (const name of fields.labels ?? [])
        issue.labels.push(ensureLabel(world, repo, name).name);
    repo.issues.set(issue.number, issue);
    return issue;
}
/** Adds labels; returns the ones that were not there yet. */
function addLabels(world, repo, issue, names) {
    const added = [];
    for (const name of names) {
        const label = ensureLabel(world, repo, name);
        if (issue.labels.some((l) => l.toLowerCase() === label.name.toLowerCase()))
            continue;
        issue.labels.push(label.name);
        added.push(label);
    }
    if (added.length > 0)
        issue.updatedAt = world.now();
    return added;
}
function listIssues(req, repo) {
    const state = req.query.get("state") ?? "open";
    const wanted = (req.query.get("labels") ?? "")
        .split(",")
        .map((l) => l.trim().toLowerCase())
        .filter((l) => l !== "");
    const sinceText = req.query.get("since");
    const since = sinceText === null ? undefined : Date.parse(sinceText);
    if (since !== undefined && !Number.isFinite(since))
        throw invalid("Issue", "since", "invalid", `since '${sinceText}' is not an ISO 8601 time.`);
    const sort = req.query.get("sort") ?? "created";
    const ascending = req.query.get("direction") === "asc";
    return [...repo.issues.values()]
        .filter((i) => state === "all" || i.state === state)
        .filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)))
        .filter((i) => since === undefined || i.updatedAt >= since)
        .sort((a, b) => {
        const key = sort === "updated" ? a.updatedAt - b.updatedAt : a.createdAt - b.createdAt || a.number - b.number;
        return ascending ? key : -key;
    });
}
function registerIssues(router, services) {
    router.add("GET", "/repos/{owner}/{repo}/issues/{issue_number}", (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        requireAccess(req.world, req.caller, repo, "read");
        return json(200, issueJson(req.world, repo, req.world.issue(repo, intParam(req, "issue_number"))));
    });
    router.add("GET", "/repos/{owner}/{repo}/issues", (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        requireAccess(req.world, req.caller, repo, "read");
        const page = paginate(req, `${req.world.baseUrl}/repos/${repo.owner}/${repo.name}/issues`, listIssues(req, repo));
        return json(200, page.items.map((i) => issueJson(req.world, repo, i)), page.headers);
    });
    router.add("POST", "/repos/{owner}/{repo}/issues", (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        const login = requireAccess(req.world, req.caller, repo, "read");
        const body = objectBody(req);
        const title = requiredString(body, "Issue", "title");
        if (title.trim() === "")
            throw invalid("Issue", "title", "missing_field");
        const text = optionalString(body, "Issue", "body");
        checkBodySize(text, "Issue");
        const labels = labelNames(body, "Issue") ?? [];
        const issue = openIssue(req.world, repo, login, { title, body: text ?? null, labels });
        services.event(repo, "issues", { action: "opened", issue: issueJson(req.world, repo, issue) }, login);
        return json(201, issueJson(req.world, repo, issue), { location: `${req.world.baseUrl}/repos/${repo.owner}/${repo.name}/issues/${issue.number}` });
    });
    router.add("PATCH", "/repos/{owner}/{repo}/issues/{issue_number}", (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        const issue = req.world.issue(repo, intParam(req, "issue_number"));
        const own = req.caller.kind === "user" && req.caller.login.toLowerCase() === issue.author.toLowerCase();
        const login = requireAccess(req.world, req.caller, repo, own ? "read" : "write");
        const body = objectBody(req);
        const title = optionalString(body, "Issue", "title");
        const text = body["body"] === null ? null : optionalString(body, "Issue", "body");
        const state = optionalString(body, "Issue", "state");
        const reason = body["state_reason"] === null ? null : optionalString(body, "Issue", "state_reason");
        if (state !== undefined && state !== "open" && state !== "closed")
            throw invalid("Issue", "state", "invalid", `state '${state}' must be open or closed.`);
        if (reason !== undefined && reason !== null && !["completed", "not_planned", "reopened"].includes(reason))
            throw invalid("Issue", "state_reason", "invalid", `state_reason '${reason}' must be completed, not_planned or reopened.`);
        checkBodySize(text ?? undefined, "Issue");
        const labels = labelNames(body, "Issue");
        const now = req.world.now();
        if (title !== undefined)
            issue.title = title;
        if (text !== undefined)
            issue.body = text;
        if (labels !== undefined)
            issue.labels = labels.map((l) => ensureLabel(req.world, repo, l).name);
        const wasState = issue.state;
        if (state !== undefined) {
            issue.state = state;
            issue.closedAt = state === "closed" ? (issue.closedAt ?? now) : null;
            issue.stateReason =
                state === "closed" ? (reason ?? "completed") : wasState === "closed" ? "reopened" : issue.stateReason;
        }
        issue.updatedAt = now;
        if (state !== undefined && state !== wasState)
            services.event(repo, "issues", { action: state === "closed" ? "closed" : "reopened", issue: issueJson(req.world, repo, issue) }, login);
        return json(200, issueJson(req.world, repo, issue));
    });
    router.add("POST", "/repos/{owner}/{repo}/issues/{issue_number}/labels", (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        const login = requireAccess(req.world, req.caller, repo, "write");
        const issue = req.world.issue(repo, intParam(req, "issue_number"));
        const names = Array.isArray(req.body) ? labelNames({ labels: req.body }, "Label") : labelNames(objectBody(req), "Label");
        if (names === undefined || names.length === 0)
            throw invalid("Label", "labels", "missing_field");
        for (const label of addLabels(req.world, repo, issue, names))
            services.event(repo, "issues", { action: "labeled", issue: issueJson(req.world, repo, issue), label: labelJson(req.world, repo, label) }, login);
        return json(200, issue.labels.flatMap((n) => {
            const l = repo.labels.get(n.toLowerCase());
            return l ? [labelJson(req.world, repo, l)] : [];
        }));
    });
    router.add("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        const login = requireAccess(req.world, req.caller, repo, "write");
        const issue = req.world.issue(repo, intParam(req, "issue_number"));
        const name = (req.params["name"] ?? "").toLowerCase();
        const label = repo.labels.get(name);
        if (label === undefined || !issue.labels.some((l) => l.toLowerCase() === name))
            throw new GitHubHttpError(404, "Label does not exist");
        issue.labels = issue.labels.filter((l) => l.toLowerCase() !== name);
        issue.updatedAt = req.world.now();
        services.event(repo, "issues", { action: "unlabeled", issue: issueJson(req.world, repo, issue), label: labelJson(req.world, repo, label) }, login);
        return json(200, issue.labels.flatMap((n) => {
            const l = repo.labels.get(n.toLowerCase());
            return l ? [labelJson(req.world, repo, l)] : [];
        }));
    });
}

;// CONCATENATED MODULE: ./src/sandbox/routes/pulls.ts
/**
 * Pull requests: list (by `state`, `head` as `owner:branch`, `base`), create (the head branch
 * must exist in the bare repository and differ from the base; one open PR per head and base,
 * as GitHub's 422 "A pull request already exists" says), update (title, body, state, base).
 * A PR shares the issue number space, so its conversation is an issue; closing one sends
 * `pull_request.closed`.
 */






/** Reads the branch tips again, so a push after the PR was opened shows. */
async function refresh(repo, pull) {
    pull.headSha = (await resolveRef(repo.gitDir, `refs/heads/${pull.head}`)) ?? pull.headSha;
    pull.baseSha = (await resolveRef(repo.gitDir, `refs/heads/${pull.base}`)) ?? pull.baseSha;
    return pull;
}
function issueOf(repo, pull) {
    const issue = repo.issues.get(pull.number);
    if (issue === undefined)
        throw notFound();
    return issue;
}
/** `owner:branch` or `branch` → branch, when the owner is this repository's. */
function headBranch(repo, head) {
    const at = head.indexOf(":");
    if (at < 0)
        return head;
    return head.slice(0, at).toLowerCase() === repo.owner.toLowerCase() ? head.slice(at + 1) : undefined;
}
async function listPulls(req, repo) {
    const state = req.query.get("state") ?? "open";
    const head = req.query.get("head");
    const base = req.query.get("base");
    const branch = head === null ? undefined : headBranch(repo, head);
    const out = [];
    for (const pull of [...repo.pulls.values()].sort((a, b) => b.number - a.number)) {
        const issue = issueOf(repo, pull);
        if (state !== "all" && issue.state !== state)
            continue;
        if (head !== null && pull.head !== branch)
            continue;
        if (base !== null && pull.base !== base)
            continue;
        out.push(await refresh(repo, pull));
    }
    return out;
}
function registerPulls(router, services) {
    router.add("GET", "/repos/{owner}/{repo}/pulls", async (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        requireAccess(req.world, req.caller, repo, "read");
        const page = paginate(req, `${req.world.baseUrl}/repos/${repo.owner}/${repo.name}/pulls`, await listPulls(req, repo));
        return json(200, page.items.map((p) => pullJson(req.world, repo, p, issueOf(repo, p))), page.headers);
    });
    router.add("GET", "/repos/{owner}/{repo}/pulls/{pull_number}", async (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        requireAccess(req.world, req.caller, repo, "read");
        const pull = repo.pulls.get(intParam(req, "pull_number"));
        if (pull === undefined)
            throw notFound();
        return json(200, pullJson(req.world, repo, await refresh(repo, pull), issueOf(repo, pull)));
    });
    router.add("POST", "/repos/{owner}/{repo}/pulls", async (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        const login = requireAccess(req.world, req.caller, repo, "write");
        const body = objectBody(req);
        const title = requiredString(body, "PullRequest", "title");
        const headText = requiredString(body, "PullRequest", "head");
        const base = requiredString(body, "PullRequest", "base");
        const text = optionalString(body, "PullRequest", "body");
        if (text !== undefined && text.length > BODY_LIMIT)
            throw bodyTooLong("PullRequest");
        const head = headBranch(repo, headText);
        const headSha = head === undefined ? undefined : await resolveRef(repo.gitDir, `refs/heads/${head}`);
        if (head === undefined || headSha === undefined)
            throw invalid("PullRequest", "head", "invalid");
        const baseSha = await resolveRef(repo.gitDir, `refs/heads/${base}`);
        if (baseSha === undefined)
            throw invalid("PullRequest", "base", "invalid");
        if (headSha === baseSha)
            throw new GitHubHttpError(422, "Validation Failed", [
                { resource: "PullRequest", code: "custom", message: `No commits between ${base} and ${head}` },
            ]);
        const open = [...repo.pulls.values()].find((p) => p.head === head && p.base === base && issueOf(repo, p).state === "open");
        if (open !== undefined)
            throw new GitHubHttpError(422, "Validation Failed", [
                { resource: "PullRequest", code: "custom", message: `A pull request already exists for ${repo.owner}:${head}.` },
            ]);
        const now = req.world.now();
        const issue = {
            id: req.world.nextId(),
            number: repo.nextNumber++,
            title,
            body: text ?? null,
            state: "open",
            stateReason: null,
            author: login,
            labels: [],
            createdAt: now,
            updatedAt: now,
            closedAt: null,
            isPull: true,
        };
        repo.issues.set(issue.number, issue);
        const pull = { id: req.world.nextId(), number: issue.number, head, base, draft: body["draft"] === true, headSha, baseSha };
        repo.pulls.set(pull.number, pull);
        const out = pullJson(req.world, repo, pull, issue);
        services.event(repo, "pull_request", { action: "opened", number: pull.number, pull_request: out }, login);
        return json(201, out, { location: String(out["url"]) });
    });
    router.add("PATCH", "/repos/{owner}/{repo}/pulls/{pull_number}", async (req) => {
        const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
        const login = requireAccess(req.world, req.caller, repo, "write");
        const pull = repo.pulls.get(intParam(req, "pull_number"));
        if (pull === undefined)
            throw notFound();
        const issue = issueOf(repo, pull);
        const body = objectBody(req);
        const title = optionalString(body, "PullRequest", "title");
        const text = optionalString(body, "PullRequest", "body");
        const state = optionalString(body, "PullRequest", "state");
        const base = optionalString(body, "PullRequest", "base");
        if (state !== undefined && state !== "open" && state !== "closed")
            throw invalid("PullRequest", "state", "invalid");
        if (text !== undefined && text.length > BODY_LIMIT)
            throw bodyTooLong("PullRequest");
        if (base !== undefined && (await resolveRef(repo.gitDir, `refs/heads/${base}`)) === undefined)
            throw invalid("PullRequest", "base", "invalid");
        const now = req.world.now();
        if (title !== undefined)
            issue.title = title;
        if (text !== undefined)
            issue.body = text;
        if (base !== undefined)
            pull.base = base;
        const was = issue.state;
        if (state !== undefined) {
            issue.state = state;
            issue.closedAt = state === "closed" ? now : null;
        }
        issue.updatedAt = now;
        const out = pullJson(req.world, repo, await refresh(repo, pull), issue);
        if (state !== undefined && state !== was)
            services.event(repo, "pull_request", { action: state === "closed" ? "closed" : "reopened", number: pull.number, pull_request: out }, login);
        return json(200, out);
    });
}

;// CONCATENATED MODULE: ./src/sandbox/webhooks.ts
/**
 * Webhook deliveries as GitHub makes them: a JSON POST with `X-GitHub-Event`,
 * `X-GitHub-Delivery` (the same on a duplicate), `X-GitHub-Hook-ID` and
 * `X-Hub-Signature-256: sha256=<HMAC of the body with the webhook secret>`, sent to the
 * configured URL (the App's real server). GitHub gives up on a delivery after 10 s and never
 * retries by itself; each delivery is recorded with the status it got, for tests and the demo.
 */


/** GitHub gives up on a delivery not answered within 10 s. */
const DELIVERY_TIMEOUT_MS = 10_000;
const HOOK_ID = 424242;
/** `sha256=<hex>`: GitHub's `X-Hub-Signature-256` of `body` with `secret`. */
function signPayload(secret, body) {
    return `sha256=${(0,external_node_crypto_.createHmac)("sha256", secret).update(body).digest("hex")}`;
}
/** A delivery id in GitHub's GUID format, from a counter (deterministic). */
function deliveryGuid(n) {
    const hex = n.toString(16).padStart(12, "0").slice(-12);
    return `5e7a0d00-0000-4000-8000-${hex}`;
}
/** POSTs one delivery; records the answer's status or the failure on `delivery`. */
async function postDelivery(target, delivery) {
    const body = JSON.stringify(delivery.payload);
    try {
        const res = await loopbackFetch(target.url, {
            method: "POST",
            headers: {
                "content-type": "application/json",
                "user-agent": "GitHub-Hookshot/stand-in",
                "x-github-event": delivery.event,
                "x-github-delivery": delivery.id,
                "x-github-hook-id": String(HOOK_ID),
                "x-hub-signature-256": signPayload(target.secret, body),
            },
            body,
            signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        });
        delivery.status = res.status;
        await res.arrayBuffer();
    }
    catch (error) {
        delivery.error = error instanceof Error ? error.message : String(error);
    }
}

;// CONCATENATED MODULE: ./src/sandbox/stand-in.ts
/**
 * `StandIn`: an offline GitHub on 127.0.0.1 for tests and `foreman demo`. It serves the REST
 * subset Foreman uses (routes/*) over in-memory data, backs each repository with a bare git
 * repository on disk (the remote the Action pushes to), sends webhooks signed to the App's
 * real server, hands dispatched workflow runs to a pluggable runner, and injects faults on
 * demand. The methods below are what people do on github.com (open an issue, label it, comment,
 * edit a comment as an admin, click a check-run button) and what a runner reports.
 */





















/** GitHub Actions' own App id on github.com (the author of `GITHUB_TOKEN` check runs). */
const GITHUB_ACTIONS_APP_ID = 15368;
class StandIn {
    world;
    /** Every API request answered, in order. */
    calls = [];
    /** Every webhook delivery made (a duplicated one appears twice, same id). */
    deliveries = [];
    faults;
    /** The enforced secondary limit, when `secondaryLimit` was given (its `refused` counts the 403s). */
    secondaryLimit;
    #tokens = new Map();
    #pending = new Set();
    #server;
    #router;
    #ownsDataDir;
    #dataDir;
    #tokenCount = 0;
    #deliveryCount = 0;
    #webhook;
    #runner;
    constructor(options, dataDir, owns) {
        this.world = new World(options.now ?? Date.now, "");
        this.faults = new Faults(options.faults);
        this.secondaryLimit = options.secondaryLimit === undefined ? undefined : new SecondaryLimit(options.secondaryLimit);
        this.#webhook = options.webhook;
        this.#runner = options.runner;
        this.#dataDir = dataDir;
        this.#ownsDataDir = owns;
        const router = new Router();
        this.#router = router;
        const services = this.#services();
        registerIssues(router, services);
        registerComments(router, services);
        registerCheckRuns(router, services);
        registerActions(router, services);
        registerPulls(router, services);
        registerGitData(router);
        registerApps(router, services);
        registerCollaborators(router);
        this.#server = createFront({
            world: this.world,
            router,
            tokens: this.#tokens,
            faults: this.faults,
            ...(this.secondaryLimit === undefined ? {} : { secondaryLimit: this.secondaryLimit }),
            calls: this.calls,
            jwtNow: options.jwtNow ?? Date.now,
        });
    }
    /** Starts a stand-in on 127.0.0.1 on a free port. */
    static async start(options = {}) {
        const owns = options.dataDir === undefined;
        const dataDir = options.dataDir ?? (await (0,promises_.mkdtemp)(external_node_path_default().join((0,external_node_os_.tmpdir)(), "foreman-stand-in-")));
        const standIn = new StandIn(options, dataDir, owns);
        await new Promise((resolve, reject) => {
            standIn.#server.once("error", reject);
            standIn.#server.listen(0, "127.0.0.1", () => resolve());
        });
        const { port } = standIn.#server.address();
        standIn.world.baseUrl = `http://127.0.0.1:${port}`;
        return standIn;
    }
    /** The REST routes served, as `METHOD` and GitHub's path template. */
    routes() {
        return this.#router.list();
    }
    /** The API base URL (`GITHUB_API_URL`). */
    get url() {
        return this.world.baseUrl;
    }
    /** Stops serving, waits for deliveries in flight, removes the data directory it created. */
    async close() {
        await this.idle();
        this.#server.closeAllConnections();
        await new Promise((resolve) => this.#server.close(() => resolve()));
        if (this.#ownsDataDir)
            await (0,promises_.rm)(this.#dataDir, { recursive: true, force: true });
    }
    /** Resolves once every webhook delivery started so far has been answered. */
    async idle() {
        while (this.#pending.size > 0)
            await Promise.all([...this.#pending]);
    }
    setWebhook(target) {
        this.#webhook = target;
    }
    setRunner(runner) {
        this.#runner = runner;
    }
    setFaults(plan) {
        this.faults.set(plan);
    }
    // ── people and apps ────────────────────────────────────────────────────────────────────
    /** Adds a user (or returns the existing one); returns a personal token acting as them. */
    addUser(login) {
        this.world.user(login);
        return this.#issue({ kind: "user", login }, undefined, "ghp");
    }
    /** Registers a GitHub App whose JWTs are verified with `publicKey` (PEM). */
    registerApp(app) {
        this.world.user(app.owner);
        this.world.apps.set(app.id, { id: app.id, slug: app.slug, name: app.name ?? app.slug, owner: app.owner, publicKey: app.publicKey });
        this.world.user(`${app.slug}[bot]`);
        return { id: app.id, slug: app.slug, botLogin: `${app.slug}[bot]` };
    }
    /** Installs the App on `account`'s repositories `repos` (names); returns the installation id. */
    install(appId, account, repos) {
        if (!this.world.apps.has(appId))
            throw new GitHubHttpError(404, `No App with id ${appId}: register it first.`);
        const id = this.world.nextId();
        this.world.installations.set(id, { id, appId, account, repos: new Set(repos.map((r) => this.world.key(account, r))) });
        return id;
    }
    /** A token acting as the App's bot on the installation (as if minted), for tests. */
    installationToken(installationId) {
        const installation = this.world.installations.get(installationId);
        const app = installation === undefined ? undefined : this.world.apps.get(installation.appId);
        if (installation === undefined || app === undefined)
            throw new GitHubHttpError(404, `No installation ${installationId}.`);
        return this.#issue({ kind: "installation", login: `${app.slug}[bot]`, installationId, appId: app.id, repos: undefined }, 3_600_000, "ghs");
    }
    /**
     * A token like a workflow's `GITHUB_TOKEN`: it acts as `github-actions[bot]` (an App's
     * installation, so it may write check runs) on `repo` only, and expires in an hour.
     */
    runToken(repo) {
        if (!this.world.apps.has(GITHUB_ACTIONS_APP_ID))
            this.registerApp({ id: GITHUB_ACTIONS_APP_ID, slug: "github-actions", name: "GitHub Actions", owner: "github", publicKey: "" });
        const r = this.#repo(repo);
        const key = this.world.key(r.owner, r.name);
        let installation = [...this.world.installations.values()].find((i) => i.appId === GITHUB_ACTIONS_APP_ID && i.account.toLowerCase() === r.owner.toLowerCase());
        if (installation === undefined) {
            const id = this.install(GITHUB_ACTIONS_APP_ID, r.owner, []);
            installation = this.world.installations.get(id);
        }
        installation?.repos.add(key);
        return this.#issue({
            kind: "installation",
            login: "github-actions[bot]",
            installationId: installation?.id ?? 0,
            appId: GITHUB_ACTIONS_APP_ID,
            repos: new Set([key]),
        }, 3_600_000, "ghs");
    }
    // ── repositories ───────────────────────────────────────────────────────────────────────
    /** Creates `owner/name` with one commit of `files` on the default branch (`main`). */
    async createRepo(owner, name, options = {}) {
        const key = this.world.key(owner, name);
        if (this.world.repos.has(key))
            throw new GitHubHttpError(422, `Repository ${owner}/${name} already exists: pick another name.`);
        this.world.user(owner);
        const defaultBranch = options.defaultBranch ?? "main";
        const gitDir = external_node_path_default().join(this.#dataDir, `${owner}__${name}.git`);
        await createBareRepo(gitDir, defaultBranch, options.files ?? { "README.md": `# ${name}\n` });
        const repo = {
            id: this.world.nextId(),
            owner,
            name,
            defaultBranch,
            gitDir,
            roles: new Map(),
            issues: new Map(),
            comments: new Map(),
            labels: new Map(),
            pulls: new Map(),
            checkRuns: new Map(),
            runs: new Map(),
            nextNumber: 1,
            nextRunNumber: 1,
        };
        this.world.repos.set(key, repo);
        return { owner, name, gitDir, defaultBranch };
    }
    /** Commits `files` on `branch` (default: the default branch); returns the new SHA. */
    async commit(repo, files, message = "Update files", branch) {
        return commitFiles(this.#repo(repo).gitDir, branch ?? repo.defaultBranch, files, message);
    }
    /** Gives `login` a role on `repo` (a user is created when new). */
    grant(repo, login, role) {
        this.world.user(login);
        this.#repo(repo).roles.set(login.toLowerCase(), role);
    }
    // ── what people do ─────────────────────────────────────────────────────────────────────
    /** Opens an issue as `author` (sends `issues.opened`); returns its number. */
    openIssue(repo, author, fields) {
        const r = this.#repo(repo);
        const issue = openIssue(this.world, r, author, fields);
        this.#event(r, "issues", { action: "opened", issue: issueJson(this.world, r, issue) }, author);
        return issue.number;
    }
    /** `by` adds `label` to the issue (sends `issues.labeled` when it was not there). */
    addLabel(repo, issue, label, by) {
        const r = this.#repo(repo);
        const found = this.world.issue(r, issue);
        for (const added of addLabels(this.world, r, found, [label]))
            this.#event(r, "issues", { action: "labeled", issue: issueJson(this.world, r, found), label: labelJson(this.world, r, added) }, by);
    }
    /** `author` comments on the issue (sends `issue_comment.created`); returns the comment id. */
    comment(repo, issue, author, body) {
        const r = this.#repo(repo);
        const found = this.world.issue(r, issue);
        const comment = addComment(this.world, r, found.number, author, body);
        this.#event(r, "issue_comment", { action: "created", issue: issueJson(this.world, r, found), comment: commentJson(this.world, r, comment) }, author);
        return comment.id;
    }
    /** `by` (an admin, say) edits any comment, bot comments included (sends `issue_comment.edited`). */
    editComment(repo, commentId, body, by) {
        const r = this.#repo(repo);
        const comment = r.comments.get(commentId);
        if (comment === undefined)
            throw new GitHubHttpError(404, `No comment ${commentId} on ${repo.owner}/${repo.name}.`);
        const before = editComment(this.world, comment, body);
        const issue = this.world.issue(r, comment.issue);
        this.#event(r, "issue_comment", { action: "edited", changes: { body: { from: before } }, issue: issueJson(this.world, r, issue), comment: commentJson(this.world, r, comment) }, by);
    }
    /** `by` closes the issue (sends `issues.closed`). */
    closeIssue(repo, issue, by) {
        const r = this.#repo(repo);
        const found = this.world.issue(r, issue);
        if (found.state === "closed")
            return;
        const now = this.world.now();
        Object.assign(found, { state: "closed", stateReason: "completed", closedAt: now, updatedAt: now });
        this.#event(r, "issues", { action: "closed", issue: issueJson(this.world, r, found) }, by);
    }
    /** `by` clicks the check run's button `identifier` (sends `check_run.requested_action`). */
    clickCheckRunButton(repo, checkRunId, identifier, by) {
        const r = this.#repo(repo);
        const run = r.checkRuns.get(checkRunId);
        if (run === undefined)
            throw new GitHubHttpError(404, `No check run ${checkRunId} on ${repo.owner}/${repo.name}.`);
        if (!run.actions.some((a) => a.identifier === identifier))
            throw new GitHubHttpError(422, `Check run ${checkRunId} has no button '${identifier}' (it has: ${run.actions.map((a) => a.identifier).join(", ") || "none"}).`);
        this.#event(r, "check_run", { action: "requested_action", check_run: checkRunJson(this.world, r, run), requested_action: { identifier } }, by);
    }
    // ── what a runner reports ──────────────────────────────────────────────────────────────
    /** The run started (`in_progress`; sends `workflow_run.in_progress`). */
    startRun(repo, runId) {
        const r = this.#repo(repo);
        const run = this.#run(r, runId);
        run.status = "in_progress";
        run.updatedAt = this.world.now();
        this.#event(r, "workflow_run", { action: "in_progress", workflow_run: workflowRunJson(this.world, r, run), workflow: workflowJson(this.world, r, run) }, run.actor);
    }
    /** The run ended (sends `workflow_run.completed`). */
    finishRun(repo, runId, conclusion) {
        const r = this.#repo(repo);
        const run = this.#run(r, runId);
        if (run.status === "completed")
            return;
        run.status = "completed";
        run.conclusion = conclusion;
        run.updatedAt = this.world.now();
        this.#event(r, "workflow_run", { action: "completed", workflow_run: workflowRunJson(this.world, r, run), workflow: workflowJson(this.world, r, run) }, run.actor);
    }
    // ── reading what happened (GitHub's JSON shapes) ───────────────────────────────────────
    issue(repo, number) {
        const r = this.#repo(repo);
        return issueJson(this.world, r, this.world.issue(r, number));
    }
    comments(repo, issue) {
        const r = this.#repo(repo);
        return [...r.comments.values()]
            .filter((c) => c.issue === issue)
            .sort((a, b) => a.id - b.id)
            .map((c) => commentJson(this.world, r, c));
    }
    pulls(repo) {
        const r = this.#repo(repo);
        return [...r.pulls.values()].flatMap((p) => {
            const issue = r.issues.get(p.number);
            return issue ? [pullJson(this.world, r, p, issue)] : [];
        });
    }
    checkRuns(repo) {
        const r = this.#repo(repo);
        return [...r.checkRuns.values()].map((c) => checkRunJson(this.world, r, c));
    }
    runs(repo) {
        const r = this.#repo(repo);
        return [...r.runs.values()].map((w) => workflowRunJson(this.world, r, w));
    }
    reactions(repo, subject) {
        this.#repo(repo);
        const key = "issue" in subject ? `issue:${subject.issue}` : `comment:${subject.comment}`;
        return this.world.reactions.filter((r) => r.subject === key).map((r) => ({ user: r.author, content: r.content }));
    }
    /** API calls answered, per `METHOD /template` (faults included), for call budgets and the bench. */
    callCounts() {
        const out = {};
        for (const c of this.calls)
            out[`${c.method} ${c.route}`] = (out[`${c.method} ${c.route}`] ?? 0) + 1;
        return out;
    }
    /**
     * The most content-creating requests (issues, comments, pull requests opened) answered with
     * success in any 60 s window, by the stand-in's clock: GitHub's secondary limit is about 80.
     * With `caller` (a login, as in {@link LoggedCall}), only that caller's: GitHub counts per
     * user or installation.
     */
    peakContentCreationsPerMinute(caller) {
        const times = this.calls
            .filter((c) => c.status < 300 && CONTENT_CREATING.has(`${c.method} ${c.route}`) && (caller === undefined || c.caller === caller))
            .map((c) => c.at);
        let peak = 0;
        for (let i = 0, j = 0; j < times.length; j++) {
            while ((times[j] ?? 0) - (times[i] ?? 0) >= 60_000)
                i++;
            peak = Math.max(peak, j - i + 1);
        }
        return peak;
    }
    /** The issue's thread as Markdown a person can read: title, body, then each comment with its author. */
    threadMarkdown(repo, number) {
        const r = this.#repo(repo);
        const issue = this.world.issue(r, number);
        const parts = [
            `# ${issue.title} (#${issue.number}, ${issue.state})`,
            "",
            `_opened by @${issue.author} at ${iso(issue.createdAt)}_`,
            "",
            issue.body ?? "",
        ];
        for (const c of [...r.comments.values()].filter((x) => x.issue === number).sort((a, b) => a.id - b.id)) {
            const edited = c.updatedAt !== c.createdAt ? ` (edited ${iso(c.updatedAt)})` : "";
            parts.push("", "---", "", `**@${c.author}** at ${iso(c.createdAt)}${edited}:`, "", c.body);
        }
        return `${parts.join("\n")}\n`;
    }
    // ── internals ──────────────────────────────────────────────────────────────────────────
    #repo(handle) {
        return this.world.repo(handle.owner, handle.name);
    }
    #run(repo, runId) {
        const run = repo.runs.get(runId);
        if (run === undefined)
            throw new GitHubHttpError(404, `No workflow run ${runId} on ${repo.owner}/${repo.name}.`);
        return run;
    }
    #issue(identity, ttlMs, prefix) {
        const token = `${prefix}_standin${String(++this.#tokenCount).padStart(6, "0")}${"x".repeat(24)}`;
        this.#tokens.set(token, { identity, ...(ttlMs !== undefined ? { expiresAt: this.world.now() + ttlMs } : {}) });
        return token;
    }
    #queued(repo, run) {
        return {
            owner: repo.owner,
            repo: repo.name,
            runId: run.id,
            runNumber: run.runNumber,
            workflowFile: run.workflowFile,
            ref: run.ref,
            headSha: run.headSha,
            inputs: { ...run.inputs },
            displayTitle: run.displayTitle,
            actor: run.actor,
            gitDir: repo.gitDir,
        };
    }
    #services() {
        return {
            issueToken: (identity, ttlMs) => this.#issue(identity, ttlMs, "ghs"),
            runQueued: (repo, run) => this.#runner?.queued(this.#queued(repo, run)),
            runCancelRequested: (repo, run) => {
                if (this.#runner?.cancel !== undefined)
                    this.#runner.cancel(this.#queued(repo, run));
                else
                    this.finishRun({ owner: repo.owner, name: repo.name, gitDir: repo.gitDir, defaultBranch: repo.defaultBranch }, run.id, "cancelled");
            },
            event: (repo, event, payload, sender) => this.#event(repo, event, payload, sender),
        };
    }
    #event(repo, event, payload, sender) {
        const installation = this.world.installationFor(repo);
        const full = {
            ...payload,
            repository: repositoryJson(this.world, repo),
            sender: userJson(this.world, sender),
            ...(installation !== undefined
                ? { installation: { id: installation.id, node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${installation.id}` } }
                : {}),
        };
        const id = deliveryGuid(++this.#deliveryCount);
        const action = typeof payload["action"] === "string" ? payload["action"] : undefined;
        const copies = this.faults.duplicateWebhooks ? 2 : 1;
        for (let i = 0; i < copies; i++) {
            const delivery = { id, event, action, payload: full };
            this.deliveries.push(delivery);
            const target = this.#webhook;
            if (target === undefined)
                continue;
            const sending = postDelivery(target, delivery).finally(() => this.#pending.delete(sending));
            this.#pending.add(sending);
        }
    }
}

;// CONCATENATED MODULE: ./src/sandbox/demo/stage.ts
/**
 * `Stage`: the whole product on one machine, for `foreman demo`, the end-to-end tests and the
 * bench. It starts the stand-in, the Foreman App (a real Probot on an HTTP server on
 * 127.0.0.1, registered and installed in the stand-in with a private key generated at start
 * and a webhook secret), the Actions emulator running the Action as a child process, and a
 * repository (by default the greeter example with its stand-in overlay and the shipped
 * workflow). Then it does what people do (open an issue, label, comment), waits for what
 * should follow (polling the stand-in's data with short sleeps, a deadline that names what did
 * not happen), kills runs, and reads the session back.
 */












/** The id the stage's App is registered with unless told otherwise. */
const DEMO_APP_ID = 31_337;
/** A deadline passed before what was awaited happened. */
class StageTimeoutError extends Error {
    what;
    ms;
    name = "StageTimeoutError";
    constructor(what, ms) {
        super(`Timed out after ${(ms / 1000).toFixed(1)} s waiting for ${what}.`);
        this.what = what;
        this.ms = ms;
    }
}
/** Every file under `dir` (path relative to it, `/`-separated → content). */
async function readTree(dir, prefix = "") {
    const out = {};
    for (const entry of await (0,promises_.readdir)(dir, { withFileTypes: true })) {
        const full = external_node_path_default().join(dir, entry.name);
        const rel = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
        if (entry.isDirectory())
            Object.assign(out, await readTree(full, rel));
        else if (entry.isFile())
            out[rel] = await (0,promises_.readFile)(full, "utf8");
    }
    return out;
}
/** The greeter example repository, its stand-in overlay (`.github/foreman.yml`) and the shipped workflow. */
async function greeterFiles() {
    return {
        ...(await readTree(greeterRepoDir())),
        ...(await readTree(greeterStandInOverlayDir())),
        ".github/workflows/foreman.yml": await (0,promises_.readFile)(exampleWorkflowFile(), "utf8"),
    };
}
class Stage {
    standIn;
    emulator;
    repo;
    app;
    installationId;
    maintainer;
    reader;
    /** The App's webhook URL. */
    appUrl;
    #server;
    #stopped = false;
    constructor(parts) {
        this.standIn = parts.standIn;
        this.emulator = parts.emulator;
        this.repo = parts.repo;
        this.app = parts.app;
        this.installationId = parts.installationId;
        this.maintainer = parts.maintainer;
        this.reader = parts.reader;
        this.appUrl = parts.appUrl;
        this.#server = parts.server;
    }
    static async start(options = {}) {
        const owner = options.owner ?? "acme";
        const name = options.repoName ?? "greeter";
        const maintainer = options.maintainer ?? "maya";
        const reader = options.reader ?? "rob";
        const slug = options.appSlug ?? "foreman";
        const { privateKey, publicKey } = (0,external_node_crypto_.generateKeyPairSync)("rsa", {
            modulusLength: 2048,
            privateKeyEncoding: { type: "pkcs8", format: "pem" },
            publicKeyEncoding: { type: "spki", format: "pem" },
        });
        const secret = (0,external_node_crypto_.randomBytes)(24).toString("hex");
        const standIn = await StandIn.start({
            ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
            ...(options.faults === undefined ? {} : { faults: options.faults }),
            ...(options.secondaryLimit === undefined ? {} : { secondaryLimit: options.secondaryLimit }),
        });
        try {
            const repo = await standIn.createRepo(owner, name, { files: options.files ?? (await greeterFiles()) });
            const app = standIn.registerApp({ id: options.appId ?? DEMO_APP_ID, slug, name: "Foreman", owner, publicKey });
            const installationId = standIn.install(app.id, owner, [name]);
            standIn.grant(repo, maintainer, "maintain");
            standIn.grant(repo, reader, "read");
            const probot = new lib/* Probot */.Jc({
                appId: app.id,
                privateKey,
                secret,
                baseUrl: standIn.url,
                logLevel: "fatal",
                Octokit: lib/* ProbotOctokit */.Cj.defaults((o) => ({ ...o, throttle: { enabled: false } })),
                request: { fetch: loopbackFetch },
            });
            const middleware = await (0,lib/* createNodeMiddleware */.Pb)(foremanApp(depsFromEnv({ PRIVATE_KEY: privateKey })), {
                probot,
                webhooksPath: "/api/github/webhooks",
            });
            const server = (0,external_node_http_.createServer)((req, res) => {
                void middleware(req, res, () => res.writeHead(404).end());
            });
            await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
            const appUrl = `http://127.0.0.1:${server.address().port}/api/github/webhooks`;
            standIn.setWebhook({ url: appUrl, secret });
            const emulator = new ActionsEmulator({
                standIn,
                credentials: { appId: String(app.id), appPrivateKey: privateKey },
                ...(options.actionEntry === undefined ? {} : { actionEntry: options.actionEntry }),
                ...(options.nodeArgs === undefined ? {} : { nodeArgs: options.nodeArgs }),
                ...(options.timings === undefined ? {} : { timings: options.timings }),
                ...(options.onLog === undefined ? {} : { onLog: options.onLog }),
                ...(options.maxConcurrentRuns === undefined ? {} : { maxConcurrentRuns: options.maxConcurrentRuns }),
            });
            standIn.setRunner(emulator);
            return new Stage({ standIn, emulator, repo, app, installationId, maintainer, reader, appUrl, server });
        }
        catch (error) {
            await standIn.close();
            throw error;
        }
    }
    // ── what people do ─────────────────────────────────────────────────────────────────────
    /** `author` (default the maintainer) opens an issue; returns its number. */
    openIssue(fields, author = this.maintainer) {
        return this.standIn.openIssue(this.repo, author, fields);
    }
    /** `by` (default the maintainer) adds `label` (default `foreman`). */
    label(issue, by = this.maintainer, label = "foreman") {
        this.standIn.addLabel(this.repo, issue, label, by);
    }
    /** `author` comments; returns the comment id. */
    comment(issue, author, body) {
        return this.standIn.comment(this.repo, issue, author, body);
    }
    /** The runner of `runId` dies mid-step (SIGKILL of the step's tree): the run concludes `failure`. */
    killRun(runId) {
        this.emulator.kill(runId);
    }
    // ── waiting and reading ────────────────────────────────────────────────────────────────
    /** Polls `probe` every `pollMs` until it returns a value other than undefined/false/null; throws `StageTimeoutError` naming `what`. */
    async waitFor(what, probe, timeoutMs = 45_000, pollMs = 25) {
        const end = Date.now() + timeoutMs;
        for (;;) {
            const got = probe();
            if (got !== undefined && got !== null && got !== false)
                return got;
            if (Date.now() > end)
                throw new StageTimeoutError(what, timeoutMs);
            await new Promise((r) => setTimeout(r, pollMs));
        }
    }
    /** Waits until no run is pending or running and every webhook has been answered (twice over: a delivery may dispatch a run). */
    async settle(timeoutMs = 45_000) {
        const end = Date.now() + timeoutMs;
        for (;;) {
            await this.standIn.idle();
            const quiet = this.emulator.runs().every((r) => r.state === "completed");
            if (quiet) {
                await new Promise((r) => setTimeout(r, 50));
                await this.standIn.idle();
                if (this.emulator.runs().every((r) => r.state === "completed"))
                    return;
            }
            if (Date.now() > end) {
                const busy = this.emulator.runs().filter((r) => r.state !== "completed");
                throw new StageTimeoutError(`the runs to end (${busy.map((r) => `${r.runId} "${r.title}" ${r.state}`).join(", ")})`, timeoutMs);
            }
            await new Promise((r) => setTimeout(r, 25));
        }
    }
    /** The workflow runs of an issue (all, when `issue` is undefined), oldest first. */
    runs(issue) {
        return this.emulator.runs().filter((r) => issue === undefined || r.issue === String(issue));
    }
    /** The issue's comments, oldest first: id, author, body, created/updated times. */
    comments(issue) {
        return this.standIn.comments(this.repo, issue).map((c) => {
            const user = c["user"];
            return {
                id: Number(c["id"]),
                author: typeof user === "object" && user !== null ? String(Reflect.get(user, "login")) : "",
                body: String(c["body"] ?? ""),
                createdAt: String(c["created_at"] ?? ""),
                updatedAt: String(c["updated_at"] ?? ""),
            };
        });
    }
    /** The session as the App's bot last wrote it (its state comment, decoded; signature not checked), if any. */
    session(issue) {
        const comment = this.comments(issue).find((c) => c.author === this.app.botLogin && state_codec_hasStateBlock(c.body));
        if (comment === undefined)
            return undefined;
        try {
            return state_codec_decodeStateComment(comment.body);
        }
        catch {
            return undefined;
        }
    }
    /** Stops the App's server, the emulator (killing what runs) and the stand-in. */
    async stop() {
        if (this.#stopped)
            return;
        this.#stopped = true;
        await this.emulator.close();
        await this.standIn.idle();
        this.#server.closeAllConnections();
        await new Promise((resolve) => this.#server.close(() => resolve()));
        await this.standIn.close();
    }
}

;// CONCATENATED MODULE: ./src/sandbox/demo/timeline.ts
/**
 * The demo's timeline: what happened, in order, told from the stand-in's own record — the
 * webhook deliveries (each one an event GitHub would send: an issue opened, a label, a comment,
 * an edit of Foreman's status comment, a workflow run starting or ending, a pull request), the
 * reactions, the session state inside Foreman's status comment at each edit, the workflow runs'
 * outputs and the check runs. Nothing here is scripted text about what should have happened.
 */

const REACTION_EMOJI = {
    "+1": "👍",
    "-1": "👎",
    laugh: "😄",
    confused: "😕",
    heart: "❤️",
    hooray: "🎉",
    rocket: "🚀",
    eyes: "👀",
};
function timeline_rec(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};
}
function str(value) {
    return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}
/** The first line of a comment a person reads (Markdown heading marks and bold dropped), shortened. */
function firstLine(body, max = 110) {
    const line = body
        .split("\n")
        .map((l) => l.trim())
        .find((l) => l !== "" && !l.startsWith("<!--")) ?? "";
    const plain = line.replace(/^#+\s*/, "").replace(/\*\*/g, "");
    return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}
function timeline_usd(n) {
    return `$${(n ?? 0).toFixed(2)}`;
}
/** One line about a finished attempt: outcome, gates, cost, time, diff. */
function describeAttempt(a) {
    const gates = a.gates ?? [];
    const passed = gates.filter((g) => g.ok).length;
    const gateText = gates.length === 0 ? "no gates ran" : `gates ${passed}/${gates.length} passed (${gates.map((g) => `${g.name} ${g.ok ? "✓" : "✗"}`).join(", ")})`;
    const diff = a.diffStats === undefined ? "" : `, diff ${a.diffStats.files} file(s) +${a.diffStats.additions} −${a.diffStats.deletions}`;
    const time = a.durationMs === undefined ? "" : `, ${(a.durationMs / 1000).toFixed(1)} s`;
    return `attempt ${a.n}: ${a.outcome ?? "open"} — ${gateText}, cost ${timeline_usd(a.costUsd)}${time}${diff}`;
}
function decoded(body) {
    if (!state_codec_hasStateBlock(body))
        return undefined;
    try {
        return state_codec_decodeStateComment(body);
    }
    catch {
        return undefined;
    }
}
/** The timeline of `issue` (and of what Foreman did for it elsewhere: runs, the daily ledger, its pull request). */
function buildTimeline(stage, issue) {
    const out = [];
    const bot = stage.app.botLogin;
    const seen = new Set();
    const reported = new Set();
    let lastStatus;
    const session = (state) => {
        for (const a of state.attempts)
            if (a.outcome !== undefined && !reported.has(a.n)) {
                reported.add(a.n);
                out.push({ actor: bot, text: describeAttempt(a) });
            }
        if (state.status !== lastStatus) {
            lastStatus = state.status;
            const approval = state.status === "awaiting_approval" && state.approval !== undefined ? `: ${state.approval.reasons.join("; ")}` : "";
            const reason = state.reason === null ? "" : ` (${state.reason})`;
            const by = state.status === "approved" && state.approval?.approvedBy !== undefined ? ` by @${state.approval.approvedBy}` : "";
            out.push({ actor: bot, text: `session status → ${state.status}${by}${reason}${approval}` });
        }
    };
    const reactions = (subject) => stage.standIn.reactions(stage.repo, subject).map((r) => ({ actor: r.user, text: `reacted ${REACTION_EMOJI[r.content] ?? r.content}` }));
    for (const d of stage.standIn.deliveries) {
        const key = `${d.id}`;
        if (seen.has(key))
            continue;
        seen.add(key);
        const p = d.payload;
        const sender = str(timeline_rec(p["sender"])["login"]);
        const number = Number(timeline_rec(p["issue"])["number"]);
        const event = `${d.event}.${d.action ?? ""}`;
        if (event === "issues.opened" && number === issue) {
            out.push({ actor: sender, text: `opened issue #${issue} “${str(timeline_rec(p["issue"])["title"])}”` });
        }
        else if (event === "issues.labeled" && number === issue) {
            out.push({ actor: sender, text: `added the label \`${str(timeline_rec(p["label"])["name"])}\`` });
            out.push(...reactions({ issue }));
        }
        else if (event === "issue_comment.created" || event === "issue_comment.edited") {
            const comment = timeline_rec(p["comment"]);
            const body = str(comment["body"]);
            const author = str(timeline_rec(comment["user"])["login"]);
            const id = Number(comment["id"]);
            const state = author === bot ? decoded(body) : undefined;
            if (number === issue && state !== undefined) {
                if (event === "issue_comment.created")
                    out.push({ actor: bot, text: "posted the session's status comment" });
                session(state);
            }
            else if (number === issue && event === "issue_comment.created" && author !== bot) {
                out.push({ actor: author, text: `commented “${firstLine(body)}”` });
                out.push(...reactions({ comment: id }));
            }
            else if (number === issue && event === "issue_comment.created" && !body.includes("foreman:ledger")) {
                out.push({ actor: bot, text: `replied: ${firstLine(body)}` });
            }
            else if (number !== issue && author === bot && event === "issue_comment.created" && body.includes(`\`#${issue}\``)) {
                out.push({ actor: bot, text: `daily ledger (#${number}): ${firstLine(body)}` });
            }
        }
        else if (d.event === "workflow_run" && (d.action === "in_progress" || d.action === "completed")) {
            const run = timeline_rec(p["workflow_run"]);
            const title = str(run["display_title"]);
            if (!title.startsWith(`foreman #${issue} `))
                continue;
            const id = Number(run["id"]);
            if (d.action === "in_progress")
                out.push({ actor: "Actions", text: `run ${id} “${title}” started` });
            else {
                const outputs = stage.emulator.run(id)?.outputs ?? {};
                const said = outputs["status"] === undefined
                    ? ""
                    : ` — Foreman's outputs: status ${outputs["status"]}${outputs["reason"] ? ` (${outputs["reason"]})` : ""}, ${outputs["attempts"] ?? "?"} attempt(s), cost $${outputs["cost-usd"] ?? "?"}${outputs["pr-number"] ? `, PR #${outputs["pr-number"]}` : ""}`;
                out.push({ actor: "Actions", text: `run ${id} “${title}” ${str(run["conclusion"])}${said}` });
            }
        }
        else if (event === "pull_request.opened") {
            const pr = timeline_rec(p["pull_request"]);
            if (!str(pr["body"]).includes(`#${issue}`))
                continue;
            out.push({
                actor: sender,
                text: `opened ${pr["draft"] === true ? "draft " : ""}pull request #${str(pr["number"])} “${str(pr["title"])}” (${str(timeline_rec(pr["head"])["ref"])} → ${str(timeline_rec(pr["base"])["ref"])})`,
            });
        }
    }
    for (const c of stage.standIn.checkRuns(stage.repo)) {
        const externalId = str(c["external_id"]);
        if (externalId !== `issue-${issue}`)
            continue;
        out.push({
            actor: str(timeline_rec(c["app"])["slug"]) === stage.app.slug ? bot : str(timeline_rec(c["app"])["slug"]),
            text: `check run “${str(c["name"])}” on ${str(c["head_sha"]).slice(0, 7)}: ${str(c["status"])}${c["conclusion"] ? ` · ${str(c["conclusion"])}` : ""}`,
        });
    }
    return out;
}
/** The timeline as aligned lines: `actor  text`. */
function renderTimeline(entries) {
    const width = Math.min(16, Math.max(0, ...entries.map((e) => e.actor.length)));
    return entries.map((e) => `  ${e.actor.padEnd(width)}  ${e.text}`).join("\n");
}

;// CONCATENATED MODULE: ./src/cli/demo.ts
/**
 * `foreman demo`: the whole product on GitHub, offline. Starts the GitHub stand-in, the Foreman
 * App and the Actions emulator on 127.0.0.1 and plays the lifecycle of `src/sandbox/demo`
 * (label → attempt 1 fails the gates → attempt 2 passes but touches a protected path →
 * a read-only `/approve` refused → the maintainer's `/approve` → draft PR with a green `Foreman`
 * check), then prints the timeline read back from the stand-in. `--keep DIR` writes the issue
 * thread and the repository out. Wiring only: the scenario lives in `src/sandbox/demo`.
 *
 * `foreman demo --local`: the loop alone, as `foreman run` runs it: the example repository
 * copied into a fresh temporary git repository, the `replay` agent (attempt 1 fails the tests,
 * attempt 2 passes). No GitHub account, no model, no network either way.
 */










/** `src/cli/demo.ts` and the bundled `dist/cli/index.js` are both two levels below the project root. */
function exampleRepoDir() {
    return external_node_path_default().resolve(external_node_path_default().dirname((0,external_node_url_.fileURLToPath)(import.meta.url)), "..", "..", "examples", "greeter", "repo");
}
async function runDemo(env, say) {
    const dir = await (0,promises_.mkdtemp)(external_node_path_default().join(external_node_os_default().tmpdir(), "foreman-demo-"));
    const repo = external_node_path_default().join(dir, "greeter");
    await (0,promises_.cp)(exampleRepoDir(), repo, { recursive: true });
    const identity = ["-c", `user.name=${git/* FOREMAN_IDENTITY */.Co.name}`, "-c", `user.email=${git/* FOREMAN_IDENTITY */.Co.email}`];
    await (0,git/* git */.$Y)(["init", "-q", "-b", "main"], { cwd: repo });
    await (0,git/* git */.$Y)(["add", "-A"], { cwd: repo });
    await (0,git/* git */.$Y)([...identity, "commit", "-q", "-m", "Example repository"], { cwd: repo });
    say(`Example repository: ${repo}\n`);
    say(`Running: foreman run --repo ${repo} --task ${external_node_path_default().join(repo, "TASK.md")}\n\n`);
    return (0,open_local_session/* openLocalSession */.q8)({ kind: "run", repo, task: external_node_path_default().join(repo, "TASK.md") }, env);
}
/** `foreman demo` on the stand-in; returns the exit code (0 only when the lifecycle reached its end as expected). */
async function runStandInDemo(options, io) {
    const say = options.json ? io.stderr : io.stdout;
    const started = Date.now();
    say("Starting an offline GitHub (the stand-in), the Foreman App and an Actions runner on 127.0.0.1…\n");
    const stage = await Stage.start();
    const stop = () => void stage.stop();
    io.signal.addEventListener("abort", stop, { once: true });
    let result;
    let failure;
    let timeline = [];
    let kept;
    try {
        say(`Repository ${stage.repo.owner}/${stage.repo.name}: @${stage.maintainer} can write, @${stage.reader} can only read.\n\n`);
        result = await runLifecycle(stage, (line) => say(`→ ${line}\n`));
        timeline = buildTimeline(stage, result.issue);
        if (options.keep !== undefined)
            kept = await keepDemo(stage, result.issue, options.keep);
    }
    catch (error) {
        if (!(error instanceof StageTimeoutError))
            throw error;
        failure = error.message;
    }
    finally {
        io.signal.removeEventListener("abort", stop);
        await stage.stop();
    }
    const problems = [...(result?.problems ?? []), ...(failure === undefined ? [] : [failure])];
    const ok = problems.length === 0;
    const wallMs = Date.now() - started;
    if (timeline.length > 0)
        say(`\nTimeline (read back from the stand-in):\n${renderTimeline(timeline)}\n`);
    if (kept !== undefined)
        say(`\nKept: the issue thread in ${kept.thread}, the repository (with the PR branch) in ${kept.repository}.\n`);
    if (ok)
        say(`\nThe demo reached its end: draft PR #${result?.pull?.number ?? "?"} with a green Foreman check, in ${(wallMs / 1000).toFixed(1)} s.\n`);
    else
        say(`\nThe demo did not reach its end:\n${problems.map((p) => `  - ${p}`).join("\n")}\n`);
    if (options.json)
        io.stdout(`${JSON.stringify({
            ok,
            issue: result?.issue ?? null,
            pullRequest: result?.pull ?? null,
            checkRun: result?.checkRun ?? null,
            session: result?.session === undefined
                ? null
                : {
                    status: result.session.status,
                    reason: result.session.reason,
                    attempts: result.session.spent.attempts,
                    costUsd: result.session.spent.costUsd,
                },
            runs: (result?.runs ?? []).map((r) => ({ id: r.runId, title: r.title, conclusion: r.conclusion ?? null, outputs: r.outputs })),
            timeline,
            problems,
            wallMs,
            ...(kept === undefined ? {} : { kept }),
        })}\n`);
    return ok ? 0 : 1;
}


/***/ }),

/***/ 7098:
/***/ ((module) => {

function webpackEmptyAsyncContext(req) {
	// Here Promise.resolve().then() is used instead of new Promise() to prevent
	// uncaught exception popping up in devtools
	return Promise.resolve().then(() => {
		var e = new Error("Cannot find module '" + req + "'");
		e.code = 'MODULE_NOT_FOUND';
		throw e;
	});
}
webpackEmptyAsyncContext.keys = () => ([]);
webpackEmptyAsyncContext.resolve = webpackEmptyAsyncContext;
webpackEmptyAsyncContext.id = 7098;
module.exports = webpackEmptyAsyncContext;

/***/ }),

/***/ 670:
/***/ ((module) => {

function webpackEmptyAsyncContext(req) {
	// Here Promise.resolve().then() is used instead of new Promise() to prevent
	// uncaught exception popping up in devtools
	return Promise.resolve().then(() => {
		var e = new Error("Cannot find module '" + req + "'");
		e.code = 'MODULE_NOT_FOUND';
		throw e;
	});
}
webpackEmptyAsyncContext.keys = () => ([]);
webpackEmptyAsyncContext.resolve = webpackEmptyAsyncContext;
webpackEmptyAsyncContext.id = 670;
module.exports = webpackEmptyAsyncContext;

/***/ })

};
