/**
 * The CLI's client of the ACS's northbound API (`/api/...` on `cwmp acs serve --api-listen`):
 * bearer-token requests through an injected `fetch`, and HTTP failures turned into typed
 * errors with one readable line each.
 *
 * @module
 */

import type { ValueType } from "../protocol/rpc/values.ts";
import { ExitCode } from "./errors.ts";

/** Where the API is when neither `--server` nor `CWMP_SERVER` says (design.md section 6). */
export const DEFAULT_SERVER = "http://127.0.0.1:7557";

/**
 * A `fetch` the client sends its requests through: the global one, or a Hono app's `request`
 * in tests.
 */
export type FetchLike = (request: Request) => Response | Promise<Response>;

/** A device as the API lists it. */
export interface NbiDevice {
  id: string;
  oui: string;
  manufacturer: string;
  productClass: string;
  serialNumber: string;
  softwareVersion?: string;
  lastInform: string | null;
  lastBoot: string | null;
  tags: string[];
}

/** A stored parameter of a device. */
export interface NbiParameter {
  path: string;
  value: string | null;
  type: ValueType | string | null;
  writable: boolean | null;
  fetchedAt: string | null;
}

/** A device with its stored parameters (`GET /api/devices/:id`). */
export interface NbiDeviceDetail extends NbiDevice {
  parameters: NbiParameter[];
}

/** The states of a task; the last four are final. */
export type NbiTaskState = "pending" | "running" | "done" | "faulted" | "expired" | "cancelled";

/** The fault a device answered a task with. */
export interface NbiFault {
  code: number;
  string: string;
  parameterFaults?: { parameterName: string; faultCode: number; faultString: string }[];
}

/** A queued request and what became of it. */
export interface NbiTask {
  id: number;
  deviceId: string;
  method: string;
  request: Record<string, unknown>;
  state: NbiTaskState;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  /** The CPE's response message, once `done`. */
  result?: Record<string, unknown> & { method: string };
  fault?: NbiFault;
  connectionRequest?: { ok: boolean; status?: number; error?: string };
}

/** A fault record of the ACS (`/api/faults`). */
export interface NbiFaultRecord {
  id: number;
  deviceId: string;
  taskId?: number;
  code: number;
  string: string;
  detail?: Record<string, unknown>;
  createdAt: string;
}

/** A file the ACS serves to devices. */
export interface NbiFile {
  id: number;
  name: string;
  type: string;
  oui?: string;
  productClass?: string;
  version?: string;
  size: number;
  sha256?: string;
  createdAt: string;
  /** Where devices fetch it: a URL, or a path on the ACS's CWMP listener. */
  url: string;
}

/** A page of a listing. */
export interface NbiPage<T> {
  total: number;
  items: T[];
}

/**
 * The API answered with an error, or could not be reached. `exitCode` is what the command
 * returns: 2 when the API rejected the input (400), 1 otherwise.
 *
 * @example Usage
 * ```ts
 * import { NbiError } from "./nbi_client.ts";
 * const e = new NbiError("not authorized: token revoked", { exitCode: 1 });
 * if (e.exitCode !== 1 || e.name !== "NbiError") throw new Error("unexpected");
 * ```
 */
export class NbiError extends Error {
  /** The exit code of the command that got it. */
  readonly exitCode: number;
  /** The HTTP status, or undefined when there was no answer. */
  readonly status: number | undefined;
  /** The API's error code (`not_found`, `unauthorized`, ...), when it gave one. */
  readonly code: string | undefined;

  constructor(message: string, options: { exitCode: number; status?: number; code?: string }) {
    super(message);
    this.name = "NbiError";
    this.exitCode = options.exitCode;
    this.status = options.status;
    this.code = options.code;
  }
}

/** Options of {@link createNbiClient}. */
export interface NbiClientOptions {
  fetch: FetchLike;
  /** The API's base URL, e.g. `http://127.0.0.1:7557`. */
  server: string;
  /** The bearer token; without one, the API answers 401. */
  token: string | undefined;
}

/** Query parameters: a repeated name takes an array. */
export type Query = Readonly<
  Record<string, string | number | boolean | readonly string[] | undefined>
>;

/** One request to the API. */
export interface NbiRequest {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  query?: Query;
  /** A JSON body. */
  json?: unknown;
  /** A raw body (file upload). */
  bytes?: Uint8Array;
}

/** The answer to a request whose status was 2xx. */
export interface NbiResponse<T> {
  status: number;
  body: T;
}

/** A client of the northbound API. */
export interface NbiClient {
  /** The base URL, as given. */
  readonly server: string;
  /** Sends a request and reads its JSON answer (undefined for 204). */
  json<T>(path: string, request?: NbiRequest): Promise<NbiResponse<T>>;
  /** Sends a GET and reads its raw answer (file content). */
  bytes(path: string): Promise<Uint8Array>;
}

/**
 * Creates a client of the API at `server`.
 *
 * @param options The fetch to use, the base URL and the token.
 * @returns The client.
 * @throws {NbiError} The server URL is not an http(s) URL (exit 2).
 *
 * @example Usage
 * ```ts
 * import { createNbiClient } from "./nbi_client.ts";
 * const client = createNbiClient({
 *   server: "http://acs.test",
 *   token: "t0ken",
 *   fetch: (request) =>
 *     Response.json({ total: 0, items: [], auth: request.headers.get("authorization") }),
 * });
 * const { body } = await client.json<{ auth: string }>("/api/devices", { query: { limit: 5 } });
 * if (body.auth !== "Bearer t0ken") throw new Error("unexpected");
 * ```
 */
export function createNbiClient(options: NbiClientOptions): NbiClient {
  const base = parseServer(options.server);
  async function send(path: string, request: NbiRequest): Promise<Response> {
    const url = new URL(path.replace(/^\/+/, ""), base);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value === undefined) continue;
      const values = Array.isArray(value) ? value : [String(value)];
      for (const v of values) url.searchParams.append(name, v);
    }
    const headers = new Headers({ accept: "application/json" });
    if (options.token !== undefined) headers.set("authorization", `Bearer ${options.token}`);
    let body: BodyInit | undefined;
    if (request.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(request.json);
    } else if (request.bytes !== undefined) {
      headers.set("content-type", "application/octet-stream");
      body = request.bytes.slice();
    }
    const method = request.method ?? (body === undefined ? "GET" : "POST");
    let response: Response;
    try {
      response = await options.fetch(new Request(url, { method, headers, body: body ?? null }));
    } catch (error) {
      throw new NbiError(`cannot reach the ACS at ${options.server}: ${reasonOf(error)}`, {
        exitCode: ExitCode.failed,
      });
    }
    if (!response.ok) throw await errorOf(response, { token: options.token, path: url.pathname });
    return response;
  }
  return {
    server: options.server,
    async json<T>(path: string, request: NbiRequest = {}): Promise<NbiResponse<T>> {
      const response = await send(path, request);
      const text = await response.text();
      if (response.status === 204 || text.trim() === "") {
        return { status: response.status, body: undefined as T };
      }
      try {
        return { status: response.status, body: JSON.parse(text) as T };
      } catch {
        throw new NbiError(`the ACS answered ${path} with something other than JSON`, {
          exitCode: ExitCode.failed,
          status: response.status,
        });
      }
    },
    async bytes(path: string): Promise<Uint8Array> {
      const response = await send(path, {});
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}

function parseServer(server: string): URL {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new NbiError(`invalid server URL '${server}': expected e.g. ${DEFAULT_SERVER}`, {
      exitCode: ExitCode.usage,
    });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new NbiError(`invalid server URL '${server}': expected http:// or https://`, {
      exitCode: ExitCode.usage,
    });
  }
  // A base without a final slash would drop its last path segment when joined.
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url;
}

// Deno's fetch throws "fetch failed" with the detail in its cause: "error sending request for
// url (...): client error (Connect): tcp connect error: Connection refused (os error 111)", which
// says one useful thing, at its end.
function reasonOf(error: unknown): string {
  const detail = error instanceof Error && error.cause !== undefined ? error.cause : error;
  const message = detail instanceof Error ? detail.message : String(detail);
  const withoutOs = message.replace(/\s*\(os error \d+\)\s*$/, "");
  const parts = withoutOs.split(": ");
  return parts[parts.length - 1] ?? withoutOs;
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; issues?: unknown };
}

async function errorOf(
  response: Response,
  context: { token: string | undefined; path: string },
): Promise<NbiError> {
  const text = await response.text().catch(() => "");
  let parsed: ErrorBody = {};
  try {
    parsed = JSON.parse(text) as ErrorBody;
  } catch {
    // Not the API's error shape (a proxy's page, say): the status line says enough.
  }
  const status = response.status;
  const code = typeof parsed.error?.code === "string" ? parsed.error.code : undefined;
  const given = typeof parsed.error?.message === "string" ? parsed.error.message : undefined;
  const message = given ?? `${status} ${response.statusText || "error"}`.trim();
  const meta = { status, ...(code === undefined ? {} : { code }) };
  if (status === 401 || status === 403) {
    const hint = context.token === undefined ? " (give --token or set CWMP_TOKEN)" : "";
    return new NbiError(`not authorized: ${message}${hint}`, {
      exitCode: ExitCode.failed,
      ...meta,
    });
  }
  if (status === 400) {
    const issues = issuesOf(parsed.error?.issues);
    const detail = issues.length === 0 ? "" : ` (${issues.join("; ")})`;
    return new NbiError(`the ACS rejected the request: ${message}${detail}`, {
      exitCode: ExitCode.usage,
      ...meta,
    });
  }
  if (status === 404) {
    const detail = given ?? `nothing at ${context.path}`;
    return new NbiError(`not found: ${detail}`, { exitCode: ExitCode.failed, ...meta });
  }
  return new NbiError(`the ACS answered ${status}: ${message}`, {
    exitCode: ExitCode.failed,
    ...meta,
  });
}

function issuesOf(issues: unknown): string[] {
  if (!Array.isArray(issues)) return [];
  return issues.map((issue) => {
    if (typeof issue === "string") return issue;
    if (typeof issue === "object" && issue !== null) {
      const { path, message } = issue as { path?: unknown; message?: unknown };
      const where = Array.isArray(path) ? path.join(".") : typeof path === "string" ? path : "";
      const what = typeof message === "string" ? message : JSON.stringify(issue);
      return where === "" ? what : `${where}: ${what}`;
    }
    return String(issue);
  });
}
