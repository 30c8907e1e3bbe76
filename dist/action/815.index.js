export const id = 815;
export const ids = [815];
export const modules = {

/***/ 815:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  MissingIssueError: () => (/* binding */ MissingIssueError),
  RecoveryOnlyError: () => (/* binding */ RecoveryOnlyError),
  keptRefOf: () => (/* binding */ keptRefOf),
  runGitHubSession: () => (/* binding */ runGitHubSession),
  sessionKey: () => (/* binding */ sessionKey)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/agents/output.ts
/** How much of a stream's end an error message quotes. The engine caps it again. */
const ERROR_TAIL_CHARS = 2_000;
function isRecord(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
// ANSI escape sequences (colours, cursor moves) as terminals print them.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;
/** Removes terminal colour and cursor codes. */
function stripAnsi(text) {
    return text.replace(ANSI, "");
}
/**
 * The last `maxChars` characters of `text`, trimmed, without terminal codes; prefixed with `…`
 * when something was cut.
 */
function tail(text, maxChars) {
    const clean = stripAnsi(text).trim();
    if (maxChars <= 0)
        return "";
    if (clean.length <= maxChars)
        return clean;
    return `…${clean.slice(clean.length - maxChars + 1).trimStart()}`;
}
/**
 * An HTTP status the way agents quote one: `API Error: 529 …` (Claude Code), `unexpected status
 * 401 …` / `last status: 429 …` (Codex), `HTTP 503`, `HTTP/1.1 502`, or a message that starts with
 * it (`529 {"type":"error",…}`, Pi). Only 100–599, and never part of a longer number or a decimal.
 * A fact for the classifier, not a verdict.
 */
function quotedStatus(text) {
    const m = QUOTED_STATUS.exec(stripAnsi(text));
    return m ? Number(m[1]) : undefined;
}
const QUOTED_STATUS = /(?:^\s*|\bAPI Error:?\s*|\bstatus(?: code)?[:=]?\s*|\bHTTP(?:\/\d(?:\.\d)?)?\s+)([1-5]\d\d)(?!\w|\.\d)/i;
/**
 * The JSON objects of a JSON Lines stream, in order. Lines that are empty, are not JSON, or are
 * JSON but not an object (progress text, warnings, a truncated last line) are skipped.
 */
function jsonLines(text) {
    const out = [];
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
        const value = parseJsonObject(lines[i]);
        if (value !== undefined)
            out.push({ line: i + 1, value });
    }
    return out;
}
/** `JSON.parse` that returns `undefined` instead of throwing, and only for objects. */
function parseJsonObject(text) {
    const value = parseJson(text);
    return isRecord(value) ? value : undefined;
}
/** `JSON.parse` that returns `undefined` instead of throwing. */
function parseJson(text) {
    const trimmed = text.trim();
    if (trimmed === "" || (trimmed[0] !== "{" && trimmed[0] !== "["))
        return undefined;
    try {
        const value = JSON.parse(trimmed);
        return value;
    }
    catch {
        return undefined;
    }
}
/**
 * The result of an attempt that ran past its time limit: always a failure, with the `timedOut`
 * fact. Whatever cost and tokens the partial output showed are kept, so the budget still counts
 * them.
 */
function timedOutResult(agent, partial = {}) {
    return {
        ok: false,
        ...definedUsage(partial),
        summary: "",
        failure: { message: `${agent} did not finish within the attempt's time limit and was stopped`, timedOut: true },
    };
}
/**
 * Why the process failed, from its exit status and the end of its standard error (or of its
 * standard output when stderr is empty), with the HTTP status that text quotes, if any.
 * Undefined when it exited with 0.
 */
function exitFailure(agent, output) {
    if (output.exitCode === 0)
        return undefined;
    const how = output.exitCode === null ? `${agent} was killed by a signal before it finished` : `${agent} exited with code ${output.exitCode}`;
    const detail = tail(output.stderr, ERROR_TAIL_CHARS) || tail(output.stdout, ERROR_TAIL_CHARS);
    return withStatus(detail ? `${how}: ${detail}` : how, quotedStatus(detail));
}
/** A failure with `message` and, when known, `status` (no `status: undefined` key). */
function withStatus(message, status) {
    return status === undefined ? { message } : { message, status };
}
/** `{ costUsd, tokens }` without keys whose value is undefined (exactOptionalPropertyTypes-friendly). */
function definedUsage(u) {
    const out = {};
    if (u.costUsd !== undefined)
        out.costUsd = u.costUsd;
    if (u.tokens !== undefined)
        out.tokens = u.tokens;
    return out;
}
/** A count or an amount as an agent reported it: finite and not negative, else undefined. */
function nonNegative(value) {
    return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}
/** Sum of the defined values; undefined when none is defined. */
function sumDefined(values) {
    let total;
    for (const v of values)
        if (v !== undefined)
            total = (total ?? 0) + v;
    return total;
}

;// CONCATENATED MODULE: ./src/agents/aider.ts
/**
 * aider: `aider --message-file <prompt> --yes-always …`, one message, then exit.
 *
 * Flags (aider docs, "Options reference" and "Scripting aider"):
 * - `--message-file` sends the file's content as the single message and exits;
 * - `--yes-always` answers confirmations (it does not run suggested shell commands, which need
 *   an explicit yes; `--no-suggest-shell-commands` stops it proposing them at all);
 * - `--no-auto-commits`, `--no-dirty-commits`: Foreman commits, aider must not;
 * - `--no-gitignore`: aider must not add `.aider*` to the repository's `.gitignore` (that would be
 *   a change in the diff). Its chat and input history files are written next to the prompt
 *   file, outside the worktree. Its repo-map cache (`.aider.tags.cache.v*`) still lands in the
 *   worktree root: the engine should exclude `.aider*` (e.g. in the worktree's
 *   `.git/info/exclude`);
 * - `--no-detect-urls`: the task text is untrusted, aider must not fetch URLs found in it;
 * - `--no-pretty`, `--no-stream`, `--no-check-update`, `--no-show-release-notes`,
 *   `--no-analytics` (session only; `--analytics-disable` would write the user's config).
 *
 * aider prints, after each model reply (aider/coders/base_coder.py):
 * `Tokens: 2.3k sent, 1.1k cache write, 4.5k cache hit, 180 received. Cost: $0.0079 message, $0.0123 session.`
 * (the cost may start a new line; older releases print counts as `2,345`). The session figure
 * is cumulative, so the last one is the attempt's cost; tokens are `sent + received` summed
 * over the reports. No cost line (a model aider has no prices for): cost unknown.
 */


const aider = {
    name: "aider",
    envAllowlist: ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "DEEPSEEK_API_KEY", "OPENROUTER_API_KEY", "OPENAI_API_BASE", "AIDER_MODEL"],
    // aider keeps its repository map cache in the repository root. Named exactly: projects do
    // commit `.aiderignore` and `.aider.conf.yml`, and edits to those are real changes.
    scratchPaths: [".aider.tags.cache.v*", ".aider.chat.history.md", ".aider.input.history", ".aider.llm.history"],
    invocation(ctx) {
        const scratch = (0,external_node_path_.dirname)(ctx.promptFile);
        return {
            argv: [
                "aider",
                "--message-file",
                ctx.promptFile,
                "--yes-always",
                "--no-auto-commits",
                "--no-dirty-commits",
                "--no-gitignore",
                "--no-suggest-shell-commands",
                "--no-detect-urls",
                "--no-pretty",
                "--no-stream",
                "--no-check-update",
                "--no-show-release-notes",
                "--no-analytics",
                "--input-history-file",
                (0,external_node_path_.join)(scratch, "aider.input.history"),
                "--chat-history-file",
                (0,external_node_path_.join)(scratch, "aider.chat.history.md"),
                ...ctx.agent.args,
            ],
        };
    },
    parse(output) {
        const text = stripAnsi(output.stdout);
        const usage = readUsage(text);
        if (output.timedOut)
            return timedOutResult("aider", usage);
        const failure = exitFailure("aider", output);
        if (failure !== undefined)
            return { ok: false, ...definedUsage(usage), summary: "", failure };
        // aider reports a failed model call and still exits 0: with no usage report at all and an
        // API error in the output, nothing was done.
        const printed = `${text}\n${stripAnsi(output.stderr)}`;
        const apiError = usage.reports === 0 ? lastApiError(printed) : undefined;
        if (apiError !== undefined) {
            const message = `aider could not reach the model: ${tail(apiError, ERROR_TAIL_CHARS)}`;
            const status = litellmStatus(printed) ?? quotedStatus(apiError);
            return { ok: false, ...definedUsage(usage), summary: "", failure: withStatus(message, status) };
        }
        return { ok: true, ...definedUsage(usage), summary: summarize(text) };
    },
};
const NUMBER = String.raw `(\d[\d,]*(?:\.\d+)?)\s*([kKmM]?)`;
const TOKENS_LINE = new RegExp(String.raw `Tokens:\s*${NUMBER}\s+sent\b[^\n]*?,\s*${NUMBER}\s+received`, "g");
const SESSION_COST = /Cost:\s*\$\s*(\d[\d,]*(?:\.\d+)?)\s+message,\s*\$\s*(\d[\d,]*(?:\.\d+)?)\s+session/g;
/** Reads aider's usage reports. Exported for tests. */
function readUsage(text) {
    let tokens;
    let reports = 0;
    for (const m of text.matchAll(TOKENS_LINE)) {
        const sent = tokenCount(m[1], m[2]);
        const received = tokenCount(m[3], m[4]);
        if (sent === undefined || received === undefined)
            continue;
        tokens = (tokens ?? 0) + sent + received;
        reports++;
    }
    let costUsd;
    for (const m of text.matchAll(SESSION_COST)) {
        const session = Number(m[2].replace(/,/g, ""));
        if (Number.isFinite(session) && session >= 0)
            costUsd = session;
    }
    if (costUsd !== undefined && reports === 0)
        reports = 1;
    return { ...definedUsage({ costUsd, tokens }), reports };
}
function tokenCount(digits, suffix) {
    const n = Number(digits.replace(/,/g, ""));
    if (!Number.isFinite(n) || n < 0)
        return undefined;
    const scale = suffix === "k" || suffix === "K" ? 1_000 : suffix === "m" || suffix === "M" ? 1_000_000 : 1;
    return Math.round(n * scale);
}
/** The last line that reports a model API error (aider prints litellm's exception names). */
function lastApiError(text) {
    const lines = text.split(/\r?\n/).filter((l) => /\blitellm\.\w*(?:Error|Exception)\b|\bAPIError\b|\bAPI (?:provider|error)\b/i.test(l));
    const last = lines.at(-1)?.trim();
    return last === "" ? undefined : last;
}
/**
 * The HTTP status of the last litellm exception aider printed (`litellm.RateLimitError: …`),
 * by litellm's documented exception mapping (docs.litellm.ai, "Exception Mapping"). Exported
 * for tests.
 */
function litellmStatus(text) {
    const names = [...text.matchAll(/\blitellm\.(\w+)/g)].map((m) => m[1]);
    for (let i = names.length - 1; i >= 0; i--) {
        const status = LITELLM_STATUS.get(names[i]);
        if (status !== undefined)
            return status;
    }
    return undefined;
}
const LITELLM_STATUS = new Map([
    ["BadRequestError", 400],
    ["UnsupportedParamsError", 400],
    ["ContextWindowExceededError", 400],
    ["ContentPolicyViolationError", 400],
    ["AuthenticationError", 401],
    ["PermissionDeniedError", 403],
    ["NotFoundError", 404],
    ["Timeout", 408],
    ["UnprocessableEntityError", 422],
    ["RateLimitError", 429],
    ["APIConnectionError", 500],
    ["InternalServerError", 500],
    ["ServiceUnavailableError", 503],
]);
/** Which files aider edited, else the end of what it printed. */
function summarize(text) {
    const edited = [...text.matchAll(/^Applied edit to (.+)$/gm)].map((m) => m[1].trim());
    const unique = [...new Set(edited)];
    if (unique.length > 0)
        return `aider applied edits to ${unique.join(", ")}`;
    return tail(text, 500);
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var schemas = __webpack_require__(2857);
;// CONCATENATED MODULE: ./src/agents/provider.ts
/** The configured provider block, or an empty one. */
function providerOf(ctx) {
    return ctx.agent.provider ?? {};
}
/** A gate's command line as one string (`npm test`), as permission rules quote it. */
function gateCommandLine(gate) {
    return gate.argv.join(" ");
}
/** The distinct command lines of the planned gates, in plan order. */
function gateCommandLines(ctx) {
    return [...new Set((ctx.gates ?? []).map(gateCommandLine))];
}
/** `{ NAME: value }` without the entries whose value is undefined. */
function definedEnv(entries) {
    const env = {};
    for (const [k, v] of Object.entries(entries))
        if (v !== undefined)
            env[k] = v;
    return env;
}
/** An invocation with `env`, `envFrom` and `files` only when they have entries. */
function withExtras(base, extras) {
    const out = { ...base };
    if (extras.env && Object.keys(extras.env).length > 0)
        out.env = { ...base.env, ...extras.env };
    if (extras.envFrom && Object.keys(extras.envFrom).length > 0)
        out.envFrom = { ...base.envFrom, ...extras.envFrom };
    if (extras.files && extras.files.length > 0)
        out.files = [...(base.files ?? []), ...extras.files];
    return out;
}

// EXTERNAL MODULE: ./src/core/zod-issues.ts
var zod_issues = __webpack_require__(6331);
;// CONCATENATED MODULE: ./src/agents/claude.ts
/**
 * Claude Code in headless mode: `claude -p --output-format json`, the prompt on standard input.
 *
 * Documented output (Claude Code docs, "Run Claude Code programmatically" / headless mode; the
 * Agent SDK's `SDKResultMessage`): one JSON object printed when the run ends,
 * `{ type: "result", subtype: "success" | "error_max_turns" | "error_during_execution" | …,
 * is_error, result?, errors?, total_cost_usd, usage: { input_tokens, output_tokens,
 * cache_creation_input_tokens, cache_read_input_tokens }, num_turns, session_id, … }`. When the
 * run ended on a model API error, `result` reads `API Error: 529 {…}` and newer releases add
 * `api_error_status`; either gives the failure's HTTP status.
 * Older releases named the cost `cost_usd`; with `--verbose` the same object is the last element
 * of an array of messages. Both are read.
 *
 * `--permission-mode acceptEdits` lets the agent edit files in its working directory without a
 * prompt (print mode cannot answer one) but denies Bash. Foreman grants exactly the planned gate
 * commands, one `--allowedTools "Bash(<gate>)"` each, nothing broader; anything more is granted
 * through `agent.args`. A call the CLI refused is listed in `permission_denials`
 * (`{ tool_name, tool_use_id, tool_input }`): it is recorded as `Tool(input)`, the run itself
 * still counts as it ended.
 *
 * `CLAUDE_CODE_MAX_RETRIES=0`: the CLI does not retry API errors itself (it would spend ~3 minutes
 * per attempt on 10 retries); Foreman's engine backs off between attempts instead.
 *
 * An API error ends the run with `subtype: "success"` and `is_error: true` (Claude Code 2.1): the
 * message comes from `result` and `api_error_status`, never from the subtype.
 *
 * Provider (`agent.provider`): `base_url` → `ANTHROPIC_BASE_URL`; `auth_token_env` → the child's
 * `ANTHROPIC_AUTH_TOKEN` (what gateways use; passed only when configured); `home` →
 * `CLAUDE_CONFIG_DIR`; `model` → `ANTHROPIC_MODEL`.
 */




const count = schemas/* number */.aig().finite().nonnegative();
const resultSchema = schemas/* looseObject */._H3({
    type: schemas/* literal */.euz("result"),
    subtype: schemas/* string */.YjP(),
    is_error: schemas/* boolean */.zMY().optional(),
    /** The model API's HTTP status when the run ended on an API error (newer releases). */
    api_error_status: schemas/* number */.aig().int().min(100).max(599).optional().catch(undefined),
    result: schemas/* string */.YjP().optional(),
    errors: schemas/* array */.YOg(schemas/* string */.YjP()).optional(),
    permission_denials: schemas/* array */.YOg(schemas/* unknown */.L5J()).optional().catch(undefined),
    total_cost_usd: count.optional(),
    cost_usd: count.optional(),
    usage: schemas/* looseObject */._H3({
        input_tokens: count.optional(),
        output_tokens: count.optional(),
        cache_creation_input_tokens: count.optional(),
        cache_read_input_tokens: count.optional(),
    })
        .optional(),
});
const claude = {
    name: "claude",
    envAllowlist: ["ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN", "ANTHROPIC_BASE_URL", "ANTHROPIC_MODEL"],
    invocation(ctx) {
        const allowed = gateCommandLines(ctx).flatMap((line) => ["--allowedTools", `Bash(${line})`]);
        const p = providerOf(ctx);
        return withExtras({
            argv: ["claude", "-p", "--output-format", "json", "--permission-mode", "acceptEdits", ...allowed, ...ctx.agent.args],
            stdinFile: ctx.promptFile,
        }, {
            env: { ...NO_CLI_RETRIES, ...definedEnv({ ANTHROPIC_BASE_URL: p.base_url, CLAUDE_CONFIG_DIR: p.home, ANTHROPIC_MODEL: p.model }) },
            envFrom: p.auth_token_env === undefined ? {} : { ANTHROPIC_AUTH_TOKEN: p.auth_token_env },
        });
    },
    parse(output) {
        const found = findResult(output.stdout);
        const result = found?.result;
        const usage = result ? usageOf(result) : {};
        if (output.timedOut)
            return timedOutResult("claude", usage);
        const failure = exitFailure("claude", output);
        if (!result) {
            const message = failure?.message ??
                (output.stdout.trim() === ""
                    ? "claude printed nothing on standard output; expected a JSON result object (is --output-format json being overridden in agent.args?)"
                    : `claude's output is not a JSON result object (${found?.problem ?? "no line parses as JSON"}); output ends with: ${tail(output.stdout, 300)}`);
            return { ok: false, summary: "", failure: withStatus(message, failure?.status) };
        }
        const text = result.result?.trim() ?? "";
        const denied = deniedOf(result);
        if (result.is_error === true || result.subtype !== "success" || failure !== undefined) {
            const detail = [text, ...(result.errors ?? [])].filter((s) => s !== "").join("; ");
            const status = result.api_error_status ?? quotedStatus(detail) ?? failure?.status;
            // An API error arrives as subtype "success" with is_error: the subtype says nothing then.
            const what = result.subtype !== "success"
                ? `claude run failed (${result.subtype})`
                : status === undefined
                    ? "claude reported an error"
                    : `claude reported an API error (HTTP ${status})`;
            const message = what +
                (detail ? `: ${tail(detail, ERROR_TAIL_CHARS)}` : failure ? `: ${failure.message}` : "") +
                (NOT_LOGGED_IN.test(detail) ? LOGIN_HINT : "");
            return { ok: false, ...definedUsage(usage), ...denied, summary: "", failure: withStatus(message, status) };
        }
        return { ok: true, ...definedUsage(usage), ...denied, summary: text };
    },
};
/**
 * Claude Code 2.1 retries every API error itself (401, 429, 500, 529: 10 retries with backoff,
 * 180-210 s per attempt, seen against the scripted server). Foreman backs off between attempts
 * itself (within the wall-clock budget), so the CLI's own retries are off.
 */
const NO_CLI_RETRIES = { CLAUDE_CODE_MAX_RETRIES: "0" };
const NOT_LOGGED_IN = /not logged in|invalid api key|please run \/login/i;
const LOGIN_HINT = " (give the agent a key: ANTHROPIC_API_KEY in the environment, or agent.provider.auth_token_env naming the variable that holds a gateway token)";
/** The tool calls the CLI refused, as `Tool(input)`: `Bash(npm test)`, `Write(/etc/passwd)`. */
function deniedOf(r) {
    const denials = r?.permission_denials ?? [];
    const out = [];
    for (const d of denials) {
        if (!isRecord(d) || typeof d["tool_name"] !== "string")
            continue;
        const input = d["tool_input"];
        const arg = isRecord(input)
            ? typeof input["command"] === "string"
                ? input["command"]
                : typeof input["file_path"] === "string"
                    ? input["file_path"]
                    : JSON.stringify(input)
            : "";
        out.push(`${d["tool_name"]}(${arg})`);
    }
    return out.length === 0 ? {} : { deniedTools: out };
}
function usageOf(r) {
    const u = r.usage;
    return {
        costUsd: r.total_cost_usd ?? r.cost_usd,
        tokens: u ? sumDefined([u.input_tokens, u.output_tokens, u.cache_creation_input_tokens, u.cache_read_input_tokens]) : undefined,
    };
}
/**
 * The last `type: "result"` object in stdout: the whole output as one JSON value (an object, or
 * an array of messages), else the last line that parses to one.
 */
function findResult(stdout) {
    const candidates = [];
    const whole = parseJson(stdout);
    if (isRecord(whole))
        candidates.push(whole);
    else if (Array.isArray(whole))
        candidates.push(...whole.filter(isRecord));
    else {
        for (const line of stdout.split(/\r?\n/)) {
            const v = parseJson(line);
            if (isRecord(v))
                candidates.push(v);
            else if (Array.isArray(v))
                candidates.push(...v.filter(isRecord));
        }
    }
    if (candidates.length === 0)
        return undefined;
    for (let i = candidates.length - 1; i >= 0; i--) {
        const c = candidates[i];
        if (c["type"] !== "result")
            continue;
        const parsed = resultSchema.safeParse(c);
        if (parsed.success)
            return { result: parsed.data };
        return { problem: `result object: ${(0,zod_issues/* formatZodIssues */.tL)(parsed.error.issues, 1)}` };
    }
    return { problem: 'no object with "type": "result"' };
}

;// CONCATENATED MODULE: ./src/agents/codex.ts
/**
 * Codex CLI: `codex exec --json --sandbox workspace-write … -` (or with codex's sandbox bypassed inside Foreman's), the prompt on standard input.
 *
 * Documented (openai/codex `docs/exec.md`, `codex exec --help`): `-` as the prompt argument reads
 * the instructions from stdin; `--sandbox workspace-write` allows edits and commands in the
 * workspace (0.171 rejects the old `--full-auto` flag: never pass it); `--json` prints JSON Lines events:
 * `thread.started`, `turn.started`, `item.started|updated|completed` (`item.type`:
 * `agent_message` carries `text`), `turn.completed` with
 * `usage: { input_tokens, cached_input_tokens, output_tokens }`, `turn.failed` with
 * `error: { message }`, and `error` with `message`. Early releases named the item field
 * `item_type` and the message item `assistant_message`; both spellings are read.
 *
 * Codex also prints `error` events while it retries a dropped stream
 * (`Reconnecting... 1/5 (…)`) and may still complete the turn (openai/codex#32984), so an
 * `error` only fails the run when no `turn.completed` follows it. Failed requests quote the
 * HTTP status (`unexpected status 401 Unauthorized: …`, `last status: 429 Too Many Requests`).
 *
 * Codex reports tokens, not cost: cost is priced from `agent.prices` (USD per million tokens;
 * cached input at `cached_input_per_mtok`, else at the input price). `cached_input_tokens` is
 * part of `input_tokens`. A run that failed before any model output (only `error` /
 * `turn.failed` events, no item, no usage) proves that no response was billed: `notBilled`.
 *
 * Gates: `exec` has no per-command allowlist; the `workspace-write` sandbox already lets the
 * agent run commands (the planned gates included) inside the workspace, nothing broader.
 *
 * Sandboxes: when Foreman's own sandbox confines the agent (`ctx.sandboxed`), codex's inner one is
 * redundant and is bypassed (`--dangerously-bypass-approvals-and-sandbox`: codex's bubblewrap
 * cannot start inside Foreman's). Without Foreman's sandbox, codex keeps its own. Inside Foreman's
 * sandbox HOME is read-only, so unless `agent.provider.home` names one, `CODEX_HOME` is the
 * attempt's agent home (written by Foreman): `~/.codex` is not read there, and the provider
 * comes from `agent.provider` (with `base_url`) or the key variables.
 * Codex's own sandbox (bubblewrap) can fail to start (`bwrap: execvp codex-linux-sandbox`, e.g.
 * when `HOME` is under `TMPDIR` or inside another sandbox): every command then fails and codex
 * still exits 0. Such a run is a failure that says so, never an empty-diff success.
 *
 * Provider (`agent.provider`): 0.171 ignores `OPENAI_BASE_URL`, so `base_url` becomes a provider
 * given with `-c` pairs (`model_provider="foreman"`, `model_providers.foreman.{name, base_url,
 * env_key, wire_api="responses"}`); `env_key` is `auth_token_env` (passed through only then) or
 * `OPENAI_API_KEY`; `home` → `CODEX_HOME`; `model` → `--model`. Codex's own request and stream retries of that provider are off
 * (`request_max_retries=0`, `stream_max_retries=0`): Foreman backs off between attempts. An unreachable endpoint makes
 * codex print `Reconnecting…` and never exit: `agent.idle_timeout_minutes` stops it (transient).
 */



/** The name Foreman gives the configured provider in codex's `model_providers` table. */
const CODEX_PROVIDER_ID = "foreman";
/** Written into the attempt's agent home so that it exists: codex's home inside Foreman's sandbox. */
const SANDBOXED_HOME_README = {
    name: "README.txt",
    content: "CODEX_HOME of one Foreman attempt inside Foreman's sandbox (HOME is read-only there).\n" +
        "The provider comes from agent.provider (codex -c pairs); ~/.codex is not read.\n",
};
/** What a command prints when codex's own sandbox could not start it. */
const SANDBOX_FAILURE = /bwrap: |codex-linux-sandbox|landlock|seccomp.*(?:fail|error)/i;
/**
 * What codex 0.171 prints on stderr when it cannot create its helper binaries (PATH aliases,
 * `codex-linux-sandbox` among them; it refuses to when its home is under the temp dir). Its own
 * sandbox then cannot start any command (`bwrap: execvp codex-linux-sandbox`), and `--json`
 * shows no command item to read that from: only the model sees the failure.
 */
const NO_SANDBOX_HELPER = /^.*could not create PATH aliases.*$/im;
const codex_count = schemas/* number */.aig().finite().nonnegative();
const usageSchema = schemas/* looseObject */._H3({
    input_tokens: codex_count.default(0),
    cached_input_tokens: codex_count.default(0),
    output_tokens: codex_count.default(0),
});
const codex = {
    name: "codex",
    envAllowlist: ["OPENAI_API_KEY", "CODEX_API_KEY", "OPENAI_BASE_URL"],
    invocation(ctx) {
        const p = providerOf(ctx);
        const config = [];
        const envFrom = {};
        if (p.base_url !== undefined) {
            const key = p.auth_token_env ?? "OPENAI_API_KEY";
            const pairs = [
                ["model_provider", CODEX_PROVIDER_ID],
                [`model_providers.${CODEX_PROVIDER_ID}.name`, CODEX_PROVIDER_ID],
                [`model_providers.${CODEX_PROVIDER_ID}.base_url`, p.base_url],
                [`model_providers.${CODEX_PROVIDER_ID}.env_key`, key],
                [`model_providers.${CODEX_PROVIDER_ID}.wire_api`, "responses"],
                // Foreman backs off between attempts itself: codex does not retry a failed request.
                [`model_providers.${CODEX_PROVIDER_ID}.request_max_retries`, 0],
                [`model_providers.${CODEX_PROVIDER_ID}.stream_max_retries`, 0],
            ];
            // Values are TOML; a JSON string is a valid TOML basic string.
            for (const [k, v] of pairs)
                config.push("-c", `${k}=${JSON.stringify(v)}`);
            envFrom[key] = key;
        }
        else if (p.auth_token_env !== undefined) {
            envFrom["OPENAI_API_KEY"] = p.auth_token_env;
        }
        const model = p.model === undefined ? [] : ["--model", p.model];
        const base = {
            argv: ["codex", "exec", "--json", ...sandboxArgs(ctx), ...config, ...model, ...ctx.agent.args, "-"],
            stdinFile: ctx.promptFile,
        };
        // Inside Foreman's sandbox HOME is read-only and codex must write its home (sessions, PATH
        // aliases): without a configured home it gets the attempt's own agent home.
        if (ctx.sandboxed === true && p.home === undefined && ctx.agentHome !== undefined) {
            return withExtras(base, { env: { CODEX_HOME: ctx.agentHome }, envFrom, files: [SANDBOXED_HOME_README] });
        }
        return withExtras(base, { env: definedEnv({ CODEX_HOME: p.home }), envFrom });
    },
    parse(output, ctx) {
        const totals = { input: 0, cached: 0, output: 0 };
        let sawUsage = false;
        let summary = "";
        let completedTurns = 0;
        // A failure (or a retry notice) counts only when no turn.completed comes after it.
        let pendingError;
        let pendingRetry;
        // Any item means the model answered (billed); commands tell whether codex's sandbox worked.
        let items = 0;
        let commandsOk = 0;
        let sandboxFailure;
        for (const { value: event } of jsonLines(output.stdout)) {
            switch (event["type"]) {
                case "item.completed": {
                    if (isModelItem(event["item"]))
                        items++;
                    const text = agentMessageText(event["item"]);
                    if (text !== undefined)
                        summary = text;
                    const command = commandOutcome(event["item"]);
                    if (command?.ok === true)
                        commandsOk++;
                    else if (command !== undefined && SANDBOX_FAILURE.test(command.output))
                        sandboxFailure ??= command.output;
                    break;
                }
                case "item.started":
                case "item.updated":
                    if (isModelItem(event["item"]))
                        items++;
                    break;
                case "turn.completed": {
                    completedTurns++;
                    pendingError = undefined;
                    pendingRetry = undefined;
                    const usage = usageSchema.safeParse(event["usage"]);
                    if (usage.success) {
                        sawUsage = true;
                        totals.input += usage.data.input_tokens;
                        totals.cached += Math.min(usage.data.cached_input_tokens, usage.data.input_tokens);
                        totals.output += usage.data.output_tokens;
                    }
                    break;
                }
                case "turn.failed":
                    pendingError = messageOf(event["error"]) ?? "codex reported turn.failed without a message";
                    break;
                case "error": {
                    const message = messageOf(event) ?? "codex reported an error without a message";
                    if (/^Reconnecting(?:\.\.\.|…)/.test(message))
                        pendingRetry = message;
                    else
                        pendingError = message;
                    break;
                }
                default:
                    break;
            }
        }
        const usage = sawUsage ? { tokens: totals.input + totals.output, costUsd: price(totals, ctx.agent.prices) } : {};
        // Failed before any model output: the output proves no response was billed.
        const failedBeforeResponse = !sawUsage && items === 0 && completedTurns === 0 && (pendingError !== undefined || pendingRetry !== undefined);
        const notBilled = failedBeforeResponse ? { notBilled: true } : {};
        if (output.timedOut) {
            const r = timedOutResult("codex", usage);
            if (r.ok || pendingRetry === undefined)
                return { ...r, ...notBilled };
            return { ...r, ...notBilled, failure: { ...r.failure, message: `${r.failure.message}; it was reconnecting: ${tail(pendingRetry, 500)}` } };
        }
        const failure = exitFailure("codex", output);
        const error = pendingError !== undefined
            ? withStatus(`codex failed: ${tail(pendingError, 2_000)}`, quotedStatus(pendingError))
            : (failure ??
                (pendingRetry !== undefined
                    ? { message: `codex stopped while retrying: ${tail(pendingRetry, 2_000)}` }
                    : completedTurns === 0
                        ? {
                            message: output.stdout.trim() === ""
                                ? "codex printed nothing on standard output; expected JSON Lines events (is --json being overridden in agent.args?)"
                                : `codex printed no turn.completed event; output ends with: ${tail(output.stdout, 300)}`,
                        }
                        : undefined));
        if (error !== undefined)
            return { ok: false, ...definedUsage(usage), ...notBilled, summary, failure: error };
        // Only codex's own sandbox needs its helper: inside Foreman's sandbox codex's is bypassed.
        const noHelper = ctx.sandboxed === true ? undefined : NO_SANDBOX_HELPER.exec(output.stderr)?.[0];
        const sandboxText = sandboxFailure ?? (SANDBOX_FAILURE.test(output.stderr) ? output.stderr : noHelper);
        if (sandboxText !== undefined && commandsOk === 0) {
            const message = `codex's own sandbox could not run commands (${tail(sandboxText, 300)}); every command failed although codex exited 0. ` +
                "Fix: let codex's bubblewrap start (its home, CODEX_HOME or ~/.codex, outside the temp dir; on Ubuntu runners sysctl kernel.apparmor_restrict_unprivileged_userns=0), " +
                "or run Foreman with sandbox: auto or required, where bubblewrap works (inside Foreman's sandbox codex's own is bypassed), " +
                'or, knowing the agent then runs unconfined, add ["--sandbox", "danger-full-access"] to agent.args';
            return { ok: false, ...definedUsage(usage), summary, failure: { message } };
        }
        return { ok: true, ...definedUsage(usage), summary };
    },
};
/**
 * Codex's own sandbox: inside Foreman's sandbox it is redundant (and its bubblewrap cannot start
 * there), so it is bypassed; without Foreman's sandbox codex keeps its own (`workspace-write`).
 */
function sandboxArgs(ctx) {
    return ctx.sandboxed === true ? ["--dangerously-bypass-approvals-and-sandbox"] : ["--sandbox", "workspace-write"];
}
/**
 * Whether an item came from the model. Codex also reports its own warnings as `error` items
 * (`Model metadata for \`gpt-5\` not found…`) before any request: those prove nothing was billed.
 */
function isModelItem(item) {
    return !isRecord(item) || (item["type"] ?? item["item_type"]) !== "error";
}
function agentMessageText(item) {
    if (!isRecord(item))
        return undefined;
    const kind = item["type"] ?? item["item_type"];
    if (kind !== "agent_message" && kind !== "assistant_message")
        return undefined;
    const text = item["text"];
    return typeof text === "string" ? text.trim() : undefined;
}
/** A finished command item: whether it succeeded, and what it printed. */
function commandOutcome(item) {
    if (!isRecord(item) || (item["type"] ?? item["item_type"]) !== "command_execution")
        return undefined;
    const output = typeof item["aggregated_output"] === "string" ? item["aggregated_output"] : "";
    return { ok: item["exit_code"] === 0, output };
}
function messageOf(value) {
    if (!isRecord(value))
        return undefined;
    const m = value["message"];
    return typeof m === "string" && m.trim() !== "" ? m.trim() : undefined;
}
/** USD for the tokens at the configured prices; undefined when no prices are configured. */
function price(t, prices) {
    if (!prices)
        return undefined;
    const cachedPrice = prices.cached_input_per_mtok ?? prices.input_per_mtok;
    return ((t.input - t.cached) * prices.input_per_mtok + t.cached * cachedPrice + t.output * prices.output_per_mtok) / 1_000_000;
}

;// CONCATENATED MODULE: ./src/agents/copilot.ts



const copilot = {
    name: "copilot",
    envAllowlist: ["COPILOT_PROVIDER_BASE_URL", "COPILOT_PROVIDER_API_KEY", "COPILOT_PROVIDER_TYPE", "COPILOT_PROVIDER_WIRE_API", "COPILOT_MODEL"],
    invocation(ctx) {
        const p = providerOf(ctx);
        // Its own home per attempt (BYOK only: a GitHub login lives in the user's home), where its session log can be found.
        const ownHome = p.home === undefined && p.base_url !== undefined ? ctx.agentHome : undefined;
        // In its own home: an exact wrapper per gate; otherwise the gate's command name, unless that runs anything.
        const wrappers = ownHome === undefined ? undefined : gateWrappers(ctx.gates ?? [], ctx.worktree, ownHome);
        const rules = wrappers?.rules ?? copilotGateRules(ctx.gates ?? []).allowed;
        const allowed = rules.flatMap((rule) => ["--allow-tool", rule]);
        const sessionId = attemptSessionId(ctx.attempt);
        const invocation = withExtras({
            argv: [
                "copilot",
                "--output-format",
                "json",
                "--allow-tool",
                "write",
                ...allowed,
                ...(ownHome === undefined ? [] : ["--session-id", sessionId]),
                ...ctx.agent.args,
            ],
            stdinFile: ctx.promptFile,
            env: { COPILOT_AUTO_UPDATE: "false" },
        }, {
            env: definedEnv({
                COPILOT_PROVIDER_BASE_URL: p.base_url,
                COPILOT_OFFLINE: p.base_url === undefined ? undefined : "true",
                COPILOT_MODEL: p.model,
                COPILOT_HOME: p.home ?? ownHome,
            }),
            envFrom: p.auth_token_env === undefined ? {} : { COPILOT_PROVIDER_API_KEY: p.auth_token_env },
            files: wrappers?.files ?? [],
        });
        return ownHome === undefined ? invocation : { ...invocation, reportFile: `${ownHome}/session-state/${sessionId}/events.jsonl` };
    },
    parse(output, ctx) {
        const t = { input: 0, cached: 0, output: 0 };
        let tokens;
        let summary = "";
        let messages = 0;
        let sessionError;
        let resultExit;
        // The last failed model call says why (`ECONNREFUSED`, an HTTP status) when session.error does not.
        let callFailure;
        let callStatus;
        const requests = new Map();
        const denied = [];
        // In its own home every gate has its exact wrapper: nothing is withheld.
        const p = providerOf(ctx);
        const wrapped = p.home === undefined && p.base_url !== undefined && ctx.agentHome !== undefined;
        const withheld = wrapped ? [] : copilotGateRules(ctx.gates ?? []).withheld;
        const toolCalls = new Map();
        // One entry per refused call, whichever events report it.
        const deniedCalls = new Set();
        const deny = (toolCallId, entry) => {
            if (typeof toolCallId === "string") {
                if (deniedCalls.has(toolCallId))
                    return;
                deniedCalls.add(toolCallId);
            }
            denied.push(entry);
        };
        for (const { value: event } of jsonLines(output.stdout)) {
            const data = isRecord(event["data"]) ? event["data"] : {};
            switch (event["type"]) {
                case "assistant.message": {
                    messages++;
                    const content = data["content"];
                    if (typeof content === "string" && content.trim() !== "")
                        summary = content.trim();
                    break;
                }
                case "assistant.usage":
                    tokens = addUsage(t, data, tokens);
                    break;
                case "permission.requested": {
                    const id = data["requestId"];
                    if (typeof id === "string")
                        requests.set(id, describeRequest(data["permissionRequest"]));
                    break;
                }
                case "permission.completed": {
                    const result = data["result"];
                    const kind = isRecord(result) ? result["kind"] : undefined;
                    if (typeof kind === "string" && kind.startsWith("denied")) {
                        const id = data["requestId"];
                        const what = (typeof id === "string" ? requests.get(id) : undefined) ?? "a tool call";
                        deny(data["toolCallId"], `${what} (${kind})${withheldNote(what, withheld)}`);
                    }
                    break;
                }
                case "tool.execution_start": {
                    const id = data["toolCallId"];
                    if (typeof id === "string")
                        toolCalls.set(id, describeToolCall(data));
                    break;
                }
                case "tool.execution_complete": {
                    // 1.0.102 prints no permission events on stdout: a refused call ends with error code "denied".
                    const error = isRecord(data["error"]) ? data["error"] : undefined;
                    const code = error?.["code"];
                    if (data["success"] === false && typeof code === "string" && code.startsWith("denied")) {
                        const id = data["toolCallId"];
                        const what = (typeof id === "string" ? toolCalls.get(id) : undefined) ?? "a tool call";
                        deny(id, `${what} (${code})${withheldNote(what, withheld)}`);
                    }
                    break;
                }
                case "model.call_failure": {
                    const m = data["errorMessage"];
                    if (typeof m === "string" && m.trim() !== "")
                        callFailure = m.trim();
                    const status = data["statusCode"] ?? data["status"];
                    if (typeof status === "number" && status >= 100 && status <= 599)
                        callStatus = status;
                    break;
                }
                case "session.error": {
                    const m = data["message"];
                    sessionError = typeof m === "string" && m.trim() !== "" ? m.trim() : "copilot reported session.error without a message";
                    const status = data["statusCode"];
                    if (typeof status === "number" && status >= 100 && status <= 599)
                        callStatus = status;
                    break;
                }
                case "result": {
                    const code = event["exitCode"];
                    if (typeof code === "number")
                        resultExit = code;
                    break;
                }
                default:
                    break;
            }
        }
        // Offline it prints no usage on stdout: its session log has one record per model response.
        if (tokens === undefined && output.reportFileText) {
            for (const { value: event } of jsonLines(output.reportFileText)) {
                const data = isRecord(event["data"]) ? event["data"] : {};
                if (event["type"] === "session.usage_record" && isRecord(data["usage"]))
                    tokens = addUsage(t, data["usage"], tokens);
            }
        }
        const costUsd = tokens === undefined ? undefined : price(t, ctx.agent.prices);
        const usage = { tokens, costUsd };
        const extras = {
            ...(denied.length === 0 ? {} : { deniedTools: denied }),
            ...(tokens === undefined && messages === 0 && sessionError !== undefined ? { notBilled: true } : {}),
        };
        if (output.timedOut)
            return { ...timedOutResult("copilot", usage), ...extras };
        if (sessionError !== undefined) {
            const why = callFailure === undefined ? sessionError : `${sessionError} (last model call: ${tail(callFailure, 500)})`;
            const failure = withStatus(`copilot failed: ${tail(why, ERROR_TAIL_CHARS)}`, callStatus ?? quotedStatus(sessionError));
            return { ok: false, ...definedUsage(usage), ...extras, summary, failure };
        }
        const failure = exitFailure("copilot", output);
        if (failure !== undefined)
            return { ok: false, ...definedUsage(usage), ...extras, summary, failure };
        if (resultExit !== undefined && resultExit !== 0) {
            return { ok: false, ...definedUsage(usage), ...extras, summary, failure: { message: `copilot reported exit code ${resultExit}` } };
        }
        if (messages === 0) {
            const message = output.stdout.trim() === ""
                ? "copilot printed nothing on standard output; expected JSON Lines events (is --output-format json being overridden in agent.args?)"
                : `copilot printed no assistant message; output ends with: ${tail(output.stdout, 300)}`;
            return { ok: false, ...definedUsage(usage), ...extras, summary, failure: { message } };
        }
        return { ok: true, ...definedUsage(usage), ...extras, summary };
    },
};
/** `bash(npm test)`, `edit(src/a.ts)`, or the tool's name, from a `tool.execution_start`. */
function describeToolCall(data) {
    const name = typeof data["toolName"] === "string" ? data["toolName"] : "tool";
    const args = isRecord(data["arguments"]) ? data["arguments"] : {};
    for (const key of ["command", "path", "url"]) {
        const v = args[key];
        if (typeof v === "string" && v !== "")
            return `${name}(${v})`;
    }
    return name;
}
/** `shell(npm test)`, `write(src/a.ts)`, or the request's kind. */
function describeRequest(request) {
    if (!isRecord(request))
        return "a tool call";
    const kind = typeof request["kind"] === "string" ? request["kind"] : "tool";
    for (const key of ["fullCommandText", "command", "fileName", "path", "url"]) {
        const v = request[key];
        if (typeof v === "string" && v !== "")
            return `${kind}(${v})`;
    }
    return kind;
}
/**
 * The narrowest rule Copilot CLI matches for a gate: `shell(<command name>)`, or for `git` and
 * `gh` `shell(<command> <subcommand>)` (its rules compare names, never arguments).
 */
function copilotShellRule(gate) {
    const sub = gate.argv[1];
    const name = commandName(gate);
    const withSub = (name === "git" || name === "gh") && sub !== undefined && !sub.startsWith("-");
    return withSub ? `shell(${name} ${sub})` : `shell(${name})`;
}
/**
 * Commands that run whatever program or code their arguments name (interpreters, shells,
 * launchers, package runners): `shell(<name>)` for one of them would let the agent run anything.
 */
const GENERAL_COMMANDS = new Set([
    "node",
    "nodejs",
    "deno",
    "bun",
    "bunx",
    "tsx",
    "ts-node",
    "npx",
    "npm",
    "pnpm",
    "pnpx",
    "yarn",
    "corepack",
    "python",
    "python2",
    "python3",
    "py",
    "pypy",
    "pypy3",
    "uv",
    "uvx",
    "pipx",
    "poetry",
    "pdm",
    "hatch",
    "pip",
    "pip3",
    "sh",
    "bash",
    "dash",
    "zsh",
    "ksh",
    "fish",
    "csh",
    "tcsh",
    "pwsh",
    "powershell",
    "cmd",
    "busybox",
    "env",
    "exec",
    "eval",
    "xargs",
    "sudo",
    "su",
    "doas",
    "nice",
    "nohup",
    "timeout",
    "time",
    "stdbuf",
    "setsid",
    "watch",
    "script",
    "perl",
    "ruby",
    "php",
    "lua",
    "luajit",
    "Rscript",
    "osascript",
    "awk",
    "gawk",
    "java",
    "dotnet",
]);
/**
 * The shell rules Copilot gets for the planned gates (`allowed`, each once), and the command
 * names it gets none for because they are general commands (`withheld`).
 */
function copilotGateRules(gates) {
    const allowed = new Set();
    const withheld = new Set();
    for (const gate of gates) {
        const name = commandName(gate);
        if (name === "" || GENERAL_COMMANDS.has(name) || /^python\d/.test(name))
            withheld.add(name === "" ? "(empty command)" : name);
        else
            allowed.add(copilotShellRule(gate));
    }
    return { allowed: [...allowed], withheld: [...withheld] };
}
function commandName(gate) {
    const command = gate.argv[0] ?? "";
    return command.slice(command.lastIndexOf("/") + 1);
}
/** Why a refused shell call was refused, when it ran a gate's command that Foreman gave no rule. */
function withheldNote(what, withheld) {
    const m = /^(?:shell|bash)\((\S+)/.exec(what);
    const name = m?.[1]?.slice(m[1].lastIndexOf("/") + 1);
    if (name === undefined || !withheld.includes(name))
        return "";
    return ` — Foreman gives Copilot no shell rule for gates run by "${name}": Copilot can only allow a command by name, and "${name}" runs any program; Foreman runs the gates itself after the attempt`;
}
/** The session id Foreman gives Copilot in the attempt's own home (fixed: the home is new each attempt). */
function attemptSessionId(attempt) {
    return `00000000-0000-4000-8000-${Math.max(0, Math.trunc(attempt)).toString(16).padStart(12, "0").slice(-12)}`;
}
/** Adds one usage record (`inputTokens`, `outputTokens`, `reasoningTokens`, cache reads and writes) to the totals. */
function addUsage(t, data, tokens) {
    const input = nonNegative(data["inputTokens"]) ?? 0;
    const out = (nonNegative(data["outputTokens"]) ?? 0) + (nonNegative(data["reasoningTokens"]) ?? 0);
    const cacheRead = nonNegative(data["cacheReadTokens"]) ?? 0;
    const cacheWrite = nonNegative(data["cacheWriteTokens"]) ?? 0;
    t.input += input;
    t.cached += Math.min(cacheRead, input);
    t.output += out;
    return (tokens ?? 0) + input + out + cacheWrite;
}
/**
 * One executable wrapper per planned gate in the agent home (`gates/<name>`), whose only action is
 * running that gate's argv in its root, whatever arguments it gets; the rule `shell(<its absolute
 * path>)` then allows exactly the gate (Copilot matches a path rule on the command itself; checked
 * on 1.0.102). `copilot-instructions.md` in the home (Copilot reads it from `COPILOT_HOME`) tells
 * the agent which wrapper runs which gate.
 */
function gateWrappers(gates, worktree, home) {
    const files = [];
    const rules = [];
    const lines = [];
    const used = new Set();
    const seen = new Set();
    for (const gate of gates) {
        const key = JSON.stringify([gate.root, gate.argv]);
        if (gate.argv.length === 0 || seen.has(key))
            continue;
        seen.add(key);
        const base = gate.name
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, "-")
            .replace(/^-+|-+$/g, "") || "gate";
        let name = base;
        for (let i = 2; used.has(name); i++)
            name = `${base}-${i}`;
        used.add(name);
        const dir = gate.root === "." || gate.root === "" ? worktree : `${worktree}/${gate.root}`;
        const script = `#!/bin/sh\n# Foreman: runs exactly the gate ${JSON.stringify(gate.name)}; its arguments are ignored.\ncd ${shQuote(dir)} || exit 1\nexec ${gate.argv.map(shQuote).join(" ")}\n`;
        files.push({ name: `gates/${name}`, content: script, executable: true });
        const wrapper = `${home}/gates/${name}`;
        rules.push(`shell(${wrapper})`);
        lines.push(`- for \`${gateCommandLine(gate)}\` (in \`${gate.root}\`) run \`${wrapper}\``);
    }
    if (lines.length > 0) {
        files.push({
            name: "copilot-instructions.md",
            content: `# Running the checks\n\nRun a check only through its wrapper, with no arguments (the check's own command line is not allowed):\n\n${lines.join("\n")}\n`,
        });
    }
    return { files, rules };
}
/** A word for `sh`: single-quoted, with each `'` written as `'\\''`. */
function shQuote(word) {
    return `'${word.replace(/'/g, "'\\''")}'`;
}

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
;// CONCATENATED MODULE: ./src/agents/custom.ts
/**
 * `custom`: any command the repository configures (`agent.command`, an argv, plus `agent.args`),
 * run in the worktree.
 *
 * Contract for the command:
 * - environment: `FOREMAN_ATTEMPT` (1-based), `FOREMAN_TASK_FILE`, `FOREMAN_FEEDBACK_FILE`,
 *   `FOREMAN_RESULT_FILE` (absolute paths); the prompt itself is in no variable and no argument;
 * - exit 0 for success; any other status fails the attempt (the end of stderr is reported);
 * - optionally, write `{"costUsd"?: number >= 0, "summary"?: string, "error"?: string}` to
 *   `FOREMAN_RESULT_FILE`. `error` fails the attempt; unknown keys are refused (a misspelt
 *   `cost_usd` must not silently drop the cost).
 */




const resultFileSchema = schemas/* strictObject */.rej({
    costUsd: schemas/* number */.aig({ error: "expected a number of 0 or more" })
        .finite({ error: "expected a number of 0 or more" })
        .nonnegative({ error: "expected a number of 0 or more" })
        .optional(),
    summary: schemas/* string */.YjP({ error: "expected a string" }).optional(),
    error: schemas/* string */.YjP({ error: "expected a string" }).optional(),
});
const custom = {
    name: "custom",
    envAllowlist: [],
    invocation(ctx) {
        const command = ctx.agent.command;
        if (!command || command.length === 0) {
            throw new errors/* ConfigError */.xL([{ path: "agent.command", message: "required when agent.preset is custom" }]);
        }
        return {
            argv: [...command, ...ctx.agent.args],
            env: {
                FOREMAN_ATTEMPT: String(ctx.attempt),
                FOREMAN_TASK_FILE: ctx.taskFile,
                FOREMAN_FEEDBACK_FILE: ctx.feedbackFile,
                FOREMAN_RESULT_FILE: ctx.resultFile,
            },
        };
    },
    parse(output) {
        const file = readResultFile(output.resultFileText);
        const usage = file.ok ? { costUsd: file.value?.costUsd } : {};
        if (output.timedOut)
            return timedOutResult("the custom agent", usage);
        const failure = exitFailure("the custom agent", output);
        if (failure !== undefined) {
            const reported = file.ok ? file.value?.error : undefined;
            const message = reported ? `${failure.message} (result file: ${tail(reported, ERROR_TAIL_CHARS)})` : failure.message;
            return { ok: false, ...definedUsage(usage), summary: "", failure: withStatus(message, failure.status ?? quotedStatus(reported ?? "")) };
        }
        if (!file.ok)
            return { ok: false, summary: "", failure: { message: file.error } };
        const summary = file.value?.summary?.trim() ?? tail(output.stdout, 500);
        if (file.value?.error !== undefined) {
            const message = `the custom agent reported an error: ${tail(file.value.error, ERROR_TAIL_CHARS) || "(empty message)"}`;
            return { ok: false, ...definedUsage(usage), summary, failure: withStatus(message, quotedStatus(file.value.error)) };
        }
        return { ok: true, ...definedUsage(usage), summary };
    },
};
function readResultFile(text) {
    if (text === null)
        return { ok: true, value: undefined };
    const what = "The custom agent's result file (FOREMAN_RESULT_FILE)";
    if (text.trim() === "")
        return { ok: true, value: undefined };
    const json = parseJson(text);
    if (json === undefined) {
        return {
            ok: false,
            error: `${what} is not valid JSON: it starts with ${JSON.stringify(text.trim().slice(0, 60))}. Write a JSON object such as {"costUsd": 0.12, "summary": "…"}.`,
        };
    }
    const parsed = resultFileSchema.safeParse(json);
    if (parsed.success)
        return { ok: true, value: parsed.data };
    const problems = parsed.error.issues.map((i) => {
        if (i.code === "unrecognized_keys")
            return `unknown key${i.keys.length > 1 ? "s" : ""} ${i.keys.map((k) => `"${k}"`).join(", ")} (known: costUsd, summary, error)`;
        return i.path.length > 0 ? (0,zod_issues/* formatZodIssues */.tL)([i]) : `expected a JSON object {"costUsd"?, "summary"?, "error"?}`;
    });
    return { ok: false, error: `${what} is invalid: ${problems.join("; ")}` };
}

;// CONCATENATED MODULE: ./src/agents/gemini-stream.ts
/**
 * Reads Gemini CLI's `--output-format stream-json` events (one JSON object a line) into the facts
 * the preset decides on: the final answer, whether any model response arrived, the tools the CLI
 * refused, the `result` event with its status, error and token stats. Untrusted data: never
 * throws on it, skips lines that are not events.
 */


const gemini_stream_count = schemas/* number */.aig().finite().nonnegative();
const statsSchema = schemas/* looseObject */._H3({
    total_tokens: gemini_stream_count.optional().catch(undefined),
    input_tokens: gemini_stream_count.optional().catch(undefined),
    output_tokens: gemini_stream_count.optional().catch(undefined),
    cached: gemini_stream_count.optional().catch(undefined),
});
const gemini_stream_resultSchema = schemas/* looseObject */._H3({
    status: schemas/* string */.YjP().optional().catch(undefined),
    error: schemas/* looseObject */._H3({ type: schemas/* string */.YjP().optional().catch(undefined), message: schemas/* string */.YjP().optional().catch(undefined) })
        .optional()
        .catch(undefined),
    stats: statsSchema.optional().catch(undefined),
});
/** Event types of the stream; stdout holding none of them is not a stream. */
const EVENT_TYPES = new Set(["init", "message", "tool_use", "tool_result", "error", "result"]);
/** Error types of a `tool_result` that mean the CLI refused the call, not that the tool failed. */
const REFUSALS = new Set(["policy_violation", "permission_denied"]);
/** The stream's facts, or undefined when stdout holds no stream event (another output format). */
function readGeminiStream(stdout) {
    const events = jsonLines(stdout)
        .map((l) => l.value)
        .filter((e) => EVENT_TYPES.has(e["type"]));
    if (events.length === 0)
        return undefined;
    const out = { summary: "", responded: false, denied: [], errors: [] };
    const calls = new Map();
    let text = "";
    for (const e of events) {
        switch (e["type"]) {
            case "message":
                if (e["role"] === "assistant" && typeof e["content"] === "string") {
                    out.responded = true;
                    text = e["delta"] === true ? text + e["content"] : e["content"];
                }
                break;
            case "tool_use": {
                out.responded = true;
                text = "";
                if (typeof e["tool_id"] === "string")
                    calls.set(e["tool_id"], describeCall(e));
                break;
            }
            case "tool_result": {
                const error = isRecord(e["error"]) ? e["error"] : undefined;
                if (e["status"] === "error" && error !== undefined && REFUSALS.has(error["type"])) {
                    const call = typeof e["tool_id"] === "string" ? calls.get(e["tool_id"]) : undefined;
                    out.denied.push(`${call ?? "a tool call"} (${String(error["type"])})`);
                }
                break;
            }
            case "error":
                if (e["severity"] === "error" && typeof e["message"] === "string" && e["message"].trim() !== "")
                    out.errors.push(e["message"].trim());
                break;
            case "result": {
                const parsed = gemini_stream_resultSchema.safeParse(e);
                if (parsed.success)
                    out.result = parsed.data;
                break;
            }
            default:
                break;
        }
    }
    out.summary = text.trim();
    return out;
}
/** `run_shell_command(npm test)`, `write_file(src/a.ts)`, or the tool's name. */
function describeCall(e) {
    const name = typeof e["tool_name"] === "string" ? e["tool_name"] : "tool";
    const params = isRecord(e["parameters"]) ? e["parameters"] : {};
    for (const key of ["command", "file_path", "path", "url"]) {
        const v = params[key];
        if (typeof v === "string" && v !== "")
            return `${name}(${v})`;
    }
    return name;
}
/**
 * The HTTP status of a failed API call as gemini shows it: the API's own JSON in the result's
 * message (`[API Error: {"error":{"code":401,…}}]`), else the `status: 429` line of the error it
 * dumps on stderr (the last one). Undefined when neither says.
 */
function geminiApiStatus(message, stderr) {
    const inMessage = /"code"\s*:\s*([1-5]\d\d)(?!\d)/.exec(message);
    if (inMessage)
        return Number(inMessage[1]);
    const dumped = [...stderr.matchAll(/^\s*status:\s*([1-5]\d\d)\s*,?\s*$/gm)].at(-1);
    return dumped ? Number(dumped[1]) : undefined;
}

;// CONCATENATED MODULE: ./src/agents/gemini.ts
/**
 * Gemini CLI (`@google/gemini-cli`, checked against 0.61): `gemini --output-format stream-json
 * --skip-trust --approval-mode auto_edit`, the task on standard input (a standard input that is
 * not a terminal makes it run headless; no `--prompt` is needed, so argv holds no prose).
 *
 * Output: JSON Lines events (`packages/cli/src/nonInteractiveCli.ts`, recorded in
 * `test/agents/fixtures/gemini/stream-*.jsonl`): `init` (`session_id`, `model`), `message`
 * (`role`, `content`, `delta`), `tool_use` (`tool_name`, `tool_id`, `parameters`), `tool_result`
 * (`tool_id`, `status`, `error: { type, message }`; `policy_violation` when a tool was refused),
 * `error` (`severity`, `message`), and a last `result` (`status` `success` | `error`, `error: {
 * type, message }`, `stats: { total_tokens, input_tokens, output_tokens, cached, … }`). Unlike
 * `--output-format json` (which prints nothing at all when the API fails), the stream always ends
 * with a `result` carrying the stats, so an API error before any response proves that nothing was
 * billed (0 tokens, no message, no tool call: `notBilled`), and its message quotes the API's
 * status and text. The older single JSON object (`--output-format json` in `agent.args`) is still
 * read. Exit codes: 0 success, anything else a failure.
 * Gemini reports tokens, not cost: cost is priced from `agent.prices` (`input_tokens` as input,
 * `cached` as cached input, `output_tokens` as output; what `total_tokens` holds beyond those,
 * thoughts, is priced as output: never less than was billed).
 *
 * Retries: gemini retries 429 and 5xx itself for 90 s and more; Foreman's backoff decides
 * instead, so the preset's settings say `general.maxAttempts: 1` (one request, no retry).
 *
 * Permissions: `--skip-trust` is required headless; `auto_edit` approves edits only, and a
 * policy file (`--policy`, written to the attempt's agent home) allows exactly the planned gate
 * commands (`run_shell_command` with `commandPrefix`), nothing broader. Tools the CLI refused
 * are read from `tool_result` errors (`policy_violation`, `permission_denied`).
 *
 * Settings and provider (`agent.provider`): `base_url` → `GOOGLE_GEMINI_BASE_URL`;
 * `auth_token_env` → the child's `GEMINI_API_KEY`; `model` → `--model`. The CLI must be told to
 * use that key (`security.auth.selectedType = "gemini-api-key"`): with a provider and no `home`,
 * the preset writes `.gemini/settings.json` (auth and retries) in the attempt's agent home and
 * points `GEMINI_CLI_HOME` there (gemini reads `<GEMINI_CLI_HOME>/.gemini/settings.json` wherever
 * it is; a system settings file below a directory others may write, such as `/tmp`, it skips).
 * Without a provider the user's own gemini home (and login) is kept, and `home` →
 * `GEMINI_CLI_HOME` (its settings rule): the retry setting then goes in a system settings file
 * (`GEMINI_CLI_SYSTEM_SETTINGS_PATH`, merged over the user's), which gemini skips below such a
 * directory (it then retries itself, and a failure says so).
 */





const gemini_count = schemas/* number */.aig().finite().nonnegative();
const modelSchema = schemas/* looseObject */._H3({
    api: schemas/* looseObject */._H3({ totalRequests: gemini_count.optional(), totalErrors: gemini_count.optional() }).optional().catch(undefined),
    tokens: schemas/* looseObject */._H3({
        prompt: gemini_count.optional(),
        candidates: gemini_count.optional(),
        total: gemini_count.optional(),
        cached: gemini_count.optional(),
        thoughts: gemini_count.optional(),
        tool: gemini_count.optional(),
    })
        .optional()
        .catch(undefined),
});
const outputSchema = schemas/* looseObject */._H3({
    response: schemas/* string */.YjP().optional().catch(undefined),
    stats: schemas/* looseObject */._H3({
        models: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J()).optional().catch(undefined),
        tools: schemas/* looseObject */._H3({ byName: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J()).optional().catch(undefined) })
            .optional()
            .catch(undefined),
    })
        .optional()
        .catch(undefined),
    error: schemas/* looseObject */._H3({ type: schemas/* string */.YjP().optional(), message: schemas/* string */.YjP().optional(), code: schemas/* unknown */.L5J().optional() }).optional().catch(undefined),
});
/** Settings that turn gemini's own retries off: one request per model call, Foreman's backoff decides. */
const NO_RETRIES = { general: { maxAttempts: 1 } };
/** Settings that select the API key in `GEMINI_API_KEY` (what a provider or gateway needs). */
const API_KEY_AUTH = { security: { auth: { selectedType: "gemini-api-key" } } };
const gemini = {
    name: "gemini",
    envAllowlist: ["GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_GEMINI_BASE_URL", "GOOGLE_CLOUD_PROJECT"],
    invocation(ctx) {
        const p = providerOf(ctx);
        const files = [];
        const env = { GOOGLE_GEMINI_BASE_URL: p.base_url, GEMINI_CLI_HOME: p.home };
        const lines = gateCommandLines(ctx);
        const policy = [];
        if (lines.length > 0 && ctx.agentHome !== undefined) {
            files.push({ name: "gates-policy.toml", content: gatePolicy(lines) });
            policy.push("--policy", `${ctx.agentHome}/gates-policy.toml`);
        }
        if (ctx.agentHome !== undefined) {
            if (p.home === undefined && (p.base_url !== undefined || p.auth_token_env !== undefined)) {
                files.push({ name: ".gemini/settings.json", content: settingsJson({ ...API_KEY_AUTH, ...NO_RETRIES }) });
                env["GEMINI_CLI_HOME"] = ctx.agentHome;
            }
            else {
                files.push({ name: "system-settings.json", content: settingsJson(NO_RETRIES) });
                env["GEMINI_CLI_SYSTEM_SETTINGS_PATH"] = `${ctx.agentHome}/system-settings.json`;
            }
        }
        const model = p.model === undefined ? [] : ["--model", p.model];
        return withExtras({
            argv: ["gemini", "--output-format", "stream-json", "--skip-trust", "--approval-mode", "auto_edit", ...policy, ...model, ...ctx.agent.args],
            stdinFile: ctx.promptFile,
        }, { env: definedEnv(env), envFrom: p.auth_token_env === undefined ? {} : { GEMINI_API_KEY: p.auth_token_env }, files });
    },
    parse(output, ctx) {
        const stream = readGeminiStream(output.stdout);
        return withSettingsHint(stream === undefined ? parseOutput(output, ctx) : parseStream(stream, output, ctx), output);
    },
};
function settingsJson(settings) {
    return `${JSON.stringify(settings, null, 2)}\n`;
}
/**
 * Gemini CLI refuses a system settings file under a directory others may write (`/tmp`:
 * "Security Warning: Skipping system settings file …: Parent directory '/tmp' is insecure"), so
 * the API-key selection Foreman wrote is ignored and the run fails ("Invalid auth method
 * selected"). A failure that follows that warning says why and how to fix it.
 */
function withSettingsHint(r, output) {
    if (r.ok)
        return r;
    const warning = /Skipping system settings file[^\n]*/.exec(`${output.stderr}\n${output.stdout}`)?.[0];
    if (warning === undefined)
        return r;
    const hint = ` (gemini ignored Foreman's settings file, so its own auth choice and retries applied: ${tail(warning, 300)}. Keep the repository outside a directory others can write, ` +
        "such as /tmp, or set agent.provider.home to a gemini home whose .gemini/settings.json selects gemini-api-key and sets general.maxAttempts to 1)";
    return { ...r, failure: { ...r.failure, message: r.failure.message + hint } };
}
/** The preset's reading of gemini's `--output-format stream-json` events. */
function parseStream(stream, output, ctx) {
    const usage = stream.result?.stats === undefined ? {} : streamUsage(stream.result.stats, ctx.agent.prices);
    const denied = stream.denied.length === 0 ? {} : { deniedTools: stream.denied };
    if (output.timedOut)
        return { ...timedOutResult("gemini", usage), ...denied };
    const result = stream.result;
    // Proof that nothing was billed: the stream ended with its stats, no response and no token.
    const notBilled = result?.stats !== undefined && !stream.responded && (result.stats.total_tokens ?? 0) === 0 ? { notBilled: true } : {};
    const base = { ok: false, ...definedUsage(usage), ...denied, ...notBilled, summary: stream.summary };
    if (result?.status === "error" || (result === undefined && stream.errors.length > 0)) {
        const why = result?.error?.message?.trim() || result?.error?.type || stream.errors.at(-1) || "an error without a message";
        const status = geminiApiStatus(why, output.stderr) ?? quotedStatus(why) ?? exitFailure("gemini", output)?.status;
        return { ...base, failure: withStatus(`gemini failed: ${tail(why, ERROR_TAIL_CHARS)}`, status) };
    }
    const failure = exitFailure("gemini", output);
    if (failure !== undefined)
        return { ...base, failure };
    if (result === undefined) {
        const message = `gemini's event stream ended without a result event; output ends with: ${tail(output.stdout, 300)}`;
        return { ...base, failure: { message } };
    }
    return { ok: true, ...definedUsage(usage), ...denied, summary: stream.summary };
}
/**
 * Tokens and priced cost of the stream's stats. Tokens beyond input and output in
 * `total_tokens` (thoughts) are priced as output: never less than was billed.
 */
function streamUsage(stats, prices) {
    const input = stats.input_tokens ?? 0;
    const output = stats.output_tokens ?? 0;
    const total = stats.total_tokens ?? input + output;
    const t = { input, cached: Math.min(stats.cached ?? 0, input), output: output + Math.max(total - input - output, 0) };
    const costUsd = price(t, prices);
    return costUsd === undefined ? { tokens: total } : { tokens: total, costUsd };
}
/** The preset's reading of gemini's `--output-format json` output (the JSON object it prints when the run ends). */
function parseOutput(output, ctx) {
    const found = findOutput(output.stdout);
    const usage = found ? gemini_usageOf(found, ctx.agent.prices) : {};
    const denied = found ? gemini_deniedOf(found) : {};
    if (output.timedOut)
        return timedOutResult("gemini", usage);
    const failure = exitFailure("gemini", output);
    const notBilled = found !== undefined && found.error !== undefined && answered(found) === 0 ? { notBilled: true } : {};
    if (found?.error !== undefined) {
        const why = found.error.message?.trim() || found.error.type || "an error without a message";
        const code = typeof found.error.code === "number" && found.error.code >= 100 && found.error.code <= 599 ? found.error.code : undefined;
        const failureOut = withStatus(`gemini failed: ${tail(why, ERROR_TAIL_CHARS)}`, code ?? quotedStatus(why) ?? failure?.status);
        return { ok: false, ...definedUsage(usage), ...denied, ...notBilled, summary: found.response?.trim() ?? "", failure: failureOut };
    }
    if (failure !== undefined)
        return { ok: false, ...definedUsage(usage), ...denied, summary: found?.response?.trim() ?? "", failure };
    if (found === undefined) {
        const message = output.stdout.trim() === ""
            ? "gemini printed nothing on standard output; expected a JSON object (is --output-format json being overridden in agent.args?)"
            : `gemini's output is not a JSON object; output ends with: ${tail(output.stdout, 300)}`;
        return { ok: false, summary: "", failure: { message } };
    }
    return { ok: true, ...definedUsage(usage), ...denied, summary: found.response?.trim() ?? "" };
}
/** A policy that allows exactly these shell commands (TOML strings are JSON strings here). */
function gatePolicy(lines) {
    return lines
        .map((line) => `[[rule]]\ntoolName = "run_shell_command"\ncommandPrefix = ${JSON.stringify(line)}\ndecision = "allow"\npriority = 100\n`)
        .join("\n");
}
/** The JSON object of the output: the whole stdout, else the last line that is an object. */
function findOutput(stdout) {
    const whole = parseJsonObject(stdout);
    const candidates = whole !== undefined
        ? [whole]
        : stdout.split(/\r?\n/).flatMap((l) => {
            const v = parseJsonObject(l);
            return v === undefined ? [] : [v];
        });
    for (let i = candidates.length - 1; i >= 0; i--) {
        const c = candidates[i];
        if (!("response" in c) && !("stats" in c) && !("error" in c))
            continue;
        const parsed = outputSchema.safeParse(c);
        if (parsed.success)
            return parsed.data;
    }
    return undefined;
}
function models(o) {
    return Object.values(o.stats?.models ?? {}).flatMap((m) => {
        const parsed = modelSchema.safeParse(m);
        return parsed.success ? [parsed.data] : [];
    });
}
/** Model responses that arrived (requests minus errors, or any tokens), over all models. */
function answered(o) {
    let n = 0;
    for (const m of models(o)) {
        const ok = (m.api?.totalRequests ?? 0) - (m.api?.totalErrors ?? 0);
        n += Math.max(ok, 0) + ((m.tokens?.candidates ?? 0) > 0 ? 1 : 0);
    }
    return n;
}
function gemini_usageOf(o, prices) {
    const ms = models(o);
    if (ms.length === 0)
        return {};
    let total = 0;
    const t = { input: 0, cached: 0, output: 0 };
    for (const m of ms) {
        const k = m.tokens ?? {};
        const output = (k.candidates ?? 0) + (k.thoughts ?? 0);
        total += k.total ?? (k.prompt ?? 0) + output + (k.tool ?? 0);
        t.input += k.prompt ?? 0;
        t.cached += Math.min(k.cached ?? 0, k.prompt ?? 0);
        t.output += output;
    }
    const costUsd = price(t, prices);
    return costUsd === undefined ? { tokens: total } : { tokens: total, costUsd };
}
function gemini_deniedOf(o) {
    const out = [];
    for (const [name, stats] of Object.entries(o.stats?.tools?.byName ?? {})) {
        const decisions = isRecord(stats) ? stats["decisions"] : undefined;
        const rejected = isRecord(decisions) ? decisions["reject"] : undefined;
        if (typeof rejected === "number" && rejected > 0)
            out.push(`${name} (refused ${rejected}×)`);
    }
    return out.length === 0 ? {} : { deniedTools: out };
}

;// CONCATENATED MODULE: ./src/agents/pi.ts
/**
 * Pi coding agent (badlogic/pi-mono, `@mariozechner/pi-coding-agent`):
 * `pi --print --mode json --no-session`, the prompt on standard input.
 *
 * Verified against badlogic/pi-mono:
 * - `packages/coding-agent/docs/usage.md`: "In print mode, pi also reads piped stdin and merges it
 *   into the initial prompt"; `--mode json` "Output all events as JSON lines"; `--no-session`
 *   "Ephemeral mode; do not save". Non-interactive modes never load project-local `.pi`
 *   resources unless trusted, so a repository cannot plug extensions into the run.
 * - `packages/coding-agent/docs/json.md`: the first line is a `{"type":"session",…}` header,
 *   then `AgentSessionEvent`s: `agent_start`, `turn_start`, `message_start|update|end`
 *   (`message`), `turn_end` (`message`, `toolResults`), `agent_end` (`messages`), tool events,
 *   `auto_compaction_start|end`, `auto_retry_start` (`attempt`, `maxAttempts`, `errorMessage`),
 *   `auto_retry_end` (`success`, `finalError?`).
 * - `packages/ai/src/types.ts`: `AssistantMessage { role: "assistant", content: (TextContent |
 *   ThinkingContent | ToolCall)[], usage: { input, output, cacheRead, cacheWrite, totalTokens,
 *   cost: { …, total } }, stopReason: "stop" | "length" | "toolUse" | "error" | "aborted",
 *   errorMessage?, timestamp }`.
 * - `packages/coding-agent/src/modes/print-mode.ts`: in json mode pi prints every event and does
 *   not turn an error into an exit code (only text mode exits 1 on `error`/`aborted`), so the
 *   outcome is read from the last assistant message.
 *
 * Provider (`agent.provider`): pi reads a base URL only from `models.json` in its agent
 * directory. With `base_url`, Foreman writes `models.json` into the attempt's own agent home
 * (`PI_CODING_AGENT_DIR`) overriding the provider named by `--provider` in `agent.args`
 * (`anthropic` by default), with `apiKey` naming `auth_token_env` (passed through only then);
 * `home` → `PI_CODING_AGENT_DIR` instead (its own `models.json` then rules); `model` → `--model`.
 * In the agent home Foreman writes, `settings.json` turns pi's own retries off (Foreman backs off
 * between attempts); with `home` or no provider, pi's settings there rule (`retry.enabled`).
 * Pi has no permission system: its bash tool can run the gates (and anything else) as it is.
 * A stalled stream is stopped by `agent.idle_timeout_minutes`.
 *
 * The same message appears in several events (`message_end`, `turn_end`, `agent_end`): it is
 * counted once. A message that failed and was retried (`auto_retry_start`) counts for its cost
 * but does not fail a run whose last message succeeded.
 */



const pi_count = schemas/* number */.aig().finite().nonnegative();
const assistantSchema = schemas/* looseObject */._H3({
    role: schemas/* literal */.euz("assistant"),
    content: schemas/* array */.YOg(schemas/* unknown */.L5J()).catch([]),
    usage: schemas/* looseObject */._H3({
        input: pi_count.optional(),
        output: pi_count.optional(),
        cacheRead: pi_count.optional(),
        cacheWrite: pi_count.optional(),
        totalTokens: pi_count.optional(),
        cost: schemas/* looseObject */._H3({ total: pi_count.optional() }).optional().catch(undefined),
    })
        .optional()
        .catch(undefined),
    stopReason: schemas/* string */.YjP().optional().catch(undefined),
    errorMessage: schemas/* string */.YjP().optional().catch(undefined),
    timestamp: schemas/* number */.aig().optional().catch(undefined),
});
const textPart = schemas/* looseObject */._H3({ type: schemas/* literal */.euz("text"), text: schemas/* string */.YjP() });
const pi = {
    name: "pi",
    envAllowlist: ["ANTHROPIC_API_KEY", "ANTHROPIC_OAUTH_TOKEN", "OPENAI_API_KEY", "GEMINI_API_KEY", "OPENROUTER_API_KEY"],
    invocation(ctx) {
        const p = providerOf(ctx);
        const model = p.model === undefined ? [] : ["--model", p.model];
        const base = { argv: ["pi", "--print", "--mode", "json", "--no-session", ...model, ...ctx.agent.args], stdinFile: ctx.promptFile };
        if (p.home !== undefined) {
            return withExtras(base, { env: { PI_CODING_AGENT_DIR: p.home }, envFrom: keyFrom(p.auth_token_env) });
        }
        if (p.base_url === undefined || ctx.agentHome === undefined)
            return base;
        const provider = providerArg(ctx.agent.args) ?? "anthropic";
        const entry = definedEnv({ baseUrl: p.base_url, apiKey: p.auth_token_env });
        return withExtras(base, {
            env: { PI_CODING_AGENT_DIR: ctx.agentHome },
            envFrom: keyFrom(p.auth_token_env),
            files: [{ name: "models.json", content: `${JSON.stringify({ providers: { [provider]: entry } }, null, 2)}\n` }, NO_PI_RETRIES],
        });
    },
    parse(output) {
        const messages = assistantMessages(output.stdout);
        const usage = {
            costUsd: sumDefined(messages.map((m) => m.usage?.cost?.total)),
            tokens: sumDefined(messages.map(tokensOf)),
        };
        if (output.timedOut)
            return timedOutResult("pi", usage);
        const last = messages.at(-1);
        const failure = exitFailure("pi", output);
        if (last && (last.stopReason === "error" || last.stopReason === "aborted")) {
            const why = last.errorMessage?.trim() || `the request ended with stopReason "${last.stopReason}"`;
            const failure = withStatus(`pi failed: ${tail(why, ERROR_TAIL_CHARS)}`, quotedStatus(why));
            return { ok: false, ...definedUsage(usage), summary: textOf(last), failure };
        }
        if (failure !== undefined) {
            const summary = last ? textOf(last) : "";
            return { ok: false, ...definedUsage(usage), summary, failure };
        }
        if (!last) {
            const message = output.stdout.trim() === ""
                ? "pi printed nothing on standard output; expected JSON lines (is --mode json being overridden in agent.args?)"
                : `pi printed no assistant message; output ends with: ${tail(output.stdout, 300)}`;
            return { ok: false, summary: "", failure: { message } };
        }
        return { ok: true, ...definedUsage(usage), summary: textOf(last) };
    },
};
/**
 * Pi's `settings.json` in the agent home Foreman writes: pi's own retries off (3 agent-level
 * retries from 2 s over the SDK's own: ~25 s per attempt before Foreman sees the error), since
 * Foreman backs off between attempts itself.
 */
const NO_PI_RETRIES = {
    name: "settings.json",
    content: `${JSON.stringify({ retry: { enabled: false, provider: { maxRetries: 0 } } }, null, 2)}\n`,
};
/** The configured token variable, passed through under its own name (models.json's `apiKey` names it). */
function keyFrom(name) {
    return name === undefined ? {} : { [name]: name };
}
/** The value of `--provider x` or `--provider=x` in the configured arguments. */
function providerArg(args) {
    for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (a === "--provider")
            return args[i + 1];
        if (a.startsWith("--provider="))
            return a.slice("--provider=".length);
    }
    return undefined;
}
/** Every distinct assistant message in the stream, in the order it first appeared. */
function assistantMessages(stdout) {
    const seen = new Map();
    const add = (raw) => {
        const parsed = assistantSchema.safeParse(raw);
        if (!parsed.success)
            return;
        const key = identity(parsed.data);
        if (!seen.has(key))
            seen.set(key, parsed.data);
    };
    for (const { value: event } of jsonLines(stdout)) {
        switch (event["type"]) {
            case "message_end":
            case "turn_end":
                add(event["message"]);
                break;
            case "agent_end": {
                const all = event["messages"];
                if (Array.isArray(all))
                    all.forEach(add);
                break;
            }
            default:
                break;
        }
    }
    return [...seen.values()];
}
/** Identifies one message across the events that repeat it. */
function identity(m) {
    if (m.timestamp !== undefined)
        return `t:${m.timestamp}:${m.stopReason ?? ""}`;
    return `j:${JSON.stringify(m)}`;
}
function tokensOf(m) {
    const u = m.usage;
    if (!u)
        return undefined;
    const parts = sumDefined([u.input, u.output, u.cacheRead, u.cacheWrite]);
    // Some providers leave totalTokens at 0; the parts are then the better count.
    return u.totalTokens !== undefined && u.totalTokens > 0 ? u.totalTokens : (parts ?? u.totalTokens);
}
function textOf(m) {
    const parts = [];
    for (const c of m.content) {
        const t = textPart.safeParse(c);
        if (t.success)
            parts.push(t.data.text);
    }
    return parts.join("\n").trim();
}

;// CONCATENATED MODULE: ./src/agents/replay.ts
/**
 * `replay`: applies a recorded patch instead of running a model, for demos, benchmarks and
 * tests of the loop. Attempt N applies `<agent.replay_dir>/<N>.patch` with
 * `git apply --whitespace=nowarn` in the worktree. `replay_dir` is relative to the repository
 * root (or absolute). Replaying costs nothing.
 *
 * Pure like every preset: `repoRoot` is absolute, so `resolve` reads no working directory, and
 * a missing patch is recognised from git's answer (exit 128 naming the patch it could not
 * open), not by looking at the file system.
 */



/** Absolute directory of the patches. */
function replayDir(ctx) {
    const dir = ctx.agent.replay_dir;
    if (!dir)
        throw new errors/* ConfigError */.xL([{ path: "agent.replay_dir", message: "required when agent.preset is replay" }]);
    return (0,external_node_path_.resolve)(ctx.repoRoot, dir);
}
/** Absolute path of the patch for this attempt. */
function patchPath(ctx) {
    // Joined by hand: the bundler rewrites `path.resolve(dir, "<n>.patch")` as if it named a
    // file shipped with Foreman and copies matching files into dist/.
    return `${replayDir(ctx)}${external_node_path_.sep}${ctx.attempt}.patch`;
}
const replay = {
    name: "replay",
    envAllowlist: [],
    invocation(ctx) {
        return { argv: ["git", "apply", "--whitespace=nowarn", patchPath(ctx)] };
    },
    parse(output, ctx) {
        if (output.timedOut)
            return { ...timedOutResult("git apply"), costUsd: 0 };
        const name = `${ctx.attempt}.patch`;
        if (output.exitCode === 0)
            return { ok: true, costUsd: 0, summary: `applied ${name}` };
        const dir = ctx.agent.replay_dir ? (0,external_node_path_.resolve)(ctx.repoRoot, ctx.agent.replay_dir) : undefined;
        // git exits 128 and quotes the path when it cannot open the patch (in any locale).
        const missing = output.exitCode === GIT_FATAL && dir !== undefined && output.stderr.includes(patchPath(ctx));
        if (dir === undefined || missing) {
            const where = dir ?? "(agent.replay_dir is not set)";
            return { ok: false, costUsd: 0, summary: "", failure: { message: `no patch for attempt ${ctx.attempt} in ${where}` } };
        }
        const detail = tail(output.stderr, ERROR_TAIL_CHARS) || tail(output.stdout, ERROR_TAIL_CHARS);
        const status = output.exitCode === null ? "was killed by a signal" : `exited with code ${output.exitCode}`;
        return { ok: false, costUsd: 0, summary: "", failure: { message: `git apply ${name} ${status}${detail ? `: ${detail}` : ""}` } };
    },
};
/** git's exit status for a fatal error, such as a patch file it cannot open. */
const GIT_FATAL = 128;

;// CONCATENATED MODULE: ./src/agents/index.ts








const PRESETS = Object.freeze({
    claude: claude,
    codex: codex,
    aider: aider,
    pi: pi,
    gemini: gemini,
    copilot: copilot,
    custom: custom,
    replay: replay,
});
/** The definition of a configured preset. */
function getPreset(name) {
    return PRESETS[name];
}

// EXTERNAL MODULE: ./src/core/approval.ts
var approval = __webpack_require__(4140);
// EXTERNAL MODULE: ./src/core/budget.ts
var core_budget = __webpack_require__(4782);
// EXTERNAL MODULE: ./src/core/decide.ts + 1 modules
var decide = __webpack_require__(6385);
// EXTERNAL MODULE: ./src/core/render.ts
var render = __webpack_require__(1595);
// EXTERNAL MODULE: ./src/core/replayed-commands.ts
var replayed_commands = __webpack_require__(9660);
;// CONCATENATED MODULE: ./src/core/retry.ts
/**
 * Retry policy for calls to GitHub and to agents: which failures are worth another try, and
 * how long to wait before it. Pure: the caller supplies the jitter (no `Math.random` here) and
 * reads `Retry-After` itself.
 */
/** HTTP statuses that say "try again": timeout, too early, too many requests, server trouble. */
const TRANSIENT_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504, 529]);
/** Network error codes of Node and its resolver: the connection, not the request, failed. */
const TRANSIENT_NETWORK_CODES = new Set([
    "ECONNRESET",
    "ETIMEDOUT",
    "ECONNREFUSED",
    "ECONNABORTED",
    "EAI_AGAIN",
    "ENOTFOUND",
    "EPIPE",
    "ENETUNREACH",
    "ENETDOWN",
    "EHOSTUNREACH",
]);
/** undici codes that describe a programming error, not the network: retrying cannot help. */
const PERMANENT_UNDICI_CODES = new Set(["UND_ERR_INVALID_ARG", "UND_ERR_INVALID_RETURN_VALUE", "UND_ERR_NOT_SUPPORTED"]);
/** GitHub's 403 for primary and secondary rate limits and abuse detection. */
const RATE_LIMIT_403 = /rate[ _-]?limit|abuse/i;
/** A spent quota or an empty account: a 429 that no amount of waiting in a run will fix. */
const QUOTA_MESSAGE = /insufficient[ _]quota|exceeded your current quota|credit balance is too low|usage limit reached|billing/i;
/**
 * What agents and model APIs print when the failure will pass: a busy or rate-limited API, a
 * server in trouble, a dropped connection or stream, a timeout on the way.
 */
const PASSING_MESSAGE = [
    /overload|rate[ _-]?limit|too many requests|try again later|temporarily unavailable|high demand|temporary errors?/i,
    /internal server error|bad gateway|service unavailable/i,
    /socket hang up|network error|connection (?:reset|refused|closed|error)|fetch failed|stream disconnected/i,
    /timed out|time-?out/i,
];
/**
 * A transient HTTP status quoted in a message (`API Error: 529 {…}`, `last status: 429 Too Many
 * Requests`, `HTTP 503`): the number alone, not part of a longer number, a decimal, a path or a
 * word (`ticket 15290`, `v1.503`, `1,500`, `500,000`, `/runs/500/x`, `run-500`, `500ms`, and a
 * line number such as `src/app.ts:503` say nothing).
 */
const STATUS_IN_MESSAGE = /(?<![\w.,:/-])(?:429|50[0234]|529)(?!\w|[.,:/-]\w)/;
/** A Node or undici error code quoted in a message (`read ECONNRESET`, `UND_ERR_SOCKET`). */
const CODE_IN_MESSAGE = /\b(?:E[A-Z_]{3,}|UND_ERR_[A-Z_]+)\b/g;
/**
 * Sorts a failure into `transient` (worth retrying after a delay) or `permanent`. The one place
 * that decides it, for GitHub calls and agents alike: callers report facts, never a verdict.
 *
 * In order: a timeout is transient; a quota or billing message is permanent (OpenAI answers an
 * empty account with 429); a network error code is transient (`UND_ERR_*` too, except undici's
 * argument errors); an HTTP status decides when there is one (408, 425, 429, 5xx gateways and
 * 529 are transient, 403 only when its message names a rate limit or abuse detection, every
 * other status permanent). Without a status, the message decides: it is transient when it says
 * the API is overloaded, rate-limited, busy (`high demand`, `temporary errors`) or failing (internal server error, bad gateway,
 * service unavailable, gateway timeout), that the connection or stream dropped, or that
 * something timed out (a gateway timeout included); or when it quotes a transient status (429, 500, 502, 503, 504, 529) or a
 * transient network code. Anything else is permanent: an unknown failure is not retried blindly.
 */
function classifyError(input) {
    const message = input.message ?? "";
    if (input.timedOut === true)
        return "transient";
    if (QUOTA_MESSAGE.test(message))
        return "permanent";
    if (input.code !== undefined && isTransientCode(input.code))
        return "transient";
    if (input.status !== undefined) {
        if (TRANSIENT_STATUSES.has(input.status))
            return "transient";
        if (input.status === 403 && RATE_LIMIT_403.test(message))
            return "transient";
        return "permanent";
    }
    if (PASSING_MESSAGE.some((re) => re.test(message)) || STATUS_IN_MESSAGE.test(message))
        return "transient";
    const codes = message.match(CODE_IN_MESSAGE) ?? [];
    return codes.some(isTransientCode) ? "transient" : "permanent";
}
/** A network error code of Node or undici that says the connection, not the request, failed. */
function isTransientCode(raw) {
    const code = raw.toUpperCase();
    if (TRANSIENT_NETWORK_CODES.has(code))
        return true;
    return code.startsWith("UND_ERR_") && !PERMANENT_UNDICI_CODES.has(code);
}
const DEFAULT_RETRY_BASE_MS = 1_000;
const DEFAULT_RETRY_MAX_MS = 60_000;
/**
 * Milliseconds to wait before retrying after failed attempt number `attempt` (1 for the first
 * failure). Exponential backoff `baseMs * 2^(attempt-1)`, capped at `maxMs`, with "equal
 * jitter": half of it fixed, half scaled by `jitter`, so the wait is in [backoff/2, backoff].
 * A valid `Retry-After` (a finite number of 0 or more) is a floor: the result is never shorter,
 * and it is not cut to `maxMs` — a caller that cannot wait that long should give up rather than
 * retry early. An invalid `Retry-After` is ignored. Throws a `RangeError` for an attempt that is
 * not a positive whole number, a jitter outside [0, 1], or a negative or non-finite base/max.
 */
function retryDelayMs(attempt, opts) {
    const baseMs = opts.baseMs ?? DEFAULT_RETRY_BASE_MS;
    const maxMs = opts.maxMs ?? DEFAULT_RETRY_MAX_MS;
    if (!Number.isInteger(attempt) || attempt < 1) {
        throw new RangeError(`retryDelayMs: attempt must be a whole number of 1 or more, got ${attempt}`);
    }
    if (!(opts.jitter >= 0 && opts.jitter <= 1)) {
        throw new RangeError(`retryDelayMs: jitter must be between 0 and 1, got ${opts.jitter}`);
    }
    if (!(Number.isFinite(baseMs) && baseMs >= 0)) {
        throw new RangeError(`retryDelayMs: baseMs must be a finite number of 0 or more, got ${baseMs}`);
    }
    if (!(Number.isFinite(maxMs) && maxMs >= 0)) {
        throw new RangeError(`retryDelayMs: maxMs must be a finite number of 0 or more, got ${maxMs}`);
    }
    // 2^60 already overflows any sane cap; bounding the exponent keeps 0 * Infinity out.
    const backoff = Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 60));
    const delay = Math.round(backoff / 2 + (backoff / 2) * opts.jitter);
    // A negative Retry-After is ignored by the max (the delay is never negative).
    const retryAfter = opts.retryAfterSeconds ?? Number.NaN;
    return Number.isFinite(retryAfter) ? Math.max(delay, Math.ceil(retryAfter * 1000)) : delay;
}

;// CONCATENATED MODULE: ./src/core/agent-backoff.ts
/**
 * The pause between attempts after a transient agent error (rate limit, overload, a stalled
 * stream): exponential with jitter (`retryDelayMs`), never longer than the wall-clock budget
 * left. The wait counts as time, not money. Pure: the caller supplies the jitter.
 */

/** Delay before the first retry after a transient agent error, before jitter. */
const AGENT_BACKOFF_BASE_MS = 2_000;
/** Longest pause between two attempts, before the wall-clock bound. */
const AGENT_BACKOFF_MAX_MS = 60_000;
/**
 * How many attempts in a row, counting back from the last finished one, ended on a transient
 * agent error (0 when the last one did not).
 */
function transientStreak(attempts) {
    let streak = 0;
    for (let i = attempts.length - 1; i >= 0; i--) {
        const a = attempts[i];
        if (a.outcome !== "agent_error" || a.transient !== true)
            break;
        streak++;
    }
    return streak;
}
/**
 * Milliseconds to wait after the `streak`-th transient agent error in a row (1 for the first):
 * `retryDelayMs(streak)` with base `AGENT_BACKOFF_BASE_MS` and cap `AGENT_BACKOFF_MAX_MS`, cut to
 * `remainingMs` (never negative). 0 when `streak` is below 1 (nothing to back off from).
 */
function agentBackoffMs(input) {
    if (!(input.streak >= 1))
        return 0;
    const delay = retryDelayMs(Math.floor(input.streak), { baseMs: AGENT_BACKOFF_BASE_MS, maxMs: AGENT_BACKOFF_MAX_MS, jitter: input.jitter });
    return Math.max(0, Math.min(delay, Number.isFinite(input.remainingMs) ? input.remainingMs : 0));
}

// EXTERNAL MODULE: ./src/core/names.ts
var names = __webpack_require__(2483);
// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
// EXTERNAL MODULE: ./src/core/repo-path.ts
var repo_path = __webpack_require__(6135);
;// CONCATENATED MODULE: ./src/core/path-policy.ts
/**
 * The path policy: which files an attempt may change, and how much.
 *
 * Applied to the diff after every attempt, before any gate runs. The rules, in order:
 *
 * - **Unsafe paths** are refused outright and not matched against any glob: empty, absolute
 *   (`/x`, `C:/x`), containing a backslash, a control character (NUL included), a `..`, `.`
 *   or empty segment (`a//b`, `./a`, `a/`), or a `.git` segment (case-insensitively, so
 *   `.GIT/config` too). Git itself never reports such paths; a path that is not canonical
 *   could slip past a glob (`./.github/workflows/x.yml` is not matched by `.github/**`).
 * - **Forbidden** (`paths.forbidden`) wins over allowed. Matching is case-sensitive, and a path
 *   is *also* forbidden when it matches a forbidden glob ignoring case: on a case-insensitive
 *   filesystem (macOS, Windows) `.GitHub/Workflows/x.yml` is the same file as
 *   `.github/workflows/x.yml`. A forbidden glob also covers everything under a directory it
 *   matches (`secrets` forbids `secrets/key`), and a glob without a `/` matches a name at any
 *   depth (`*.pem` forbids `keys/a.pem`), as in `.gitignore`. Both widen what is refused,
 *   never what is allowed.
 * - **Allowed** (`paths.allowed`): the path itself must match a glob, case-sensitively, with
 *   neither widening (fail closed).
 * - **Lockfiles** (see `LOCKFILE_NAMES`, at any depth, name compared ignoring case) are
 *   refused unless `paths.allow_lockfile_changes`.
 * - **New binary files** are refused unless the path matches `paths.allowed_binaries` (globs
 *   matched like `paths.allowed`: the path itself, case-sensitively). Build artifacts (a test
 *   binary, a packed tarball) are what an agent leaves behind by accident.
 * - **New files over `paths.max_file_bytes`** are refused (text or binary), when the workspace
 *   reports the size (`bytes`).
 * - **Size**: the number of changed files against `paths.max_changed_files`, and the sum of
 *   added plus deleted lines over all files against `paths.max_changed_lines`. A binary file
 *   has no lines: it counts one line per started `BINARY_BYTES_PER_LINE` (64) bytes of its new
 *   size (about one line of source code), 0 when its size is unknown (a deletion). A count
 *   that is not a whole number of 0 or more fails closed.
 *
 * Each message names the key of `.github/foreman.yml` that would allow the change and the
 * value to give it. A refused attempt has its offending paths put back (`offendingPaths`).
 *
 * For a rename the new path is `path`; when the caller also supplies `previousPath`, it is checked
 * by the same rules (moving a workflow out of `.github/workflows` changes that directory).
 * Deletions are changes: deleting a forbidden file is a violation.
 *
 * Glob syntax is picomatch's with `{ dot: true }` and `windows: false` (always `/`-separated,
 * and picomatch does not look at the platform); a pattern ending in `/` means everything
 * under that directory, and a leading `./` or `/` is dropped. `protectedTouched` lists, sorted
 * and without duplicates, the paths matched by `paths.protected` with the forbidden rules
 * (case-insensitive, directories, names at any depth): more approvals, never fewer.
 */



/** File names that pin dependencies; changing one is refused unless `paths.allow_lockfile_changes`. */
const LOCKFILE_NAMES = [
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lockb",
    "bun.lock",
    "Cargo.lock",
    "go.sum",
    "uv.lock",
    "poetry.lock",
    "Pipfile.lock",
    "composer.lock",
    "Gemfile.lock",
    "pixi.lock",
    "go.work.sum",
    "pdm.lock",
    "mix.lock",
    "flake.lock",
    "conda-lock.yml",
    "packages.lock.json",
    "Package.resolved",
    "gradle.lockfile",
    "Podfile.lock",
    "pubspec.lock",
    "Manifest.toml",
    "deno.lock",
    "renv.lock",
    "Cartfile.resolved",
    "shard.lock",
    "stack.yaml.lock",
    "cabal.project.freeze",
    "rebar.lock",
    "gleam.lock",
    "paket.lock",
    "project.assets.json",
    "vcpkg-lock.json",
    "conan.lock",
    "MODULE.bazel.lock",
    "pants.lock",
    ".terraform.lock.hcl",
    "jsonnetfile.lock.json",
    "Chart.lock",
    "requirements.lock",
    "requirements-dev.lock",
];
/** A binary file has no lines: for `paths.max_changed_lines` it counts one line per started 64 bytes (about a line of source). */
const BINARY_BYTES_PER_LINE = 64;
/** Where the configuration that allows a refused change lives. */
const CONFIG_FILE = ".github/foreman.yml";
const PATH_VIOLATION_KINDS = (/* unused pure expression or super */ null && ([
    "forbidden",
    "not_allowed",
    "lockfile",
    "too_many_files",
    "too_many_lines",
    "unsafe_path",
    "binary_file",
    "file_too_large",
]));
/** Checks a diff against `paths`. Pure: never touches the filesystem. */
function checkPaths(files, paths) {
    const forbidden = compileGlobs(paths.forbidden, "paths.forbidden");
    const allowed = compileGlobs(paths.allowed, "paths.allowed");
    const protectedGlobs = compileGlobs(paths.protected, "paths.protected");
    const allowedBinaries = compileGlobs(paths.allowed_binaries, "paths.allowed_binaries");
    const lockfiles = new Set(LOCKFILE_NAMES.map((n) => n.toLowerCase()));
    const violations = [];
    const protectedTouched = new Set();
    let lines = 0;
    let binaryLines = 0;
    const badCounts = [];
    for (const file of files) {
        const names = file.previousPath !== undefined && file.previousPath !== file.path ? [file.path, file.previousPath] : [file.path];
        for (const path of names) {
            const unsafe = unsafeReason(path);
            if (unsafe !== null) {
                violations.push({
                    kind: "unsafe_path",
                    path,
                    message: `${quote(path)} is not a safe repository path (${unsafe}); no configuration allows it`,
                });
                continue;
            }
            const hit = forbidden.find((g) => coveredBy(path, g) !== null);
            if (hit) {
                const how = coveredBy(path, hit) === "nocase" ? ", matched ignoring case as a case-insensitive filesystem would" : "";
                violations.push({
                    kind: "forbidden",
                    path,
                    message: `${quote(path)} is forbidden by paths.forbidden (${quote(hit.pattern)}${how}); to allow it, remove ${quote(hit.pattern)} from paths.forbidden in ${CONFIG_FILE}`,
                });
            }
            else if (!allowed.some((g) => g.exact(path))) {
                violations.push({
                    kind: "not_allowed",
                    path,
                    message: allowed.length === 0
                        ? `${quote(path)} is not allowed: paths.allowed is empty; add a glob to paths.allowed to permit it (e.g. ${quote(path)} in ${CONFIG_FILE})`
                        : `${quote(path)} is not matched by paths.allowed (${allowed.map((g) => quote(g.pattern)).join(", ")}); add a glob to paths.allowed to permit it (e.g. ${quote(path)} in ${CONFIG_FILE})`,
                });
            }
            if (!paths.allow_lockfile_changes && lockfiles.has(basename(path).toLowerCase())) {
                violations.push({
                    kind: "lockfile",
                    path,
                    message: `${quote(path)} is a lockfile; set paths.allow_lockfile_changes: true in ${CONFIG_FILE} to allow lockfile changes`,
                });
            }
            if (protectedGlobs.some((g) => coveredBy(path, g) !== null))
                protectedTouched.add(path);
        }
        const bytes = file.bytes;
        const size = bytes !== undefined && Number.isSafeInteger(bytes) && bytes >= 0 ? bytes : undefined;
        if (bytes !== undefined && size === undefined)
            badCounts.push(`${quote(file.path)} has bytes ${String(bytes)}`);
        if (file.change === "A" && unsafeReason(file.path) === null) {
            if (file.binary && !allowedBinaries.some((g) => g.exact(file.path))) {
                violations.push({
                    kind: "binary_file",
                    path: file.path,
                    message: `${quote(file.path)} is a new binary file${size === undefined ? "" : ` (${size} bytes)`}, not matched by paths.allowed_binaries; build artifacts do not belong in the change. To allow it, add ${quote(file.path)} (or a glob such as ${quote(binaryGlobFor(file.path))}) to paths.allowed_binaries in ${CONFIG_FILE}${size !== undefined && size > paths.max_file_bytes ? `, and set paths.max_file_bytes to ${size} or more (it is over ${paths.max_file_bytes})` : ""}`,
                });
            }
            if (size !== undefined && size > paths.max_file_bytes) {
                violations.push({
                    kind: "file_too_large",
                    path: file.path,
                    message: `${quote(file.path)} is a new file of ${size} bytes, more than paths.max_file_bytes (${paths.max_file_bytes}); to allow it, set paths.max_file_bytes to ${size} or more in ${CONFIG_FILE}`,
                });
            }
        }
        if (file.binary) {
            // A binary file has no lines: its size stands for them (numstat reports `-`, counted as 0).
            const n = size === undefined ? 0 : Math.ceil(size / BINARY_BYTES_PER_LINE);
            binaryLines += n;
            lines += n;
            continue;
        }
        for (const [what, n] of [
            ["additions", file.additions],
            ["deletions", file.deletions],
        ]) {
            if (Number.isSafeInteger(n) && n >= 0)
                lines += n;
            else
                badCounts.push(`${quote(file.path)} has ${what} ${String(n)}`);
        }
    }
    if (files.length > paths.max_changed_files) {
        violations.push({
            kind: "too_many_files",
            message: `${files.length} files changed, more than paths.max_changed_files (${paths.max_changed_files}); make the change smaller, split the task, or set paths.max_changed_files to ${files.length} or more in ${CONFIG_FILE}`,
        });
    }
    if (badCounts.length > 0) {
        violations.push({
            kind: "too_many_lines",
            message: `changed lines cannot be counted (${badCounts.join("; ")}), so paths.max_changed_lines (${paths.max_changed_lines}) cannot be checked`,
        });
    }
    else if (lines > paths.max_changed_lines) {
        const binary = binaryLines > 0 ? `, of which ${binaryLines} for binary files at one line per ${BINARY_BYTES_PER_LINE} bytes` : "";
        violations.push({
            kind: "too_many_lines",
            message: `${lines} lines changed (added plus deleted${binary}), more than paths.max_changed_lines (${paths.max_changed_lines}); make the change smaller, split the task, or set paths.max_changed_lines to ${lines} or more in ${CONFIG_FILE}`,
        });
    }
    return { ok: violations.length === 0, violations, protectedTouched: [...protectedTouched].sort() };
}
/**
 * The paths a refused attempt has put back as they are in the base: every path a violation
 * names (both names of a rename, so a move is undone whole), sorted, without duplicates. The
 * size limits name no path (the change stays, the agent is told to make it smaller), and an
 * unsafe path is never handed to git.
 */
function offendingPaths(files, violations) {
    const named = new Set();
    for (const v of violations)
        if (v.path !== undefined && v.kind !== "unsafe_path")
            named.add(v.path);
    const out = new Set();
    for (const file of files) {
        const names = file.previousPath === undefined ? [file.path] : [file.path, file.previousPath];
        if (names.some((n) => named.has(n)))
            for (const n of names)
                if (unsafeReason(n) === null)
                    out.add(n);
    }
    return [...out].sort();
}
/** A glob suggested for allowing a binary: the same extension in the same directory (or the file itself). */
function binaryGlobFor(path) {
    const name = basename(path);
    const dot = name.lastIndexOf(".");
    const dir = path.slice(0, path.length - name.length);
    return dot > 0 ? `${dir}*${name.slice(dot)}` : path;
}
/** Why `path` is not a canonical, repository-relative path, or null when it is one. */
function unsafeReason(path) {
    const problem = (0,repo_path/* repoPathProblem */.J)(path);
    return problem === null ? null : UNSAFE_REASONS[problem];
}
/** How the path policy words each problem of {@link repoPathProblem}. */
const UNSAFE_REASONS = {
    empty: "empty",
    control_character: "contains a control character",
    backslash: "contains a backslash",
    absolute: "absolute",
    parent_segment: "contains a .. segment",
    not_canonical: "not canonical (empty or . segment)",
    inside_git: "inside .git",
};
function compileGlobs(patterns, key) {
    return patterns.map((pattern, i) => {
        let p = pattern;
        while (p.startsWith("./"))
            p = p.slice(2);
        if (p.startsWith("/"))
            p = p.slice(1);
        const anyDepth = !p.replace(/\/+$/, "").includes("/");
        // `dir/` and `dir//` alike mean everything under `dir` (picomatch matches nothing with `dir//**`).
        if (p.endsWith("/"))
            p = `${p.replace(/\/+$/, "")}/**`;
        try {
            return {
                pattern,
                exact: picomatch_default()(p, { dot: true, windows: false }),
                nocase: picomatch_default()(p, { dot: true, nocase: true, windows: false }),
                anyDepth,
            };
        }
        catch (cause) {
            const reason = cause instanceof Error ? cause.message : String(cause);
            throw new errors/* ConfigError */.xL([{ path: `${key}[${i}]`, message: `not a usable glob pattern (${reason})` }], { cause });
        }
    });
}
/**
 * Whether `glob` covers `path` in the widening sense used for forbidden and protected paths:
 * `exact` when it does case-sensitively, `nocase` when only ignoring case, else null.
 */
function coveredBy(path, glob) {
    const segments = path.split("/");
    const candidates = [];
    for (let i = segments.length; i >= 1; i--)
        candidates.push(segments.slice(0, i).join("/"));
    if (glob.anyDepth)
        candidates.push(...segments);
    if (candidates.some((c) => glob.exact(c)))
        return "exact";
    if (candidates.some((c) => glob.nocase(c)))
        return "nocase";
    return null;
}
function basename(path) {
    return path.slice(path.lastIndexOf("/") + 1);
}
function quote(s) {
    return JSON.stringify(s);
}

// EXTERNAL MODULE: ./src/core/sanitize.ts
var sanitize = __webpack_require__(9528);
;// CONCATENATED MODULE: ./src/core/reconcile.ts
/**
 * The ledger is the truth: a session snapshot is checked against the session's ledger before a
 * run does anything with it. The snapshot is a materialized view (state.ts) and every engine
 * step appends to the ledger before it saves the snapshot, so a snapshot may lag the ledger (a
 * run died in between) but never lead it. A snapshot restored from an older copy, or edited
 * (`ended/succeeded`, `spent.costUsd: 0`), must never be believed: it would re-run finished
 * attempts and pay twice, or hide what was spent.
 *
 * `reconcile` decides, purely:
 * - `consistent`: the snapshot agrees with the ledger (or only lags it in the one way recovery
 *   handles: an open attempt the ledger saw finish);
 * - `rebuilt`: they disagree and the ledger alone determines the attempts, their outcomes and
 *   the spend: the returned state is the snapshot with those taken from the ledger;
 * - `refused`: the snapshot records attempts the ledger does not have. Either the ledger lost
 *   lines or the snapshot was forged: a person must restore one of them (`restore` says which).
 */


/** The snapshot disagrees with the ledger in a way only a person can settle: one of them must be restored. */
class SnapshotMismatchError extends errors/* ForemanError */.Vy {
    sessionId;
    restore;
    problems;
    name = "SnapshotMismatchError";
    kind = "corrupt";
    constructor(sessionId, 
    /** Which record to restore from a backup. The adapter knows its file (local: `ledger.jsonl`). */
    restore, problems, options) {
        super(`Session ${sessionId}: its saved state disagrees with its ledger (${problems.join("; ")}). ` +
            `The ${restore} lacks what the state records: restore the session's ${restore} from a backup, or cancel the session.`, options);
        this.sessionId = sessionId;
        this.restore = restore;
        this.problems = problems;
    }
}
/** The ledger's attempts, by number: the first `attempt_started` of a number counts, a finish wins over an interruption, the first interruption over later ones. */
function ledgerAttempts(entries) {
    const byN = new Map();
    const get = (n, startedAt) => {
        const found = byN.get(n);
        if (found !== undefined)
            return found;
        const made = { n, startedAt };
        byN.set(n, made);
        return made;
    };
    for (const e of entries) {
        if (e.type === "attempt_started")
            get(e.n, e.at);
        else if (e.type === "attempt_finished") {
            const a = get(e.attempt.n, e.attempt.startedAt);
            a.closed = { ...e.attempt, startedAt: a.startedAt };
        }
        else if (e.type === "attempt_interrupted") {
            const a = get(e.n, e.at);
            // As recovery does: a finish wins, and the first interruption recorded is the one counted.
            if (a.closed !== undefined)
                continue;
            a.closed = {
                n: e.n,
                startedAt: a.startedAt,
                finishedAt: e.at,
                outcome: "interrupted",
                durationMs: e.durationMs,
                costUsd: e.costUsd,
                ...(e.costAssumed === false ? {} : { costAssumed: true }),
            };
        }
    }
    return byN;
}
/** Checks the snapshot against the ledger (every entry of the session, in order). */
function reconcile(state, entries) {
    const ledger = ledgerAttempts(entries);
    const ahead = [];
    const problems = [];
    for (const a of state.attempts) {
        const l = ledger.get(a.n);
        if (l === undefined)
            ahead.push(`the state records attempt ${a.n}, the ledger has no such attempt`);
        else if (a.finishedAt !== undefined && l.closed === undefined)
            ahead.push(`the state records attempt ${a.n} as ended, the ledger has it open`);
        else if (a.finishedAt !== undefined && l.closed !== undefined && !sameAccount(a, l.closed)) {
            problems.push(`attempt ${a.n}: the state says ${describe(a)}, the ledger ${describe(l.closed)}`);
        }
    }
    if (ahead.length > 0)
        return { kind: "refused", restore: "ledger", problems: ahead };
    const known = new Set(state.attempts.map((a) => a.n));
    const folded = state.compacted;
    const inFolded = (n) => folded !== null && n >= folded.firstN && n <= folded.lastN;
    const missing = [...ledger.keys()].filter((n) => !known.has(n) && !inFolded(n)).sort((x, y) => x - y);
    if (missing.length > 0)
        problems.push(`the ledger has attempt${missing.length > 1 ? "s" : ""} ${missing.join(", ")} that the state lacks`);
    // Rebuilt attempts: every attempt of the ledger, each as the ledger closed it; an attempt the
    // state has open while the ledger closed it stays open (recovery keeps the ledger's verdict).
    const attempts = [...ledger.values()]
        .sort((x, y) => x.n - y.n)
        .map((l) => {
        const mine = state.attempts.find((a) => a.n === l.n);
        if (mine !== undefined && mine.finishedAt === undefined)
            return mine;
        return l.closed ?? { n: l.n, startedAt: l.startedAt };
    });
    const spent = spentOf(attempts);
    if (folded !== null) {
        const foldedLedger = attempts.filter((a) => inFolded(a.n));
        const foldedSpend = spentOf(foldedLedger);
        if (foldedLedger.length !== folded.count || micro(foldedSpend.costUsd) !== micro(folded.costUsd)) {
            problems.push(`the state's ${folded.count} compacted attempts disagree with the ledger's ${foldedLedger.length}`);
        }
    }
    if (problems.length === 0 && !sameSpend(state.spent, spent)) {
        problems.push(`the state counts ${formatSpend(state.spent)}, the ledger ${formatSpend(spent)}`);
    }
    const ended = entries.filter((e) => e.type === "session_ended").at(0);
    if (ended?.type === "session_ended" && (state.status !== "ended" || state.reason !== ended.reason)) {
        problems.push(`the state is ${state.status}${state.reason === null ? "" : ` (${state.reason})`}, the ledger ended it ${ended.reason}`);
    }
    const rebuiltBase = problems.length === 0 ? state : { ...state, attempts, spent, compacted: null };
    if (ended === undefined && claimsPass(state) && (0,decide/* lastVerdict */.Yw)(rebuiltBase)?.outcome !== "passed") {
        problems.push(`the state is ${state.status}${state.reason === null ? "" : ` (${state.reason})`} but no attempt in the ledger passed last`);
    }
    if (problems.length === 0)
        return { kind: "consistent" };
    return { kind: "rebuilt", state: reconcile_withStatus(state, { ...state, attempts, spent, compacted: null }, ended), problems };
}
/** The status of the rebuilt state: the ledger's end if it recorded one, else the snapshot's where the attempts allow it. */
function reconcile_withStatus(original, rebuilt, ended) {
    if (ended !== undefined) {
        // `session_ended` is appended after the single report was posted.
        return { ...rebuilt, status: "ended", reason: ended.reason, endedAt: ended.at, reportedAt: original.reportedAt ?? ended.at };
    }
    const last = rebuilt.attempts.at(-1);
    if (last !== undefined && last.finishedAt === undefined) {
        // An ended session (a `/cancel` while the attempt was open) only absorbs the attempt's charge;
        // any other one is running, so that recovery interrupts the attempt and charges it.
        if (original.status === "ended" && original.reason !== "succeeded")
            return rebuilt;
        return claimsPass(original) ? unended(rebuilt, "running") : { ...rebuilt, status: "running" };
    }
    // A pass the ledger does not show is not believed: the session waits for a person to resume or cancel it.
    if (claimsPass(original) && (0,decide/* lastVerdict */.Yw)(rebuilt)?.outcome !== "passed")
        return unended(rebuilt, "interrupted");
    return rebuilt;
}
/** The snapshot says the last attempt passed: published, or waiting for or holding an approval. */
function claimsPass(state) {
    return (state.status === "ended" && state.reason === "succeeded") || state.status === "awaiting_approval" || state.status === "approved";
}
function unended(state, status) {
    const { endedAt: _endedAt, reportedAt: _reportedAt, approval: _approval, ...rest } = state;
    return { ...rest, status, reason: null };
}
function sameAccount(a, b) {
    return (a.outcome === b.outcome &&
        micro(a.costUsd ?? 0) === micro(b.costUsd ?? 0) &&
        a.durationMs === b.durationMs &&
        (a.costAssumed === true) === (b.costAssumed === true));
}
function spentOf(attempts) {
    let costMicro = 0;
    let durationMs = 0;
    let count = 0;
    for (const a of attempts) {
        if (a.finishedAt === undefined)
            continue;
        costMicro += micro(a.costUsd ?? 0);
        durationMs += a.durationMs ?? 0;
        count += 1;
    }
    return { costUsd: costMicro / 1e6, durationMs, attempts: count };
}
function sameSpend(a, b) {
    return micro(a.costUsd) === micro(b.costUsd) && a.durationMs === b.durationMs && a.attempts === b.attempts;
}
function micro(usd) {
    return Math.round(usd * 1e6);
}
function describe(a) {
    return `${a.outcome ?? "open"}, ${(a.costUsd ?? 0).toFixed(2)} USD${a.costAssumed === true ? " (assumed)" : ""}, ${a.durationMs ?? 0} ms`;
}
function formatSpend(s) {
    return `${s.attempts} attempts, ${s.costUsd.toFixed(2)} USD, ${s.durationMs} ms`;
}

// EXTERNAL MODULE: ./src/core/state-machine.ts
var state_machine = __webpack_require__(1290);
;// CONCATENATED MODULE: ./src/core/recovery.ts

/**
 * Accounting of the open attempt of a session whose run stopped or died:
 * - the ledger's `attempt_finished` of the open attempt wins: that verdict is kept;
 * - else a recorded `attempt_interrupted` is reused as it is (no second entry);
 * - else the duration is what the live run measured, or the time since the attempt started,
 *   clamped to what remains of the wall-clock budget (the agent's timeout); the cost is the one
 *   reported, else the one recorded before the gates (`attempt_diffed`), else the larger of what
 *   an orphan of a dead run reported and the assumed cost (it may have spent more after), else
 *   the assumed cost;
 * - the tree kept before the gates (`attempt_diffed.keptRef`) is the interrupted attempt's kept
 *   work, unless the stopping run kept a newer one (the engine's own interrupt says so).
 * A running session is then interrupted; an ended one (a `/cancel` that came while the attempt
 * was open) only absorbs the charge.
 */
function recoverOpenAttempt(input) {
    const { state, entries } = input;
    const at = new Date(input.nowMs).toISOString();
    const interruptRun = (charge) => state.status === "running" || charge !== undefined
        ? [{ type: "run_interrupted", at, ...(charge === undefined ? {} : { openAttempt: charge }) }]
        : [];
    const open = (0,state_machine/* openAttempt */.Eu)(state);
    if (!open)
        return { kind: "no_open_attempt", events: interruptRun() };
    const n = open.n;
    const live = input.live !== undefined;
    const ofAttempt = entries.filter((e) => "n" in e && e.n === n);
    // A live run's children were stopped with it; a dead run's may still be running.
    const stopOrphans = live ? [] : ofAttempt.flatMap((e) => (e.type === "process_started" ? [e.handle] : []));
    const finished = entries.find((e) => e.type === "attempt_finished" && e.attempt.n === n);
    if (finished?.type === "attempt_finished") {
        const verdict = finished.attempt;
        return {
            kind: "finished",
            n,
            stopOrphans,
            verdict,
            events: [{ type: "attempt_finished", at: verdict.finishedAt ?? at, attempt: verdict }, ...interruptRun()],
        };
    }
    const diffed = ofAttempt.filter((e) => e.type === "attempt_diffed").at(-1);
    const restoreTree = !live && diffed?.type === "attempt_diffed" ? diffed.hash : null;
    const recorded = ofAttempt.find((e) => e.type === "attempt_interrupted");
    const charge = chargeOf(input, open, recorded?.type === "attempt_interrupted" ? recorded : undefined, diffed?.type === "attempt_diffed" ? diffed : undefined);
    const append = recorded === undefined
        ? {
            type: "attempt_interrupted",
            sessionId: state.sessionId,
            n,
            at,
            durationMs: charge.durationMs,
            costUsd: charge.costUsd,
            costAssumed: charge.costAssumed,
        }
        : null;
    return { kind: "interrupted", n, stopOrphans, restoreTree, charge, append, events: interruptRun(charge) };
}
function chargeOf(input, open, recorded, diffed) {
    // The agent's tree, kept before the gates, is where a later attempt resumes from.
    const kept = diffed?.keptRef === undefined ? {} : { keptRef: diffed.keptRef };
    // An entry written before `costAssumed` existed counts as assumed (fail closed).
    if (recorded !== undefined)
        return { durationMs: recorded.durationMs, costUsd: recorded.costUsd, costAssumed: recorded.costAssumed ?? true, ...kept };
    const cost = input.live?.cost ?? (diffed === undefined ? orphanCost(input) : { costUsd: diffed.costUsd, assumed: diffed.costAssumed });
    const remainingMs = Math.max(0, input.state.budget.minutes * 60_000 - input.state.spent.durationMs);
    const measured = input.live?.durationMs ?? input.nowMs - Date.parse(open.startedAt);
    return {
        durationMs: Math.round(Math.max(0, Math.min(measured, remainingMs))),
        costUsd: cost.costUsd,
        costAssumed: cost.assumed,
        ...kept,
    };
}
/** The cost of an attempt nobody recorded one for: the larger of an orphan's report and the assumed cost. */
function orphanCost(input) {
    const reported = input.live === undefined ? input.orphanReport?.costUsd : undefined;
    if (reported !== undefined && reported > input.assumedAttemptUsd)
        return { costUsd: reported, assumed: false };
    return { costUsd: input.assumedAttemptUsd, assumed: true };
}

;// CONCATENATED MODULE: ./src/core/refusal-text.ts
/** Slash commands and the `foreman` command that does the same locally. */
const LOCAL_VERB = {
    approve: "foreman approve",
    reject: "foreman reject",
    retry: "foreman resume",
    cancel: "foreman cancel",
    status: "foreman status",
    help: "foreman --help",
    budget: "budget.per_run in the configuration",
};
const TRIGGER_LABEL_HINT = "Add the trigger label again to start a new session.";
const LOCAL_RESTART_HINT = "Start a new session with foreman run --task FILE.";
function refusalText(message, surface) {
    if (surface === "github")
        return message;
    return message
        .replaceAll(TRIGGER_LABEL_HINT, LOCAL_RESTART_HINT)
        .replace(/(^|[\s(`"])\/(approve|reject|retry|cancel|status|help|budget)\b/g, (_m, before, verb) => `${before}${LOCAL_VERB[verb]}`);
}

// EXTERNAL MODULE: ./src/core/state.ts
var core_state = __webpack_require__(7066);
// EXTERNAL MODULE: ./src/core/text-caps.ts
var text_caps = __webpack_require__(424);
;// CONCATENATED MODULE: ./src/core/cost-basis.ts
/**
 * What an attempt costs against the budgets, and why: cost is never invented and never lost.
 * A reported cost counts as reported; an agent whose own output proves that no model response
 * was billed (it failed before any response arrived) counts 0; anything else unknown counts the
 * configured assumed cost (fail closed).
 */

/**
 * The charge for one attempt from what the preset read: `reported` when the agent reported a
 * finite cost of 0 or more (even if it also said nothing was billed: a figure beats a claim),
 * else `not_billed` (0) when `notBilled` is true, else `assumed` (`budget.assumed_attempt_usd`).
 */
function attemptCharge(parsed, config) {
    const cost = (0,core_budget/* attemptCost */.BB)(parsed.costUsd, config);
    if (!cost.assumed)
        return { ...cost, basis: "reported" };
    if (parsed.notBilled === true)
        return { costUsd: 0, assumed: false, basis: "not_billed" };
    return { ...cost, basis: "assumed" };
}

// EXTERNAL MODULE: ./src/core/environment.ts
var environment = __webpack_require__(6738);
// EXTERNAL MODULE: ./src/core/task.ts + 1 modules
var task = __webpack_require__(5768);
// EXTERNAL MODULE: ./src/loop/attempt-plan-gates.ts
var attempt_plan_gates = __webpack_require__(9342);
;// CONCATENATED MODULE: ./src/loop/attempt-read-diff.ts
async function readDiff(workspace) {
    const diff = await workspace.diff();
    const diffStats = {
        files: diff.files.length,
        additions: diff.files.reduce((t, f) => t + f.additions, 0),
        deletions: diff.files.reduce((t, f) => t + f.deletions, 0),
    };
    return { diff, diffStats };
}

;// CONCATENATED MODULE: ./src/loop/attempt-refuse.ts
/**
 * Step 3b of an attempt: the path policy refused the change. The refusal ends the attempt, not
 * the session: the offending paths (core `offendingPaths`) are put back as they are in the
 * base, so nothing refused stays in the working copy the next attempt starts from, and the
 * next attempt is told exactly what was refused, why, and what was put back.
 */


async function refuseChange(workspace, n, diff, violations) {
    const reverted = offendingPaths(diff.files, violations);
    if (reverted.length > 0)
        await workspace.revertPaths(reverted);
    const what = reverted.length > 0 ? `; put back as in the base: ${reverted.join(", ")}` : "";
    return {
        reverted,
        nextFeedback: (0,task/* renderPolicyFeedback */.MT)(n, violations, reverted),
        note: `Attempt ${n}: the path policy refused the change (${violations.length} problem${violations.length === 1 ? "" : "s"})${what}. The next attempt is told why.`,
    };
}

// EXTERNAL MODULE: ./src/loop/attempt-run-agent.ts
var attempt_run_agent = __webpack_require__(7115);
// EXTERNAL MODULE: ./src/loop/attempt-logs.ts
var attempt_logs = __webpack_require__(4864);
;// CONCATENATED MODULE: ./src/loop/gates.ts
/**
 * Runs the planned gates in the working copy. Gates run code the agent wrote: they get the
 * scrubbed environment, no shell, a timeout bounded by the remaining budget, and the tree is
 * put back exactly as the agent left it if a gate writes to it.
 */

async function runGates(input) {
    const out = { results: [], failures: [], dirtied: false, aborted: false };
    try {
        for (const [index, gate] of input.gates.entries()) {
            const timeoutMs = input.remainingMs();
            if (timeoutMs <= 0) {
                out.results.push({ name: gate.name, root: gate.root, ok: false, exitCode: null, durationMs: 0 });
                out.failures.push({ name: gate.name, root: gate.root, exitCode: null, timedOut: true, output: "Not run: the wall-clock budget is used up." });
                continue;
            }
            const r = await input.runner.run({
                argv: gate.argv,
                cwd: external_node_path_default().join(input.workspace.dir, gate.root),
                env: { ...input.env, ...gate.env },
                timeoutMs,
                signal: input.signal,
                onStart: input.onStart,
                ...(input.onOutput === undefined
                    ? {}
                    : { onOutput: (_stream, text) => input.onOutput?.(`gate ${gate.name}`, text) }),
            });
            await input.keepOutput?.(index, gate, [r.stdout, r.stderr].filter((s) => s.length > 0).join("\n"));
            if (r.aborted) {
                out.aborted = true;
                return out;
            }
            const ok = r.exitCode === 0 && !r.timedOut;
            out.results.push({ name: gate.name, root: gate.root, ok, exitCode: r.exitCode, durationMs: Math.round(r.durationMs) });
            if (!ok) {
                out.failures.push({
                    name: gate.name,
                    root: gate.root,
                    exitCode: r.exitCode,
                    timedOut: r.timedOut,
                    signal: r.signal,
                    output: [r.stdout, r.stderr].filter((s) => s.length > 0).join("\n"),
                });
            }
        }
    }
    finally {
        // Gates must not change what is judged or published: put the agent's tree back if they did,
        // also when the run is being stopped. Checked once after all gates (one git call).
        if (input.gates.length > 0 && !(await input.workspace.isClean(input.treeHash))) {
            out.dirtied = true;
            await input.workspace.restore(input.treeHash);
        }
    }
    return out;
}

// EXTERNAL MODULE: ./src/core/setup-plan.ts
var setup_plan = __webpack_require__(5952);
;// CONCATENATED MODULE: ./src/loop/setup.ts
/**
 * Dependency setup, run by the loop: installs what the gates need (the core's `planSetup`)
 * before attempt 1, and again only when an attempt changed a manifest or a lockfile. It is
 * Foreman's work, not the agent's: what it installs is kept out of the diff (`Workspace.ignore`),
 * anything else it writes (a rewritten lockfile) is put back before the diff is judged, and it
 * is reported apart from the attempts (time, outcome), never as a cost.
 *
 * Steps run through the same ProcessRunner, scrubbed environment and sandbox as the gates. The
 * sandbox shares the network (`src/local/sandbox.ts`), which installs need.
 */



/** Command availability Foreman probes itself (`uv`, which changes the plan). */
const PROBED = ["uv"];
class DependencySetup {
    deps;
    /** Step key → fingerprint of its inputs when it last succeeded. */
    installed = new Map();
    /** Step key → its last failed run, with the fingerprint it failed on. */
    failures = new Map();
    availability = new Map();
    totalMs = 0;
    runs = 0;
    lastSteps = [];
    lastOk = true;
    constructor(deps) {
        this.deps = deps;
    }
    /** Whether a probed command is installed (answers only after `probe`; unknown counts as installed). */
    available = (command) => this.availability.get(command) ?? true;
    /** Finds out whether the commands that change plans exist (once per run), when the tree could use them. */
    async probe(files) {
        if (!files.some((f) => external_node_path_default().posix.basename(f) === "uv.lock"))
            return;
        for (const command of PROBED) {
            if (this.availability.has(command))
                continue;
            const r = await this.deps.runner.run({ argv: [command, "--version"], cwd: this.deps.workspace.dir, env: this.deps.env, timeoutMs: 15_000 });
            this.availability.set(command, r.exitCode === 0);
        }
    }
    /**
     * Runs the steps the gates in `roots` need whose inputs changed since they last succeeded
     * (all of them the first time), then puts back the tree `treeHash` if a step wrote to it.
     */
    async prepare(input) {
        const started = this.deps.clock.now();
        await this.probe(input.planFiles.files);
        const steps = (0,setup_plan/* planSetup */.dx)({
            files: input.planFiles.files,
            readFile: input.planFiles.readFile,
            roots: input.roots,
            setup: this.deps.config.setup,
            available: this.available,
        });
        const out = { ran: [], failed: [], durationMs: 0, aborted: false, restored: false };
        const todo = steps.filter((s) => this.installed.get(key(s)) !== fingerprint(s, input.planFiles));
        if (todo.length > 0 && this.deps.workspace.ignore !== undefined) {
            await this.deps.workspace.ignore([
                ...new Set([...todo.flatMap((s) => s.produces), ...(this.deps.config.sandbox === "off" ? [] : [`/${SANDBOX_CACHE_DIR}/`])]),
            ]);
        }
        try {
            for (const step of todo) {
                const print = fingerprint(step, input.planFiles);
                const timeoutMs = input.remainingMs - (this.deps.clock.now() - started);
                const r = timeoutMs <= 0
                    ? {
                        exitCode: null,
                        signal: null,
                        timedOut: true,
                        aborted: false,
                        stdout: "",
                        stderr: "Not run: the wall-clock budget is used up.",
                        durationMs: 0,
                    }
                    : await this.deps.runner.run({
                        argv: step.argv,
                        cwd: external_node_path_default().join(this.deps.workspace.dir, step.root),
                        env: { ...this.deps.env, ...QUIET_INSTALL_ENV, ...cacheEnv(this.deps), CI: "true" },
                        timeoutMs,
                        signal: input.signal,
                        ...(this.deps.onStart === undefined ? {} : { onStart: this.deps.onStart }),
                        ...(this.deps.onOutput === undefined
                            ? {}
                            : { onOutput: (_stream, text) => this.deps.onOutput?.(`setup ${step.name}`, text) }),
                    });
                const output = [r.stdout, r.stderr].filter((s) => s.length > 0).join("\n");
                await this.deps.keepOutput?.(step, `$ ${step.argv.join(" ")}  (in ${step.root})\n${output}`);
                if (r.aborted) {
                    out.aborted = true;
                    break;
                }
                const run = {
                    step,
                    ok: r.exitCode === 0 && !r.timedOut,
                    exitCode: r.exitCode,
                    signal: r.signal,
                    timedOut: r.timedOut,
                    durationMs: Math.round(r.durationMs),
                    output,
                };
                out.ran.push(run);
                if (run.ok) {
                    this.installed.set(key(step), print);
                    this.failures.delete(key(step));
                }
                else {
                    this.installed.delete(key(step));
                    this.failures.set(key(step), { fingerprint: print, run });
                }
            }
        }
        finally {
            if (todo.length > 0 && !(await this.deps.workspace.isClean(input.treeHash))) {
                await this.deps.workspace.restore(input.treeHash);
                out.restored = true;
            }
        }
        out.failed = steps.flatMap((s) => {
            const f = this.failures.get(key(s));
            return f === undefined ? [] : [f.run];
        });
        out.durationMs = Math.round(this.deps.clock.now() - started);
        if (out.ran.length > 0) {
            this.runs++;
            this.totalMs += out.durationMs;
            this.lastSteps = out.ran.map((r) => ({
                root: r.step.root.slice(0, text_caps/* TEXT_CAPS */.W.gateRoot),
                command: r.step.name.slice(0, text_caps/* TEXT_CAPS */.W.gateName),
                ok: r.ok,
                exitCode: r.exitCode,
                durationMs: r.durationMs,
            }));
            this.lastOk = out.ran.every((r) => r.ok);
        }
        return out;
    }
    /**
     * The record for the session state: what ran since the last call added to `previous` (what
     * was recorded so far, by this run or earlier ones); `previous` itself when nothing ran since.
     */
    record(previous) {
        if (this.runs === 0)
            return previous;
        const next = {
            ...(previous ?? {}),
            runs: (previous?.runs ?? 0) + this.runs,
            durationMs: (previous?.durationMs ?? 0) + this.totalMs,
            ok: this.lastOk,
            steps: this.lastSteps.slice(0, text_caps/* TEXT_CAPS */.W.gates),
        };
        this.runs = 0;
        this.totalMs = 0;
        return next;
    }
    /** Gates that depend on a failed step are not run: they fail with the step's output instead. */
    static split(gates, failed) {
        const run = [];
        const blocked = [];
        for (const gate of gates) {
            const cause = failed.find((f) => (0,setup_plan/* stepsForGate */.mK)(gate.root, [f.step]).length > 0);
            if (cause === undefined)
                run.push(gate);
            else {
                blocked.push({
                    name: gate.name,
                    root: gate.root,
                    exitCode: cause.exitCode,
                    timedOut: cause.timedOut,
                    output: `Not run: setup step \`${cause.step.name}\` in \`${cause.step.root}\` failed (exit ${cause.exitCode ?? "none"}).\n${cause.output}`,
                });
            }
        }
        return { run, blocked };
    }
}
/** An install asks the registry for nothing but packages: no audit report, no funding notice, no update check. */
const QUIET_INSTALL_ENV = {
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
};
/** Where package managers keep their download cache inside a sandbox, whose HOME is read-only (kept out of the diff). */
const SANDBOX_CACHE_DIR = ".foreman-cache";
/** In a sandbox the home directory cannot be written: the caches go to a directory of the working copy. */
function cacheEnv(deps) {
    if (deps.config.sandbox === "off")
        return {};
    const dir = external_node_path_default().join(deps.workspace.dir, SANDBOX_CACHE_DIR);
    return {
        npm_config_cache: external_node_path_default().join(dir, "npm"),
        YARN_CACHE_FOLDER: external_node_path_default().join(dir, "yarn"),
        npm_config_store_dir: external_node_path_default().join(dir, "pnpm"),
        BUN_INSTALL_CACHE_DIR: external_node_path_default().join(dir, "bun"),
        UV_CACHE_DIR: external_node_path_default().join(dir, "uv"),
    };
}
function key(step) {
    return `${step.root}\0${step.argv.join("\0")}`;
}
/** The content of the step's inputs: equal contents, no need to install again. */
function fingerprint(step, files) {
    return step.inputs.map((p) => `${p}\0${files.readFile(p) ?? "\u0001missing"}`).join("\0");
}

;// CONCATENATED MODULE: ./src/loop/attempt.ts












async function runAttempt(deps, req) {
    const started = deps.clock.now();
    const elapsed = () => deps.clock.now() - started;
    const agent = await (0,attempt_run_agent/* runAgent */.JN)({ ...req, ...deps });
    if (agent.aborted)
        return { aborted: true, durationMs: elapsed() };
    const { run, parsed } = agent;
    const cost = attemptCharge(parsed, req.config);
    const { diff, diffStats } = await readDiff(deps.workspace);
    if (diff.files.length > 0)
        await (0,attempt_logs/* keepLog */.Ob)(deps.files, req.n, "diff.patch", () => deps.workspace.patch(diff.hash));
    const report = (fields) => ({
        aborted: false,
        costUsd: cost.costUsd,
        costAssumed: cost.assumed,
        costBasis: cost.basis,
        ...(parsed.deniedTools === undefined || parsed.deniedTools.length === 0 ? {} : { deniedTools: parsed.deniedTools }),
        ...(parsed.tokens === undefined ? {} : { tokens: parsed.tokens }),
        summary: parsed.summary,
        gates: [],
        protectedTouched: [],
        notes: [],
        diff,
        diffStats,
        ...fields,
        durationMs: elapsed(),
    });
    if (!parsed.ok || run.timedOut || run.idle === true) {
        const failure = agentFailure(agent, req.config.agent.idle_timeout_minutes);
        return report({
            outcome: "agent_error",
            error: failure.error,
            transient: failure.transient,
            nextFeedback: (0,task/* renderFeedback */.aD)(req.n, [], [`The previous attempt failed: ${failure.error}`]),
        });
    }
    if (diff.files.length === 0) {
        return report({
            outcome: "empty_diff",
            transient: false,
            nextFeedback: (0,task/* renderFeedback */.aD)(req.n, [], ["The previous attempt changed no file. Make the change the task asks for."]),
        });
    }
    const policy = checkPaths(diff.files, req.config.paths);
    if (!policy.ok) {
        // Refused, not ended: the offending paths go back to the base and the next attempt is told why.
        const refusal = await refuseChange(deps.workspace, req.n, diff, policy.violations);
        return report({
            outcome: "policy_violation",
            error: policy.violations.map((v) => v.message).join("\n"),
            transient: false,
            refused: true,
            protectedTouched: policy.protectedTouched,
            nextFeedback: refusal.nextFeedback,
            notes: [refusal.note],
        });
    }
    const planFiles = deps.setup === undefined ? undefined : await (0,attempt_plan_gates/* readPlanFiles */.D7)(deps.workspace, diff.hash);
    if (deps.setup !== undefined && planFiles !== undefined)
        await deps.setup.probe(planFiles.files);
    const plan = await (0,attempt_plan_gates/* planAttemptGates */.TX)(deps.workspace, diff, req.config, {
        ...(planFiles === undefined ? {} : { planFiles }),
        ...(deps.setup === undefined ? {} : { available: deps.setup.available }),
    });
    if (!plan.ok) {
        return report({
            outcome: "policy_violation",
            error: plan.problem,
            transient: false,
            protectedTouched: policy.protectedTouched,
            nextFeedback: "",
        });
    }
    // Durable before the gates run: a run that dies during them keeps the agent's tree and cost.
    await deps.recordTree(diff.hash, cost);
    let toRun = plan.gates;
    let blocked = [];
    if (deps.setup !== undefined && planFiles !== undefined) {
        const setup = await deps.setup.prepare({
            treeHash: diff.hash,
            roots: plan.gates.map((g) => g.root),
            planFiles,
            signal: req.signal,
            remainingMs: req.remainingMs - elapsed(),
        });
        if (setup.aborted)
            return { aborted: true, durationMs: elapsed(), cost: { costUsd: cost.costUsd, assumed: cost.assumed } };
        ({ run: toRun, blocked } = DependencySetup.split(plan.gates, setup.failed));
    }
    const gates = await runGates({
        gates: toRun,
        workspace: deps.workspace,
        runner: deps.runner,
        env: (0,environment/* scrubEnvironment */.vf)(deps.hostEnv),
        treeHash: diff.hash,
        remainingMs: () => req.remainingMs - elapsed(),
        signal: req.signal,
        onStart: deps.recordProcess,
        keepOutput: (index, gate, output) => (0,attempt_logs/* keepLog */.Ob)(deps.files, req.n, (0,attempt_logs/* gateLogName */.by)(index, gate.name), `$ ${gate.argv.join(" ")}  (in ${gate.root})\n${output}`),
        ...(deps.onOutput === undefined ? {} : { onOutput: deps.onOutput }),
    });
    if (gates.aborted)
        return { aborted: true, durationMs: elapsed(), cost: { costUsd: cost.costUsd, assumed: cost.assumed } };
    // A gate whose setup step failed counts as failing, with the step's output.
    const failures = [...blocked, ...gates.failures];
    const results = [...blocked.map((b) => ({ name: b.name, root: b.root, ok: false, exitCode: b.exitCode, durationMs: 0 })), ...gates.results];
    return report({
        outcome: failures.length === 0 ? "passed" : "gates_failed",
        transient: false,
        gates: results,
        protectedTouched: policy.protectedTouched,
        nextFeedback: (0,task/* renderFeedback */.aD)(req.n, failures),
        notes: gates.dirtied ? ["The gates wrote to the working tree; Foreman restored the agent's tree before judging and publishing."] : [],
    });
}
/** Whether an agent failure is worth another attempt: presets report facts, `classifyError` alone decides. */
function agentFailure(agent, idleMinutes) {
    const { run, parsed } = agent;
    const stopped = run.timedOut || run.idle === true;
    const said = parsed.failure?.message;
    const error = run.idle === true
        ? `The agent printed nothing for ${idleMinutes} minute${idleMinutes === 1 ? "" : "s"} (agent.idle_timeout_minutes) and was stopped after ${Math.round(run.durationMs / 1000)} s, as stalled` +
            (said === undefined ? "." : `: ${said}`)
        : run.timedOut
            ? `The agent was stopped after ${Math.round(run.durationMs / 1000)} s: the wall-clock budget ran out.`
            : (said ?? "The agent failed without saying why.");
    const transient = stopped || classifyError({ ...parsed.failure, message: error, timedOut: stopped }) === "transient";
    return { error, transient };
}

;// CONCATENATED MODULE: ./src/core/baseline.ts
/**
 * The baseline: the planned gates run once on the unchanged base before the first paid
 * attempt. A gate that cannot run there (a command or module that is not installed, a setup
 * step that failed) is not the agent's to fix: the session ends `setup_failed` before any agent
 * runs. Gates that fail, or already pass, on the base are told to the agent on attempt 1.
 *
 * Pure: the loop hands in what ran and how it ended.
 */

const SHELL_NOT_FOUND = [
    // sh: 1: tape: not found / bash: line 1: uvu: command not found / /bin/sh: tape: not found
    /^(?:\S*sh)(?:: line \d+)?(?:: \d+)?: ([^\s:]+): (?:command )?not found\s*$/m,
    // zsh, and the process runner's own start error
    /^(?:\S*sh: )?command not found: (\S+)\s*$/m,
    // env: 'uv': No such file or directory / npm: uv: No such file or directory (a script's interpreter)
    /^\S+: '?([^'\s:]+)'?: No such file or directory\s*$/m,
];
const NODE_MISSING = [/Cannot find module '([^'./][^']*)'/, /Cannot find package '([^'./][^']*)'/];
const PYTHON_MISSING = [/No module named '?(pytest|[A-Za-z_][\w.]*)'?(?=\s|$)/];
/**
 * Whether a gate that did not pass could run at all: exit 127 or a start error (a command not
 * found), exit 126 (not executable), or a module that is not installed (a bare Node package
 * name, a Python module). A failing test, a timeout or a signal is a run, not a setup problem.
 */
function gateRunnability(run) {
    if (run.timedOut || run.signal !== null || run.exitCode === 0)
        return { runnable: true };
    const output = run.output;
    const command = run.argv[0] ?? "";
    const startError = run.exitCode === null;
    if (startError || run.exitCode === 127) {
        for (const re of SHELL_NOT_FOUND) {
            const m = re.exec(output);
            if (m)
                return { runnable: false, cause: "command_not_found", missing: m[1], evidence: m[0].trim() };
        }
        const denied = /^(?:\S*sh)(?:: line \d+)?(?:: \d+)?: ([^\s:]+): Permission denied\s*$/m.exec(output);
        if (denied)
            return { runnable: false, cause: "not_executable", missing: denied[1], evidence: denied[0].trim() };
        if (/permission denied: .* is not executable/.test(output)) {
            return { runnable: false, cause: "not_executable", missing: command, evidence: firstLine(output) };
        }
        if (run.exitCode === 127)
            return { runnable: false, cause: "command_not_found", missing: command, evidence: firstLine(output) };
    }
    if (run.exitCode === 126) {
        const denied = /^(?:\S*sh)(?:: line \d+)?(?:: \d+)?: ([^\s:]+): Permission denied\s*$/m.exec(output);
        return denied
            ? { runnable: false, cause: "not_executable", missing: denied[1], evidence: denied[0].trim() }
            : { runnable: false, cause: "not_executable", missing: command, evidence: firstLine(output) };
    }
    for (const re of NODE_MISSING) {
        const m = re.exec(output);
        if (m)
            return { runnable: false, cause: "missing_module", missing: m[1], evidence: lineOf(output, m.index) };
    }
    for (const re of PYTHON_MISSING) {
        const m = re.exec(output);
        if (m)
            return { runnable: false, cause: "missing_module", missing: m[1], evidence: lineOf(output, m.index) };
    }
    return { runnable: true };
}
/** The session's verdict from the baseline: the first gate that cannot run (or setup failure) ends it. */
function baselineVerdict(runs, setupFailures = []) {
    const failedSetup = setupFailures[0];
    if (failedSetup !== undefined) {
        const missing = gateRunnability({ ...failedSetup, argv: failedSetup.name.split(" "), signal: null, timedOut: false });
        const why = missing.runnable
            ? `exited with code ${failedSetup.exitCode ?? "none"}${evidenceSuffix(firstErrorLine(failedSetup.output))}`
            : `\`${missing.missing}\` is not installed (${missing.evidence})`;
        return {
            kind: "unrunnable",
            message: capLine(`Setup step \`${failedSetup.name}\` in \`${failedSetup.root}\` failed before any agent ran: ${why}. ` +
                (missing.runnable
                    ? "Fix the repository's dependencies (manifest, lockfile), or set `setup:` to steps that work (or `setup: none`)."
                    : `Install \`${missing.missing}\`, or set \`setup:\` to steps that exist (or \`setup: none\`).`)),
        };
    }
    const failing = [];
    const passing = [];
    for (const run of runs) {
        const r = gateRunnability(run);
        if (!r.runnable)
            return { kind: "unrunnable", message: unrunnableMessage(run, r) };
        (run.exitCode === 0 && !run.timedOut ? passing : failing).push(`\`${run.name}\` in \`${run.root}\``);
    }
    return { kind: "ok", failing, passing };
}
/** Names the gate, the command, what is missing and the fix. */
function unrunnableMessage(run, r) {
    const where = `Gate \`${run.name}\` in \`${run.root}\` (\`${run.argv.join(" ")}\`) cannot run on the unchanged repository`;
    switch (r.cause) {
        case "command_not_found":
            return capLine(`${where}: \`${r.missing}\` is not installed (${r.evidence}): install it, or set \`gates:\` to a command that exists. No agent ran; nothing was spent.`);
        case "not_executable":
            return capLine(`${where}: \`${r.missing}\` is not executable (${r.evidence}): fix its permissions, or set \`gates:\` to a command that exists. No agent ran; nothing was spent.`);
        case "missing_module":
            return capLine(`${where}: the module \`${r.missing}\` is not installed (${r.evidence}): add it to the dependencies or set \`setup:\` to install it, or set \`gates:\` to a command that exists. No agent ran; nothing was spent.`);
    }
}
/** What attempt 1 is told about the base: which gates fail before its change, which already pass. */
function renderBaselineFeedback(verdict) {
    if (verdict.failing.length === 0 && verdict.passing.length === 0)
        return "";
    const parts = ["# The gates on the unchanged repository", ""];
    if (verdict.failing.length > 0)
        parts.push(`- These gates fail before your change: ${verdict.failing.join(", ")}.`);
    if (verdict.passing.length > 0) {
        parts.push(`- These gates already pass before your change: ${verdict.passing.join(", ")}. They must keep passing; the task may need a new test that fails without your change.`);
    }
    return `${(0,sanitize/* sanitizeUntrusted */._)(parts.join("\n"), { maxLength: 4000 })}\n`;
}
function firstLine(text) {
    return (text
        .split("\n")
        .map((l) => l.trim())
        .find((l) => l !== "") ?? "no output");
}
/** The first line that looks like an error (`npm ERR!`, `error:`), else the first line. */
function firstErrorLine(text) {
    const lines = text.split("\n").map((l) => l.trim());
    return lines.find((l) => /\b(err!?|error)\b/i.test(l)) ?? firstLine(text);
}
function evidenceSuffix(line) {
    return line === "no output" ? "" : ` (${line})`;
}
function lineOf(text, index) {
    const start = text.lastIndexOf("\n", index) + 1;
    const end = text.indexOf("\n", index);
    return text.slice(start, end === -1 ? undefined : end).trim();
}
function capLine(text) {
    const clean = (0,sanitize/* sanitizeUntrusted */._)(text, { maxLength: 1500 });
    return clean;
}

// EXTERNAL MODULE: ./src/core/gate-plan.ts
var gate_plan = __webpack_require__(8638);
;// CONCATENATED MODULE: ./src/loop/baseline.ts
/**
 * Before the first paid attempt: install the dependencies (`setup.ts`) and run the planned
 * gates once on the unchanged base (`baseline: true`). A gate that cannot run there, or a setup
 * step that failed, ends the session `setup_failed` before any agent runs (the core's
 * `baselineVerdict` decides); otherwise attempt 1 is told which gates fail and which already
 * pass before its change. Outputs are kept beside attempt 1's files (`baseline-*.log`).
 */





/** At most this many gates run on the base (a monorepo's root gate comes first). */
const BASELINE_MAX_GATES = 8;
async function prepareBase(input) {
    const base = await input.workspace.diff();
    const planFiles = await (0,attempt_plan_gates/* readPlanFiles */.D7)(input.workspace, base.hash);
    await input.setup.probe(planFiles.files);
    // On the base nothing changed: every package root counts (for `auto`), the configured gates as they are.
    const plan = (0,gate_plan/* planGates */.yz)({
        changedPaths: planFiles.files.filter((f) => gate_plan/* MANIFESTS */.V4.includes(f.slice(f.lastIndexOf("/") + 1))),
        files: planFiles.files,
        readFile: planFiles.readFile,
        gates: input.config.gates,
        allowlist: input.config.gate_allowlist,
        available: input.setup.available,
    });
    // A plan problem is judged on the agent's change, as before; nothing to set up or run here.
    if (!plan.ok)
        return { kind: "ready", feedback: "" };
    const gates = plan.gates.slice(0, BASELINE_MAX_GATES);
    const setup = await input.setup.prepare({
        treeHash: base.hash,
        roots: gates.map((g) => g.root),
        planFiles,
        signal: input.signal,
        remainingMs: input.remainingMs(),
    });
    if (setup.aborted)
        return { kind: "aborted" };
    if (!input.config.baseline)
        return { kind: "ready", feedback: "" };
    if (setup.failed.length > 0) {
        const verdict = baselineVerdict([], setup.failed.map((f) => ({ name: f.step.name, root: f.step.root, exitCode: f.exitCode, output: f.output })));
        if (verdict.kind === "unrunnable")
            return { kind: "ended", message: verdict.message };
    }
    const outputs = [];
    const ran = await runGates({
        gates,
        workspace: input.workspace,
        runner: input.runner,
        env: input.env,
        treeHash: base.hash,
        remainingMs: input.remainingMs,
        signal: input.signal,
        onStart: input.onStart,
        keepOutput: async (index, gate, output) => {
            outputs[index] = output;
            await (0,attempt_logs/* keepLog */.Ob)(input.files, 1, `baseline-${(0,attempt_logs/* gateLogName */.by)(index, gate.name)}`, `$ ${gate.argv.join(" ")}  (in ${gate.root})\n${output}`);
        },
        ...(input.onOutput === undefined ? {} : { onOutput: input.onOutput }),
    });
    if (ran.aborted)
        return { kind: "aborted" };
    const facts = ran.results.map((r, i) => ({
        name: r.name,
        root: r.root,
        argv: gates[i]?.argv ?? [],
        exitCode: r.exitCode,
        signal: ran.failures.find((f) => f.name === r.name && f.root === r.root)?.signal ?? null,
        timedOut: ran.failures.find((f) => f.name === r.name && f.root === r.root)?.timedOut ?? false,
        output: outputs[i] ?? "",
    }));
    const verdict = baselineVerdict(facts);
    if (verdict.kind === "unrunnable")
        return { kind: "ended", message: verdict.message };
    return { kind: "ready", feedback: renderBaselineFeedback(verdict), baseline: ran.results };
}

// EXTERNAL MODULE: ./src/loop/errors.ts
var loop_errors = __webpack_require__(6215);
;// CONCATENATED MODULE: ./src/loop/session-writer.ts
/**
 * Applies events to the session through the state machine and saves each result with
 * compare-and-write. The engine owns the session (it holds the lock), so a stale write means
 * something outside the protocol touched the state: it is surfaced, not papered over.
 */


/** The state machine refused an event the engine applied: a broken invariant of the engine. */
class RefusedTransitionError extends errors/* ForemanError */.Vy {
    code;
    name = "RefusedTransitionError";
    kind = "internal";
    constructor(code, message) {
        super(message);
        this.code = code;
    }
}
class SessionWriter {
    store;
    current;
    constructor(store, current) {
        this.store = store;
        this.current = current;
    }
    get state() {
        return this.current;
    }
    /** Applies `event`; a refusal is a bug in the engine's sequencing and throws. */
    async apply(event) {
        const r = (0,state_machine/* transition */.kY)(this.current, event);
        if (!r.ok)
            throw new RefusedTransitionError(r.refusal.code, `${event.type}: ${r.refusal.message}`);
        await this.save(r.state);
        return this.current;
    }
    /** Applies `event` if the machine accepts it; returns whether it did. */
    async tryApply(event) {
        const r = (0,state_machine/* transition */.kY)(this.current, event);
        if (!r.ok)
            return false;
        await this.save(r.state);
        return true;
    }
    /** Compare-and-write on top of the version we hold (a new session is version 0 until first saved). */
    async save(next) {
        const versioned = { ...next, version: this.current.version + 1 };
        await this.store.save(versioned, this.current.version);
        this.current = versioned;
    }
}

;// CONCATENATED MODULE: ./src/loop/engine.ts






















/**
 * Creates the session if needed, recovers a crashed run, applies the person's command if any,
 * then runs the session as far as it can go. If anything throws on the way, the session is not
 * left `running`: the run is recorded as interrupted (resumable) before the error propagates.
 */
async function runSession(given, req) {
    const { writer, deps, created } = await openSession(given, req);
    try {
        // Recovery and an expired approval come first, so a command sees the session as it really is.
        await settle(deps, req, writer);
        // A command that had no effect moves nothing forward: no attempt, no publishing.
        if (req.command !== undefined) {
            const refusal = await applyCommand(deps, writer, req.command.author, req.command.command);
            if (refusal !== undefined)
                return { ...(await finish(deps, writer)), refusal };
        }
        if (req.resumeAuthor !== undefined && writer.state.status === "interrupted") {
            await applyCommand(deps, writer, req.resumeAuthor, { kind: "retry" });
        }
        const action = await settle(deps, req, writer);
        switch (action.kind) {
            case "run_attempts":
                await readmit(deps, req, writer);
                if (writer.state.status !== "pending")
                    return await finish(deps, writer);
                // Before any paid work: a result that could not be published must not be produced
                // (a session this run created was checked a moment ago, in openSession).
                if (!created)
                    await deps.publisher.preflight(publishRequest(req, writer.state));
                await writer.apply({ type: "run_started", at: iso(deps) });
                return await attemptLoop(deps, req, writer);
            case "publish_approved":
                await writer.apply({ type: "run_started", at: iso(deps) });
                return await publishApproved(deps, req, writer);
            case "report":
            case "wait":
            case "none":
                return await finish(deps, writer);
        }
    }
    catch (error) {
        await abandonRun(deps, req, writer);
        throw error;
    }
}
/**
 * Carries out what needs no person: accounting of a dead run's attempt (`recover`) and an
 * approval past its deadline (`expire`), until the core's next action is something else.
 */
async function settle(deps, req, writer) {
    for (;;) {
        const action = (0,decide/* nextRunAction */.b_)(writer.state, deps.clock.now());
        if (action.kind === "recover")
            await recoverCrashedRun(deps, req, writer);
        // An approval past its deadline ends the session (its one terminal report follows).
        else if (action.kind === "expire")
            await writer.apply({ type: "approval_expired", at: iso(deps) });
        else
            return action;
    }
}
/** Applies a command as the next command id; returns the refusal message when it had no effect. */
async function applyCommand(deps, writer, author, command) {
    const state = writer.state;
    const r = (0,state_machine/* transition */.kY)(state, { type: "command", at: iso(deps), id: state.lastCommandId + 1, author, command });
    // Saved even when refused: the command is consumed and can never apply later.
    await writer.save(r.state);
    return r.ok ? undefined : refusalText(r.refusal.message, deps.surface);
}
/** A session that waited is held to what remains of today's cap (`readmission`, core). */
async function readmit(deps, req, writer) {
    if (req.dailySpentUsd === undefined)
        return;
    const s = writer.state;
    const decision = (0,core_budget/* readmission */.d8)({
        budgetUsd: s.budget.usd,
        spentUsd: s.spent.costUsd,
        dailyCapUsd: req.config.budget.daily.usd,
        dailySpentUsd: req.dailySpentUsd,
    });
    if (decision.kind === "exhausted") {
        await writer.apply({
            type: "ended",
            at: iso(deps),
            reason: "budget_exhausted",
            note: "Today's USD cap is used up: no budget is left for this session.",
        });
    }
    else if (decision.kind === "lowered") {
        await writer.apply({ type: "readmitted", at: iso(deps), budget: { ...s.budget, usd: decision.usd } });
        deps.onProgress?.({
            type: "note",
            message: `USD budget lowered to ${decision.usd.toFixed(2)}: that is what remains of today's ${req.config.budget.daily.usd} USD cap.`,
        });
    }
}
/** After an unexpected error: a session this run left `running` becomes resumable, never stuck. */
async function abandonRun(deps, req, writer) {
    try {
        // The same recovery a later run would do: the ledger's verdict of the open attempt, if any, is kept.
        if (writer.state.status === "running")
            await recoverCrashedRun(deps, req, writer);
    }
    catch {
        // The original error is the one to report; the next run recovers the session from the ledger.
    }
}

/** Whether this run only cancels the session: a cancel must work even when the session's records are damaged. */
function cancelling(req) {
    return req.command?.command.kind === "cancel";
}
/** The session's writer; `created` when this run created the session (and checked its publishing already). */
async function openSession(deps, req) {
    const existing = await deps.store.load(req.sessionId);
    if (existing)
        return { ...(await adoptSession(deps, req, existing)), created: false };
    const effective = (0,core_budget/* effectiveRunBudget */.c8)({
        config: req.config,
        labels: req.labels ?? [],
        budgetOverrideUsd: null,
        dailySpentUsd: req.dailySpentUsd ?? 0,
    });
    for (const message of effective.notes)
        deps.onProgress?.({ type: "note", message });
    const state = (0,core_state/* newSession */.RL)({
        sessionId: req.sessionId,
        now: iso(deps),
        // Untrusted (an issue title): it reaches reports and commit messages.
        title: (0,sanitize/* sanitizeUntrusted */._)(req.task.title, { maxLength: text_caps/* TEXT_CAPS */.W.title }).replace(/\s+/g, " ").trim(),
        ...(req.task.issue === undefined ? {} : { issue: req.task.issue }),
        // An exhausted budget cannot be stored (usd must be positive); the session ends right below.
        budget: effective.exhausted ? req.config.budget.per_run : effective.budget,
    });
    const writer = new SessionWriter(deps.store, { ...state, baseSha: req.workspace.baseSha, branch: branchName(req.sessionId) });
    // A session whose result could not be published is never created (it would hold budget).
    await deps.publisher.preflight(publishRequest(req, writer.state));
    await writer.save(writer.state);
    if (effective.exhausted) {
        await writer.apply({ type: "run_started", at: iso(deps) });
        await writer.apply({
            type: "ended",
            at: iso(deps),
            reason: "budget_exhausted",
            note: "Today's USD cap is used up: no budget is left for this session.",
        });
    }
    return { writer, deps, created: true };
}
/**
 * An existing session: its snapshot is checked against the ledger first (`reconcile`, core), so
 * that a stale or edited snapshot is never believed. Where the ledger alone determines the
 * truth the snapshot is rebuilt from it; otherwise the run is refused, except a cancel, which
 * always works (an unreadable ledger then counts as empty: an open attempt is charged the
 * assumed cost, never nothing).
 */
async function adoptSession(deps, req, existing) {
    const writer = new SessionWriter(deps.store, existing);
    let entries;
    try {
        entries = await deps.ledger.read(req.sessionId);
    }
    catch (error) {
        if (!(cancelling(req) && error instanceof errors/* ForemanError */.Vy && error.kind === "corrupt"))
            throw error;
        deps.onProgress?.({ type: "note", message: `The session's ledger is damaged (${error.message}); cancelling without it.` });
        return { writer, deps: { ...deps, ledger: ledgerReadAsEmpty(deps.ledger) } };
    }
    const r = reconcile(existing, entries);
    if (r.kind === "rebuilt") {
        await writer.save(r.state);
        deps.onProgress?.({
            type: "note",
            message: `The session's saved state disagreed with its ledger (${r.problems.join("; ")}); rebuilt it from the ledger.`,
        });
    }
    else if (r.kind === "refused") {
        if (!cancelling(req))
            throw new SnapshotMismatchError(req.sessionId, r.restore, r.problems);
        deps.onProgress?.({
            type: "note",
            message: `The session's saved state disagrees with its ledger (${r.problems.join("; ")}); cancelling anyway.`,
        });
    }
    return { writer, deps };
}
/** A ledger whose damaged content reads as nothing (appends still go through): only to cancel a session. */
function ledgerReadAsEmpty(ledger) {
    return {
        append: (entry) => ledger.append(entry),
        read: async (sessionId) => {
            try {
                return await ledger.read(sessionId);
            }
            catch (error) {
                if (error instanceof errors/* ForemanError */.Vy && error.kind === "corrupt")
                    return [];
                throw error;
            }
        },
    };
}
/**
 * A session found `running` while we hold its lock belongs to a run that died (or an attempt
 * is still open under a `/cancel`). The ledger is the source of truth; `recoverOpenAttempt`
 * (core) decides the charge and the effects, this function carries them out.
 */
async function recoverCrashedRun(deps, req, writer) {
    const entries = (0,state_machine/* openAttempt */.Eu)(writer.state) ? await deps.ledger.read(req.sessionId) : [];
    const input = {
        state: writer.state,
        entries,
        nowMs: deps.clock.now(),
        assumedAttemptUsd: req.config.budget.assumed_attempt_usd,
    };
    let recovery = recoverOpenAttempt(input);
    if (recovery.kind !== "no_open_attempt") {
        // The dead run's agent or gate may still be running in the worktree: stop it first.
        for (const handle of recovery.stopOrphans) {
            if (await deps.runner.stopOrphan(handle)) {
                deps.onProgress?.({ type: "note", message: `Stopped a process of attempt ${recovery.n} that the dead run left running.` });
            }
        }
    }
    if (recovery.kind === "interrupted" && recovery.append !== null) {
        // An agent that outlived its run may have said what it spent: that counts (the larger of it and the assumed cost).
        const reported = await orphanReportedCost(deps, req, recovery.n);
        if (reported !== undefined)
            recovery = recoverOpenAttempt({ ...input, orphanReport: { costUsd: reported } });
    }
    if (recovery.kind === "interrupted") {
        // A run that died while the gates ran may have left their output in the working copy: put
        // back the tree the agent left, so the next attempt starts from it (and nothing of the
        // gates is ever published).
        if (recovery.restoreTree !== null && !(await req.workspace.isClean(recovery.restoreTree))) {
            await req.workspace.restore(recovery.restoreTree);
            deps.onProgress?.({
                type: "note",
                message: `Put back the tree attempt ${recovery.n} left before its gates ran (the dead run's gates had written to it).`,
            });
        }
        if (recovery.append !== null)
            await deps.ledger.append(recovery.append);
    }
    for (const event of recovery.events)
        await writer.apply(event);
    if (recovery.kind === "interrupted") {
        deps.onProgress?.({ type: "note", message: `Attempt ${recovery.n} was interrupted by a run that died; it counts against the budget.` });
    }
}
/** The cost the agent of attempt `n` reported in its result file, read with its preset (undefined: none). */
async function orphanReportedCost(deps, req, n) {
    const resultFile = deps.files.path(n, "result.json");
    const resultFileText = await deps.files.read(resultFile);
    if (resultFileText === null)
        return undefined;
    const ctx = {
        attempt: n,
        worktree: req.workspace.dir,
        taskFile: deps.files.path(n, "task.md"),
        feedbackFile: deps.files.path(n, "feedback.md"),
        promptFile: deps.files.path(n, "prompt.md"),
        resultFile,
        repoRoot: req.repoRoot,
        agent: req.config.agent,
    };
    return req.preset.parse({ exitCode: null, timedOut: false, stdout: "", stderr: "", resultFileText }, ctx).costUsd;
}
async function attemptLoop(deps, req, writer) {
    let feedback = await previousFeedback(deps, writer.state);
    // Dependencies are installed once per run, and again only when an attempt changes a manifest or lockfile.
    let logAttempt = (0,state_machine/* nextAttemptNumber */.oH)(writer.state);
    const setup = new DependencySetup({
        workspace: req.workspace,
        runner: deps.runner,
        clock: deps.clock,
        env: (0,environment/* scrubEnvironment */.vf)(deps.hostEnv),
        config: req.config,
        ...(deps.onOutput === undefined ? {} : { onOutput: deps.onOutput }),
        keepOutput: (step, output) => (0,attempt_logs/* keepLog */.Ob)(deps.files, logAttempt, `setup-${(0,attempt_logs/* gateLogName */.by)(0, `${step.root} ${step.name}`).slice(7)}`, output),
    });
    const before = (0,core_budget/* checkBudget */.Ik)({ budget: writer.state.budget, spent: writer.state.spent, nextAttemptAssumedUsd: 0 });
    // Before the first paid attempt: install, then run the gates on the unchanged base (a budget
    // already used up is the loop's to report).
    if ((0,state_machine/* nextAttemptNumber */.oH)(writer.state) === 1 && (0,decide/* nextStep */.sk)(writer.state).kind === "attempt" && before.ok) {
        const budget = before;
        const started = deps.clock.now();
        const base = await prepareBase({
            workspace: req.workspace,
            runner: deps.runner,
            files: deps.files,
            env: (0,environment/* scrubEnvironment */.vf)(deps.hostEnv),
            config: req.config,
            setup,
            signal: req.signal,
            remainingMs: () => budget.remainingMs - (deps.clock.now() - started),
            onStart: async () => { },
            ...(deps.onOutput === undefined ? {} : { onOutput: deps.onOutput }),
        });
        await saveSetupRecord(deps, writer, setup, base.kind === "ready" ? base.baseline : undefined);
        if (base.kind === "aborted")
            return interrupt(deps, req, writer, undefined);
        if (base.kind === "ended")
            return endSession(deps, writer, "setup_failed", base.message);
        if (feedback === "")
            feedback = base.feedback;
    }
    for (;;) {
        // The core decides from the state alone, so a resumed run continues exactly where the
        // last one stopped: a passed attempt is published, a terminal one ends the session.
        const step = (0,decide/* nextStep */.sk)(writer.state);
        if (step.kind === "publish")
            return succeed(deps, req, writer, step.attempt);
        if (step.kind === "end")
            return endSession(deps, writer, step.reason, step.note);
        const state = writer.state;
        // An attempt's cost is known only once it ends: do not start one that is assumed to go over.
        const budget = (0,core_budget/* checkBudget */.Ik)({ budget: state.budget, spent: state.spent, nextAttemptAssumedUsd: req.config.budget.assumed_attempt_usd });
        if (!budget.ok) {
            const last = (0,decide/* lastVerdict */.Yw)(state);
            const reason = (0,decide/* reasonWhenBudgetRunsOut */.yZ)(budget, last?.outcome);
            // Attempts used up while the change is still refused: say what the policy refused last.
            const note = reason === "policy_violation" && last?.error !== undefined ? `${budget.message} ${last.error}` : budget.message;
            return endSession(deps, writer, reason, note);
        }
        if (req.signal.aborted)
            return interrupt(deps, req, writer, undefined);
        const n = (0,state_machine/* nextAttemptNumber */.oH)(state);
        const at = iso(deps);
        // Durable before the agent is spawned: a crash from here on leaves an open attempt.
        await deps.ledger.append({ type: "attempt_started", sessionId: req.sessionId, n, at });
        await writer.apply({ type: "attempt_started", at, n });
        deps.onProgress?.({ type: "attempt_started", n, maxAttempts: state.budget.attempts });
        logAttempt = n;
        let keptBeforeGates;
        const report = await runAttempt({
            setup,
            workspace: req.workspace,
            runner: deps.runner,
            files: deps.files,
            clock: deps.clock,
            hostEnv: deps.hostEnv,
            ...(deps.onOutput === undefined ? {} : { onOutput: deps.onOutput }),
            recordProcess: (handle) => deps.ledger.append({ type: "process_started", sessionId: req.sessionId, n, handle }),
            // The agent's tree is kept (pushed, on GitHub) before the gates run and its ref recorded with
            // it: a runner killed outright during the gates loses nothing the next run cannot resume from.
            recordTree: async (hash, cost) => {
                const ref = await keepTree(deps, req, n, () => Promise.resolve(hash));
                // Tried once per tree: a failed keep is noted once, and the attempt is recorded without a ref.
                keptBeforeGates = { hash, ref };
                await deps.ledger.append({
                    type: "attempt_diffed",
                    sessionId: req.sessionId,
                    n,
                    hash,
                    costUsd: cost.costUsd,
                    costAssumed: cost.assumed,
                    ...(ref === undefined ? {} : { keptRef: ref }),
                });
            },
        }, {
            n,
            config: req.config,
            task: req.task,
            preset: req.preset,
            repoRoot: req.repoRoot,
            feedback,
            remainingMs: budget.remainingMs,
            signal: req.signal,
        });
        if (report.aborted)
            return interrupt(deps, req, writer, report);
        const backoffMs = await backOff(deps, req, writer.state, n, report, budget.remainingMs);
        await saveSetupRecord(deps, writer, setup, undefined);
        // Kept before it is recorded, so the record (ledger and state, one write each) carries the ref.
        const diff = report.diff;
        const keptRef = diff === undefined
            ? undefined
            : keptBeforeGates?.hash === diff.hash
                ? keptBeforeGates.ref
                : await keepTree(deps, req, n, () => Promise.resolve(diff.hash));
        const attempt = toAttempt(n, at, iso(deps), { ...report, durationMs: report.durationMs + backoffMs }, keptRef, backoffMs);
        await deps.ledger.append({ type: "attempt_finished", sessionId: req.sessionId, attempt });
        await writer.apply({ type: "attempt_finished", at: attempt.finishedAt, attempt });
        // Kept beside the attempt so that a resumed run feeds the same failures to the next attempt.
        await deps.files.write(n, "next-feedback.md", report.nextFeedback);
        deps.onProgress?.({ type: "attempt_finished", attempt, notes: report.notes });
        feedback = report.nextFeedback;
    }
}
/**
 * After a transient agent error, pauses before the next attempt (`agentBackoffMs`, core:
 * exponential with jitter, cut to the wall clock left) when there will be a next attempt. The
 * wait counts as time, in the failed attempt's duration, never as money. Returns the ms waited.
 */
async function backOff(deps, req, state, n, report, remainingMs) {
    const sleep = deps.clock.sleep?.bind(deps.clock);
    if (sleep === undefined || report.outcome !== "agent_error" || !report.transient || req.signal.aborted)
        return 0;
    const after = {
        attempts: state.spent.attempts + 1,
        costUsd: state.spent.costUsd + report.costUsd,
        durationMs: state.spent.durationMs + report.durationMs,
    };
    // No next attempt, no reason to wait.
    if (!(0,core_budget/* checkBudget */.Ik)({ budget: state.budget, spent: after, nextAttemptAssumedUsd: req.config.budget.assumed_attempt_usd }).ok)
        return 0;
    const streak = transientStreak(state.attempts.filter((a) => a.n !== n)) + 1;
    const jitter = Math.min(1, Math.max(0, deps.clock.random?.() ?? 0.5));
    const waitMs = agentBackoffMs({ streak, jitter, remainingMs: remainingMs - report.durationMs });
    if (waitMs <= 0)
        return 0;
    deps.onProgress?.({
        type: "note",
        message: `Attempt ${n} ended on a transient agent error; waiting ${(waitMs / 1000).toFixed(1)} s before the next attempt (counted as time, not money).`,
    });
    const before = deps.clock.now();
    await sleep(waitMs, req.signal);
    return Math.max(0, Math.min(waitMs, deps.clock.now() - before));
}
/** Records setup (time, outcome) in the state, apart from the attempts, when it ran since the last save. */
async function saveSetupRecord(deps, writer, setup, baseline) {
    const before = writer.state.setup;
    const record = setup.record(before) ?? (baseline === undefined ? undefined : { runs: 0, durationMs: 0, ok: true, steps: [] });
    const next = record === undefined ? undefined : baseline === undefined ? record : { ...record, baseline: baseline.slice(0, text_caps/* TEXT_CAPS */.W.gates) };
    if (next === undefined || JSON.stringify(next) === JSON.stringify(before))
        return;
    await writer.save({ ...writer.state, setup: next });
    if (next.runs === (before?.runs ?? 0))
        return;
    const steps = next.steps.map((s) => `${s.command} in ${s.root} ${s.ok ? "ok" : `failed (exit ${s.exitCode ?? "none"})`}`).join(", ");
    deps.onProgress?.({
        type: "note",
        message: `Dependency setup: ${steps} (${(next.durationMs / 1000).toFixed(1)} s in all, not counted as an attempt).`,
    });
}
/** Gates passed: stage exactly the tree that passed, then publish it or wait for a person's approval. */
async function succeed(deps, req, writer, passed) {
    let diff = await req.workspace.diff();
    if (passed.diffHash !== undefined && diff.hash !== passed.diffHash) {
        // Something wrote to the working copy after the gates judged it (a run that died there).
        await req.workspace.restore(passed.diffHash);
        diff = await req.workspace.diff();
    }
    const state = writer.state;
    const publishReq = publishRequest(req, state);
    // Nothing that breaks the path policy is ever staged or published, whatever happened since the gates.
    const policy = checkPaths(diff.files, req.config.paths);
    if (!policy.ok)
        return endSession(deps, writer, "policy_violation", policy.violations.map((v) => v.message).join("\n"));
    const staged = await deps.publisher.stage(publishReq);
    const { protectedTouched } = policy;
    const reasons = (0,approval/* approvalReasons */.xR)(req.config.approval, { protectedTouched, costUsd: state.spent.costUsd });
    if (reasons.length > 0) {
        const now = deps.clock.now();
        await writer.apply({
            type: "await_approval",
            at: new Date(now).toISOString(),
            expiresAt: new Date((0,approval/* approvalExpiry */.h)(req.config.approval, now)).toISOString(),
            reasons,
            headSha: staged.sha,
            branch: staged.branch,
        });
        return { state: writer.state };
    }
    return publish(deps, writer, { ...publishReq, sha: staged.sha }, passed.diffStats);
}
/** `/approve` was given: publish exactly the approved commit, without running the agent again. */
async function publishApproved(deps, req, writer) {
    const state = writer.state;
    const sha = state.approval?.headSha ?? state.headSha;
    if (!sha)
        return endSession(deps, writer, "policy_violation", "The approved session has no staged commit to publish.");
    // What was approved is the tree that passed: put it back if the working copy changed since.
    const passed = (0,decide/* lastVerdict */.Yw)(state)?.diffHash;
    if (passed !== undefined && !(await req.workspace.isClean(passed)))
        await req.workspace.restore(passed);
    return publish(deps, writer, { ...publishRequest(req, state), sha });
}
/** Publishes the staged commit and ends the session `succeeded`. */
async function publish(deps, writer, request, diffStats) {
    const published = await deps.publisher.publish(request);
    await writer.apply({
        type: "published",
        at: iso(deps),
        branch: published.branch,
        headSha: published.sha,
        ...(published.pullRequest === undefined ? {} : { pullRequest: published.pullRequest }),
    });
    return finish(deps, writer, diffStats);
}
/** This run is being stopped: its open attempt, if any, is accounted by the same rule as a dead run's. */
async function interrupt(deps, req, writer, report) {
    const live = report === undefined ? {} : { durationMs: report.durationMs, ...(report.cost === undefined ? {} : { cost: report.cost }) };
    const open = (0,state_machine/* openAttempt */.Eu)(writer.state);
    // The work in progress outlives the runner: a run on a fresh runner resumes from it.
    const keptRef = report === undefined || open === undefined ? undefined : await keepTree(deps, req, open.n, async () => (await req.workspace.diff()).hash);
    const recovery = recoverOpenAttempt({
        state: writer.state,
        entries: open ? await deps.ledger.read(req.sessionId) : [],
        nowMs: deps.clock.now(),
        assumedAttemptUsd: req.config.budget.assumed_attempt_usd,
        live,
    });
    if (recovery.kind === "interrupted" && recovery.append !== null)
        await deps.ledger.append(recovery.append);
    for (const event of recovery.events)
        await writer.apply(withKeptRef(event, keptRef));
    return { state: writer.state };
}
/** The interruption of the open attempt, with where its work in progress was kept. */
function withKeptRef(event, keptRef) {
    if (keptRef === undefined || event.type !== "run_interrupted" || event.openAttempt === undefined)
        return event;
    return { ...event, openAttempt: { ...event.openAttempt, keptRef } };
}
/**
 * Keeps attempt `n`'s tree where it outlives the run (`Publisher.keep`, when the publisher has
 * it) and returns the ref. A failure is noted and never fatal: the attempt's record matters more.
 */
async function keepTree(deps, req, n, tree) {
    const publisher = deps.publisher;
    if (publisher.keep === undefined)
        return undefined;
    try {
        const hash = await tree();
        const kept = await publisher.keep({ sessionId: req.sessionId, attempt: n, workspace: req.workspace, hash, baseSha: req.workspace.baseSha });
        return kept.ref;
    }
    catch (error) {
        deps.onProgress?.({
            type: "note",
            message: `Attempt ${n}'s tree could not be kept (${error instanceof Error ? error.message : String(error)}); the attempt is recorded without it.`,
        });
        return undefined;
    }
}
async function endSession(deps, writer, reason, note, diffStats) {
    await writer.apply({ type: "ended", at: iso(deps), reason, ...(note === undefined ? {} : { note }) });
    return finish(deps, writer, diffStats);
}
/** The single terminal report: produced once, when the session has ended and none was posted. */
async function finish(deps, writer, diffStats) {
    const state = writer.state;
    if (state.status !== "ended" || state.reportedAt !== undefined || state.reason === null)
        return { state };
    const stats = diffStats ?? [...state.attempts].reverse().find((a) => a.diffStats)?.diffStats;
    const report = (0,render/* renderTerminalReport */.JJ)(state, { surface: deps.surface, ...(stats ? { diffStats: stats } : {}) });
    // Marked before it is shown or logged: a crash in between loses a report (the status still
    // shows it) rather than producing a second one.
    await writer.apply({ type: "report_posted", at: iso(deps) });
    await deps.ledger.append({ type: "session_ended", sessionId: state.sessionId, reason: state.reason, at: iso(deps) });
    return { state: writer.state, report };
}
/** On resume, the failures of the last finished attempt feed the next one. */
async function previousFeedback(deps, state) {
    const last = [...state.attempts].reverse().find((a) => a.finishedAt !== undefined && a.outcome !== "interrupted");
    if (!last)
        return "";
    const text = await deps.files.read(deps.files.path(last.n, "next-feedback.md"));
    if (text)
        return text;
    const failed = (last.gates ?? []).filter((g) => !g.ok).map((g) => `gate "${g.name}" in ${g.root} failed (exit ${g.exitCode ?? "killed"})`);
    return failed.length > 0 ? `# Feedback from attempt ${last.n}\n\n${failed.map((f) => `- ${f}`).join("\n")}\n` : "";
}
function toAttempt(n, startedAt, finishedAt, r, keptRef, backoffMs = 0) {
    return {
        n,
        startedAt,
        finishedAt,
        outcome: r.outcome,
        durationMs: Math.round(r.durationMs),
        costUsd: r.costUsd,
        ...(r.costAssumed ? { costAssumed: true } : {}),
        costBasis: r.costBasis,
        ...(r.deniedTools === undefined
            ? {}
            : { deniedTools: r.deniedTools.slice(0, text_caps/* TEXT_CAPS */.W.deniedTools).map((t) => (0,text_caps/* capText */.y)(t, text_caps/* TEXT_CAPS */.W.deniedTool)) }),
        ...(backoffMs > 0 ? { backoffMs: Math.round(backoffMs) } : {}),
        ...(r.tokens === undefined ? {} : { tokens: r.tokens }),
        ...(r.diff === undefined ? {} : { diffHash: r.diff.hash }),
        ...(r.diffStats === undefined ? {} : { diffStats: r.diffStats }),
        ...(r.gates.length === 0 ? {} : { gates: r.gates.slice(0, text_caps/* TEXT_CAPS */.W.gates) }),
        ...(r.summary ? { summary: (0,text_caps/* capText */.y)(r.summary, text_caps/* TEXT_CAPS */.W.summary) } : {}),
        ...(r.error ? { error: (0,text_caps/* capText */.y)(r.error, text_caps/* TEXT_CAPS */.W.error) } : {}),
        ...(r.outcome === "agent_error" ? { transient: r.transient } : {}),
        ...(r.refused === true ? { refused: true } : {}),
        ...(keptRef === undefined ? {} : { keptRef }),
    };
}
function publishRequest(req, state) {
    return {
        sessionId: state.sessionId,
        branch: state.branch ?? branchName(state.sessionId),
        baseSha: req.workspace.baseSha,
        workspace: req.workspace,
        title: (0,names/* formatPullRequestTitle */.Q9)(state.task.title),
        body: (0,names/* formatPullRequestBody */.KB)({
            sessionId: state.sessionId,
            ...(state.task.issue === undefined ? {} : { issue: state.task.issue }),
            attempts: state.spent.attempts,
            costUsd: state.spent.costUsd,
        }),
    };
}
/** The session branch, `foreman/<sessionId>` (`formatSessionBranch`, core/names). */
const branchName = names/* formatSessionBranch */.qB;
function iso(deps) {
    return new Date(deps.clock.now()).toISOString();
}

// EXTERNAL MODULE: ./src/local/git.ts
var git = __webpack_require__(827);
// EXTERNAL MODULE: ./src/github/repo.ts
var github_repo = __webpack_require__(1839);
;// CONCATENATED MODULE: ./src/github/issue-task.ts
/**
 * The issue a GitHub session works on, read in one call (`GET /repos/{o}/{r}/issues/{n}`) into
 * what the engine takes: the task (title, body, number) and the labels (budget labels). The
 * issue text is untrusted; the engine sanitizes it where it reaches reports and files.
 */


/** The issue is a pull request, or gone: a session cannot work on it. */
class NotAnIssueError extends errors/* ForemanError */.Vy {
    issue;
    name = "NotAnIssueError";
    kind = "usage";
    constructor(issue, message) {
        super(message);
        this.issue = issue;
    }
}
async function readIssueTask(client, repo, issue) {
    const { data } = await client.request("GET /repos/{owner}/{repo}/issues/{issue_number}", {
        owner: repo.owner,
        repo: repo.repo,
        issue_number: issue,
    });
    if (data.pull_request) {
        throw new NotAnIssueError(issue, `#${issue} in ${(0,github_repo/* repoSlug */.m)(repo)} is a pull request, not an issue. Pass the number of the issue Foreman should work on.`);
    }
    const labels = data.labels.flatMap((l) => (typeof l === "string" ? [l] : l.name ? [l.name] : []));
    return {
        task: { title: data.title, body: data.body ?? "", issue },
        labels,
        htmlUrl: data.html_url,
        state: data.state === "closed" ? "closed" : "open",
    };
}

;// CONCATENATED MODULE: ./src/github/trigger-time.ts
const EVENTS = "GET /repos/{owner}/{repo}/issues/{issue_number}/events";
/** Milliseconds since the epoch of the newest `labeled` event for `label`; undefined when there is none. */
async function lastLabeledAt(client, repo, issue, label) {
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
        if (found !== undefined)
            return found;
    }
    return undefined;
}
/** The page number of the `rel` link of a `Link` header, if it has one. */
function pageIn(link, rel) {
    for (const part of link.split(",")) {
        const m = /<([^>]+)>\s*;\s*rel="([^"]+)"/.exec(part);
        if (m?.[2] !== rel)
            continue;
        const page = Number(new URL(m[1]).searchParams.get("page"));
        return Number.isSafeInteger(page) && page >= 1 ? page : undefined;
    }
    return undefined;
}
/** Label names are matched without case, as GitHub names them (one label per name, whatever its case). */
function newestLabeled(events, label) {
    const wanted = label.toLowerCase();
    let newest;
    for (const e of events) {
        if (e.event !== "labeled" || e.label?.name?.toLowerCase() !== wanted)
            continue;
        const at = Date.parse(e.created_at);
        if (Number.isFinite(at) && (newest === undefined || at > newest))
            newest = at;
    }
    return newest;
}

;// CONCATENATED MODULE: ./src/core/job-summary.ts
/**
 * The Action's job summary: what a person opening the workflow run needs. The session's state in
 * one line, the attempt ledger as a table (cost, time, gates per attempt), what to do next, and
 * what the run noticed but did not obey (forged comments, missing isolation, a PR that will not
 * start CI). Pure: the Action hands it the facts and writes the Markdown with `core.summary`.
 */

/** GitHub's limit for one step's summary is 1 MiB; a summary this size is far below it. */
const MAX_JOB_SUMMARY_CHARS = 65_535;
/** The Markdown of the job summary. */
function renderJobSummary(input) {
    const { state } = input;
    const title = state?.task.issue !== undefined ? `Foreman · issue #${state.task.issue}` : "Foreman";
    const lines = [`## 🤖 ${title}`, "", `Mode \`${input.mode}\`, woken by \`${(0,render/* escapeInline */.VV)(input.reason, 60)}\`.`];
    const links = [
        input.sessionUrl !== undefined ? `[Session comment](${input.sessionUrl})` : undefined,
        input.pullRequestUrl !== undefined ? `[Pull request](${input.pullRequestUrl})` : undefined,
    ].filter((l) => l !== undefined);
    if (links.length > 0)
        lines.push("", links.join(" · "));
    if (input.failure !== undefined)
        lines.push("", "> [!CAUTION]", `> ${(0,render/* escapeInline */.VV)(input.failure, 2_000)}`);
    for (const warning of input.warnings)
        lines.push("", "> [!WARNING]", `> ${(0,render/* escapeInline */.VV)(warning, 1_000)}`);
    if (state !== null)
        lines.push("", (0,render/* renderCheckRunSummary */.aW)(state).summary);
    for (const note of input.notes ?? [])
        lines.push("", (0,render/* escapeInline */.VV)(note, 2_000));
    if (input.swept !== undefined) {
        lines.push("", "### Sessions swept", ...(input.swept.length === 0 ? ["_Nothing to do._"] : input.swept.map((s) => `- ${(0,render/* escapeInline */.VV)(s, 300)}`)));
    }
    if (input.ignored.length > 0) {
        lines.push("", "### Ignored comments", "Comments that carry Foreman's markers but were not written and signed by Foreman had no effect:");
        for (const line of input.ignored.slice(0, 50))
            lines.push(`- ${(0,render/* escapeInline */.VV)(line, 300)}`);
        if (input.ignored.length > 50)
            lines.push(`- … and ${input.ignored.length - 50} more`);
    }
    return (0,render/* capMarkdown */.y3)(lines.join("\n"), MAX_JOB_SUMMARY_CHARS);
}

;// CONCATENATED MODULE: ./src/github/github-session.ts
/**
 * Everything between the Action's settings and the engine, for the three modes:
 *
 * - **run**: config from the checkout, the issue as the task, the session from its comment; a run
 *   that died is accounted first (the engine's recovery); then every command after the
 *   watermark, on the issue and on the session's Foreman PR, is applied in comment-id order
 *   (`applyReplayedCommands`, core). A session that does not exist yet has no watermark: the
 *   commands written after its trigger (the trigger label's last addition, `trigger-time.ts`:
 *   one events listing, only then and only when the thread holds a command that would act on
 *   a session) are for it, the older ones are not; an authorized `/cancel` among them ends it
 *   before anything starts (`beforeFirstRun`, core: no reservation, no workspace, no agent;
 *   the session is recorded ended `cancelled`, its watermark past the comments read). Then a
 *   run that will start attempts reserves its USD on the daily ledger (refused: the session ends `budget_exhausted` before any agent runs); the
 *   engine runs in a clone of the checkout that resumes from the last kept attempt, while a
 *   `/cancel` written meanwhile stops it (`cancel-watch.ts`); the reservation is settled with
 *   what was really spent; the check run is reported on the PR head.
 * - **recover**: the open attempt of a dead run is marked `interrupted` (engine, core
 *   `recovery.ts`), comment and check run updated; nothing runs.
 * - **sweep**: sessions are found by listing the open issues with the trigger label (one paged
 *   call, 100 issues a page) and the Foreman runs in progress (two calls: `in_progress`,
 *   `queued`; a run's `display_title` is its `run-name`, `foreman #<issue> …`). Approvals past
 *   their deadline end `approval_expired`; sessions marked running with no live run are
 *   recovered. Each session found costs its state read plus the writes it needs.
 *
 * Adapters are injected (`GitHubSessionDeps`): `src/action/main.ts` wires the real ones, tests
 * wire fakes. Decisions stay in core; this file only sequences them.
 */














/** One line per ignored comment, for the summary. */
function describeIgnored(c) {
    return `comment ${c.commentId} by ${c.author}: a ${c.kind} marker, ${c.reason.replace(/_/g, " ")}`;
}
/** GitHub sessions are `issue-<n>` (core/session-id.ts). */
function sessionKey(issue) {
    return `issue-${issue}`;
}
async function runGitHubSession(settings, deps, signal) {
    switch (settings.mode) {
        case "run":
            return runMode(settings, requireIssue(settings), deps, signal);
        case "recover":
            return recoverMode(settings, requireIssue(settings), deps);
        case "sweep":
            return sweepMode(settings, deps);
    }
}
function requireIssue(settings) {
    if (settings.issue === undefined)
        throw new MissingIssueError(settings.mode);
    return settings.issue;
}
/** `run` and `recover` need the issue input. */
class MissingIssueError extends errors/* ForemanError */.Vy {
    mode;
    name = "MissingIssueError";
    kind = "usage";
    constructor(mode) {
        super(`Input 'issue' is required in mode '${mode}'. Pass the issue number, e.g. \`issue: \${{ inputs.issue }}\`.`);
        this.mode = mode;
    }
}
// ---------------------------------------------------------------------------------------------
// run
async function runMode(settings, issue, deps, signal) {
    const sessionId = sessionKey(issue);
    const startedAt = deps.clock.now();
    const config = await deps.readConfig();
    const preset = getPreset(config.agent.preset);
    const issueTask = await readIssueTask(deps.client, settings.repo, issue);
    const a = deps.forIssue(issue);
    const notes = [];
    const iso = () => new Date(deps.clock.now()).toISOString();
    let state = await a.store.load(sessionId);
    // A run that died is accounted first, so the commands see the session as it really is.
    if (state !== null && needsRecovery(state, deps))
        state = await recoverOnly(deps, a, config, issueTask.task, sessionId, state);
    // Every command after the watermark, in comment-id order, exactly once: on the issue, and on
    // the session's own PR (the number its signed state holds; no other PR is read).
    let effects = [];
    let commandFloor = 0;
    let cancelledBy;
    const replay = await a.replay(state?.lastCommandId ?? 0, state?.pullRequest);
    if (state === null) {
        // The new session starts past every comment read. Those written before its trigger (when
        // the label was last added) are not for it; of those after it, a `/cancel` ends it below
        // and the others are consumed unapplied (`beforeFirstRun`: a `/budget` cannot be applied
        // before the session exists, its reservation being taken first). No trigger time (a manual
        // dispatch, the label removed): none is for it. The time is read only when a command could
        // act on a session: a new session whose thread holds none (nearly all) costs no call more.
        commandFloor = replay.lastCommandId;
        const triggerAt = replay.accepted.some(replayed_commands/* actsOnSession */.ji) && hasLabel(issueTask.labels, config.trigger_label)
            ? await lastLabeledAt(deps.client, settings.repo, issue, config.trigger_label)
            : undefined;
        if (triggerAt !== undefined) {
            const before = (0,replayed_commands/* beforeFirstRun */.lW)(replay.accepted, triggerAt);
            cancelledBy = before.cancel;
            effects = before.unapplied;
        }
    }
    else {
        const applied = (0,replayed_commands/* applyReplayedCommands */.TI)(state, {
            accepted: replay.accepted,
            lastCommandId: replay.lastCommandId,
            at: iso(),
            config,
            labels: issueTask.labels,
            dailySpentUsd: 0,
        });
        effects = applied.effects;
        if (applied.changed) {
            const writer = new SessionWriter(a.store, state);
            await writer.save(applied.state);
            state = writer.state;
        }
    }
    for (const r of replay.refused)
        notes.push(`Command in comment ${r.commentId} by ${r.author} refused: ${r.reason}`);
    for (const e of effects)
        if (e.refusal !== undefined)
            notes.push(`Command in comment ${e.commentId} by ${e.author} had no effect: ${e.refusal}`);
    // A closed issue (or its PR closed unmerged, which the App turns into a close) ends a live session.
    const closed = issueTask.state === "closed";
    if (closed && (state === null || state.status === "ended")) {
        // A command replayed above may have ended the session: the store holds ended snapshots until a flush.
        await a.flush?.();
        return outcome(settings, deps, issue, state, a, [...notes, `Issue #${issue} is closed: nothing to run.`]);
    }
    if (state === null && cancelledBy !== undefined) {
        return cancelBeforeFirstRun(settings, deps, a, { issue, config, issueTask, floor: commandFloor, cancel: cancelledBy, signal }, notes);
    }
    // A run that will start attempts holds its USD on the daily ledger first (DESIGN.md, "Daily ledger").
    const resume = state !== null && state.status === "interrupted" && !signal.aborted && !closed;
    const willRun = !closed && (state === null || state.status === "pending" || resume);
    let reservation;
    let dailySpentUsd;
    if (willRun) {
        const capUsd = Math.min(config.budget.daily.usd, config.limits.daily.usd ?? Number.POSITIVE_INFINITY);
        const usd = reservationUsd(state, config, issueTask.labels);
        if (usd > 0) {
            const r = await deps.dailyBudget.reserve({ sessionKey: sessionId, usd, capUsd });
            if (r.admitted) {
                reservation = { id: r.reservationId, usd };
                dailySpentUsd = r.usedBeforeUsd;
            }
            else {
                // The engine ends the session `budget_exhausted` before any agent runs.
                dailySpentUsd = capUsd;
                notes.push(`Today's USD cap (${capUsd}) cannot hold this run's ${usd} USD: ${r.usedBeforeUsd} USD is already used or reserved.`);
            }
        }
    }
    const spentBefore = state?.spent.costUsd ?? 0;
    const workspace = await deps.openWorkspace({
        sessionId,
        ...(state?.baseSha === undefined ? {} : { baseSha: state.baseSha }),
        ...(keptRefOf(state) === undefined ? {} : { keptRef: keptRefOf(state) }),
        scratch: preset.scratchPaths ?? [],
    });
    let finalState = state;
    let report;
    // A `/cancel` written while the session runs stops this run (the App cancels no runs). It
    // watches past every comment the replay read, a new session's too: a `/cancel` among them
    // (after the trigger) ended the session above, so only a later one can still stop it.
    const cancelWatch = a.watchForCancel?.({
        sinceCommentId: replay.lastCommandId,
        notBefore: startedAt,
        ...(state?.pullRequest === undefined ? {} : { pullRequest: state.pullRequest }),
    });
    try {
        const outcome = await runSession(engineDeps(deps, a, sessionId, {
            store: commandFloor > 0 ? withCommandFloor(a.store, commandFloor) : a.store,
            publisher: a.publisher,
        }), {
            sessionId,
            config,
            task: issueTask.task,
            preset,
            repoRoot: settings.workspace,
            workspace,
            labels: issueTask.labels,
            ...(dailySpentUsd === undefined ? {} : { dailySpentUsd }),
            signal,
            ...(resume ? { resumeAuthor: `the ${settings.reason} dispatch` } : {}),
            ...(closed ? { command: { author: "the issue's closing", command: { kind: "cancel" } } } : {}),
        });
        // What the store holds: the floor applied on every save.
        finalState = { ...outcome.state, lastCommandId: Math.max(outcome.state.lastCommandId, commandFloor) };
        report = outcome.report;
        // Before the flush: the check run's id joins the held final snapshot (one write, not two).
        finalState = await reportCheckRun(a, finalState, { flush: false });
    }
    finally {
        await cancelWatch?.stop();
        await a.flush?.();
        if (reservation !== undefined) {
            // Unknown (the engine threw): the whole reservation counts, never less (fail closed).
            const actualUsd = finalState === state ? reservation.usd : Math.max(0, round6((finalState?.spent.costUsd ?? 0) - spentBefore));
            await deps.dailyBudget.settle({ sessionKey: sessionId, reservationId: reservation.id, actualUsd });
        }
    }
    if (report !== undefined)
        notes.push(report);
    return outcome(settings, deps, issue, finalState, a, notes.filter((n) => n !== report));
}
/** USD the run may spend: the session's per-run budget (labels, ceilings) or what remains of it. */
function reservationUsd(state, config, labels) {
    if (state === null) {
        const e = (0,core_budget/* effectiveRunBudget */.c8)({ config, labels, budgetOverrideUsd: null, dailySpentUsd: 0 });
        return e.exhausted ? 0 : e.budget.usd;
    }
    return Math.max(0, round6(state.budget.usd - state.spent.costUsd));
}
function round6(n) {
    return Math.round(n * 1e6) / 1e6;
}
/** The ref the last attempt's tree was pushed to (`Attempt.keptRef`, recorded by the engine's keep hook). */
function keptRefOf(state) {
    if (state === null)
        return undefined;
    for (const a of [...state.attempts].reverse()) {
        if ("keptRef" in a && typeof a.keptRef === "string")
            return a.keptRef;
    }
    return undefined;
}
/** Whether the issue carries `label` (GitHub matches label names without case). */
function hasLabel(labels, label) {
    return labels.some((l) => l.toLowerCase() === label.toLowerCase());
}
/**
 * A `/cancel` written after the trigger, before the session's first run: the session is
 * created and ended `cancelled` through the engine's own path (`runSession` with the command,
 * applied right after the session is opened), so it has its one terminal report and ledger
 * record like any cancelled session, and a later run finds it ended. Nothing else happens: no
 * daily reservation, no working copy (the engine reads only its base, the checkout's HEAD, as
 * the working copy would have been made from it), no agent, nothing published. The watermark
 * ends past every comment read (`floor`), so the run woken for the `/cancel` applies nothing.
 */
async function cancelBeforeFirstRun(settings, deps, a, ctx, notes) {
    const { config, issueTask, floor, cancel } = ctx;
    const sessionId = sessionKey(ctx.issue);
    const baseSha = await checkoutHead(settings.workspace);
    let finalState;
    try {
        const ended = await runSession(engineDeps(deps, a, sessionId, {
            store: withCommandFloor(a.store, floor),
            // Checked by nobody: the session ends before any attempt, so nothing could be published.
            publisher: noPublisher({ preflight: "passes", why: "A session cancelled before its first run publishes nothing." }),
        }), {
            sessionId,
            config,
            task: issueTask.task,
            preset: getPreset(config.agent.preset),
            repoRoot: settings.workspace,
            workspace: noWorkspace(baseSha, "A session cancelled before its first run has no working copy."),
            labels: issueTask.labels,
            signal: ctx.signal,
            // The session's note names who cancelled and where: "Cancelled by @maya in comment 123."
            command: { author: `@${cancel.author} in comment ${cancel.commentId}`, command: { kind: "cancel" } },
        });
        // What the store holds: the floor applied on every save.
        finalState = await reportCheckRun(a, { ...ended.state, lastCommandId: Math.max(ended.state.lastCommandId, floor) }, { flush: false });
    }
    finally {
        await a.flush?.();
    }
    return outcome(settings, deps, ctx.issue, finalState, a, notes);
}
/** The checkout's HEAD: what the session's working copy would have been made from (`openWorkspace`'s default). */
async function checkoutHead(checkout) {
    return (await (0,git/* git */.$Y)(["rev-parse", "--verify", "HEAD^{commit}"], { cwd: checkout })).stdout.trim();
}
/** A store whose sessions never carry a watermark below `floor` (commands older than the session). */
function withCommandFloor(store, floor) {
    return {
        load: (id) => store.load(id),
        lock: (id) => store.lock(id),
        save: (next, expected) => store.save(next.lastCommandId >= floor ? next : { ...next, lastCommandId: floor }, expected),
    };
}
// ---------------------------------------------------------------------------------------------
// recover and sweep
function needsRecovery(state, deps) {
    return (0,decide/* nextRunAction */.b_)(state, deps.clock.now()).kind === "recover";
}
/**
 * The engine's recovery path (core `recoverOpenAttempt`), run on a workspace that stands for the
 * dead runner's: that working copy is gone with its runner, so there is nothing of the gates to
 * clean out of it; its work is resumed from its kept ref by the next run. Also ends an expired
 * approval (the engine's `settle`). Nothing is published and no agent runs here.
 */
async function recoverOnly(deps, a, config, task, sessionId, state) {
    const outcome = await runSession(engineDeps(deps, a, sessionId, {
        store: a.store,
        publisher: noPublisher({ preflight: "refuses", why: "Recovery does not publish. Dispatch a `run` of Foreman for the issue." }),
    }, { progress: false }), {
        sessionId,
        config,
        task,
        preset: getPreset(config.agent.preset),
        repoRoot: "/nonexistent/foreman-recover",
        workspace: noWorkspace(state.baseSha ?? "0".repeat(40), "The dead run's working copy is gone with its runner; recovery does not read it."),
        signal: AbortSignal.abort(),
    });
    return outcome.state;
}
/** Recovery, or a session cancelled before its first run, never publishes nor reads a working copy: one that would is a bug here. */
class RecoveryOnlyError extends errors/* ForemanError */.Vy {
    name = "RecoveryOnlyError";
    kind = "internal";
}
/** A publisher for runs that publish nothing; its `preflight` passes only where no attempt can follow. */
function noPublisher(opts) {
    const refuse = () => Promise.reject(new RecoveryOnlyError(opts.why));
    return { preflight: opts.preflight === "passes" ? () => Promise.resolve() : refuse, stage: refuse, publish: refuse };
}
/** A working copy that was never made (or is gone): only its base is known. */
function noWorkspace(baseSha, why) {
    const gone = () => Promise.reject(new RecoveryOnlyError(why));
    return {
        dir: "/nonexistent/foreman-working-copy",
        baseSha,
        diff: gone,
        isClean: () => Promise.resolve(true),
        restore: gone,
        revertPaths: gone,
        paths: gone,
        patch: gone,
        readFile: gone,
    };
}
async function recoverMode(settings, issue, deps) {
    const sessionId = sessionKey(issue);
    const a = deps.forIssue(issue);
    const state = await a.store.load(sessionId);
    if (state === null)
        return outcome(settings, deps, issue, null, a, [`Issue #${issue} has no Foreman session: nothing to recover.`]);
    if (!needsRecovery(state, deps)) {
        return outcome(settings, deps, issue, state, a, [`Session ${sessionId} is not running (${state.status}): nothing to recover.`]);
    }
    const config = await deps.readConfig();
    const recovered = await recoverOnly(deps, a, config, { title: state.task.title, body: "", issue }, sessionId, state);
    return outcome(settings, deps, issue, await reportCheckRun(a, recovered), a, []);
}
async function sweepMode(settings, deps) {
    const config = await deps.readConfig();
    const issues = await deps.labelledIssues(config.trigger_label);
    let active;
    const touched = [];
    for (const issue of issues) {
        const a = deps.forIssue(issue);
        const sessionId = sessionKey(issue);
        const state = await a.store.load(sessionId);
        if (state === null)
            continue;
        const now = deps.clock.now();
        const expired = state.status === "awaiting_approval" && (0,approval/* isApprovalExpired */.tl)(state, now);
        let dead = false;
        if (!expired && (0,decide/* nextRunAction */.b_)(state, now).kind === "recover") {
            active ??= await deps.activeRunIssues();
            dead = !active.has(issue);
        }
        if (!expired && !dead)
            continue;
        const after = await recoverOnly(deps, a, config, { title: state.task.title, body: "", issue }, sessionId, state);
        touched.push({
            issue,
            state: await reportCheckRun(a, after),
            note: expired ? "Approval expired." : "Recovered a run that ended without saving.",
        });
    }
    const summaryMarkdown = renderJobSummary({
        state: null,
        mode: "sweep",
        reason: settings.reason,
        swept: touched.map((t) => `#${t.issue}: ${t.note ?? ""} ${t.state === null ? "" : `(${t.state.status}${t.state.reason === null ? "" : `, ${t.state.reason}`})`}`.trim()),
        notes: [`${issues.length} open issue(s) carry the trigger label.`],
        ignored: deps.ignored.map(describeIgnored),
        warnings: deps.warnings,
    });
    return { status: "swept", attempts: 0, costUsd: 0, summaryMarkdown, warnings: [...deps.warnings] };
}
// ---------------------------------------------------------------------------------------------
// reporting
/**
 * The check run on the PR head (created once per SHA, then updated); its id kept in the state.
 * Then what the store and the ledger hold is written (`flush`), unless the caller flushes itself.
 */
async function reportCheckRun(a, state, opts = { flush: true }) {
    let reported = state;
    if (state.headSha !== undefined) {
        const { checkRunId } = await a.checkRun.report(state, state.headSha);
        if (state.checkRunId !== checkRunId) {
            const writer = new SessionWriter(a.store, state);
            await writer.save({ ...state, checkRunId });
            reported = writer.state;
        }
    }
    if (opts.flush)
        await a.flush?.();
    return reported;
}
/** Terminal reasons that are a person's decision or success: the Action step stays green. */
const NOT_FAILURES = new Set(["succeeded", "cancelled", "rejected"]);
function outcome(settings, deps, issue, state, a, notes) {
    const sessionUrl = a.store.sessionUrl?.() ?? `${settings.serverUrl}/${(0,github_repo/* repoSlug */.m)(settings.repo)}/issues/${issue}`;
    const summary = (failure) => renderJobSummary({
        state,
        mode: settings.mode,
        reason: settings.reason,
        sessionUrl,
        ...(state?.pullRequest === undefined ? {} : { pullRequestUrl: `${settings.serverUrl}/${(0,github_repo/* repoSlug */.m)(settings.repo)}/pull/${state.pullRequest}` }),
        ...(failure === undefined ? {} : { failure }),
        notes,
        ignored: deps.ignored.map(describeIgnored),
        warnings: deps.warnings,
    });
    const base = { warnings: [...deps.warnings], sessionUrl };
    if (state === null)
        return { ...base, summaryMarkdown: summary(undefined), status: "none", attempts: 0, costUsd: 0 };
    const failure = state.status === "ended" && state.reason !== null && !NOT_FAILURES.has(state.reason)
        ? `Foreman session ${state.sessionId} (#${issue}) ended ${state.reason}. ${(0,render/* nextStepsForReason */.Yc)(state.reason, state, "github")[0] ?? ""}`.trim()
        : state.status === "interrupted"
            ? `Foreman session ${state.sessionId} (#${issue}) was interrupted. Comment /retry on the issue to resume it from its kept work.`
            : undefined;
    return {
        ...base,
        summaryMarkdown: summary(failure),
        status: state.status,
        ...(state.reason === null ? {} : { reason: state.reason }),
        attempts: state.spent.attempts,
        costUsd: state.spent.costUsd,
        ...(state.pullRequest === undefined ? {} : { prNumber: state.pullRequest }),
        ...(failure === undefined ? {} : { failure }),
    };
}
/** The engine's ports for a run on `a`'s issue: the run's own, with the given store and publisher. */
function engineDeps(deps, a, sessionId, chosen, options = { progress: true }) {
    return {
        ...chosen,
        ledger: a.ledger,
        runner: deps.runner,
        files: deps.attemptFiles(sessionId),
        clock: deps.clock,
        hostEnv: deps.hostEnv,
        surface: "github",
        ...(options.progress && deps.onProgress !== undefined ? { onProgress: deps.onProgress } : {}),
    };
}


/***/ })

};
