/**
 * Webhook deliveries as GitHub makes them: a JSON POST with `X-GitHub-Event`,
 * `X-GitHub-Delivery` (the same on a duplicate), `X-GitHub-Hook-ID` and
 * `X-Hub-Signature-256: sha256=<HMAC of the body with the webhook secret>`, sent to the
 * configured URL (the App's real server). GitHub gives up on a delivery after 10 s and never
 * retries by itself; each delivery is recorded with the status it got, for tests and the demo.
 */
import { createHmac } from "node:crypto";
import { loopbackFetch } from "./loopback-fetch.js";

export interface WebhookTarget {
  /** Where deliveries are POSTed (the App's webhook URL). */
  url: string;
  secret: string;
}

export interface Delivery {
  id: string;
  event: string;
  action: string | undefined;
  payload: Record<string, unknown>;
  /** HTTP status the receiver answered, or undefined when it could not be reached. */
  status?: number;
  error?: string;
}

/** GitHub gives up on a delivery not answered within 10 s. */
export const DELIVERY_TIMEOUT_MS = 10_000;

export const HOOK_ID = 424242;

/** `sha256=<hex>`: GitHub's `X-Hub-Signature-256` of `body` with `secret`. */
export function signPayload(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** A delivery id in GitHub's GUID format, from a counter (deterministic). */
export function deliveryGuid(n: number): string {
  const hex = n.toString(16).padStart(12, "0").slice(-12);
  return `5e7a0d00-0000-4000-8000-${hex}`;
}

/** POSTs one delivery; records the answer's status or the failure on `delivery`. */
export async function postDelivery(target: WebhookTarget, delivery: Delivery): Promise<void> {
  const body = JSON.stringify(delivery.payload);
  try {
    const res = await loopbackFetch(target.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "GitHub-Hookshot/stand-in",
        "x-github-event": delivery.event,
        "x-github-delivery": delivery.id,
        "x-github-hook-id": String(HOOK_ID),
        "x-hub-signature-256": signPayload(target.secret, body),
      },
      body,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    delivery.status = res.status;
    await res.arrayBuffer();
  } catch (error) {
    delivery.error = error instanceof Error ? error.message : String(error);
  }
}
