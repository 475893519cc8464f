/**
 * The client side: answer a server's 401. The CPE answers the ACS (TR-069 section 3.4.4);
 * the ACS answers a CPE's Connection Request challenge (section 3.2.2) the same way, with
 * method `GET` and the path of the ConnectionRequestURL.
 *
 * @see TR-069 Issue 1 sections 3.4.4 and 3.2.2
 * @module
 */

import {
  type AuthChallenge,
  type DigestChallenge,
  parseChallenges,
  selectDigestChallenge,
} from "./challenge.ts";
import { buildBasicAuthorization, buildDigestAuthorization } from "./credentials.ts";
import { computeDigestResponse, parseAlgorithm, type Qop } from "./digest.ts";

/**
 * Inputs of {@linkcode computeDigestAuthorization}.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { computeDigestAuthorization, type DigestAnswerOptions } from "./client.ts";
 *
 * const options: DigestAnswerOptions = {
 *   username: "u",
 *   password: "p",
 *   method: "GET",
 *   uri: "/cr",
 *   cnonce: "c",
 *   nc: 2,
 * };
 * const challenge = {
 *   scheme: "Digest",
 *   realm: "cpe",
 *   nonce: "n",
 *   opaque: undefined,
 *   algorithm: undefined,
 *   qop: ["auth"],
 *   stale: false,
 *   domain: undefined,
 *   charset: undefined,
 *   userhash: false,
 * } as const;
 * assert.match(computeDigestAuthorization(challenge, options), /nc=00000002/);
 * ```
 *
 * @see TR-069 Issue 1 section 3.2.2
 */
export interface DigestAnswerOptions {
  readonly username: string;
  readonly password: string;
  readonly method: string;
  /** The request-target as it will be sent, e.g. `/cwmp` or `/cr/3f1a?x=1`. */
  readonly uri: string;
  /** Request body, hashed when `auth-int` is chosen; a string is hashed as UTF-8. */
  readonly body?: Uint8Array | string | undefined;
  /** Client nonce: fresh random text (hex or base64) for each challenge answered. */
  readonly cnonce: string;
  /** How many requests this nonce has signed, this one included; defaults to 1. */
  readonly nc?: number | undefined;
  /** `auth-int` to prefer it when offered; `auth` (the default) is chosen otherwise. */
  readonly qop?: Qop | undefined;
}

/**
 * Computes the `Authorization` value answering one Digest challenge.
 *
 * @throws {RangeError} When the challenge's algorithm or `qop` list cannot be answered (check
 * with {@linkcode selectDigestChallenge} first), or `nc` is not in 1..0xffffffff.
 *
 * @example RFC 7616 section 3.9.1, SHA-256
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseChallenges, selectDigestChallenge } from "./challenge.ts";
 * import { computeDigestAuthorization } from "./client.ts";
 *
 * const challenge = selectDigestChallenge(parseChallenges(
 *   'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, ' +
 *     'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", ' +
 *     'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
 * ));
 * assert.ok(challenge);
 * const header = computeDigestAuthorization(challenge, {
 *   username: "Mufasa",
 *   password: "Circle of Life",
 *   method: "GET",
 *   uri: "/dir/index.html",
 *   cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
 * });
 * assert.match(header, /response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"/);
 * ```
 *
 * @see RFC 7616 section 3.4 and TR-069 Issue 1 sections 3.4.4 and 3.2.2
 */
export function computeDigestAuthorization(
  challenge: DigestChallenge,
  options: DigestAnswerOptions,
): string {
  const algorithm = parseAlgorithm(challenge.algorithm);
  if (algorithm === undefined) {
    throw new RangeError(
      `Cannot answer Digest challenge: unsupported algorithm "${challenge.algorithm}"`,
    );
  }
  const qop = chooseQop(challenge.qop, options.qop ?? "auth");
  if (qop === null || (qop === undefined && algorithm.endsWith("-sess"))) {
    throw new RangeError(
      `Cannot answer Digest challenge: unusable qop "${challenge.qop.join(",")}"`,
    );
  }
  const count = options.nc ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 0xffffffff) {
    throw new RangeError(`Cannot answer Digest challenge: nonce count "${count}" is out of range`);
  }
  const legacy = qop === undefined;
  const cnonce = legacy ? undefined : options.cnonce;
  const nc = legacy ? undefined : count.toString(16).padStart(8, "0");
  const { username, method, uri, body } = options;
  const { realm, nonce } = challenge;
  const response = computeDigestResponse({
    algorithm,
    username,
    realm,
    secret: { password: options.password },
    nonce,
    method,
    uri,
    qop,
    nc,
    cnonce,
    body,
  });
  return buildDigestAuthorization({
    scheme: "Digest",
    username,
    realm,
    nonce,
    uri,
    response,
    algorithm: challenge.algorithm?.trim(),
    qop,
    nc,
    cnonce,
    opaque: challenge.opaque,
    userhash: false,
  });
}

/** `undefined` for the RFC 2069 form, `null` when nothing offered is known. */
function chooseQop(offered: readonly string[], preferred: Qop): Qop | undefined | null {
  if (offered.length === 0) return undefined;
  if (offered.includes(preferred)) return preferred;
  const other: Qop = preferred === "auth" ? "auth-int" : "auth";
  return offered.includes(other) ? other : null;
}

/**
 * Inputs of {@linkcode answerChallenge}.
 *
 * @example Basic over TLS
 * ```ts
 * import assert from "node:assert/strict";
 * import { answerChallenge, type AnswerOptions } from "./client.ts";
 *
 * const acsUrl = new URL("https://acs.example.net/cwmp");
 * const options: AnswerOptions = {
 *   username: "00D09E-0123456789",
 *   password: "p",
 *   method: "POST",
 *   uri: acsUrl.pathname,
 *   cnonce: "c",
 *   allowBasic: acsUrl.protocol === "https:",
 * };
 * const result = answerChallenge('Basic realm="acs"', options);
 * assert.ok(result.ok && result.authorization.startsWith("Basic "));
 * ```
 *
 * @see TR-069 Issue 1 section 3.4.4
 */
export interface AnswerOptions extends DigestAnswerOptions {
  /**
   * Answer a Basic-only challenge. Defaults to `false`: TR-069 allows Basic only over TLS, and
   * on plain HTTP a forged 401 would harvest the password. Pass `true` for `https:` URLs.
   */
  readonly allowBasic?: boolean | undefined;
}

/**
 * The outcome of {@linkcode answerChallenge}.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { type AnswerResult, answerChallenge } from "./client.ts";
 *
 * const result: AnswerResult = answerChallenge('Basic realm="x"', {
 *   username: "u",
 *   password: "p",
 *   method: "POST",
 *   uri: "/",
 *   cnonce: "c",
 * });
 * assert.equal(!result.ok && result.reason, "basic-not-allowed");
 * ```
 *
 * @see TR-069 Issue 1 section 3.4.4
 */
export type AnswerResult =
  | { readonly ok: true; readonly authorization: string; readonly challenge: AuthChallenge }
  | {
    readonly ok: false;
    readonly reason: "no-challenge" | "unsupported-challenge" | "basic-not-allowed";
    readonly message: string;
  };

/**
 * Answers the `WWW-Authenticate` value(s) of a 401: the strongest Digest challenge that can
 * be answered (see {@linkcode selectDigestChallenge}), else Basic if allowed. Never throws on
 * what the server sent. Keep `challenge` to sign later requests with the same nonce and a
 * higher `nc`.
 *
 * @example RFC 2617 section 3.5
 * ```ts
 * import assert from "node:assert/strict";
 * import { answerChallenge } from "./client.ts";
 *
 * const result = answerChallenge(
 *   'Digest realm="testrealm@host.com", qop="auth,auth-int", ' +
 *     'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
 *   {
 *     username: "Mufasa",
 *     password: "Circle Of Life",
 *     method: "GET",
 *     uri: "/dir/index.html",
 *     cnonce: "0a4f113b",
 *   },
 * );
 * assert.ok(result.ok);
 * assert.match(result.authorization, /response="6629fae49393a05397450978507c4ef1"/);
 * ```
 *
 * @see RFC 7616 section 3.4 and TR-069 Issue 1 sections 3.4.4 and 3.2.2
 */
export function answerChallenge(
  header: string | readonly string[] | null | undefined,
  options: AnswerOptions,
): AnswerResult {
  const challenges = parseChallenges(header);
  const digest = selectDigestChallenge(challenges);
  if (digest !== undefined) {
    return {
      ok: true,
      authorization: computeDigestAuthorization(digest, options),
      challenge: digest,
    };
  }
  const basic = challenges.find((challenge) => challenge.scheme === "Basic");
  if (basic !== undefined && options.allowBasic) {
    const authorization = buildBasicAuthorization(options.username, options.password);
    return { ok: true, authorization, challenge: basic };
  }
  if (basic !== undefined && !challenges.some((challenge) => challenge.scheme === "Digest")) {
    const message = "Cannot answer challenge: only Basic is offered and Basic is not allowed";
    return { ok: false, reason: "basic-not-allowed", message };
  }
  if (challenges.length === 0) {
    return { ok: false, reason: "no-challenge", message: "Cannot answer challenge: none found" };
  }
  const message = "Cannot answer challenge: no offered algorithm or qop is supported";
  return { ok: false, reason: "unsupported-challenge", message };
}
