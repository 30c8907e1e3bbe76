/**
 * A check-run button press as a command. Commands are comments (the comment log is the command
 * log, DESIGN.md), but a click is not a comment: the App records it as one, on the session's
 * issue, with a signed hidden block naming the command and the person who clicked. The Action's
 * command replay reads such a record as that person's command (and re-checks their permission),
 * exactly once, like any comment. Only a trusted bot's record with a valid signature counts.
 *
 * Older Apps also recorded here each command written on the Foreman PR (`pullRequest`,
 * `commentId`, `reason`), when the Action read the issue's comments only. The Action now reads
 * the PR's conversation itself, so nothing writes those any more; they are still parsed, so a
 * record already on an issue is applied once (command-replay.ts).
 */
import type { SigningKey } from "./signature.js";
import { signBody, verifyBody } from "./signature.js";
import type { RepoRef } from "./repo.js";

export const BUTTON_COMMANDS = ["approve", "reject", "retry", "cancel"] as const;
export type ButtonCommand = (typeof BUTTON_COMMANDS)[number];

export interface ButtonPress {
  command: ButtonCommand;
  actor: string;
  /** The commit the check run was on when the button was pressed (an approval is for it). */
  headSha?: string;
  checkRunId?: number;
  /** An older App's record of a command written on the Foreman PR: the PR and the comment (read only). */
  pullRequest?: number;
  commentId?: number;
  /** In such a record of a `/reject`: its reason, exactly as written (possibly empty). */
  reason?: string;
}

/** What a button record written today holds. */
export type ButtonClick = Pick<ButtonPress, "command" | "actor" | "headSha" | "checkRunId">;

/** Room for a 500-character reject reason, escaped (`<` and `>` become `\u003c` / `\u003e`). */
const BLOCK = /<!-- foreman:button (\{[^<>]{1,4000}\}) -->/g;

const LABEL: Record<ButtonCommand, string> = { approve: "Approve", reject: "Reject", retry: "Retry", cancel: "Cancel" };

/** The comment body recording `press` on `issue`, signed. */
export function formatButtonRecord(key: SigningKey, repo: RepoRef, issue: number, press: ButtonClick): string {
  const click: ButtonClick = { command: press.command, actor: press.actor };
  if (press.headSha !== undefined) click.headSha = press.headSha;
  if (press.checkRunId !== undefined) click.checkRunId = press.checkRunId;
  // `<` and `>` escaped: no value may end the HTML comment (JSON.parse reads them back).
  const json = JSON.stringify(click).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  const block = `<!-- foreman:button ${json} -->`;
  const visible = `@${press.actor} pressed **${LABEL[press.command]}** on the Foreman check${press.headSha === undefined ? "" : ` of ${press.headSha.slice(0, 7)}`}.`;
  return signBody(key, { kind: "button", owner: repo.owner, repo: repo.repo, issue }, `${visible}\n\n${block}`, block);
}

/** The press a comment records, when it carries exactly one block whose signature verifies. */
export function parseButtonRecord(key: SigningKey, repo: RepoRef, issue: number, body: string): ButtonPress | null {
  const blocks = [...body.matchAll(BLOCK)];
  if (blocks.length !== 1) return null;
  const [block, json] = [blocks[0]![0], blocks[0]![1]!];
  if (verifyBody(key, { kind: "button", owner: repo.owner, repo: repo.repo, issue }, body, block) !== "valid") return null;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const command = r["command"];
  if (typeof command !== "string" || !(BUTTON_COMMANDS as readonly string[]).includes(command)) return null;
  const optional = (name: string, type: "string" | "number") => r[name] === undefined || typeof r[name] === type;
  if (typeof r["actor"] !== "string" || !optional("headSha", "string") || !optional("checkRunId", "number")) return null;
  if (!optional("pullRequest", "number") || !optional("commentId", "number") || !optional("reason", "string")) return null;
  const press: ButtonPress = { command: command as ButtonCommand, actor: r["actor"] };
  if (typeof r["headSha"] === "string") press.headSha = r["headSha"];
  if (typeof r["checkRunId"] === "number") press.checkRunId = r["checkRunId"];
  if (typeof r["pullRequest"] === "number") press.pullRequest = r["pullRequest"];
  if (typeof r["commentId"] === "number") press.commentId = r["commentId"];
  if (typeof r["reason"] === "string") press.reason = r["reason"];
  return press;
}
