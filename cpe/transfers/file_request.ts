/**
 * One request to a file server (Download's GET, Upload's PUT) with the Username and Password
 * the ACS gave: Basic or Digest on 401, then one resend (spec A.3.2.8 Table 27).
 *
 * @module
 */

import { HttpAuthorizer } from "../client/authorizer.ts";
import { transportFailure } from "../client/read.ts";
import { TransferError } from "./faults.ts";

/** Options of {@link fileRequest}. */
export interface FileRequestOptions {
  fetch: typeof fetch;
  method: "GET" | "PUT";
  url: string;
  username: string;
  password: string;
  body?: Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
  /** The whole transfer's time limit in ms. */
  timeoutMs: number;
  randomHex: (bytes: number) => string;
  /** Ends the request early (the agent stops). */
  signal?: AbortSignal;
}

/**
 * Sends the request, answering one authentication challenge.
 *
 * @param options Method, URL, credentials, body.
 * @returns The final response (any status but 401); its body is the caller's to read.
 * @throws {TransferError} `contact` when the server cannot be reached, `auth` when it refuses
 * the credentials or asks for them when none were given.
 */
export async function fileRequest(options: FileRequestOptions): Promise<Response> {
  const url = new URL(options.url);
  // The file server's credentials come from the ACS for this transfer; Basic is answered on
  // plain HTTP too, as the ACS chose the URL (TR-069 restricts Basic only toward the ACS).
  const auth = new HttpAuthorizer({
    username: options.username,
    password: options.password,
    allowBasic: true,
    randomHex: options.randomHex,
  });
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal === undefined
    ? timeout
    : AbortSignal.any([timeout, options.signal]);
  const signed = {
    method: options.method,
    uri: url.pathname + url.search,
    body: options.body ?? "",
  };
  let response = await send(options, undefined, signal);
  if (response.status !== 401) return response;
  await response.body?.cancel();
  const answer = auth.answer(headerValues(response.headers, "www-authenticate"), signed);
  if (!answer.ok) {
    throw new TransferError("auth", `The file server asks for credentials: ${answer.message}`);
  }
  response = await send(options, answer.authorization, signal);
  if (response.status === 401) {
    await response.body?.cancel();
    throw new TransferError("auth", "The file server refused the credentials (HTTP 401)");
  }
  return response;
}

async function send(
  options: FileRequestOptions,
  authorization: string | undefined,
  signal: AbortSignal,
): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (authorization !== undefined) headers["authorization"] = authorization;
  try {
    return await options.fetch(options.url, {
      method: options.method,
      headers,
      body: options.body ?? null,
      signal,
    });
  } catch (error) {
    throw new TransferError(
      "contact",
      `Cannot reach the file server: ${transportFailure(error, options.timeoutMs)}`,
      { cause: error },
    );
  }
}

function headerValues(headers: Headers, name: string): string[] {
  const value = headers.get(name);
  return value === null ? [] : [value];
}
