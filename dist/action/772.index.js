export const id = 772;
export const ids = [772];
export const modules = {

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

/***/ 6135:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ repoPathProblem)
/* harmony export */ });
/* unused harmony export isSafeRepoPath */
/**
 * The one safety predicate for repository-relative paths, shared by the path policy (changed
 * files) and the gate planner (changed files, gate roots). A safe path is canonical: relative,
 * `/`-separated, no empty, `.` or `..` segment, no `.git` segment (in any case), no backslash
 * and no control character. Git never reports anything else; a path that is not canonical
 * could slip past a glob (`./.github/workflows/x.yml` is not matched by `.github/**`) or name a
 * directory outside the repository.
 */
/** The first reason `path` is not a safe, canonical repository-relative path, or null when it is one. */
function repoPathProblem(path) {
    if (path.length === 0)
        return "empty";
    if (/[\u0000-\u001f\u007f]/.test(path))
        return "control_character";
    if (path.includes("\\"))
        return "backslash";
    if (path.startsWith("/") || /^[A-Za-z]:/.test(path))
        return "absolute";
    // The first bad segment decides, reading left to right.
    for (const segment of path.split("/")) {
        if (segment === "..")
            return "parent_segment";
        if (segment === "" || segment === ".")
            return "not_canonical";
        if (segment.toLowerCase() === ".git")
            return "inside_git";
    }
    return null;
}
/** True when `path` is a safe, canonical repository-relative path. */
function isSafeRepoPath(path) {
    return repoPathProblem(path) === null;
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

/***/ 6772:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  KeptWorkUnavailableError: () => (/* binding */ KeptWorkUnavailableError),
  openRunnerWorkspace: () => (/* binding */ openRunnerWorkspace)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/local/git.ts
var git = __webpack_require__(827);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var schemas = __webpack_require__(2857);
// EXTERNAL MODULE: ./src/core/repo-path.ts
var repo_path = __webpack_require__(6135);
// EXTERNAL MODULE: ./src/core/session-id.ts
var session_id = __webpack_require__(1513);
// EXTERNAL MODULE: ./src/local/git-repository.ts
var git_repository = __webpack_require__(5764);
// EXTERNAL MODULE: ./src/local/error-details.ts
var error_details = __webpack_require__(9042);
;// CONCATENATED MODULE: ./src/local/shared-clone.ts
/**
 * The session's clone of the user's repository, without a checkout: what `git clone --shared
 * --no-checkout` followed by `git remote remove origin` leaves, made by hand. A clone of a local
 * repository still runs an upload-pack process and negotiates refs with it (~15–20 ms, on the
 * way to the agent's start); here git writes a new repository and Foreman tells it where the
 * objects are.
 *
 * What the clone has, as `clone --shared` gives it: the repository's objects borrowed through
 * `objects/info/alternates` (nothing copied; alternates of the repository are followed by git),
 * its shallow boundary when it is shallow (a CI checkout usually is), the branch HEAD names and
 * every tag as refs (builds that ask `git describe` still work), the repository's object format;
 * and no remote, so a `git push` the agent tries has nowhere to go.
 */




/** `git for-each-ref` fields: object id, ref name, `*` on the branch HEAD names. */
const REF_FORMAT = "%(objectname) %(refname) %(HEAD)";
/** What the new clone's HEAD names until the checkout detaches it: no ref is ever created under it. */
const UNBORN_BRANCH = "foreman-unborn";
/** The refs the clone gets: the branch HEAD names (clone's local branch) and the tags. */
function refsToCopy(forEachRef) {
    const refs = [];
    for (const line of forEachRef.split("\n")) {
        const [id, name, head] = line.split(" ");
        if (id === undefined || name === undefined || name === "")
            continue;
        if (name.startsWith("refs/tags/") || (name.startsWith("refs/heads/") && head === "*"))
            refs.push({ name, id });
    }
    return refs;
}
/**
 * Makes `worktree` a clone of the repository at `commonDir`, its working copy checked out
 * (detached, hooks off: the clone has none) at `baseSha`. Errors are git's (`GitError`).
 */
async function sharedClone(commonDir, worktree, baseSha) {
    const [listed] = await Promise.all([
        (0,git/* git */.$Y)(["--git-dir", commonDir, "for-each-ref", `--format=${REF_FORMAT}`, "refs/heads", "refs/tags"], { cwd: commonDir }),
        // HEAD on a branch that never exists, so that creating the copied branch below does not
        // touch HEAD while the checkout detaches it. The object format only when it is not git's
        // default (older gits know no --object-format); a 64-digit id is a SHA-256 repository.
        (0,git/* git */.$Y)([
            "init",
            "--quiet",
            "--template=",
            `--initial-branch=${UNBORN_BRANCH}`,
            ...(baseSha.length === 64 ? ["--object-format=sha256"] : []),
            "--",
            worktree,
        ], { cwd: external_node_path_default().dirname(worktree) }),
    ]);
    const gitDir = external_node_path_default().join(worktree, ".git");
    await Promise.all([
        (0,promises_.writeFile)(external_node_path_default().join(gitDir, "objects", "info", "alternates"), `${external_node_path_default().join(commonDir, "objects")}\n`),
        (0,promises_.copyFile)(external_node_path_default().join(commonDir, "shallow"), external_node_path_default().join(gitDir, "shallow")).catch((error) => {
            if ((0,error_details/* errnoCode */.UK)(error) !== "ENOENT")
                throw error;
        }),
    ]);
    // The refs and the checkout touch different files of the clone: at once, both settled before
    // any failure counts. Their objects are reachable through the alternates written above.
    const refs = refsToCopy(listed.stdout);
    const steps = await Promise.allSettled([
        refs.length === 0
            ? Promise.resolve()
            : (0,git/* git */.$Y)(["--git-dir", gitDir, "update-ref", "--stdin"], { cwd: worktree, input: refs.map((r) => `create ${r.name} ${r.id}\n`).join("") }),
        (0,git/* git */.$Y)(["--git-dir", gitDir, "--work-tree", worktree, "checkout", "--quiet", "--detach", baseSha], { cwd: worktree }),
    ]);
    for (const step of steps)
        if (step.status === "rejected")
            throw step.reason;
}

;// CONCATENATED MODULE: ./src/local/git-workspace.ts
/**
 * The `Workspace` port on a git clone: the agent works in a clone of the user's repository
 * with its own `.git` (what `git clone --shared` makes, made by hand in shared-clone.ts: objects
 * borrowed read-only through an alternates file), detached at the session's base commit. Nothing is shared with the user's repository
 * but those objects: the agent may rewrite its clone's config, hooks, refs and index, and none
 * of it reaches the user's checkout (a linked worktree would share `config` and `hooks`).
 *
 * Foreman does not trust the clone's `.git` either. Every measure of the working copy runs
 * with Foreman's own git directory (`<stateRoot>/foreman.git`: bare, no hooks, a config only
 * Foreman writes) and a private index (`<stateRoot>/index.tmp`), naming the work tree
 * explicitly; objects are read from and written to the user's object store
 * (`GIT_OBJECT_DIRECTORY`), so the trees it names are the repository's and the publisher can
 * commit them there without touching the clone. The base tree is read into the private
 * index, `git add -A` brings in the working copy, `git write-tree` names the result. The tree
 * id is the diff hash (equal trees, equal hashes), untracked files count, ignored files do
 * not, and the clone's own index and HEAD stay as the agent left them. What `diff()` and
 * `paths()` answered is remembered by tree id: measuring a working copy that still holds a tree
 * already measured is one `git status` (the engine asks often, and each git process costs).
 *
 * Layout of `stateRoot`: `worktree/` (the clone), `foreman.git/`, `index.tmp`,
 * `workspace.json`. A record of version 1 is a linked worktree made by an older Foreman: it
 * is still opened, measured and removed the old way.
 */










/** A workspace operation was refused or failed; branch on `code`. */
class WorkspaceError extends errors/* ForemanError */.Vy {
    code;
    name = "WorkspaceError";
    /** `conflict` when the workspace on disk is not the one asked for; `usage` otherwise. */
    kind;
    constructor(code, message, options) {
        super(message, options);
        this.code = code;
        this.kind = code === "already_exists" || code === "mismatch" || code === "restore_failed" ? "conflict" : "usage";
    }
}
const DEFAULT_MAX_PATCH_CHARS = 5_000_000;
const METADATA_FILE = "workspace.json";
const INDEX_FILE = "index.tmp";
const CLONE_DIR = "worktree";
const FOREMAN_GIT_DIR = "foreman.git";
const metadataSchema = schemas/* object */.Ikc({
    /** 1: a linked worktree (older Foreman); 2: a clone with its own `.git`. */
    version: schemas/* union */.KCZ([schemas/* literal */.euz(1), schemas/* literal */.euz(2)]),
    sessionId: schemas/* string */.YjP(),
    baseSha: schemas/* string */.YjP().refine(git/* isObjectId */.TS),
    commonDir: schemas/* string */.YjP(),
    worktree: schemas/* string */.YjP(),
    gitDir: schemas/* string */.YjP(),
});
class GitWorkspace {
    dir;
    baseSha;
    sessionId;
    /** The repository's common git directory (`.git` of the main worktree, or the bare repository). */
    commonDir;
    /**
     * The git directory Foreman measures the working copy with: `<stateRoot>/foreman.git`
     * (never the clone's `.git`, which the agent controls). For a version 1 record, the linked
     * worktree's `<commonDir>/worktrees/<name>`.
     */
    gitDir;
    stateRoot;
    indexFile;
    maxPatchChars;
    /** A linked worktree of an older Foreman (record version 1). */
    legacy;
    queue = Promise.resolve();
    disposed = false;
    /**
     * Set by `create()` and cleared by the first operation: nothing but the checkout has touched
     * the clone, its own index holds the base with fresh stat data (see {@link measureBase}).
     */
    fresh = false;
    /** Whether the private index was loaded from the base in this process. */
    indexReady = false;
    /** The tree the private index holds right now, when known (after write-tree or diff). */
    indexTree = null;
    /**
     * What `diff()` and `paths()` answered, by tree id. Both are functions of the tree alone (the
     * base is fixed), and a tree id names its content: an answer never goes stale.
     */
    byTree = new TreeMemo();
    pathsByTree = new TreeMemo();
    scratch;
    constructor(meta, stateRoot, maxPatchChars, scratch = []) {
        this.scratch = checkScratch(scratch);
        this.dir = meta.worktree;
        this.baseSha = meta.baseSha;
        this.sessionId = meta.sessionId;
        this.commonDir = meta.commonDir;
        this.gitDir = meta.gitDir;
        this.legacy = meta.version === 1;
        this.stateRoot = stateRoot;
        this.indexFile = external_node_path_default().join(stateRoot, INDEX_FILE);
        this.maxPatchChars = maxPatchChars;
    }
    /** Clones the repository, detached at the resolved base, into `<stateRoot>/worktree`. */
    static async create(opts) {
        checkSessionId(opts.sessionId);
        const maxPatchChars = checkMaxPatch(opts.maxPatchChars);
        const baseRef = opts.baseRef ?? "HEAD";
        if (baseRef === "" || baseRef.startsWith("-") || /[\0-\x20\x7f]/.test(baseRef)) {
            throw new WorkspaceError("invalid_input", `Invalid baseRef '${baseRef}'. Expected a branch, tag or commit such as 'HEAD' or 'main'.`);
        }
        const repo = opts.discovered ?? (await resolveRepository(opts.repo));
        const stateRoot = await looseRealpath(external_node_path_default().resolve(opts.stateRoot));
        if (repo.toplevel !== null && isInside(stateRoot, repo.toplevel) && !isInside(stateRoot, repo.commonDir)) {
            throw new WorkspaceError("invalid_input", `Invalid stateRoot '${opts.stateRoot}': it is inside the working tree of ${repo.toplevel}, whose ` +
                `status would change. Use a directory under ${external_node_path_default().join(repo.commonDir, "foreman")} or outside the repository.`);
        }
        // The base is resolved while the clone is made (only the checkout needs it); a base that
        // cannot be resolved is still the first error reported, and leaves nothing behind.
        const resolving = resolveBase(repo.commonDir, baseRef);
        resolving.catch(() => undefined);
        const worktree = external_node_path_default().join(stateRoot, CLONE_DIR);
        const gitDir = external_node_path_default().join(stateRoot, FOREMAN_GIT_DIR);
        if (workspacePaths(stateRoot).some((p) => (0,external_node_fs_.existsSync)(p))) {
            await resolving;
            throw new WorkspaceError("already_exists", `A workspace already exists at ${stateRoot}. Resume its session, or remove that directory to start over.`);
        }
        const createdDir = await (0,promises_.mkdir)(stateRoot, { recursive: true });
        await (0,promises_.rm)(external_node_path_default().join(stateRoot, INDEX_FILE), { force: true });
        await (0,promises_.rm)(external_node_path_default().join(stateRoot, `${INDEX_FILE}.lock`), { force: true });
        // The clone borrows the repository's objects (alternates) and has everything else of its
        // own (shared-clone.ts), then a detached checkout of the base run with hooks off (the clone
        // has no hooks: it is made without git's templates).
        // Foreman's own git directory does not depend on the clone: made at the same time.
        const foremanGit = (0,git/* git */.$Y)(["init", "--bare", "--quiet", "--template=", "--initial-branch=foreman", gitDir], { cwd: stateRoot });
        const clone = resolving.then((baseSha) => sharedClone(repo.commonDir, worktree, baseSha));
        // All settle before any failure is reported: nothing is left running behind the error.
        const [base, made, cloned] = await Promise.allSettled([resolving, foremanGit, clone]);
        if (base.status === "rejected") {
            // As when the base was resolved first: nothing of the workspace stays.
            await (createdDir === undefined ? removeOwned(stateRoot) : (0,promises_.rm)(createdDir, { recursive: true, force: true }));
            throw base.reason;
        }
        if (cloned.status === "rejected")
            throw cloned.reason;
        if (made.status === "rejected")
            throw made.reason;
        const baseSha = base.value;
        const meta = { version: 2, sessionId: opts.sessionId, baseSha, commonDir: repo.commonDir, worktree, gitDir };
        await (0,promises_.writeFile)(external_node_path_default().join(stateRoot, METADATA_FILE), `${JSON.stringify(meta, null, 2)}\n`);
        const workspace = new GitWorkspace(meta, stateRoot, maxPatchChars, opts.scratch);
        workspace.fresh = true;
        return workspace;
    }
    /** Reopens the workspace a previous run created (resume), at the same base. */
    static async open(opts) {
        checkSessionId(opts.sessionId);
        const maxPatchChars = checkMaxPatch(opts.maxPatchChars);
        const repo = await resolveRepository(opts.repo);
        const stateRoot = await looseRealpath(external_node_path_default().resolve(opts.stateRoot));
        const metaPath = external_node_path_default().join(stateRoot, METADATA_FILE);
        let raw;
        try {
            raw = await (0,promises_.readFile)(metaPath, "utf8");
        }
        catch (error) {
            throw new WorkspaceError("not_found", `No workspace for session '${opts.sessionId}' at ${stateRoot} (${metaPath} is missing). Start the session again to create it.`, { cause: error });
        }
        let meta;
        try {
            meta = metadataSchema.parse(JSON.parse(raw));
        }
        catch (error) {
            throw new WorkspaceError("not_found", `Workspace record ${metaPath} is corrupt. Remove ${stateRoot} and start the session again.`, {
                cause: error,
            });
        }
        if (meta.sessionId !== opts.sessionId) {
            throw new WorkspaceError("mismatch", `Workspace at ${stateRoot} belongs to session '${meta.sessionId}', not '${opts.sessionId}'.`);
        }
        if (meta.commonDir !== repo.commonDir) {
            throw new WorkspaceError("mismatch", `Workspace at ${stateRoot} belongs to the repository at ${meta.commonDir}, not ${repo.commonDir}.`);
        }
        if (opts.baseSha !== undefined && opts.baseSha !== meta.baseSha) {
            throw new WorkspaceError("mismatch", `Workspace at ${stateRoot} starts from ${meta.baseSha}, not the requested base '${opts.baseSha}'.`);
        }
        const registered = meta.version === 2 || (await listWorktrees(meta.commonDir)).includes(meta.worktree);
        if (!(0,external_node_fs_.existsSync)(meta.worktree) || !(0,external_node_fs_.existsSync)(meta.gitDir) || !registered) {
            throw new WorkspaceError("not_found", `The worktree of session '${opts.sessionId}' (${meta.worktree}) no longer exists. Create the workspace again.`);
        }
        // A run that died mid-operation may have left git's lock on the private index.
        await (0,promises_.rm)(external_node_path_default().join(stateRoot, `${INDEX_FILE}.lock`), { force: true });
        return new GitWorkspace(meta, stateRoot, maxPatchChars, opts.scratch);
    }
    /**
     * Measures the unchanged base: afterwards `diff()` on an untouched working copy costs one
     * status call and `paths()` of the base none. Read-only, and never fails (a problem is met
     * again, and reported, by the next operation).
     *
     * Right after `create()` the base is known without staging the working copy (which reads
     * every file): the clone's checkout wrote exactly the base and its index says so, with stat
     * data. Three read-only git calls at once prove it (the base's tree, the tree of the clone's
     * index copied as the private index, the base's file list) where nothing could make the
     * checkout differ from the base in git's eyes: no `.gitattributes` (line endings, filters),
     * no submodule, only ASCII paths that differ in more than case. Otherwise, and on a reopened
     * workspace, it is measured as `diff()` and `paths()` do.
     */
    async measureBase() {
        try {
            if (await this.exclusive(() => this.learnBaseFromCheckout(), false, true))
                return;
            await this.paths((await this.diff()).hash);
        }
        catch {
            // The next operation asks again.
        }
    }
    /** See {@link measureBase}: true when the base's answers were learned from the fresh checkout. */
    async learnBaseFromCheckout() {
        if (!this.fresh || this.legacy)
            return false;
        this.fresh = false;
        const index = { env: { GIT_INDEX_FILE: this.indexFile } };
        const copied = (0,promises_.copyFile)(external_node_path_default().join(this.dir, ".git", "index"), this.indexFile);
        // All three settle before anything is judged: none is left running on the private index.
        const [baseTree, listing, indexTree] = await Promise.allSettled([
            this.inWorktree(["rev-parse", "--verify", "--quiet", `${this.baseSha}^{tree}`]),
            this.inWorktree(["ls-tree", "-r", "-z", "--full-tree", this.baseSha]),
            copied.then(() => this.inWorktree(["write-tree"], index)),
        ]);
        const learned = () => {
            if (baseTree.status === "rejected" || listing.status === "rejected" || indexTree.status === "rejected")
                return null;
            const hash = baseTree.value.stdout.trim();
            const entries = listing.value.stdout.split("\0").filter((e) => e !== "");
            const paths = entries.map((e) => e.slice(e.indexOf("\t") + 1));
            return (0,git/* isObjectId */.TS)(hash) && indexTree.value.stdout.trim() === hash && checkoutIsBase(entries, paths) ? { hash, paths } : null;
        };
        const base = learned();
        if (base === null) {
            // Measured in full instead, from an index without the checkout's stat data: with it, git
            // would skip re-reading files whose stat matches, and whether a file that reads differently
            // (a CRLF file under a `text` attribute) counts as changed would depend on timestamps.
            await (0,promises_.rm)(this.indexFile, { force: true });
            return false;
        }
        const { hash, paths } = base;
        this.indexReady = true;
        this.indexTree = hash;
        this.byTree.set(hash, { hash, files: [] });
        this.pathsByTree.set(hash, paths);
        return true;
    }
    diff() {
        return this.exclusive(async () => {
            // The tree the index holds was measured already: one status call says whether the working
            // copy still matches it, instead of staging, writing the tree and diffing again.
            const known = this.indexTree === null ? undefined : this.byTree.get(this.indexTree);
            if (known !== undefined && (await this.matchesIndex()))
                return copyDiff(known);
            await this.stageAll();
            const index = { env: { GIT_INDEX_FILE: this.indexFile } };
            // Two read-only questions about the staged index, asked at once: its tree, and what
            // differs from the base (status and line counts in one pass).
            const [tree, changes] = await Promise.all([
                this.inWorktree(["write-tree"], index),
                this.inWorktree(["diff", "--cached", "-z", "-M", "--raw", "--no-abbrev", "--numstat", "--no-color", "--no-ext-diff", "--no-textconv", this.baseSha], index),
            ]);
            const hash = tree.stdout.trim();
            const diff = { hash, files: await this.withSizes(parseRawNumstat(changes.stdout), newBlobIds(changes.stdout)) };
            this.byTree.set(hash, copyDiff(diff));
            this.indexTree = hash;
            return diff;
        });
    }
    async revertPaths(paths) {
        for (const p of paths) {
            const problem = (0,repo_path/* repoPathProblem */.J)(p);
            if (problem !== null)
                throw new WorkspaceError("invalid_input", `Invalid path ${JSON.stringify(p)} to revert (${problem}). Expected a path relative to the worktree, as diff() reports it.`);
        }
        if (paths.length === 0)
            return;
        await this.exclusive(async () => {
            const index = { env: { GIT_INDEX_FILE: this.indexFile, GIT_LITERAL_PATHSPECS: "1" } };
            await this.stageAll();
            // In the private index: each path back to its base entry (or out of it when the base lacks it).
            await this.inWorktree(["reset", "--quiet", this.baseSha, "--", ...paths], index);
            const inBase = (await this.inWorktree(["ls-files", "-z", "--", ...paths], index)).stdout.split("\0").filter((p) => p !== "");
            // Base content into the working copy; what the base lacks is now untracked: removed.
            if (inBase.length > 0)
                await this.inWorktree(["checkout-index", "--force", "--", ...inBase], index);
            await this.inWorktree(["clean", "-d", "--force", "--quiet", "--", ...paths], index);
            this.indexTree = null;
        });
    }
    paths(hash) {
        checkHash(hash, "hash");
        return this.exclusive(async () => {
            const known = this.pathsByTree.get(hash);
            if (known !== undefined)
                return [...known];
            const out = await this.inWorktree(["ls-tree", "-r", "-z", "--name-only", "--full-tree", hash]);
            const paths = out.stdout.split("\0").filter((p) => p !== "");
            this.pathsByTree.set(hash, paths);
            return [...paths];
        });
    }
    patch(hash) {
        checkHash(hash, "hash");
        return this.exclusive(async () => {
            const out = await this.inWorktree(["diff-tree", "-r", "-p", "-M", "--no-color", "--no-ext-diff", "--no-textconv", "--src-prefix=a/", "--dst-prefix=b/", this.baseSha, hash], { maxOutput: this.maxPatchChars });
            return out.truncated ? truncatePatch(out.stdout, this.maxPatchChars, hash, this.baseSha) : out.stdout;
        });
    }
    async isClean(expectedHash) {
        checkHash(expectedHash, "expectedHash");
        return this.exclusive(async () => {
            if (this.indexTree !== expectedHash) {
                await this.stageAll();
                return (await this.writeTreeOfIndex()) === expectedHash;
            }
            // The private index holds exactly `expectedHash`: one status call says whether the
            // working copy still matches it (a modified, deleted or new non-ignored file).
            return this.matchesIndex();
        });
    }
    /** Whether the working copy matches the private index (nothing modified, deleted or new and not ignored): one status call. */
    async matchesIndex() {
        const out = await this.inWorktree(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--ignore-submodules=none", "--", ...this.pathspec()], { env: { GIT_INDEX_FILE: this.indexFile } });
        return !hasWorktreeChanges(out.stdout);
    }
    async restore(hash) {
        checkHash(hash, "hash");
        await this.exclusive(async () => {
            const type = await this.inWorktree(["cat-file", "-t", hash]).catch((error) => {
                if (error instanceof git/* GitError */.XS)
                    return null;
                throw error;
            });
            if (type === null || type.stdout.trim() !== "tree") {
                throw new WorkspaceError("unknown_tree", `Cannot restore '${hash}': it is not a tree of this repository. Pass a hash returned by diff().`);
            }
            const index = { env: { GIT_INDEX_FILE: this.indexFile } };
            // `--reset` keeps the stat data of unchanged entries, so untouched files are not rewritten.
            await this.inWorktree(["read-tree", "--reset", hash], index);
            await this.inWorktree(["checkout-index", "--all", "--force"], index);
            await this.inWorktree(["clean", "-d", "--force", "--quiet", ...this.scratch.flatMap((p) => ["-e", p])], index);
            await this.stageAll();
            const now = await this.writeTreeOfIndex();
            if (now !== hash) {
                throw new WorkspaceError("restore_failed", `Restoring ${this.dir} to ${hash} left tree ${now}. Something in the worktree (an embedded repository?) cannot be reset.`);
            }
        });
    }
    /**
     * Appends patterns to `info/exclude` of Foreman's own git directory (never the clone's `.git`,
     * never the user's repository): dependency installs stay out of every diff. An older
     * Foreman's linked worktree shares the user's `info/exclude`, so there it does nothing.
     */
    async ignore(patterns) {
        for (const p of patterns) {
            if (p === "" || /[\0\n\r]/.test(p) || p.startsWith("!")) {
                throw new WorkspaceError("invalid_input", `Invalid ignore pattern ${JSON.stringify(p)}. Expected a .gitignore line such as 'node_modules/'.`);
            }
        }
        return this.exclusive(async () => {
            if (this.legacy)
                return;
            const file = external_node_path_default().join(this.gitDir, "info", "exclude");
            const present = new Set((await (0,promises_.readFile)(file, "utf8").catch(() => "")).split("\n"));
            const missing = [...new Set(patterns)].filter((p) => !present.has(p));
            if (missing.length === 0)
                return;
            await (0,promises_.mkdir)(external_node_path_default().dirname(file), { recursive: true });
            await (0,promises_.appendFile)(file, `${missing.join("\n")}\n`);
            // The private index may hold files that are ignored now: start it again from the base.
            this.indexReady = false;
            this.indexTree = null;
        });
    }
    async readFile(file) {
        if (file === "" || file.includes("\0") || external_node_path_default().isAbsolute(file) || file.split(/[\\/]/).includes("..")) {
            throw new WorkspaceError("invalid_input", `Invalid path '${file}'. Expected a path relative to the worktree, without '..'.`);
        }
        const root = await (0,promises_.realpath)(this.dir);
        let real;
        try {
            real = await (0,promises_.realpath)(external_node_path_default().join(root, file));
        }
        catch {
            return null;
        }
        if (!isInside(real, root) || real === root) {
            throw new WorkspaceError("invalid_input", `Invalid path '${file}': it resolves to ${real}, outside the worktree ${root} (a symbolic link?).`);
        }
        if (!(await (0,promises_.stat)(real)).isFile())
            return null;
        return (0,promises_.readFile)(real, "utf8");
    }
    /**
     * Removes the clone, Foreman's git directory and Foreman's files in `stateRoot` (other files
     * there are left alone). Safe to call twice, and after the clone vanished.
     */
    dispose() {
        return this.exclusive(async () => {
            if (this.legacy)
                await removeLinkedWorktree(this.commonDir, this.dir, this.gitDir);
            await removeOwned(this.stateRoot);
            this.disposed = true;
        }, true);
    }
    /**
     * Removes what a start that died before its session was saved left in `stateRoot` (a clone
     * half made or whole, Foreman's git directory, the private index, the record), so that the
     * session id can be started afresh. Only for a state root no saved session owns: the
     * caller decides that. Returns whether anything was there.
     */
    static async discardLeftover(opts) {
        const stateRoot = await looseRealpath(external_node_path_default().resolve(opts.stateRoot));
        // Nothing there (every new session): git is not asked where the repository is.
        if (!ownedPaths(stateRoot).some((p) => (0,external_node_fs_.existsSync)(p)))
            return false;
        const repo = await resolveRepository(opts.repo);
        const worktree = external_node_path_default().join(stateRoot, CLONE_DIR);
        // An older Foreman's linked worktree (`.git` is a file) is registered in the repository.
        if ((await (0,promises_.stat)(external_node_path_default().join(worktree, ".git")).catch(() => null))?.isFile()) {
            await removeLinkedWorktree(repo.commonDir, worktree, null);
        }
        await removeOwned(stateRoot);
        return true;
    }
    /**
     * Makes the private index match the working copy (new, changed and deleted files; ignored
     * files left out). The index is kept between calls so git's stat cache skips unchanged
     * files; it starts from the base when the workspace is opened. Like any git index, a file
     * it already tracks stays tracked if it later matches a `.gitignore` pattern.
     */
    async stageAll() {
        const index = { env: { GIT_INDEX_FILE: this.indexFile } };
        if (!this.indexReady) {
            await this.inWorktree(["read-tree", "--reset", this.baseSha], index);
            this.indexReady = true;
        }
        this.indexTree = null;
        await this.inWorktree(["add", "--all", "--", ...this.pathspec()], index);
    }
    /** `files` with the size of each new content (`bytes`), read from the object store in one call. */
    async withSizes(files, ids) {
        const wanted = [...new Set(files.flatMap((f) => (f.change === "D" ? [] : [ids.get(f.path) ?? ""]).filter((id) => id !== "")))];
        if (wanted.length === 0)
            return files;
        const out = await this.inWorktree(["cat-file", "--batch-check=%(objectname) %(objectsize)"], { input: `${wanted.join("\n")}\n` });
        const sizes = new Map();
        for (const line of out.stdout.split("\n")) {
            const [id = "", size = ""] = line.split(" ");
            if (/^\d+$/.test(size))
                sizes.set(id, Number(size));
        }
        return files.map((f) => {
            const size = f.change === "D" ? undefined : sizes.get(ids.get(f.path) ?? "");
            return size === undefined ? f : { ...f, bytes: size };
        });
    }
    async writeTreeOfIndex() {
        const tree = (await this.inWorktree(["write-tree"], { env: { GIT_INDEX_FILE: this.indexFile } })).stdout.trim();
        this.indexTree = tree;
        return tree;
    }
    /** Everything but the agent's scratch files. */
    pathspec() {
        // A pattern names files and, like a .gitignore line, everything below a matching directory.
        return [".", ...this.scratch.flatMap((p) => [`:(exclude,glob)${p}`, `:(exclude,glob)${p}/**`])];
    }
    inWorktree(args, opts = {}) {
        // Objects live in the user's repository: the trees Foreman names are there for the publisher.
        const objects = { GIT_OBJECT_DIRECTORY: external_node_path_default().join(this.commonDir, "objects") };
        return (0,git/* git */.$Y)(["--git-dir", this.gitDir, "--work-tree", this.dir, ...args], { ...opts, cwd: this.dir, env: { ...objects, ...opts.env } });
    }
    /** Operations share the private index: one at a time. */
    exclusive(fn, afterDispose = false, keepFresh = false) {
        const run = this.queue.then(async () => {
            if (this.disposed && !afterDispose) {
                throw new WorkspaceError("not_found", `The workspace of session '${this.sessionId}' was disposed.`);
            }
            if (!keepFresh)
                this.fresh = false;
            return fn();
        });
        this.queue = run.catch(() => undefined);
        return run;
    }
}
/**
 * Whether a checkout of these `git ls-tree -r -z` entries (`<mode> <type> <id>\t<path>`) is
 * exactly the tree, byte for byte and in git's eyes: no attributes (line ending conversion,
 * filters, `ident`), no submodule (its directory stays empty), and no path a file system could
 * fold (non-ASCII, or two paths equal but for case).
 */
function checkoutIsBase(entries, paths) {
    if (entries.some((e) => e.startsWith("160000 ")))
        return false;
    const folded = new Set();
    for (const p of paths) {
        if (p === ".gitattributes" || p.endsWith("/.gitattributes") || /[^\x20-\x7e]/.test(p))
            return false;
        const lower = p.toLowerCase();
        if (folded.has(lower))
            return false;
        folded.add(lower);
    }
    return true;
}
/** A diff a caller may change without changing what is remembered. */
function copyDiff(diff) {
    return { hash: diff.hash, files: diff.files.map((f) => ({ ...f })) };
}
/** A few answers by tree id, the most recent kept (a session measures a handful of trees at a time). */
class TreeMemo {
    size;
    entries = new Map();
    constructor(size = 8) {
        this.size = size;
    }
    get(tree) {
        return this.entries.get(tree);
    }
    set(tree, value) {
        this.entries.delete(tree);
        this.entries.set(tree, value);
        for (const oldest of this.entries.keys()) {
            if (this.entries.size <= this.size)
                break;
            this.entries.delete(oldest);
        }
    }
}
function checkSessionId(sessionId) {
    const problem = (0,session_id/* sessionIdProblem */.Pt)(sessionId);
    if (problem !== null)
        throw new WorkspaceError("invalid_input", `Invalid sessionId ${JSON.stringify(sessionId)}: ${problem}. ${session_id/* SESSION_ID_RULE */.WC}`);
}
function checkScratch(patterns) {
    for (const p of patterns) {
        if (p === "" || p.startsWith("/") || p.startsWith(":") || p.split("/").includes("..") || /[\0-\x1f\x7f]/.test(p)) {
            throw new WorkspaceError("invalid_input", `Invalid scratch pattern '${p}'. Expected a glob relative to the worktree, such as '.aider*'.`);
        }
    }
    return [...patterns];
}
function checkMaxPatch(value) {
    if (value === undefined)
        return DEFAULT_MAX_PATCH_CHARS;
    if (!Number.isSafeInteger(value) || value < 1) {
        throw new WorkspaceError("invalid_input", `Invalid maxPatchChars '${value}'. Expected a positive integer.`);
    }
    return value;
}
function checkHash(hash, name) {
    if (!(0,git/* isObjectId */.TS)(hash)) {
        throw new WorkspaceError("invalid_input", `Invalid ${name} '${hash}'. Expected a tree id (40 or 64 lowercase hex digits) returned by diff().`);
    }
}
async function resolveRepository(repo) {
    try {
        const found = await git_repository/* GitRepository */.xr.discover(repo);
        return { commonDir: found.commonDir, toplevel: found.topLevel };
    }
    catch (error) {
        if (!(error instanceof git_repository/* NotAGitRepositoryError */.fA))
            throw error;
        throw new WorkspaceError("not_a_repository", `Invalid repo '${repo}': not a git repository (or it does not exist). Pass the path of a git checkout.`, { cause: error });
    }
}
async function resolveBase(commonDir, baseRef) {
    try {
        const out = await (0,git/* git */.$Y)(["--git-dir", commonDir, "rev-parse", "--verify", "--quiet", `${baseRef}^{commit}`], {
            cwd: commonDir,
        });
        return out.stdout.trim();
    }
    catch (error) {
        if (!(error instanceof git/* GitError */.XS))
            throw error;
        if (baseRef === "HEAD") {
            throw new WorkspaceError("no_commits", `The repository at ${commonDir} has no commits on HEAD yet. Foreman starts from a commit: make a first commit, or pass baseRef.`, { cause: error });
        }
        throw new WorkspaceError("unknown_base", `Invalid baseRef '${baseRef}': no such commit in ${commonDir}. Pass an existing branch, tag or commit.`, { cause: error });
    }
}
/** The record, the clone and Foreman's git dir: any of them means a workspace (or part of one) is there. */
function workspacePaths(stateRoot) {
    return [external_node_path_default().join(stateRoot, METADATA_FILE), external_node_path_default().join(stateRoot, CLONE_DIR), external_node_path_default().join(stateRoot, FOREMAN_GIT_DIR)];
}
/** Everything Foreman keeps in a state root: the workspace and the private index. */
function ownedPaths(stateRoot) {
    const index = external_node_path_default().join(stateRoot, INDEX_FILE);
    return [...workspacePaths(stateRoot), index, `${index}.lock`];
}
async function removeOwned(stateRoot) {
    // The record goes last: while it is there, a half-removed workspace is still recognised as one.
    const [record, ...rest] = ownedPaths(stateRoot);
    for (const p of rest)
        await (0,promises_.rm)(p, { recursive: true, force: true });
    await (0,promises_.rm)(record, { force: true });
}
/** Unregisters and removes a linked worktree made by an older Foreman (record version 1). */
async function removeLinkedWorktree(commonDir, worktree, gitDir) {
    const repo = { cwd: commonDir };
    const ignore = (error) => {
        if (!(error instanceof git/* GitError */.XS))
            throw error;
    };
    await (0,git/* git */.$Y)(["--git-dir", commonDir, "worktree", "unlock", worktree], repo).catch(ignore);
    await (0,git/* git */.$Y)(["--git-dir", commonDir, "worktree", "remove", "--force", "--force", worktree], repo).catch(ignore);
    await (0,promises_.rm)(worktree, { recursive: true, force: true });
    await (0,git/* git */.$Y)(["--git-dir", commonDir, "worktree", "prune"], repo);
    if (gitDir !== null && isInside(gitDir, external_node_path_default().join(commonDir, "worktrees")) && (0,external_node_fs_.existsSync)(gitDir)) {
        const listed = await listWorktrees(commonDir);
        if (!listed.includes(worktree))
            await (0,promises_.rm)(gitDir, { recursive: true, force: true });
    }
}
async function listWorktrees(commonDir) {
    return (await git_repository/* GitRepository */.xr.atCommonDir(commonDir).worktrees()).map((w) => w.path);
}
/** `realpath` of the longest existing prefix, with the rest appended (the path may not exist yet). */
async function looseRealpath(p) {
    const rest = [];
    let current = p;
    for (;;) {
        try {
            return external_node_path_default().join(await (0,promises_.realpath)(current), ...rest.reverse());
        }
        catch {
            const parent = external_node_path_default().dirname(current);
            if (parent === current)
                return p;
            rest.push(external_node_path_default().basename(current));
            current = parent;
        }
    }
}
function isInside(child, parent) {
    const rel = external_node_path_default().relative(parent, child);
    return rel === "" || (!rel.startsWith("..") && !external_node_path_default().isAbsolute(rel));
}
/**
 * The new object id of each changed path in `git diff -z --raw` output (the new name of a
 * rename or copy), for files: not for deletions (a null id) nor submodules (mode 160000).
 */
function newBlobIds(output) {
    const ids = new Map();
    const tokens = output.split("\0");
    for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i];
        if (!t.startsWith(":"))
            break;
        const [, dstMode = "", , dstId = "", status = ""] = t.slice(1).split(" ");
        let file = tokens[++i] ?? "";
        if (status.startsWith("R") || status.startsWith("C"))
            file = tokens[++i] ?? "";
        if (dstMode !== "160000" && /^[0-9a-f]+$/.test(dstId) && !/^0+$/.test(dstId))
            ids.set(file, dstId);
    }
    return ids;
}
/**
 * Parses `git diff -z --raw --numstat` output: first the raw records
 * (`:<modes> <ids> <status>\0<path>\0[<new path>\0]`), then the numstat records.
 */
function parseRawNumstat(output) {
    const tokens = output.split("\0");
    const nameStatus = [];
    let i = 0;
    for (; i < tokens.length; i++) {
        const t = tokens[i];
        if (!t.startsWith(":"))
            break;
        const status = t.split(" ").at(-1) ?? "";
        nameStatus.push(status, tokens[++i] ?? "");
        if (status.startsWith("R") || status.startsWith("C"))
            nameStatus.push(tokens[++i] ?? "");
    }
    return parseChanges(nameStatus.join("\0"), tokens.slice(i).join("\0"));
}
/** True when `git status --porcelain=v1 -z` reports a working-copy change (not an index one). */
function hasWorktreeChanges(output) {
    const records = output.split("\0");
    for (let i = 0; i < records.length; i++) {
        const r = records[i];
        if (r.length < 3)
            continue;
        const x = r[0];
        const y = r[1];
        if (x === "R" || x === "C")
            i += 1; // the record is followed by its original path
        if (y !== " ")
            return true; // "??" (new file) has y "?"
    }
    return false;
}
function parseChanges(nameStatus, numstat) {
    const counts = new Map();
    const nums = numstat.split("\0");
    for (let i = 0; i < nums.length; i++) {
        const record = nums[i];
        if (record === "")
            continue;
        const [added = "", deleted = "", pathField = ""] = record.split("\t");
        let file = pathField;
        if (pathField === "") {
            // A rename: `added\tdeleted\t\0old\0new\0`.
            i += 2;
            file = nums[i] ?? "";
        }
        const binary = added === "-" && deleted === "-";
        counts.set(file, {
            additions: binary ? 0 : Number.parseInt(added, 10),
            deletions: binary ? 0 : Number.parseInt(deleted, 10),
            binary,
        });
    }
    const files = [];
    const tokens = nameStatus.split("\0");
    for (let i = 0; i < tokens.length; i++) {
        const status = tokens[i];
        if (status === "")
            continue;
        const letter = status[0];
        let file = tokens[++i] ?? "";
        let previousPath;
        let change;
        switch (letter) {
            case "A":
                change = "A";
                break;
            case "D":
                change = "D";
                break;
            case "M":
            case "T":
                change = "M";
                break;
            case "R":
                change = "R";
                previousPath = file;
                file = tokens[++i] ?? "";
                break;
            case "C":
                change = "A";
                file = tokens[++i] ?? "";
                break;
            default:
                throw new git/* GitError */.XS(["diff-tree", "--name-status"], 0, `unexpected change status '${status}' for '${file}'`);
        }
        const count = counts.get(file) ?? { additions: 0, deletions: 0, binary: false };
        files.push({ path: file, change, ...count, ...(previousPath === undefined ? {} : { previousPath }) });
    }
    return files;
}
function truncatePatch(patch, limit, tree, base) {
    const cut = patch.lastIndexOf("\n", limit - 1);
    const head = cut > 0 ? patch.slice(0, cut + 1) : patch.slice(0, limit);
    return head + `[foreman: patch truncated after ${head.length} characters; see the full diff with ` + `git diff ${base} ${tree}]\n`;
}

;// CONCATENATED MODULE: ./src/github/runner-workspace.ts
/**
 * The agent's working copy on an Actions runner: a clone with its own `.git` of the job's
 * checkout (local `GitWorkspace`), at the session's base commit. A session that already has work
 * resumes from the tree its last attempt left, pushed to `refs/foreman/issue-<n>/attempt-<k>`
 * (DESIGN.md, "Work outlives the runner"): the ref is fetched from `origin` into the checkout
 * (the clone borrows the checkout's objects) and its tree is put in the working copy. A fresh
 * runner never starts over from the base when the state records kept work.
 */





/** The kept work of a session could not be fetched: resuming from the base would redo paid work. */
class KeptWorkUnavailableError extends errors/* ForemanError */.Vy {
    ref;
    name = "KeptWorkUnavailableError";
    kind = "conflict";
    constructor(ref, options) {
        super(`Cannot fetch the kept work '${ref}' from origin. Check that the ref exists on GitHub and that the token may read the repository, then run again.`, options);
        this.ref = ref;
    }
}
const KEPT_REF = /^refs\/foreman\/[A-Za-z0-9._-]+\/attempt-[1-9][0-9]*$/;
async function openRunnerWorkspace(req) {
    const parent = external_node_path_default().join(req.runnerTemp, "foreman");
    await (0,promises_.mkdir)(parent, { recursive: true });
    const stateRoot = await (0,promises_.mkdtemp)(external_node_path_default().join(parent, `${req.sessionId}-`));
    let tree;
    if (req.keptRef !== undefined) {
        if (!KEPT_REF.test(req.keptRef))
            throw new KeptWorkUnavailableError(req.keptRef);
        try {
            await (0,git/* git */.$Y)(["fetch", "--quiet", "--no-tags", "origin", `+${req.keptRef}:${req.keptRef}`], {
                cwd: req.checkout,
                ...(req.fetchEnv ? { env: req.fetchEnv } : {}),
            });
            tree = (await (0,git/* git */.$Y)(["rev-parse", "--verify", `${req.keptRef}^{tree}`], { cwd: req.checkout })).stdout.trim();
        }
        catch (error) {
            throw new KeptWorkUnavailableError(req.keptRef, { cause: error });
        }
    }
    const workspace = await GitWorkspace.create({
        repo: req.checkout,
        sessionId: req.sessionId,
        stateRoot,
        ...(req.baseSha === undefined ? {} : { baseRef: req.baseSha }),
        ...(req.scratch === undefined ? {} : { scratch: req.scratch }),
    });
    if (tree !== undefined)
        await workspace.restore(tree);
    return workspace;
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


/***/ })

};
