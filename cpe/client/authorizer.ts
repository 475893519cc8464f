/**
 * The client side of HTTP authentication for the agent (toward the ACS, spec 3.4.4, and toward
 * file servers, A.3.2.8): answers a 401's challenge with the protocol core's
 * `answerChallenge`, then signs later requests with the same Digest nonce and a growing nonce
 * count, so an ACS that checks every POST is not asked twice.
 *
 * @module
 */

import type { DigestChallenge } from "../../protocol/auth/challenge.ts";
import { answerChallenge, computeDigestAuthorization } from "../../protocol/auth/client.ts";
import { buildBasicAuthorization } from "../../protocol/auth/credentials.ts";

/** Options of {@link HttpAuthorizer}. */
export interface AuthorizerOptions {
  username: string;
  password: string;
  /** Answer Basic challenges (TR-069 allows Basic toward the ACS only over TLS). */
  allowBasic: boolean;
  /** `bytes` random bytes as hex, for client nonces. */
  randomHex: (bytes: number) => string;
}

/** What one request signs: its method, request-target and body. */
export interface SignedRequest {
  method: string;
  /** The request-target as sent: path and query. */
  uri: string;
  body: string | Uint8Array;
}

/**
 * Authorization state of one session or transfer.
 *
 * @example Answer a Digest challenge, then sign the next request
 * ```ts
 * import { HttpAuthorizer } from "./authorizer.ts";
 * const auth = new HttpAuthorizer({
 *   username: "u",
 *   password: "p",
 *   allowBasic: false,
 *   randomHex: (n) => "ab".repeat(n),
 * });
 * const request = { method: "POST", uri: "/acs", body: "" };
 * if (auth.next(request) !== undefined) throw new Error("unexpected");
 * const answer = auth.answer(['Digest realm="r", nonce="n1", qop="auth"'], request);
 * if (!answer.ok || !answer.authorization.includes("nc=00000001")) throw new Error("unexpected");
 * if (!auth.next(request)?.includes("nc=00000002")) throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.4.4 Authentication; RFC 7616
 */
export class HttpAuthorizer {
  readonly #options: AuthorizerOptions;
  #digest: { challenge: DigestChallenge; nc: number } | undefined;
  #basic = false;

  constructor(options: AuthorizerOptions) {
    this.#options = options;
  }

  /** Whether credentials are configured at all. */
  get hasCredentials(): boolean {
    return this.#options.username !== "";
  }

  /** The Authorization header for a request, from the last challenge answered, if any. */
  next(request: SignedRequest): string | undefined {
    if (this.#basic) {
      return buildBasicAuthorization(this.#options.username, this.#options.password);
    }
    if (this.#digest === undefined) return undefined;
    this.#digest.nc++;
    return computeDigestAuthorization(this.#digest.challenge, {
      ...this.#signing(request),
      nc: this.#digest.nc,
    });
  }

  /**
   * Answers the challenges of a 401.
   *
   * @param challenges The WWW-Authenticate header values.
   * @param request The request to sign (the one to resend).
   * @returns The Authorization header, or why none can be given.
   */
  answer(
    challenges: readonly string[],
    request: SignedRequest,
  ): { ok: true; authorization: string } | { ok: false; message: string } {
    if (!this.hasCredentials) {
      return { ok: false, message: "authentication is required and no username is configured" };
    }
    let answer;
    try {
      answer = answerChallenge(challenges, {
        ...this.#signing(request),
        allowBasic: this.#options.allowBasic,
      });
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    if (!answer.ok) return { ok: false, message: answer.message };
    this.#basic = answer.challenge.scheme === "Basic";
    this.#digest = answer.challenge.scheme === "Digest"
      ? { challenge: answer.challenge, nc: 1 }
      : undefined;
    return { ok: true, authorization: answer.authorization };
  }

  /** Forgets the challenge (a redirect to another origin). */
  reset(): void {
    this.#digest = undefined;
    this.#basic = false;
  }

  #signing(request: SignedRequest): {
    username: string;
    password: string;
    method: string;
    uri: string;
    body: string | Uint8Array;
    cnonce: string;
  } {
    return {
      username: this.#options.username,
      password: this.#options.password,
      method: request.method,
      uri: request.uri,
      body: request.body,
      cnonce: this.#options.randomHex(8),
    };
  }
}
