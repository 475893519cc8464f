import assert from "node:assert/strict";
import fc from "fast-check";
import { buildChallenge } from "./challenge.ts";
import { answerChallenge, type AnswerOptions } from "./client.ts";
import { buildDigestAuthorization, type Credentials, parseAuthorization } from "./credentials.ts";
import { DIGEST_ALGORITHMS, type DigestAlgorithm, hashCredentials, type Qop } from "./digest.ts";
import { createNonce } from "./nonce.ts";
import { verifyAuthorization, type VerifyOptions, type VerifyResult } from "./verify.ts";

const NONCE_SECRET = "acs nonce secret";
const T0 = 1_700_000_000_000;
const USER = "00D09E-0123456789";
const PASSWORD = "cpe password";

interface Exchange {
  readonly nonce: string;
  readonly credentials: Credentials;
  readonly options: VerifyOptions;
}

function exchange(
  overrides: {
    readonly algorithm?: DigestAlgorithm;
    readonly offered?: readonly Qop[];
    readonly client?: Partial<AnswerOptions>;
    readonly opaque?: string;
  } = {},
): Exchange {
  const nonce = createNonce({ secret: NONCE_SECRET, now: T0, randomHex: (n) => "9f".repeat(n) });
  const header = buildChallenge({
    realm: "cwmp",
    nonce,
    qop: overrides.offered ?? ["auth", "auth-int"],
    algorithm: overrides.algorithm,
    opaque: overrides.opaque,
  });
  const body = "<soap:Envelope><Inform/></soap:Envelope>";
  const answer = answerChallenge(header, {
    username: USER,
    password: PASSWORD,
    method: "POST",
    uri: "/acs",
    body,
    cnonce: "0123abcd",
    ...overrides.client,
  });
  assert.ok(answer.ok, answer.ok ? "" : answer.message);
  const parsed = parseAuthorization(answer.authorization);
  assert.ok(parsed.ok, parsed.ok ? "" : parsed.message);
  const options: VerifyOptions = {
    realm: "cwmp",
    method: "POST",
    uri: "/acs",
    body,
    secret: { password: PASSWORD },
    nonceSecret: NONCE_SECRET,
    now: T0 + 1_000,
  };
  return { nonce, credentials: parsed.credentials, options };
}

function reasonOf(result: VerifyResult): string {
  return result.ok ? "ok" : result.reason;
}

Deno.test("verifyAuthorization() accepts every algorithm and qop from answerChallenge()", () => {
  for (const algorithm of DIGEST_ALGORITHMS) {
    for (const qop of ["auth", "auth-int"] as const) {
      const { nonce, credentials, options } = exchange({ algorithm, client: { qop } });
      assert.ok(credentials.scheme === "Digest" && credentials.qop === qop);
      assert.deepEqual(verifyAuthorization(credentials, options), {
        ok: true,
        scheme: "Digest",
        username: USER,
        nonce,
        nonceCount: 1,
      }, `${algorithm} ${qop}`);
    }
  }
});

Deno.test("verifyAuthorization() accepts RFC 2069 credentials without qop", () => {
  for (const algorithm of ["MD5", "SHA-256", "SHA-512-256"] as const) {
    const { nonce, credentials, options } = exchange({ algorithm, offered: [] });
    assert.ok(credentials.scheme === "Digest" && credentials.qop === undefined);
    assert.deepEqual(verifyAuthorization(credentials, options), {
      ok: true,
      scheme: "Digest",
      username: USER,
      nonce,
      nonceCount: undefined,
    });
    assert.equal(
      reasonOf(verifyAuthorization(credentials, { ...options, allowLegacy: false })),
      "unsupported-qop",
    );
  }
});

Deno.test("verifyAuthorization() accepts a stored HA1 for the matching hash family", () => {
  for (const algorithm of DIGEST_ALGORITHMS) {
    const { credentials, options } = exchange({ algorithm });
    const ha1 = hashCredentials({ algorithm, username: USER, realm: "cwmp", password: PASSWORD });
    assert.equal(reasonOf(verifyAuthorization(credentials, { ...options, secret: { ha1 } })), "ok");
  }
  const { credentials, options } = exchange({ algorithm: "SHA-256" });
  const md5 = hashCredentials({
    algorithm: "MD5",
    username: USER,
    realm: "cwmp",
    password: PASSWORD,
  });
  const result = verifyAuthorization(credentials, { ...options, secret: { ha1: md5 } });
  assert.equal(reasonOf(result), "wrong-response");
});

Deno.test("verifyAuthorization() reports stale only for an expired nonce with a right digest", () => {
  const { credentials, options } = exchange();
  const late = { ...options, now: T0 + 5 * 60 * 1000 + 1 };
  assert.equal(reasonOf(verifyAuthorization(credentials, late)), "stale");
  assert.equal(
    reasonOf(verifyAuthorization(credentials, { ...late, secret: { password: "wrong" } })),
    "wrong-response",
  );
  assert.equal(
    reasonOf(verifyAuthorization(credentials, { ...late, nonceTtlMs: 3_600_000 })),
    "ok",
  );
});

Deno.test("verifyAuthorization() rejects a tampered or foreign nonce as bad-nonce", () => {
  const { nonce, credentials, options } = exchange();
  assert.ok(credentials.scheme === "Digest");
  const tampered = nonce.slice(0, 10) + (nonce[10] === "x" ? "y" : "x") + nonce.slice(11);
  const forged = { ...credentials, nonce: tampered };
  assert.equal(reasonOf(verifyAuthorization(forged, options)), "bad-nonce");
  const foreign = verifyAuthorization(credentials, { ...options, nonceSecret: "other" });
  assert.deepEqual(foreign, {
    ok: false,
    reason: "bad-nonce",
    message: `Cannot authenticate "${USER}": the nonce was not issued by this server`,
    username: USER,
  });
});

Deno.test("verifyAuthorization() rejects a wrong password and an unknown user", () => {
  const { credentials, options } = exchange({ client: { password: "guess" } });
  assert.equal(reasonOf(verifyAuthorization(credentials, options)), "wrong-response");
  const unknown = verifyAuthorization(credentials, { ...options, secret: undefined });
  assert.equal(reasonOf(unknown), "unknown-user");
});

Deno.test("verifyAuthorization() rejects a replayed nonce count", () => {
  const first = exchange({ client: { nc: 1 } });
  const second = exchange({ client: { nc: 2 } });
  const ok = verifyAuthorization(second.credentials, { ...second.options, lastNonceCount: 1 });
  assert.ok(ok.ok && ok.nonceCount === 2);
  const replay = verifyAuthorization(first.credentials, { ...first.options, lastNonceCount: 1 });
  assert.equal(reasonOf(replay), "replayed");
});

Deno.test("verifyAuthorization() checks the uri against the request-target", () => {
  const { credentials, options } = exchange();
  assert.equal(
    reasonOf(verifyAuthorization(credentials, { ...options, uri: "/other" })),
    "uri-mismatch",
  );
  assert.equal(
    reasonOf(verifyAuthorization(credentials, { ...options, uri: "/acs?x" })),
    "uri-mismatch",
  );
  const absolute = exchange({ client: { uri: "http://acs.example.net:7547/acs" } });
  assert.equal(reasonOf(verifyAuthorization(absolute.credentials, absolute.options)), "ok");
});

Deno.test("verifyAuthorization() detects a changed body under auth-int only", () => {
  const integrity = exchange({ client: { qop: "auth-int" } });
  const changed = { ...integrity.options, body: "<Inform>evil</Inform>" };
  assert.equal(reasonOf(verifyAuthorization(integrity.credentials, changed)), "wrong-response");
  const plain = exchange({ client: { qop: "auth" } });
  assert.equal(
    reasonOf(verifyAuthorization(plain.credentials, { ...plain.options, body: "x" })),
    "ok",
  );
});

Deno.test("verifyAuthorization() rejects a changed method", () => {
  const { credentials, options } = exchange();
  assert.equal(
    reasonOf(verifyAuthorization(credentials, { ...options, method: "GET" })),
    "wrong-response",
  );
});

Deno.test("verifyAuthorization() enforces realm, opaque, algorithms and qop", () => {
  const { credentials, options } = exchange({ algorithm: "MD5", opaque: "op" });
  const reason = (extra: Partial<VerifyOptions>): string =>
    reasonOf(verifyAuthorization(credentials, { ...options, ...extra }));
  assert.equal(reason({ opaque: "op" }), "ok");
  assert.equal(reason({ realm: "other" }), "realm-mismatch");
  assert.equal(reason({ opaque: "different" }), "opaque-mismatch");
  assert.equal(reason({ algorithms: ["SHA-256"] }), "unsupported-algorithm");
  assert.equal(reason({ qop: ["auth-int"] }), "unsupported-qop");
  assert.ok(credentials.scheme === "Digest");
  const odd = (extra: Partial<typeof credentials>): string =>
    reasonOf(verifyAuthorization({ ...credentials, ...extra }, options));
  assert.equal(odd({ algorithm: "SHA-1" }), "unsupported-algorithm");
  assert.equal(odd({ qop: "auth-conf" }), "unsupported-qop");
  assert.equal(odd({ nc: "zz" }), "malformed");
  assert.equal(odd({ cnonce: undefined }), "malformed");
  assert.equal(odd({ userhash: true }), "malformed");
  assert.equal(odd({ algorithm: "MD5-sess", qop: undefined }), "unsupported-qop");
  assert.equal(odd({ response: credentials.response.toUpperCase() }), "ok");
});

Deno.test("verifyAuthorization() accepts Basic only when allowed", () => {
  const basic: Credentials = { scheme: "Basic", username: USER, password: PASSWORD };
  const { options } = exchange();
  assert.equal(reasonOf(verifyAuthorization(basic, options)), "unsupported-scheme");
  const allowed = { ...options, allowBasic: true };
  assert.deepEqual(verifyAuthorization(basic, allowed), {
    ok: true,
    scheme: "Basic",
    username: USER,
    nonce: undefined,
    nonceCount: undefined,
  });
  assert.equal(
    reasonOf(verifyAuthorization({ ...basic, password: "x" }, allowed)),
    "wrong-response",
  );
  assert.equal(
    reasonOf(verifyAuthorization(basic, { ...allowed, secret: undefined })),
    "unknown-user",
  );
  const ha1 = hashCredentials({
    algorithm: "SHA-256",
    username: USER,
    realm: "cwmp",
    password: PASSWORD,
  });
  assert.equal(reasonOf(verifyAuthorization(basic, { ...allowed, secret: { ha1 } })), "ok");
});

Deno.test("verifyAuthorization() returns typed failures for hostile credentials", () => {
  const { options } = exchange();
  const hostile = [
    'Digest username="x", realm="cwmp", nonce="", uri="/acs", response=""',
    `Digest username="x", realm="cwmp", nonce="${"A".repeat(75)}", uri="/acs", response="0"`,
    'Digest username="x", realm="cwmp", nonce="n", uri="/acs", response="0", algorithm=MD5-sess',
    'Digest username="x", realm="cwmp", nonce="n", uri="/acs", response="0", qop=auth, nc=1, cnonce=c',
  ];
  for (const header of hostile) {
    const parsed = parseAuthorization(header);
    assert.ok(parsed.ok);
    const result = verifyAuthorization(parsed.credentials, options);
    assert.ok(!result.ok && result.message.startsWith("Cannot authenticate"), header);
  }
});

Deno.test("verifyAuthorization() accepts answers for arbitrary strings, and no other password", () => {
  const text = fc.string({ unit: "grapheme", maxLength: 40 });
  fc.assert(
    fc.property(
      text,
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.string({ maxLength: 60 }),
      fc.string({ minLength: 1, maxLength: 10 }),
      fc.constantFrom(...DIGEST_ALGORITHMS),
      fc.constantFrom<Qop>("auth", "auth-int"),
      (username, password, other, uri, method, algorithm, qop) => {
        fc.pre(other !== password);
        const client = { username, password, uri, method, qop };
        const { nonce, credentials, options } = exchange({ algorithm, client });
        const serverOptions = { ...options, uri, method, secret: { password } };
        assert.deepEqual(verifyAuthorization(credentials, serverOptions), {
          ok: true,
          scheme: "Digest",
          username,
          nonce,
          nonceCount: 1,
        });
        const wrong = { ...serverOptions, secret: { password: other } };
        assert.equal(reasonOf(verifyAuthorization(credentials, wrong)), "wrong-response");
        assert.ok(credentials.scheme === "Digest");
        assert.match(buildDigestAuthorization(credentials), /^[\x20-\x7e]*$/);
      },
    ),
    { numRuns: 300 },
  );
});
