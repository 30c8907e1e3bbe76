/**
 * Who is calling the stand-in. `Authorization: token|bearer <t>` names a user token, an App
 * installation token (acting as `<slug>[bot]`, limited to the repositories it was minted for,
 * expiring after an hour), or an App JWT (RS256, verified with the App's registered public key;
 * `iss` is the App id, expired or over-long tokens refused as GitHub does). No header is 401
 * "Requires authentication"; an unknown or expired token is 401 "Bad credentials".
 */
import { createPublicKey, verify } from "node:crypto";
import { GitHubHttpError } from "./http-error.js";
import type { World } from "./world.js";

export type Identity =
  | { kind: "user"; login: string }
  | { kind: "installation"; login: string; installationId: number; appId: number; repos: ReadonlySet<string> | undefined }
  | { kind: "app"; appId: number }
  | { kind: "anonymous" };

export interface IssuedToken {
  identity: Identity;
  /** Milliseconds since the epoch; undefined never expires. */
  expiresAt?: number;
}

/** Installation tokens live one hour on GitHub. */
export const INSTALLATION_TOKEN_TTL_MS = 60 * 60_000;

const badCredentials = (): GitHubHttpError => new GitHubHttpError(401, "Bad credentials");

function base64urlJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

/**
 * The App a JWT is signed by, or a 401 saying what is wrong with it. `nowMs` is the clock the
 * JWT's `iat`/`exp` are judged by: the wall clock, since `@octokit/auth-app` signs with it,
 * whatever clock the stand-in's data runs on.
 */
export function verifyAppJwt(world: World, jwt: string, nowMs: number): Identity {
  const [head, payload, signature] = jwt.split(".");
  if (head === undefined || payload === undefined || signature === undefined || jwt.split(".").length !== 3)
    throw new GitHubHttpError(401, "A JSON web token could not be decoded");
  const header = base64urlJson(head);
  const claims = base64urlJson(payload);
  if (typeof header !== "object" || header === null || Reflect.get(header, "alg") !== "RS256")
    throw new GitHubHttpError(401, "A JSON web token could not be decoded");
  if (typeof claims !== "object" || claims === null) throw new GitHubHttpError(401, "A JSON web token could not be decoded");
  const appId = Number(Reflect.get(claims, "iss"));
  const app = world.apps.get(appId);
  if (app === undefined || app.publicKey === "") throw new GitHubHttpError(401, "Integration not found");
  const ok = verify("RSA-SHA256", Buffer.from(`${head}.${payload}`), createPublicKey(app.publicKey), Buffer.from(signature, "base64url"));
  if (!ok) throw new GitHubHttpError(401, "A JSON web token could not be decoded");
  const nowSeconds = Math.floor(nowMs / 1000);
  const exp = Number(Reflect.get(claims, "exp"));
  const iat = Number(Reflect.get(claims, "iat"));
  if (!Number.isFinite(exp) || exp <= nowSeconds)
    throw new GitHubHttpError(
      401,
      "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
    );
  if (!Number.isFinite(iat) || iat > nowSeconds + 60)
    throw new GitHubHttpError(401, "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued");
  if (exp - iat > 600) throw new GitHubHttpError(401, "'Expiration time' claim ('exp') is too far in the future");
  return { kind: "app", appId };
}

/** The caller named by an `Authorization` header (undefined header: anonymous). */
export function identify(world: World, tokens: ReadonlyMap<string, IssuedToken>, authorization: string | undefined, jwtNow: () => number): Identity {
  if (authorization === undefined || authorization.trim() === "") return { kind: "anonymous" };
  const m = /^(token|bearer)\s+(\S+)$/i.exec(authorization.trim());
  if (m === null) throw badCredentials();
  const value = m[2] ?? "";
  if (value.split(".").length === 3 && value.startsWith("ey")) return verifyAppJwt(world, value, jwtNow());
  const issued = tokens.get(value);
  if (issued === undefined) throw badCredentials();
  if (issued.expiresAt !== undefined && issued.expiresAt <= world.now()) throw badCredentials();
  return issued.identity;
}

/** The login a caller acts as on repositories (undefined for an App JWT or no one). */
export function actingLogin(caller: Identity): string | undefined {
  return caller.kind === "user" || caller.kind === "installation" ? caller.login : undefined;
}
