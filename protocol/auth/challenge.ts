/**
 * `WWW-Authenticate` challenges: parse what a server sent, pick the one to answer, and build
 * our own.
 *
 * @see TR-069 Issue 1 section 3.4.4 (Authentication) and section 3.2.2 (Connection Request)
 * @module
 */

import { type DigestAlgorithm, parseAlgorithm, type Qop } from "./digest.ts";
import { type AuthItem, quote, scanAuthHeader } from "./_syntax.ts";

/**
 * A parsed `Digest` challenge. Values are unquoted and unescaped.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { type DigestChallenge, parseChallenges } from "./challenge.ts";
 *
 * const [challenge] = parseChallenges('Digest realm="acs", nonce="abc"') as DigestChallenge[];
 * assert.deepEqual(challenge?.qop, []);
 * ```
 *
 * @see RFC 7616 section 3.3 and TR-069 Issue 1 section 3.4.4
 */
export interface DigestChallenge {
  readonly scheme: "Digest";
  /** Empty when the server sent none. */
  readonly realm: string;
  readonly nonce: string;
  readonly opaque: string | undefined;
  /** As sent; `undefined` means MD5. See {@linkcode parseAlgorithm}. */
  readonly algorithm: string | undefined;
  /** Offered values, lower-cased; empty for the RFC 2069 form without `qop`. */
  readonly qop: readonly string[];
  readonly stale: boolean;
  readonly domain: string | undefined;
  readonly charset: string | undefined;
  readonly userhash: boolean;
}

/**
 * A parsed `Basic` challenge.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseChallenges } from "./challenge.ts";
 *
 * assert.deepEqual(parseChallenges('Basic realm="cpe"'), [
 *   { scheme: "Basic", realm: "cpe", charset: undefined },
 * ]);
 * ```
 *
 * @see RFC 7617 section 2 and TR-069 Issue 1 section 3.4.4
 */
export interface BasicChallenge {
  readonly scheme: "Basic";
  readonly realm: string;
  readonly charset: string | undefined;
}

/**
 * A challenge this module can answer, keyed by `scheme`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { type AuthChallenge, parseChallenges } from "./challenge.ts";
 *
 * const challenges: AuthChallenge[] = parseChallenges('Basic realm="x"');
 * assert.equal(challenges[0]?.scheme, "Basic");
 * ```
 *
 * @see TR-069 Issue 1 section 3.4.4
 */
export type AuthChallenge = DigestChallenge | BasicChallenge;

/**
 * Parses one or more `WWW-Authenticate` values, each holding one or more challenges.
 * Never throws: schemes other than Digest and Basic, Digest challenges without a nonce, and
 * anything after a syntax error in a value are left out.
 *
 * @param header The header value(s); `Headers.get()` joins several headers with `, `.
 * @returns The challenges in the order sent.
 *
 * @example Several challenges, liberal syntax
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseChallenges } from "./challenge.ts";
 *
 * const challenges = parseChallenges([
 *   'Digest realm="a\\"b", NONCE=n1, qop="auth,auth-int", stale=TRUE, Basic realm=x,',
 *   "Negotiate",
 * ]);
 * assert.equal(challenges.length, 2);
 * assert.equal(challenges[0]?.realm, 'a"b');
 * assert.deepEqual(challenges[0]?.scheme === "Digest" && challenges[0].qop, ["auth", "auth-int"]);
 * assert.equal(challenges[1]?.scheme, "Basic");
 * ```
 *
 * @see RFC 7235 section 4.1 and TR-069 Issue 1 sections 3.4.4 and 3.2.2
 */
export function parseChallenges(
  header: string | readonly string[] | null | undefined,
): AuthChallenge[] {
  const values = header === null || header === undefined ? [] : [header].flat();
  return values.flatMap((value) => scanAuthHeader(value).items.flatMap(toChallenge));
}

function toChallenge(item: AuthItem): AuthChallenge[] {
  const { params } = item;
  const scheme = item.scheme.toLowerCase();
  if (scheme === "basic") {
    return [{ scheme: "Basic", realm: params.get("realm") ?? "", charset: params.get("charset") }];
  }
  const nonce = params.get("nonce");
  if (scheme !== "digest" || nonce === undefined) return [];
  return [{
    scheme: "Digest",
    realm: params.get("realm") ?? "",
    nonce,
    opaque: params.get("opaque"),
    algorithm: params.get("algorithm"),
    qop: (params.get("qop") ?? "").split(",").map((v) => v.trim().toLowerCase()).filter(Boolean),
    stale: params.get("stale")?.toLowerCase() === "true",
    domain: params.get("domain"),
    charset: params.get("charset"),
    userhash: params.get("userhash")?.toLowerCase() === "true",
  }];
}

const FAMILY_RANK: Readonly<Record<string, number>> = { "MD5": 0, "SHA-256": 1, "SHA-512-256": 2 };

/**
 * Picks the Digest challenge to answer: a supported algorithm of the strongest hash family
 * (SHA-512-256, then SHA-256, then MD5), preferring one with `qop`, then the first offered.
 * A challenge offering only unknown `qop` values, or a `-sess` algorithm without `qop`,
 * cannot be answered and is skipped.
 *
 * @returns The challenge, or `undefined` when none can be answered.
 *
 * @example Strongest wins
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseChallenges, selectDigestChallenge } from "./challenge.ts";
 *
 * const chosen = selectDigestChallenge(parseChallenges(
 *   'Digest realm="r", nonce="1", algorithm=MD5, Digest realm="r", nonce="2", algorithm=SHA-256',
 * ));
 * assert.equal(chosen?.nonce, "2");
 * ```
 *
 * @see RFC 7616 section 3.7 and TR-069 Issue 1 section 3.4.4
 */
export function selectDigestChallenge(
  challenges: readonly AuthChallenge[],
): DigestChallenge | undefined {
  let best: DigestChallenge | undefined;
  let bestRank = -1;
  for (const challenge of challenges) {
    if (challenge.scheme !== "Digest") continue;
    const rank = rankChallenge(challenge);
    if (rank > bestRank) {
      best = challenge;
      bestRank = rank;
    }
  }
  return best;
}

function rankChallenge(challenge: DigestChallenge): number {
  const algorithm = parseAlgorithm(challenge.algorithm);
  if (algorithm === undefined) return -1;
  const legacy = challenge.qop.length === 0;
  if (legacy && algorithm.endsWith("-sess")) return -1;
  if (!legacy && !challenge.qop.some((v) => v === "auth" || v === "auth-int")) return -1;
  return (FAMILY_RANK[algorithm.replace(/-sess$/, "")] ?? 0) * 2 + (legacy ? 0 : 1);
}

/**
 * Inputs of {@linkcode buildChallenge}.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildChallenge, type ChallengeOptions } from "./challenge.ts";
 *
 * const options: ChallengeOptions = { realm: "r", nonce: "n", qop: [], opaque: "o" };
 * assert.equal(buildChallenge(options), 'Digest realm="r", nonce="n", opaque="o"');
 * ```
 *
 * @see RFC 7616 section 3.3
 */
export interface ChallengeOptions {
  readonly realm: string;
  /** Fresh per challenge; `createNonce()` in nonce.ts makes one the server can verify. */
  readonly nonce: string;
  readonly opaque?: string | undefined;
  /** Defaults to `["auth"]`; `[]` builds the RFC 2069 form for tests of old clients. */
  readonly qop?: readonly Qop[] | undefined;
  /** Sent only when given; RFC 2617 clients read an absent one as MD5. */
  readonly algorithm?: DigestAlgorithm | undefined;
  /** Tells the client its digest was right but the nonce expired, so no new password prompt. */
  readonly stale?: boolean | undefined;
  readonly domain?: string | undefined;
}

/**
 * Builds a `WWW-Authenticate` value for one Digest challenge. To offer several algorithms,
 * send one header per algorithm, the preferred first.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildChallenge } from "./challenge.ts";
 *
 * assert.equal(
 *   buildChallenge({ realm: "cwmp", nonce: "abc", qop: ["auth", "auth-int"], stale: true }),
 *   'Digest realm="cwmp", qop="auth,auth-int", nonce="abc", stale=true',
 * );
 * ```
 *
 * @see RFC 7616 section 3.3 and TR-069 Issue 1 section 3.4.4
 */
export function buildChallenge(options: ChallengeOptions): string {
  const { qop = ["auth"] } = options;
  const parts = [`realm=${quote(options.realm)}`];
  if (options.domain !== undefined) parts.push(`domain=${quote(options.domain)}`);
  if (qop.length > 0) parts.push(`qop=${quote(qop.join(","))}`);
  parts.push(`nonce=${quote(options.nonce)}`);
  if (options.opaque !== undefined) parts.push(`opaque=${quote(options.opaque)}`);
  if (options.algorithm !== undefined) parts.push(`algorithm=${options.algorithm}`);
  if (options.stale) parts.push("stale=true");
  return `Digest ${parts.join(", ")}`;
}

/**
 * Builds a `WWW-Authenticate` value for Basic, which TR-069 allows only over TLS.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildBasicChallenge } from "./challenge.ts";
 *
 * assert.equal(buildBasicChallenge("cwmp"), 'Basic realm="cwmp", charset="UTF-8"');
 * ```
 *
 * @see RFC 7617 section 2 and TR-069 Issue 1 section 3.4.4
 */
export function buildBasicChallenge(realm: string): string {
  return `Basic realm=${quote(realm)}, charset="UTF-8"`;
}
