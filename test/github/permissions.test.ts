import nock from "nock";
import { describe, expect, it } from "vitest";
import { collaboratorPermission, permissionAtLeast, toPermission } from "../../src/github/permissions.js";
import { parseReplyMarkers, replyMarker } from "../../src/github/reply-marker.js";
import { InvalidArgumentError } from "../../src/core/errors.js";
import { API, useGitHubMocks } from "../support/github/http.js";

const repo = { owner: "octo-org", repo: "widgets" };
const PERM = "/repos/octo-org/widgets/collaborators";

describe("collaboratorPermission", () => {
  const gh = useGitHubMocks();

  it.each([
    ["admin", "admin", "admin"],
    ["write", "maintain", "write"],
    ["write", "write", "write"],
    ["read", "triage", "read"],
    ["read", "read", "read"],
    ["none", "none", "none"],
  ] as const)("reads %s from permission %s (role %s)", async (permission, role, expected) => {
    nock(API)
      .get(`${PERM}/alice/permission`)
      .reply(200, { permission, role_name: role, user: { login: "alice", id: 1, type: "User" } });
    expect(await collaboratorPermission(gh.client(), repo, "alice")).toBe(expected);
  });

  it("404 (not a collaborator) is none; other errors propagate", async () => {
    nock(API).get(`${PERM}/stranger/permission`).reply(404, { message: "Not Found" });
    expect(await collaboratorPermission(gh.client(), repo, "stranger")).toBe("none");
    nock(API).get(`${PERM}/bob/permission`).reply(403, { message: "Resource not accessible by integration" });
    await expect(collaboratorPermission(gh.client(), repo, "bob")).rejects.toMatchObject({ status: 403 });
  });
});

describe("permission levels", () => {
  it("folds maintain into write and triage into read; anything unknown is none", () => {
    expect(["admin", "maintain", "write", "triage", "read", "none", "pull", undefined, null].map(toPermission)).toEqual([
      "admin",
      "write",
      "write",
      "read",
      "read",
      "none",
      "none",
      "none",
      "none",
    ]);
  });

  it("orders admin ≥ write ≥ read ≥ none", () => {
    const levels = ["none", "read", "write", "admin"] as const;
    for (const [i, has] of levels.entries()) {
      for (const [j, needs] of levels.entries()) expect(permissionAtLeast(has, needs)).toBe(i >= j);
    }
  });
});

describe("reply markers", () => {
  it("formats and parses back, without duplicates, ignoring look-alikes", () => {
    expect(replyMarker(42)).toBe("<!-- foreman:reply-to 42 -->");
    const body = `hi ${replyMarker(42)} and ${replyMarker(7)} ${replyMarker(42)} <!-- foreman:reply-to x --> <!-- foreman:reply-to 0 -->`;
    expect(parseReplyMarkers(body)).toEqual([42, 7]);
    expect(parseReplyMarkers("")).toEqual([]);
  });

  it("refuses an id that is not a positive integer", () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => replyMarker(bad)).toThrow(InvalidArgumentError);
  });
});
