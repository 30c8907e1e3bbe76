import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as core from "../../src/core/index.js";

const SRC = path.resolve(import.meta.dirname, "../../src");

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*(?:import|export)[^;]*?from\s+"([^"]+)"/gm)].map((m) => m[1]!);
}

function filesIn(folder: string): string[] {
  return readdirSync(path.join(SRC, folder), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => path.join(SRC, folder, f));
}

describe("src/core public surface", () => {
  it("exports the names other tools depend on", () => {
    for (const name of [
      "parseConfig",
      "parseCommands",
      "encodeStateComment",
      "decodeStateComment",
      "sanitizeUntrusted",
      "transition",
      "effectiveRunBudget",
      "checkBudget",
      "detectOscillation",
      "checkPaths",
      "planGates",
      "classifyError",
      "renderStatusComment",
      "renderTerminalReport",
      "renderCheckRunSummary",
    ] as const) {
      expect(typeof core[name], name).toBe("function");
    }
    expect(new core.ConfigError([{ path: "a", message: "b" }])).toBeInstanceOf(Error);
    expect(new core.StateDecodeError("bad_encoding", "x").code).toBe("bad_encoding");
  });
});

describe("layers (DESIGN.md)", () => {
  it("src/core imports nothing outside src/core but zod, picomatch and node:zlib", () => {
    for (const file of filesIn("core")) {
      for (const spec of imports(file)) {
        const ok = spec.startsWith("./") || spec === "zod" || spec === "picomatch" || spec === "node:zlib";
        expect(ok, `${path.relative(SRC, file)} imports ${spec}`).toBe(true);
      }
    }
  });

  it("src/core reads no clock, environment or randomness", () => {
    for (const file of filesIn("core")) {
      const text = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      for (const banned of ["Date.now(", "new Date()", "process.env", "Math.random(", "performance.now("]) {
        expect(text.includes(banned), `${path.relative(SRC, file)} uses ${banned}`).toBe(false);
      }
    }
  });

  it("src/loop imports only src/core and its own files (the agent contract is the loop's own), never an adapter or a preset", () => {
    for (const file of filesIn("loop")) {
      for (const spec of imports(file)) {
        const ok = spec.startsWith("./") || spec.startsWith("../core/") || spec === "node:path";
        expect(ok, `${path.relative(SRC, file)} imports ${spec}`).toBe(true);
      }
    }
  });
});
