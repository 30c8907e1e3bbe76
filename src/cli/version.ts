/**
 * Foreman's version, compiled into the bundle (the installed `dist/` has no `package.json`
 * beside it to read at run time). `test/cli/version.test.ts` keeps it equal to `package.json`.
 */
export const VERSION = "0.1.0";
