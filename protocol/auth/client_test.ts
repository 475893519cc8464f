import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { type DigestChallenge, parseChallenges } from "./challenge.ts";
import { answerChallenge, computeDigestAuthorization, type DigestAnswerOptions } from "./client.ts";
import { parseAuthorization } from "./credentials.ts";

const RFC7616_CHALLENGES = [
  'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, ' +
  'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", ' +
  'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
  'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, ' +
  'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", ' +
  'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
];

const MUFASA: DigestAnswerOptions = {
  username: "Mufasa",
  password: "Circle of Life",
  method: "GET",
  uri: "/dir/index.html",
  cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
};

function challenge(header: string): DigestChallenge {
  const [parsed] = parseChallenges(header);
  assert.ok(parsed?.scheme === "Digest");
  return parsed;
}

function digestParams(authorization: string): Record<string, unknown> {
  const parsed = parseAuthorization(authorization);
  assert.ok(parsed.ok && parsed.credentials.scheme === "Digest");
  return { ...parsed.credentials };
}

function md5(data: string): string {
  return createHash("md5").update(data).digest("hex");
}

Deno.test("computeDigestAuthorization() reproduces RFC 7616 section 3.9.1 MD5 credentials", () => {
  const header = computeDigestAuthorization(challenge(RFC7616_CHALLENGES[1] ?? ""), MUFASA);
  assert.equal(
    header,
    'Digest username="Mufasa", realm="http-auth@example.org", ' +
      'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", uri="/dir/index.html", ' +
      'algorithm=MD5, qop=auth, nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", ' +
      'response="8ca523f5e9506fed4657c9700eebdbec", ' +
      'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
  );
});

Deno.test("answerChallenge() picks SHA-256 over MD5 as in RFC 7616 section 3.9.1", () => {
  for (const headers of [RFC7616_CHALLENGES, RFC7616_CHALLENGES.toReversed()]) {
    const result = answerChallenge(headers, MUFASA);
    assert.ok(result.ok);
    assert.deepEqual(
      [digestParams(result.authorization).algorithm, digestParams(result.authorization).response],
      ["SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"],
    );
  }
});

Deno.test("answerChallenge() matches RFC 2617 section 3.5 vector", () => {
  const result = answerChallenge(
    'Digest realm="testrealm@host.com", qop="auth,auth-int", ' +
      'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    { ...MUFASA, password: "Circle Of Life", cnonce: "0a4f113b" },
  );
  assert.ok(result.ok);
  assert.deepEqual(digestParams(result.authorization), {
    scheme: "Digest",
    username: "Mufasa",
    realm: "testrealm@host.com",
    nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
    uri: "/dir/index.html",
    response: "6629fae49393a05397450978507c4ef1",
    algorithm: undefined,
    qop: "auth",
    nc: "00000001",
    cnonce: "0a4f113b",
    opaque: "5ccc069c403ebaf9f0171e9517f40e41",
    userhash: false,
  });
});

Deno.test("computeDigestAuthorization() chooses auth over auth-int unless asked", () => {
  const both = challenge('Digest realm="r", nonce="n", qop="auth-int,auth"');
  assert.equal(digestParams(computeDigestAuthorization(both, MUFASA)).qop, "auth");
  assert.equal(
    digestParams(computeDigestAuthorization(both, { ...MUFASA, qop: "auth-int" })).qop,
    "auth-int",
  );
  const intOnly = challenge('Digest realm="r", nonce="n", qop="auth-int"');
  assert.equal(digestParams(computeDigestAuthorization(intOnly, MUFASA)).qop, "auth-int");
  const authOnly = challenge('Digest realm="r", nonce="n", qop="auth"');
  assert.equal(
    digestParams(computeDigestAuthorization(authOnly, { ...MUFASA, qop: "auth-int" })).qop,
    "auth",
  );
});

Deno.test("computeDigestAuthorization() hashes the body for auth-int", () => {
  const body = "<Inform/>";
  const header = computeDigestAuthorization(
    challenge('Digest realm="r", nonce="n", qop="auth-int"'),
    { ...MUFASA, method: "POST", uri: "/acs", body, cnonce: "c", nc: 3 },
  );
  const ha1 = md5("Mufasa:r:Circle of Life");
  const ha2 = md5(`POST:/acs:${md5(body)}`);
  assert.equal(digestParams(header).response, md5(`${ha1}:n:00000003:c:auth-int:${ha2}`));
});

Deno.test("computeDigestAuthorization() answers RFC 2069 challenges without qop", () => {
  const header = computeDigestAuthorization(
    challenge('Digest realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093"'),
    { ...MUFASA, password: "CircleOfLife" },
  );
  const params = digestParams(header);
  assert.equal(params.response, "1949323746fe6a43ef61f9606e7febea");
  assert.deepEqual([params.qop, params.nc, params.cnonce], [undefined, undefined, undefined]);
});

Deno.test("computeDigestAuthorization() echoes algorithm only when the challenge named one", () => {
  const plain = challenge('Digest realm="r", nonce="n", qop=auth');
  assert.equal(digestParams(computeDigestAuthorization(plain, MUFASA)).algorithm, undefined);
  const sess = challenge('Digest realm="r", nonce="n", qop=auth, algorithm=md5-sess');
  assert.equal(digestParams(computeDigestAuthorization(sess, MUFASA)).algorithm, "md5-sess");
});

Deno.test("computeDigestAuthorization() formats nc as 8 hex digits and checks its range", () => {
  const auth = challenge('Digest realm="r", nonce="n", qop=auth');
  assert.equal(
    digestParams(computeDigestAuthorization(auth, { ...MUFASA, nc: 255 })).nc,
    "000000ff",
  );
  for (const nc of [0, -1, 1.5, 2 ** 32]) {
    assert.throws(() => computeDigestAuthorization(auth, { ...MUFASA, nc }), RangeError);
  }
});

Deno.test("computeDigestAuthorization() throws RangeError for challenges it cannot answer", () => {
  for (
    const header of [
      'Digest realm="r", nonce="n", algorithm=SHA-1',
      'Digest realm="r", nonce="n", qop="auth-conf"',
      'Digest realm="r", nonce="n", algorithm=MD5-sess',
    ]
  ) {
    assert.throws(() => computeDigestAuthorization(challenge(header), MUFASA), RangeError);
  }
});

Deno.test("answerChallenge() uses Basic only when allowed", () => {
  const header = 'Basic realm="acs"';
  const refused = answerChallenge(header, MUFASA);
  assert.equal(!refused.ok && refused.reason, "basic-not-allowed");
  const allowed = answerChallenge(header, { ...MUFASA, allowBasic: true });
  assert.ok(allowed.ok);
  assert.equal(allowed.authorization, `Basic ${btoa("Mufasa:Circle of Life")}`);
  assert.equal(allowed.challenge.scheme, "Basic");
});

Deno.test("answerChallenge() prefers Digest to Basic", () => {
  const result = answerChallenge(['Basic realm="a"', 'Digest realm="a", nonce="n"'], {
    ...MUFASA,
    allowBasic: true,
  });
  assert.ok(result.ok && result.challenge.scheme === "Digest");
});

Deno.test("answerChallenge() reports no-challenge and unsupported-challenge", () => {
  const reason = (header: string | null): string => {
    const result = answerChallenge(header, MUFASA);
    return result.ok ? "ok" : result.reason;
  };
  assert.equal(reason(null), "no-challenge");
  assert.equal(reason("Negotiate"), "no-challenge");
  assert.equal(reason('Digest realm="r", nonce="unterminated'), "no-challenge");
  assert.equal(reason('Digest realm="r", nonce="n", algorithm=SHA-1'), "unsupported-challenge");
  assert.equal(
    reason('Basic realm="r", Digest realm="r", nonce="n", qop=auth-conf'),
    "unsupported-challenge",
  );
});
