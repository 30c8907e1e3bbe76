// Writes the parts of GitHub's REST description (`@octokit/openapi`, dereferenced: 73 MB of
// JSON, ~190 MB of heap and ~3 s to parse) that the contract checks read: one small index of
// operations (method, path template, query names, JSON request schema, documented statuses)
// and one file per operation with its JSON response schemas. Run as its own process, so no
// test worker ever holds the whole description (a fat worker makes every git spawn slower).
//   node openapi-extract.mjs <source.json> <out-dir> <stamp>
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const [source, outDir, stamp] = process.argv.slice(2);
if (!source || !outDir || !stamp) throw new Error("usage: openapi-extract.mjs <source.json> <out-dir> <stamp>");
const spec = JSON.parse(readFileSync(source, "utf8"));
const temp = `${outDir}.tmp-${process.pid}`;
rmSync(temp, { recursive: true, force: true });
mkdirSync(path.join(temp, "responses"), { recursive: true });
const operations = [];
for (const [template, item] of Object.entries(spec.paths)) {
  for (const [method, op] of Object.entries(item)) {
    if (!["get", "post", "put", "patch", "delete", "head"].includes(method)) continue;
    const responses = {};
    for (const [status, response] of Object.entries(op.responses ?? {})) {
      const schema = response?.content?.["application/json"]?.schema;
      if (schema !== undefined) responses[status] = schema;
    }
    writeFileSync(path.join(temp, "responses", `${operations.length}.json`), JSON.stringify(responses));
    operations.push({
      template,
      method: method.toUpperCase(),
      query: (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name),
      bodySchema: op.requestBody?.content?.["application/json"]?.schema,
      responses: Object.keys(op.responses ?? {}),
    });
  }
}
writeFileSync(path.join(temp, "operations.json"), JSON.stringify(operations));
writeFileSync(path.join(temp, "stamp"), stamp);
// Another worker may have written the same extract meanwhile: theirs is as good as ours.
rmSync(outDir, { recursive: true, force: true });
try {
  renameSync(temp, outDir);
} catch {
  rmSync(temp, { recursive: true, force: true });
}
