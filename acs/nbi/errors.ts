/**
 * Errors of the northbound API and their JSON form:
 * `{ "error": { "code", "message", "issues"? } }`.
 *
 * @module
 */

/** The `code` of an error answer; each goes with one HTTP status (413 uses `bad_request`). */
export type ApiErrorCode = "bad_request" | "unauthorized" | "forbidden" | "not_found" | "conflict";

/** One problem with the input: where (`path`) and what. */
export interface ApiIssue {
  /** Where in the input: `["query", "limit"]`, `["body", "request", "parameterNames"]`. */
  path: (string | number)[];
  message: string;
}

/** The body of every error answer. */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; issues?: ApiIssue[] };
}

const CODES: Record<number, ApiErrorCode> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  413: "bad_request",
};

/**
 * A request the API refuses, with the HTTP status and a message for a human.
 *
 * @example Usage
 * ```ts
 * import { ApiError } from "./errors.ts";
 * const e = new ApiError(404, "Cannot find device 00D09E-GW-1");
 * if (e.code !== "not_found" || e.toBody().error.message !== e.message) throw new Error("unexpected");
 * ```
 */
export class ApiError extends Error {
  /** 400, 401, 403, 404, 409 or 413. */
  readonly status: 400 | 401 | 403 | 404 | 409 | 413;
  readonly code: ApiErrorCode;
  readonly issues: ApiIssue[] | undefined;

  /**
   * @param status The HTTP status.
   * @param message The whole message, e.g. "Cannot cancel task 7: it is already done".
   * @param issues The problems with the input, one per field.
   */
  constructor(status: ApiError["status"], message: string, issues?: ApiIssue[]) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = CODES[status] ?? "bad_request";
    this.issues = issues;
  }

  /** The JSON body of the answer. */
  toBody(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.issues === undefined ? {} : { issues: this.issues }),
      },
    };
  }
}

/**
 * The answer for an error.
 *
 * @param error The refusal.
 * @param headers Extra headers (e.g. WWW-Authenticate).
 * @returns A JSON response with the error's status.
 */
export function errorResponse(error: ApiError, headers: Record<string, string> = {}): Response {
  return Response.json(error.toBody(), { status: error.status, headers });
}
