import { composeConfigGet } from "@probot/octokit-plugin-config";
import type { Octokit } from "@octokit/core";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { getConfigFiles, Lru } from "../../src/github/config-files.js";
import { readRawConfig } from "../../src/github/repo-config.js";
import { API, useGitHubMocks } from "../support/github/http.js";

const PATH = ".github/foreman.yml";
const contents = (owner: string, repo: string, path = PATH) => `/repos/${owner}/${repo}/contents/${encodeURIComponent(path)}`;

type Reply = [number, string | Record<string, unknown>] | [number, string | Record<string, unknown>, Record<string, string>];

/** The same answers, twice: once for Probot's plugin, once for Foreman's reader. */
function serve(answers: [string, Reply][]): void {
  for (let round = 0; round < 2; round++) {
    for (const [path, reply] of answers) {
      const [status, body, headers] = reply;
      nock(API)
        .get(path)
        .reply(status, body, headers ?? { "content-type": "application/vnd.github.raw; charset=utf-8" });
    }
  }
}

type Outcome = { files: { owner: string; repo: string; path: string; config: unknown }[] } | { error: string };

async function both(client: Pick<Octokit, "request">): Promise<[Outcome, Outcome]> {
  const plugin = await composeConfigGet(client as Octokit, { owner: "octo", repo: "app", path: PATH }).then(
    (r): Outcome => ({ files: r.files.map((f) => ({ owner: f.owner, repo: f.repo, path: f.path, config: f.config })) }),
    (e: unknown): Outcome => ({ error: e instanceof Error ? e.message : String(e) }),
  );
  const ours = await getConfigFiles(client, { owner: "octo", repo: "app", path: PATH }).then(
    (files): Outcome => ({ files: files.map((f) => ({ ...f })) }),
    (e: unknown): Outcome => ({ error: e instanceof Error ? e.message : String(e) }),
  );
  return [plugin, ours];
}

describe("getConfigFiles reads what Probot's context.config reads", () => {
  const gh = useGitHubMocks();

  const cases: [string, [string, Reply][]][] = [
    ["the repository's file", [[contents("octo", "app"), [200, "budget:\n  per_run:\n    usd: 3\n"]]]],
    [
      "no file: the owner's .github repository",
      [
        [contents("octo", "app"), [404, { message: "Not Found" }]],
        [contents("octo", ".github"), [200, "trigger_label: agent\n"]],
      ],
    ],
    [
      "no file anywhere",
      [
        [contents("octo", "app"), [404, { message: "Not Found" }]],
        [contents("octo", ".github"), [404, { message: "Not Found" }]],
      ],
    ],
    [
      "an _extends chain across owners and paths",
      [
        [contents("octo", "app"), [200, "_extends: .github\npaths:\n  protected: [a/**]\n"]],
        [contents("octo", ".github"), [200, "_extends: other/base:conf/foreman.yaml\napproval:\n  policy: before_pr\n"]],
        [contents("other", "base", "conf/foreman.yaml"), [200, "budget:\n  daily:\n    usd: 9\n"]],
      ],
    ],
    [
      "an _extends to a missing file",
      [
        [contents("octo", "app"), [200, "_extends: gone\n"]],
        [contents("octo", "gone"), [404, { message: "Not Found" }]],
      ],
    ],
    [
      "a recursion",
      [
        [contents("octo", "app"), [200, "_extends: .github\n"]],
        [contents("octo", ".github"), [200, "_extends: base\n"]],
        [contents("octo", "base"), [200, "_extends: .github\n"]],
      ],
    ],
    ["an invalid _extends", [[contents("octo", "app"), [200, "_extends: 'not a/valid/name'\n"]]]],
    ["an _extends that is not a string", [[contents("octo", "app"), [200, "_extends: [a]\n"]]]],
    ["a falsy _extends stays", [[contents("octo", "app"), [200, "_extends: ''\ntrigger_label: x\n"]]]],
    ["invalid YAML", [[contents("octo", "app"), [200, "budget: [\n"]]]],
    ["YAML that is a string", [[contents("octo", "app"), [200, "just words\n"]]]],
    ["an empty file", [[contents("octo", "app"), [200, ""]]]],
    ["a number", [[contents("octo", "app"), [200, "42\n"]]]],
    ["a directory", [[contents("octo", "app"), [200, { type: "dir" }, { "content-type": "application/json; charset=utf-8" }]]]],
  ];

  it.each(cases)("%s", async (_name, answers) => {
    serve(answers);
    const [plugin, ours] = await both(gh.client());
    expect(ours).toEqual(plugin);
  });

  it("parses a text once: the same content is the same (frozen) value; a changed file is parsed at once", async () => {
    const repo = { owner: "octo", repo: "app" };
    nock(API)
      .get(contents("octo", "app"))
      .times(2)
      .reply(200, "trigger_label: memo-a\n")
      .get(contents("octo", "app"))
      .reply(200, "trigger_label: memo-b\n");
    const first = await readRawConfig(gh.client(), repo);
    const again = await readRawConfig(gh.client(), repo);
    const changed = await readRawConfig(gh.client(), repo);
    expect(again).toBe(first);
    expect(Object.isFrozen(first.merged)).toBe(true);
    expect(first.merged).toEqual({ trigger_label: "memo-a" });
    expect(changed).not.toBe(first);
    expect(changed.merged).toEqual({ trigger_label: "memo-b" });
    expect(changed.revision).not.toBe(first.revision);
  });
});

describe("Lru", () => {
  it("keeps the most recently used entries up to its size", () => {
    const lru = new Lru<string, number>(2);
    lru.set("a", 1);
    lru.set("b", 2);
    expect(lru.get("a")).toBe(1); // a is now the most recent
    lru.set("c", 3);
    expect(lru.get("b")).toBeUndefined();
    expect(lru.get("a")).toBe(1);
    expect(lru.get("c")).toBe(3);
    lru.set("c", 4);
    expect(lru.size).toBe(2);
    expect(lru.get("c")).toBe(4);
  });
});
