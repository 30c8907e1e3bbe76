/**
 * Files shipped with Foreman that the stand-in's demo and the Actions emulator use: the example
 * repository, the demo's GitHub overlay, the example workflow and the Action bundle. Found from
 * this module, which sits two levels below the project root both as `src/sandbox/*.ts` and
 * bundled as `dist/cli/index.js`. Paths are joined by hand: the bundler would take a
 * `path.resolve(dir, "literal")` for an asset to copy into `dist/`.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The project root (where `examples/` and `dist/` are). */
export function projectRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
}

function under(...parts: string[]): string {
  return [projectRoot(), ...parts].join(path.sep);
}

/** `examples/greeter/repo`: the sample repository (a failing test, `.foreman-demo/<n>.patch` for the replay agent). */
export function greeterRepoDir(): string {
  return under("examples", "greeter", "repo");
}

/** `examples/greeter/stand-in`: files laid over the sample repository on the stand-in (its `.github/foreman.yml`). */
export function greeterStandInOverlayDir(): string {
  return under("examples", "greeter", "stand-in");
}

/** `examples/workflows/foreman.yml`: the workflow users copy, which the emulator runs. */
export function exampleWorkflowFile(): string {
  return under("examples", "workflows", "foreman.yml");
}

/** `dist/action/index.js`: the shipped Action. */
export function actionBundle(): string {
  return under("dist", "action", "index.js");
}
