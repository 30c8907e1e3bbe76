export const id = 449;
export const ids = [449];
export const modules = {

/***/ 6449:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DEFAULT_KILL_GRACE_MS: () => (/* binding */ DEFAULT_KILL_GRACE_MS),
/* harmony export */   DEFAULT_MAX_OUTPUT_BYTES: () => (/* binding */ DEFAULT_MAX_OUTPUT_BYTES),
/* harmony export */   ExecaProcessRunner: () => (/* binding */ ExecaProcessRunner),
/* harmony export */   launcherArgv: () => (/* binding */ launcherArgv)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_perf_hooks__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(643);
/* harmony import */ var node_perf_hooks__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_perf_hooks__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var execa__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(2524);
/* harmony import */ var execa__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(6935);
/* harmony import */ var _error_details_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9042);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4296);
/* harmony import */ var _sandbox_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(5508);
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
        this.#sandbox = options.sandbox && { tempRoot: (0,node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir)(), ...options.sandbox };
        this.sandboxed = this.#sandbox !== undefined;
        this.#killGraceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
        this.#now = options.now ?? (() => node_perf_hooks__WEBPACK_IMPORTED_MODULE_4__.performance.now());
        if (!Number.isInteger(this.#maxOutputBytes) || this.#maxOutputBytes < 0) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .InvalidArgumentError */ .Di("maxOutputBytes", `maxOutputBytes must be an integer >= 0, got ${this.#maxOutputBytes}.`);
        }
        if (!Number.isFinite(this.#killGraceMs) || this.#killGraceMs < 0) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .InvalidArgumentError */ .Di("killGraceMs", `killGraceMs must be a number >= 0, got ${this.#killGraceMs}.`);
        }
    }
    async run(spec) {
        const [command] = spec.argv;
        if (command === undefined || command === "") {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .InvalidArgumentError */ .Di("argv", "ProcessSpec.argv is empty: expected the command followed by its arguments.");
        }
        if (!Number.isFinite(spec.timeoutMs) || spec.timeoutMs <= 0) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .InvalidArgumentError */ .Di("timeoutMs", `ProcessSpec.timeoutMs must be a positive number, got ${spec.timeoutMs}.`);
        }
        if (spec.idleTimeoutMs !== undefined && !(Number.isFinite(spec.idleTimeoutMs) && spec.idleTimeoutMs > 0)) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .InvalidArgumentError */ .Di("idleTimeoutMs", `ProcessSpec.idleTimeoutMs must be a positive number, got ${spec.idleTimeoutMs}.`);
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
        const tmpDir = this.#sandbox && (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdtemp)(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(this.#sandbox.tempRoot, "foreman-sandbox-")));
        try {
            const launch = this.#sandbox && tmpDir !== undefined
                ? (0,_sandbox_js__WEBPACK_IMPORTED_MODULE_7__/* .bwrapArgv */ .BL)({
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
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(tmpDir, { recursive: true, force: true }).catch(() => undefined);
        }
    }
    async #spawn(spec, launch, elapsed) {
        const [file, ...args] = launch;
        const stdout = new TailBuffer(this.#maxOutputBytes);
        const stderr = new TailBuffer(this.#maxOutputBytes);
        const subprocess = (0,execa__WEBPACK_IMPORTED_MODULE_8__/* .execa */ .Ho)(file, args, {
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
            if (!(error instanceof execa__WEBPACK_IMPORTED_MODULE_9__/* .ExecaError */ .vy))
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
        if (parsed === null || parsed.hostname !== (0,node_os__WEBPACK_IMPORTED_MODULE_1__.hostname)())
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
        ? [node_path__WEBPACK_IMPORTED_MODULE_3___default().resolve(cwd, command)]
        : (pathVar ?? "/bin:/usr/bin").split(":").map((dir) => node_path__WEBPACK_IMPORTED_MODULE_3___default().resolve(cwd, dir === "" ? "." : dir, command));
    let denied = false;
    for (const candidate of candidates) {
        try {
            const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(candidate);
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.access)(candidate, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.X_OK);
            if (info.isFile())
                return null;
            denied = true;
        }
        catch (error) {
            if ((0,_error_details_js__WEBPACK_IMPORTED_MODULE_5__/* .errnoCode */ .UK)(error) === "EACCES")
                denied = true;
        }
    }
    return denied ? "EACCES" : "ENOENT";
}
/** The directories of `dirs` that exist now. */
async function existing(dirs) {
    const found = await Promise.all(dirs.map((dir) => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(dir).then((s) => s.isDirectory(), () => false)));
    return dirs.filter((_, i) => found[i]);
}
/** `<hostname>:<pgid>:<start time in clock ticks since boot>` (start time empty where /proc is missing). */
async function processHandle(pid) {
    return `${(0,node_os__WEBPACK_IMPORTED_MODULE_1__.hostname)()}:${pid}:${(await processStartTime(pid)) ?? ""}`;
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
        const text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)(`/proc/${pid}/stat`, "utf8");
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
    const deadline = node_perf_hooks__WEBPACK_IMPORTED_MODULE_4__.performance.now() + ms;
    for (;;) {
        if (!(await groupRunning(pgid)))
            return true;
        const left = deadline - node_perf_hooks__WEBPACK_IMPORTED_MODULE_4__.performance.now();
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
        entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)("/proc");
    }
    catch {
        return true;
    }
    const states = await Promise.all(entries.filter((entry) => /^\d+$/.test(entry)).map((entry) => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)(`/proc/${entry}/stat`, "utf8").catch(() => "")));
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
        isDirectory = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(dir)).isDirectory();
    }
    catch (error) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .InvalidArgumentError */ .Di("cwd", `ProcessSpec.cwd '${dir}' does not exist (${(0,_error_details_js__WEBPACK_IMPORTED_MODULE_5__/* .errnoCode */ .UK)(error) ?? "unreadable"}).`, { cause: error });
    }
    if (!isDirectory)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .InvalidArgumentError */ .Di("cwd", `ProcessSpec.cwd '${dir}' is not a directory.`);
}
async function checkReadable(file) {
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.access)(file, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.R_OK);
    }
    catch (error) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .InvalidArgumentError */ .Di("stdinFile", `ProcessSpec.stdinFile '${file}' cannot be read (${(0,_error_details_js__WEBPACK_IMPORTED_MODULE_5__/* .errnoCode */ .UK)(error) ?? "error"}).`, {
            cause: error,
        });
    }
}


/***/ })

};
