/**
 * A `fetch` for talking to the stand-in (and the App's server) over 127.0.0.1 with Node's
 * `http` module, never leaving the machine: any other host is refused. Tests need it because
 * nock 15's fetch interceptor cannot pass a request with a body through to a real server on
 * Node 20 (`TypeError: unusable` from `Request.clone`), while its `http` interceptor can; the
 * demo uses it for the same reason it is safe: nothing reaches the network.
 */
import { request as httpRequest } from "node:http";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);
const NULL_BODY = new Set([101, 204, 205, 304]);

export const loopbackFetch: typeof globalThis.fetch = async (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  if (url.protocol !== "http:" || !LOOPBACK.has(url.hostname))
    throw new TypeError(`loopbackFetch only reaches http://127.0.0.1 (the stand-in, the App's server); refused ${url.origin}.`);
  const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => (headers[key] = value));
  if (body !== undefined) headers["content-length"] = String(body.length);
  return new Promise<Response>((resolve, reject) => {
    const req = httpRequest(url, { method: request.method, headers, signal: init?.signal ?? undefined }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const status = res.statusCode ?? 500;
        const out = new Headers();
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) out.append(res.rawHeaders[i] ?? "", res.rawHeaders[i + 1] ?? "");
        const response = new Response(NULL_BODY.has(status) ? null : Buffer.concat(chunks), {
          status,
          statusText: res.statusMessage ?? "",
          headers: out,
        });
        Object.defineProperty(response, "url", { value: url.toString() });
        resolve(response);
      });
    });
    req.on("error", reject);
    req.end(body);
  });
};
