export const id = 503;
export const ids = [503];
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

/***/ 3459:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LocalAttemptFiles: () => (/* binding */ LocalAttemptFiles)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4296);
/* harmony import */ var _loop_attempt_run_agent_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7115);
/** Attempt files (task, feedback, prompt, result) in the session's folder, outside the worktree. */




/**
 * Layout: `<sessionDir>/attempts/<n>/<name>`. A name is a plain file name, or one plain folder
 * and a plain file name (`agent-home/models.json`: the config a preset writes for its CLI), or,
 * in the agent home only, one more folder that may be a dot-folder (`agent-home/.gemini/settings.json`:
 * a CLI that reads its settings from `<home>/.gemini/`). Never `.` or `..`, an absolute path, or
 * an empty part: nothing can land outside the attempt's folder.
 */
class LocalAttemptFiles {
    sessionDir;
    constructor(sessionDir) {
        this.sessionDir = sessionDir;
    }
    path(n, name) {
        if (!Number.isSafeInteger(n) || n < 1)
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InvalidArgumentError */ .Di("n", `attempt number must be a positive integer, got ${n}`);
        const parts = name.split("/");
        if (!isAttemptFileName(parts))
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InvalidArgumentError */ .Di("name", `attempt file name "${name}" must be a plain file name (or folder/file, or ${_loop_attempt_run_agent_js__WEBPACK_IMPORTED_MODULE_3__/* .AGENT_HOME_DIR */ .K8}/folder/file); no "..", no leading "/"`);
        return node_path__WEBPACK_IMPORTED_MODULE_1___default().join(this.sessionDir, "attempts", String(n), ...parts);
    }
    async write(n, name, content, options = {}) {
        const file = this.path(n, name);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(node_path__WEBPACK_IMPORTED_MODULE_1___default().dirname(file), { recursive: true });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(file, content, "utf8");
        if (options.executable === true)
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.chmod)(file, 0o755);
        return file;
    }
    async read(file) {
        try {
            return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(file, "utf8");
        }
        catch (e) {
            if (e instanceof Error && "code" in e && e.code === "ENOENT")
                return null;
            throw e;
        }
    }
}
/** A plain name: not empty, no separator, not starting with a dot (so never `.` or `..`). */
function isPlain(part) {
    return part !== "" && part === node_path__WEBPACK_IMPORTED_MODULE_1___default().basename(part) && !part.includes("\\") && !part.includes("\0") && !part.startsWith(".");
}
/** `file`, `folder/file`, or `agent-home/<folder or .folder>/file`. */
function isAttemptFileName(parts) {
    if (parts.length === 3 && parts[0] === _loop_attempt_run_agent_js__WEBPACK_IMPORTED_MODULE_3__/* .AGENT_HOME_DIR */ .K8)
        return (0,_loop_attempt_run_agent_js__WEBPACK_IMPORTED_MODULE_3__/* .isAgentHomeFileName */ .Ok)(`${parts[1]}/${parts[2]}`);
    return parts.length <= 2 && parts.every(isPlain);
}


/***/ })

};
