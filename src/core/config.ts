/**
 * `.github/foreman.yml`: the schema, its defaults, and org ceilings (`limits`).
 *
 * Keys are snake_case as people write them in YAML; the parsed `Config` keeps the same names
 * so that an error path (`budget.per_run.usd`) is also the property path in code.
 * Unknown keys are refused by name: a typo must never fall back silently to a default.
 */
import { z } from "zod";
import { ConfigError, type ConfigProblem } from "./errors.js";
import { closestName } from "./closest-name.js";
import { issuePath as formatPath } from "./zod-issues.js";

export const AGENT_PRESETS = ["claude", "codex", "aider", "pi", "gemini", "copilot", "custom", "replay"] as const;
export type AgentPreset = (typeof AGENT_PRESETS)[number];

export const APPROVAL_POLICIES = ["never", "protected_paths", "cost_over_usd", "before_pr"] as const;
export type ApprovalPolicy = (typeof APPROVAL_POLICIES)[number];

/** Where the agent and the gates run: in a bubblewrap sandbox where it works (`auto`), only there (`required`), or never (`off`). */
export const SANDBOX_MODES = ["auto", "required", "off"] as const;
export type SandboxMode = (typeof SANDBOX_MODES)[number];

export const PERMISSION_LEVELS = ["read", "triage", "write", "maintain", "admin"] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

/** Default of `paths.max_file_bytes`: 1 MB. */
export const DEFAULT_MAX_FILE_BYTES = 1_048_576;

const POSITIVE_NUMBER = "expected a positive number";
const POSITIVE_INTEGER = "expected a positive whole number";

const positiveNumber = () => z.number({ error: POSITIVE_NUMBER }).positive({ error: POSITIVE_NUMBER }).finite({ error: POSITIVE_NUMBER });
const nonNegativeNumber = () =>
  z
    .number({ error: "expected a number of 0 or more" })
    .nonnegative({ error: "expected a number of 0 or more" })
    .finite({ error: "expected a number of 0 or more" });
const positiveInteger = () => z.number({ error: POSITIVE_INTEGER }).int({ error: POSITIVE_INTEGER }).positive({ error: POSITIVE_INTEGER });
const text = (what = "a non-empty string") => z.string({ error: `expected ${what}` }).min(1, { error: `expected ${what}` });
const globList = () => z.array(text("a glob pattern"), { error: "expected a list of glob patterns" });

/** Characters that would mean something to a shell: a gate written as one string must not use them. */
const SHELL_META = /[|&;<>()$`\\"'*?[\]{}~!#\n]/;

/** A command is an argv. A single string is split on spaces only; it is never given to a shell. */
const argv = () =>
  z
    .union(
      [
        z.array(text("a command word"), { error: "expected a command" }).min(1, { error: "expected a non-empty command" }),
        text("a command").refine((s) => !SHELL_META.test(s), {
          error: "expected a plain command (no shell syntax: quotes, pipes, $, globs); write it as a list, e.g. [npm, test, --, -x]",
        }),
      ],
      { error: 'expected a command: a string like "npm test" or a list like [npm, test]' },
    )
    .transform((v) => (typeof v === "string" ? v.trim().split(/\s+/) : v));

const runBudgetShape = {
  attempts: positiveInteger(),
  minutes: positiveNumber(),
  usd: positiveNumber(),
};
const runBudget = (defaults: RunBudget) =>
  z
    .strictObject({
      attempts: runBudgetShape.attempts.default(defaults.attempts),
      minutes: runBudgetShape.minutes.default(defaults.minutes),
      usd: runBudgetShape.usd.default(defaults.usd),
    })
    .default(defaults);

/** Per-run caps: attempts, wall-clock minutes, and USD. */
export interface RunBudget {
  attempts: number;
  minutes: number;
  usd: number;
}

export const DEFAULT_PER_RUN: RunBudget = { attempts: 5, minutes: 30, usd: 2 };
export const DEFAULT_LABEL_BUDGETS: Record<string, RunBudget> = {
  "foreman:budget-large": { attempts: 10, minutes: 60, usd: 5 },
  "foreman:budget-xl": { attempts: 20, minutes: 120, usd: 10 },
};
/** `agent.idle_timeout_minutes` when not configured. */
export const DEFAULT_IDLE_TIMEOUT_MINUTES = 10;
export const DEFAULT_FORBIDDEN_PATHS = [".github/workflows/**", ".github/foreman.yml", ".github/foreman.yaml"];
export const DEFAULT_GATE_ALLOWLIST = ["npm", "pnpm", "yarn", "uv", "cargo", "go", "node", "make", "pytest", "python3"];

const permission = (fallback: PermissionLevel) =>
  z.enum(PERMISSION_LEVELS, { error: `expected one of ${PERMISSION_LEVELS.join(", ")}` }).default(fallback);

const gate = z.strictObject({
  name: text("a gate name"),
  run: argv(),
  /** Package root the gate runs in, relative to the repository; `.` by default. */
  root: text("a directory").default("."),
});

/** One dependency-setup step (`setup: [{ run: [npm, ci], root: . }]`): a command run before the gates. */
const setupStep = z.strictObject({
  run: argv(),
  /** Directory to run in, relative to the repository; `.` by default. */
  root: text("a directory").default("."),
});

/** Org ceilings: a repository file cannot raise a value above these. */
const limitsSchema = z
  .strictObject({
    per_run: z
      .strictObject({
        attempts: runBudgetShape.attempts.optional(),
        minutes: runBudgetShape.minutes.optional(),
        usd: runBudgetShape.usd.optional(),
      })
      .default({}),
    daily: z.strictObject({ usd: positiveNumber().optional() }).default({}),
    max_changed_lines: positiveInteger().optional(),
    max_changed_files: positiveInteger().optional(),
  })
  .default({ per_run: {}, daily: {} });

export type Limits = z.output<typeof limitsSchema>;

const configSchema = z.strictObject({
  /** Label that starts a session when a permitted person adds it to an issue. */
  trigger_label: text("a label name").default("foreman"),
  budget: z
    .strictObject({
      per_run: runBudget(DEFAULT_PER_RUN),
      daily: z.strictObject({ usd: positiveNumber().default(20) }).default({ usd: 20 }),
      /** Cost counted for an attempt whose agent reports none (fail closed). */
      assumed_attempt_usd: nonNegativeNumber().default(0.5),
      /** Labels that raise the per-run budget (always clamped by limits and the daily remainder). */
      labels: z
        .record(text("a label name"), z.strictObject(runBudgetShape), {
          error: "expected a map of label name to { attempts, minutes, usd }",
        })
        .default(DEFAULT_LABEL_BUDGETS),
    })
    .default({
      per_run: DEFAULT_PER_RUN,
      daily: { usd: 20 },
      assumed_attempt_usd: 0.5,
      labels: DEFAULT_LABEL_BUDGETS,
    }),
  agent: z
    .strictObject({
      preset: z.enum(AGENT_PRESETS, { error: `expected one of ${AGENT_PRESETS.join(", ")}` }).default("claude"),
      /** Extra arguments appended to the preset's command line. */
      args: z.array(text("an argument"), { error: "expected a list of arguments" }).default([]),
      /** The command for the `custom` preset (argv; no shell). */
      command: argv().optional(),
      /** Directory of `<attempt>.patch` files for the `replay` preset, relative to the repository. */
      replay_dir: text("a directory").optional(),
      /** Extra environment variable names the agent may see (e.g. a model key not known to the preset). */
      env: z
        .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: "expected an environment variable name" }), {
          error: "expected a list of environment variable names",
        })
        .default([]),
      /**
       * Where the agent's CLI sends its model requests (a provider or a gateway), mapped by each
       * preset to what its CLI reads (README, "Agents": provider settings). Nothing here is passed
       * unless configured.
       */
      provider: z
        .strictObject({
          /** The API's base URL (http or https). */
          base_url: z
            .string({ error: "expected a URL" })
            .regex(/^https?:\/\/[^\s]+$/, { error: "expected an http:// or https:// URL, e.g. https://gateway.example.com" })
            .optional(),
          /** Name of the host environment variable holding the provider's key or token (never the secret itself). */
          auth_token_env: z
            .string()
            .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: "expected an environment variable name, e.g. GATEWAY_TOKEN" })
            .optional(),
          /** The CLI's own config directory (absolute): used instead of a home Foreman writes per attempt. */
          home: z
            .string({ error: "expected an absolute directory" })
            .regex(/^\//, { error: "expected an absolute directory, e.g. /home/ci/.codex" })
            .optional(),
          /** The model to ask for, where the CLI takes one from its environment or flags. */
          model: text("a model name").optional(),
        })
        .optional(),
      /** Minutes without any output from the agent after which it is stopped (a stalled stream; retried as transient). */
      idle_timeout_minutes: positiveNumber().default(DEFAULT_IDLE_TIMEOUT_MINUTES),
      /** USD per million tokens, for presets that report tokens but not cost (codex). */
      prices: z
        .strictObject({
          input_per_mtok: nonNegativeNumber(),
          output_per_mtok: nonNegativeNumber(),
          cached_input_per_mtok: nonNegativeNumber().optional(),
        })
        .optional(),
    })
    .superRefine((a, ctx) => {
      if (a.preset === "custom" && !a.command) {
        ctx.addIssue({ code: "custom", path: ["command"], message: "required when agent.preset is custom" });
      }
      if (a.preset === "replay" && !a.replay_dir) {
        ctx.addIssue({ code: "custom", path: ["replay_dir"], message: "required when agent.preset is replay" });
      }
    })
    .default({ preset: "claude", args: [], env: [], idle_timeout_minutes: DEFAULT_IDLE_TIMEOUT_MINUTES }),
  /** `auto` picks gates from the package roots the diff touches; or a configured list. */
  gates: z
    .union([z.literal("auto"), z.array(gate).min(1, { error: "expected at least one gate, or auto" })], {
      error: "expected auto or a list of { name, run, root }",
    })
    .default("auto"),
  /**
   * How dependencies are installed before the gates: `auto` detects them per package root
   * (`src/core/setup-plan.ts`), `none` installs nothing, or a list of `{ run, root }` steps.
   */
  setup: z
    .union([z.literal("auto"), z.literal("none"), z.array(setupStep).min(1, { error: "expected at least one step, or auto, or none" })], {
      error: "expected auto, none, or a list of { run, root }",
    })
    .default("auto"),
  /** Run the planned gates once on the unchanged base before the first paid attempt (a gate that cannot run ends the session). */
  baseline: z.boolean({ error: "expected true or false" }).default(true),
  /** Executables a gate may start (checked on the final argv, after cache-neutral rewrites). */
  gate_allowlist: z.array(text("a command name"), { error: "expected a list of command names" }).default(DEFAULT_GATE_ALLOWLIST),
  /**
   * OS sandbox (bubblewrap) for the agent and the gates: the filesystem read-only but for their
   * working copy, attempt files and a private temp directory; nothing they start outlives them.
   */
  sandbox: z.enum(SANDBOX_MODES, { error: `expected one of ${SANDBOX_MODES.join(", ")}` }).default("auto"),
  paths: z
    .strictObject({
      allowed: globList().default(["**"]),
      forbidden: globList().default(DEFAULT_FORBIDDEN_PATHS),
      protected: globList().default([]),
      allow_lockfile_changes: z.boolean({ error: "expected true or false" }).default(false),
      max_changed_files: positiveInteger().default(50),
      max_changed_lines: positiveInteger().default(2000),
      /** Globs of new binary files the change may add (matched like `allowed`); any other new binary file is refused. */
      allowed_binaries: globList().default([]),
      /** Largest new file, in bytes (default 1 MB); a bigger new file is refused. */
      max_file_bytes: positiveInteger().default(DEFAULT_MAX_FILE_BYTES),
    })
    .default({
      allowed: ["**"],
      forbidden: DEFAULT_FORBIDDEN_PATHS,
      protected: [],
      allow_lockfile_changes: false,
      max_changed_files: 50,
      max_changed_lines: 2000,
      allowed_binaries: [],
      max_file_bytes: DEFAULT_MAX_FILE_BYTES,
    }),
  approval: z
    .strictObject({
      policy: z.enum(APPROVAL_POLICIES, { error: `expected one of ${APPROVAL_POLICIES.join(", ")}` }).default("never"),
      /** With `cost_over_usd`: approval is needed once the session cost passes this. */
      cost_over_usd: nonNegativeNumber().default(1),
      timeout_hours: positiveNumber().default(72),
    })
    .default({ policy: "never", cost_over_usd: 1, timeout_hours: 72 }),
  permissions: z
    .strictObject({
      trigger: permission("write"),
      approve: permission("write"),
      budget: permission("admin"),
    })
    .default({ trigger: "write", approve: "write", budget: "admin" }),
  bots: z
    .strictObject({
      /** Logins whose comments may carry session state. */
      trusted_state_authors: z.array(text("a login"), { error: "expected a list of logins" }).default(["foreman[bot]"]),
      /** Bot logins whose comments are read as commands (none by default). */
      command_authors: z.array(text("a login"), { error: "expected a list of logins" }).default([]),
    })
    .default({ trusted_state_authors: ["foreman[bot]"], command_authors: [] }),
  limits: limitsSchema,
});

type ParsedConfig = z.output<typeof configSchema>;

/** A value lowered to an org ceiling; reported to the people who configured it. */
export interface Clamp {
  /** Dotted key path, e.g. `budget.per_run.usd`. */
  path: string;
  requested: number;
  ceiling: number;
}

/** The validated configuration, every default filled in and every ceiling applied. */
export type Config = ParsedConfig & {
  /** Values that were above an org ceiling and were lowered to it. */
  clamps: Clamp[];
};

export interface ParseConfigOptions {
  /**
   * Org ceilings read separately from the org's own `.github` repository. A repository file
   * can lower its own `limits` but never raise these: the stricter of the two wins.
   */
  limits?: unknown;
}

/** Validates `.github/foreman.yml` (already parsed from YAML), fills defaults, applies ceilings. */
export function parseConfig(raw: unknown, options: ParseConfigOptions = {}): Config {
  const input = raw === null || raw === undefined ? {} : raw;
  const parsed = configSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) throw new ConfigError(toProblems(parsed.error.issues, input));
  let limits = parsed.data.limits;
  if (options.limits !== undefined && options.limits !== null) {
    const org = limitsSchema.safeParse(options.limits, { reportInput: true });
    if (!org.success) {
      throw new ConfigError(toProblems(org.error.issues, options.limits).map((p) => ({ ...p, path: `limits (org).${p.path}` })));
    }
    limits = stricterLimits(limits, org.data);
  }
  return applyLimits({ ...parsed.data, limits });
}

function stricterLimits(a: Limits, b: Limits): Limits {
  const min = (x?: number, y?: number) => (x === undefined ? y : y === undefined ? x : Math.min(x, y));
  return {
    per_run: {
      attempts: min(a.per_run.attempts, b.per_run.attempts),
      minutes: min(a.per_run.minutes, b.per_run.minutes),
      usd: min(a.per_run.usd, b.per_run.usd),
    },
    daily: { usd: min(a.daily.usd, b.daily.usd) },
    max_changed_lines: min(a.max_changed_lines, b.max_changed_lines),
    max_changed_files: min(a.max_changed_files, b.max_changed_files),
  };
}

function applyLimits(c: ParsedConfig): Config {
  const clamps: Clamp[] = [];
  const clamp = (path: string, value: number, ceiling: number | undefined): number => {
    if (ceiling === undefined || value <= ceiling) return value;
    clamps.push({ path, requested: value, ceiling });
    return ceiling;
  };
  const clampRun = (path: string, b: RunBudget): RunBudget => ({
    attempts: clamp(`${path}.attempts`, b.attempts, c.limits.per_run.attempts),
    minutes: clamp(`${path}.minutes`, b.minutes, c.limits.per_run.minutes),
    usd: clamp(`${path}.usd`, b.usd, c.limits.per_run.usd),
  });
  const labels: Record<string, RunBudget> = {};
  for (const [label, b] of Object.entries(c.budget.labels)) labels[label] = clampRun(`budget.labels.${label}`, b);
  return {
    ...c,
    budget: {
      ...c.budget,
      per_run: clampRun("budget.per_run", c.budget.per_run),
      daily: { usd: clamp("budget.daily.usd", c.budget.daily.usd, c.limits.daily.usd) },
      labels,
    },
    paths: {
      ...c.paths,
      max_changed_files: clamp("paths.max_changed_files", c.paths.max_changed_files, c.limits.max_changed_files),
      max_changed_lines: clamp("paths.max_changed_lines", c.paths.max_changed_lines, c.limits.max_changed_lines),
    },
    clamps,
  };
}

function toProblems(issues: readonly z.core.$ZodIssue[], root: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const path = formatPath(issue.path);
    if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(root, issue.path);
      for (const key of issue.keys) {
        const hint = closest(key, known);
        problems.push({
          path: path === "(root)" ? key : `${path}.${key}`,
          message: `unknown key${hint ? ` (did you mean "${hint}"?)` : ""}; known keys here: ${known.join(", ")}`,
        });
      }
      continue;
    }
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      // Report the branch that got furthest into the value: for a list of gates, the gate's
      // own problem says more than "expected auto or a list".
      const deepest = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0]!;
      if (depth(deepest) > 0) {
        problems.push(
          ...toProblems(
            deepest.map((i) => ({ ...i, path: [...issue.path, ...i.path] })),
            root,
          ),
        );
        continue;
      }
    }
    const input = "input" in issue ? issue.input : undefined;
    const got = input !== undefined && (typeof input !== "object" || issue.code !== "custom") ? `, got ${describe(input)}` : "";
    const message = path === "(root)" && issue.code === "invalid_type" ? "expected a mapping of keys (a YAML object)" : issue.message;
    problems.push({ path, message: `${message}${got}` });
  }
  return problems;
}

function depth(issues: readonly z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length));
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  try {
    const s = JSON.stringify(value);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(value);
  }
}

/** The keys the schema accepts at `path`, for "did you mean" hints. */
function knownKeysAt(_root: unknown, path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType = configSchema;
  for (const key of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodObject) {
      const next = (schema.shape as Record<string, z.ZodType>)[String(key)];
      if (!next) return [];
      schema = next;
    } else if (schema instanceof z.ZodRecord) {
      schema = schema.valueType as z.ZodType;
    } else if (schema instanceof z.ZodArray) {
      schema = schema.element as z.ZodType;
    } else if (schema instanceof z.ZodUnion) {
      const obj = (schema.options as z.ZodType[]).map(unwrap).find((o) => o instanceof z.ZodArray || o instanceof z.ZodObject);
      if (!obj) return [];
      schema = obj instanceof z.ZodArray ? (obj.element as z.ZodType) : obj;
    } else {
      return [];
    }
  }
  schema = unwrap(schema);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s: z.ZodType = schema;
  for (;;) {
    if (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
    else return s;
  }
}

/** A known key within a third of the word's length (at least 2 edits) of an unknown one. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  return closestName(word, candidates, Math.max(2, Math.floor(word.length / 3)));
}
