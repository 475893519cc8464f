/**
 * HTTP Digest (RFC 7616, RFC 2617) and Basic (RFC 7617) authentication for both TR-069 roles,
 * without IO: time and randomness come in as arguments.
 *
 * - ACS verifying a CPE (TR-069 section 3.4.4): {@linkcode createNonce},
 *   {@linkcode buildChallenge}, {@linkcode parseAuthorization}, {@linkcode verifyAuthorization},
 *   {@linkcode checkNonceCount}.
 * - CPE answering the ACS's 401, and the ACS answering a CPE's Connection Request challenge
 *   (section 3.2.2): {@linkcode answerChallenge} or {@linkcode parseChallenges},
 *   {@linkcode selectDigestChallenge} and {@linkcode computeDigestAuthorization}.
 * - The CPE verifying a Connection Request uses the ACS-side functions.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import {
 *   answerChallenge,
 *   buildChallenge,
 *   createNonce,
 *   parseAuthorization,
 *   verifyAuthorization,
 * } from "./mod.ts";
 *
 * const nonceSecret = "acs secret";
 * const randomHex = (bytes: number): string => "c3".repeat(bytes);
 * const challenge = buildChallenge({
 *   realm: "cwmp",
 *   nonce: createNonce({ secret: nonceSecret, now: 0, randomHex }),
 *   qop: ["auth", "auth-int"],
 *   algorithm: "SHA-256",
 * });
 *
 * const body = "<soap:Envelope/>";
 * const answer = answerChallenge(challenge, {
 *   username: "00D09E-0123456789",
 *   password: "secret",
 *   method: "POST",
 *   uri: "/acs",
 *   body,
 *   cnonce: randomHex(8),
 *   qop: "auth-int",
 * });
 * assert.ok(answer.ok);
 *
 * const parsed = parseAuthorization(answer.authorization);
 * assert.ok(parsed.ok);
 * const result = verifyAuthorization(parsed.credentials, {
 *   realm: "cwmp",
 *   method: "POST",
 *   uri: "/acs",
 *   body,
 *   secret: { password: "secret" },
 *   nonceSecret,
 *   now: 60_000,
 * });
 * assert.equal(result.ok && result.username, "00D09E-0123456789");
 * ```
 *
 * @see TR-069 Issue 1 section 3.4.4 (Authentication) and section 3.2.2 (Connection Request)
 * @module
 */

export * from "./challenge.ts";
export * from "./client.ts";
export * from "./credentials.ts";
export * from "./digest.ts";
export * from "./nonce.ts";
export * from "./verify.ts";
