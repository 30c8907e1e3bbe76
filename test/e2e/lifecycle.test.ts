/**
 * The whole product end to end, every part real: the stand-in's webhooks to the Foreman App on
 * a Probot server, the App's dispatches, the Actions emulator running the Action as a child
 * process on a real checkout, the Action's pushes to the bare remote. The demo's lifecycle:
 * label → attempt 1 fails the gates → attempt 2 passes but touches a protected path → a
 * read-only `/approve` refused with a reply → the maintainer's `/approve` → one draft PR
 * `Closes #n` with a green `Foreman` check run; the thread, reactions, ledger, runs and the
 * timeline and `--keep` output derived from them are checked.
 */
import { readFile, rm, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { keepDemo } from "../../src/sandbox/demo/keep.js";
import { runLifecycle } from "../../src/sandbox/demo/lifecycle.js";
import { buildTimeline } from "../../src/sandbox/demo/timeline.js";
import { git } from "../../src/sandbox/git-remote.js";
import { runLogs, startStage, useStages } from "./harness.js";

function login(value: unknown): string {
  const user: unknown = typeof value === "object" && value !== null ? Reflect.get(value, "user") : undefined;
  return typeof user === "object" && user !== null ? String(Reflect.get(user, "login")) : "";
}

describe("the lifecycle on the stand-in", () => {
  useStages();

  it("label → gates fail → pass on a protected path → read-only /approve refused → /approve → draft PR with a green check", async () => {
    const stage = await startStage();
    const bot = stage.app.botLogin;
    const lines: string[] = [];
    const result = await runLifecycle(stage, (l) => lines.push(l));
    expect(result.problems, runLogs(stage)).toEqual([]);
    const n = result.issue;

    // The session: ended succeeded after two attempts, approved by the maintainer, on the PR.
    expect(result.session).toMatchObject({ status: "ended", reason: "succeeded", spent: { attempts: 2 }, pullRequest: result.pull?.number });
    expect(result.session?.attempts.map((a) => [a.n, a.outcome, a.gates?.map((g) => g.ok)])).toEqual([
      [1, "gates_failed", [false]],
      [2, "passed", [true]],
    ]);
    expect(result.session?.approval).toMatchObject({ reasons: [expect.stringContaining("src/greet.js")], approvedBy: stage.maintainer });

    // The thread: people's comments, Foreman's status comment, its attempt ledger and one reply; nothing twice.
    const comments = stage.comments(n);
    const humans = comments.filter((c) => c.author !== bot).map((c) => [c.author, c.body]);
    expect(humans).toEqual([
      [stage.reader, "/approve"],
      [stage.maintainer, "/approve"],
    ]);
    const fromBot = comments.filter((c) => c.author === bot);
    expect(fromBot).toHaveLength(3);
    expect(new Set(fromBot.map((c) => c.body)).size).toBe(3);
    expect(fromBot.filter((c) => c.body.includes("<!-- foreman:state v"))).toHaveLength(1);
    expect(fromBot.filter((c) => c.body.includes("<!-- foreman:ledger v"))).toHaveLength(1);
    const readerComment = comments.find((c) => c.author === stage.reader);
    const reply = fromBot.find((c) => c.body.startsWith(`@${stage.reader}`));
    expect(reply?.body).toMatch(/`\/approve` needs \*\*write\*\* permission .*\(yours: read\)/);
    expect(reply?.body).toContain(`<!-- foreman:reply-to ${readerComment?.id ?? 0} -->`);
    expect(reply?.id ?? 0).toBeGreaterThan(readerComment?.id ?? Infinity);
    expect(stage.standIn.threadMarkdown(stage.repo, n)).toContain("✅ Succeeded");

    // Reactions: 👀 on the label and on the accepted command, 😕 on the refused one.
    const maintainerComment = comments.find((c) => c.author === stage.maintainer);
    expect(stage.standIn.reactions(stage.repo, { issue: n })).toEqual([{ user: bot, content: "eyes" }]);
    expect(stage.standIn.reactions(stage.repo, { comment: readerComment?.id ?? 0 })).toEqual([{ user: bot, content: "confused" }]);
    expect(stage.standIn.reactions(stage.repo, { comment: maintainerComment?.id ?? 0 })).toEqual([{ user: bot, content: "eyes" }]);

    // One draft PR, opened by the App, that closes the issue; the Foreman check on its head is green.
    const pulls = stage.standIn.pulls(stage.repo);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]).toMatchObject({ draft: true, head: { ref: `foreman/issue-${n}` }, base: { ref: "main" } });
    expect(login(pulls[0])).toBe(bot);
    expect(String(pulls[0]?.["body"])).toMatch(new RegExp(`Closes #${n}\\b`));
    const checks = stage.standIn.checkRuns(stage.repo).filter((c) => c["name"] === "Foreman");
    expect(checks).toEqual([
      expect.objectContaining({ status: "completed", conclusion: "success", head_sha: result.pull?.headSha, external_id: `issue-${n}` }),
    ]);
    const prHead = (await git(["rev-parse", `refs/heads/foreman/issue-${n}`], { cwd: stage.repo.gitDir })).trim();
    expect(prHead).toBe(result.pull?.headSha);
    expect(await git(["show", `${prHead}:src/greet.js`], { cwd: stage.repo.gitDir })).toContain('"world"');

    // The daily ledger: one reservation and its settlement for this session, by the App, signed.
    const ledger = [...stage.standIn.world.repo(stage.repo.owner, stage.repo.name).issues.values()].filter((i) =>
      i.labels.includes("foreman:ledger"),
    );
    expect(ledger.map((i) => i.author)).toEqual([bot]);
    const entries = stage.comments(ledger[0]?.number ?? 0);
    expect(entries.map((e) => e.author)).toEqual([bot, bot]);
    expect(entries.map((e) => e.body.split("\n")[0])).toEqual([
      expect.stringMatching(new RegExp(`^Foreman reserved \\d+\\.\\d{2} USD for \`#${n}\``)),
      expect.stringMatching(new RegExp(`^Foreman settled 0\\.00 USD spent by \`#${n}\``)),
    ]);
    for (const e of entries) expect(e.body).toContain("foreman:daily-ledger");

    // Workflow runs: the label's and the approval's, both green, each reported by workflow_run.completed.
    expect(result.runs.map((r) => [r.title, r.conclusion, r.outputs["status"], r.outputs["reason"]])).toEqual([
      [`foreman #${n} label`, "success", "awaiting_approval", ""],
      [`foreman #${n} approve`, "success", "ended", "succeeded"],
    ]);
    expect(result.runs[1]?.outputs["pr-number"]).toBe(String(result.pull?.number));
    expect(result.runs[1]?.summary).toContain("Succeeded");
    expect(stage.standIn.callCounts()["POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches"]).toBe(2);
    const completed = stage.standIn.deliveries
      .filter((d) => d.event === "workflow_run" && d.action === "completed")
      .map((d) => {
        const run: unknown = d.payload["workflow_run"];
        return typeof run === "object" && run !== null ? [Reflect.get(run, "id"), Reflect.get(run, "conclusion")] : [];
      });
    expect(completed).toEqual(result.runs.map((r) => [r.runId, "success"]));
    expect(stage.standIn.deliveries.every((d) => d.status === 200)).toBe(true);

    // The timeline people read is derived from that record.
    const timeline = buildTimeline(stage, n).map((e) => `${e.actor}: ${e.text}`);
    const order = [
      `${stage.maintainer}: opened issue #${n}`,
      `${stage.maintainer}: added the label \`foreman\``,
      `${bot}: attempt 1: gates_failed`,
      `${bot}: attempt 2: passed`,
      `${bot}: session status → awaiting_approval`,
      `${stage.reader}: commented “/approve”`,
      `${bot}: reacted 😕`,
      `${bot}: replied: @${stage.reader}`,
      `${stage.maintainer}: commented “/approve”`,
      `${bot}: session status → approved by @${stage.maintainer}`,
      `${bot}: opened draft pull request #${result.pull?.number}`,
      `${bot}: session status → ended (succeeded)`,
      `${bot}: check run “Foreman”`,
    ];
    const at = order.map((prefix) => timeline.findIndex((line) => line.startsWith(prefix)));
    expect(
      at.every((i) => i >= 0),
      timeline.join("\n"),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(lines[0]).toContain(`opens issue #${n}`);

    // --keep: the thread as Markdown and the repository with the PR branch.
    const dir = await mkdtemp(path.join(tmpdir(), "foreman-keep-"));
    try {
      const kept = await keepDemo(stage, n, dir);
      expect(await readFile(kept.thread, "utf8")).toBe(stage.standIn.threadMarkdown(stage.repo, n));
      expect(kept.branches).toEqual(expect.arrayContaining(["main", `foreman/issue-${n}`]));
      expect((await git(["rev-parse", `foreman/issue-${n}`], { cwd: kept.repository })).trim()).toBe(prHead);
      expect(await git(["remote"], { cwd: kept.repository })).toBe("");
      await expect(keepDemo(stage, n, dir)).rejects.toMatchObject({ name: "KeepTargetExistsError", kind: "usage" });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
