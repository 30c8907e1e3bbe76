/**
 * The serverless entry: a Node request handler for a function platform (Vercel's
 * `api/github/webhooks.js`, Netlify, or any platform that hands a function Node's request and
 * response), built with Probot's own `createNodeMiddleware`. It serves the same app function as
 * the server (`npm start`), so both stay thin; configuration comes from the same environment
 * (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createNodeMiddleware, createProbot } from "probot";
import app from "./index.js";

let middleware: ReturnType<typeof createNodeMiddleware> | undefined;

/** Handles one webhook delivery (`POST /api/github/webhooks`). */
export default async function handler(request: IncomingMessage, response: ServerResponse): Promise<void> {
  middleware ??= createNodeMiddleware(app, { probot: createProbot(), webhooksPath: "/api/github/webhooks" });
  const handle = await middleware;
  const handled = await handle(request, response);
  if (handled === false && !response.writableEnded) {
    response.statusCode = 404;
    response.end("Not found: Foreman's webhooks are served at /api/github/webhooks\n");
  }
}
