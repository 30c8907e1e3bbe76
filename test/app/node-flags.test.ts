/**
 * The App's Node flags (src/app/node-flags.ts) are the ones it really runs with: `npm start`
 * passes them, and the README tells serverless users to set them in NODE_OPTIONS. The bench
 * measures the handlers under the same constant, so a flag dropped from the start script would
 * leave a figure measured under conditions no deployment has.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { APP_NODE_FLAGS } from "../../src/app/node-flags.js";

const ROOT = new URL("../../", import.meta.url);

describe("the App's Node flags", () => {
  it("npm start runs Probot under them", () => {
    const pkg = JSON.parse(readFileSync(new URL("package.json", ROOT), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts["start"]).toBe(`node ${APP_NODE_FLAGS.join(" ")} node_modules/probot/bin/probot.js run ./dist/app/index.js`);
  });

  it("the README gives them to serverless deployments as NODE_OPTIONS, which Node accepts", () => {
    const readme = readFileSync(new URL("README.md", ROOT), "utf8");
    expect(readme).toContain(`NODE_OPTIONS=${APP_NODE_FLAGS.join(" ")}`);
    const node = spawnSync(process.execPath, ["-e", "0"], {
      env: { PATH: process.env["PATH"], NODE_OPTIONS: APP_NODE_FLAGS.join(" ") },
      encoding: "utf8",
    });
    expect(node.stderr).toBe("");
    expect(node.status).toBe(0);
  });
});
