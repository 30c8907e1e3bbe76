/**
 * GitHub's error shape for the stand-in: every failure a route decides is thrown as a
 * `GitHubHttpError` and written as `{ message, documentation_url, errors? }` with GitHub's
 * status, so clients meet the same `RequestError`s (status, message, errors) as on github.com.
 */

/** One entry of a 422's `errors` list, as GitHub writes it. */
export interface GitHubErrorDetail {
  resource: string;
  field?: string;
  code: "missing" | "missing_field" | "invalid" | "already_exists" | "unprocessable" | "custom";
  message?: string;
}

export const DOCS = "https://docs.github.com/rest";

export class GitHubHttpError extends Error {
  override readonly name = "GitHubHttpError";
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: readonly GitHubErrorDetail[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  /** The JSON body GitHub sends with this status. */
  body(): Record<string, unknown> {
    return { message: this.message, documentation_url: DOCS, ...(this.errors ? { errors: this.errors } : {}), status: String(this.status) };
  }
}

export const notFound = (): GitHubHttpError => new GitHubHttpError(404, "Not Found");

/** 422 "Validation Failed" with one detail, GitHub's answer to invalid input. */
export function invalid(resource: string, field: string, code: GitHubErrorDetail["code"], message?: string): GitHubHttpError {
  return new GitHubHttpError(422, "Validation Failed", [{ resource, field, code, ...(message !== undefined ? { message } : {}) }]);
}
