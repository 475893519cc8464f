import assert from "node:assert/strict";
import {
  buildBasicChallenge,
  buildChallenge,
  type DigestChallenge,
  parseChallenges,
  selectDigestChallenge,
} from "./challenge.ts";

const RFC7616_CHALLENGES = [
  'Digest\r\n realm="http-auth@example.org",\r\n qop="auth, auth-int",\r\n algorithm=SHA-256,\r\n' +
  ' nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",\r\n' +
  ' opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
  'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5,' +
  ' nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",' +
  ' opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
];

function digest(challenge: Partial<DigestChallenge>): DigestChallenge {
  return {
    scheme: "Digest",
    realm: "",
    nonce: "n",
    opaque: undefined,
    algorithm: undefined,
    qop: [],
    stale: false,
    domain: undefined,
    charset: undefined,
    userhash: false,
    ...challenge,
  };
}

Deno.test("parseChallenges() reads the RFC 7616 section 3.9.1 headers", () => {
  const challenges = parseChallenges(RFC7616_CHALLENGES);
  assert.deepEqual(challenges, [
    digest({
      realm: "http-auth@example.org",
      nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
      opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS",
      algorithm: "SHA-256",
      qop: ["auth", "auth-int"],
    }),
    digest({
      realm: "http-auth@example.org",
      nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
      opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS",
      algorithm: "MD5",
      qop: ["auth", "auth-int"],
    }),
  ]);
});

Deno.test("parseChallenges() reads several challenges joined in one value", () => {
  const challenges = parseChallenges(RFC7616_CHALLENGES.join(", "));
  assert.deepEqual(challenges.map((c) => c.scheme === "Digest" && c.algorithm), ["SHA-256", "MD5"]);
});

Deno.test("parseChallenges() is liberal about case, quotes, spaces and trailing commas", () => {
  const [challenge] = parseChallenges(
    ' DIGEST Realm = IGD ,NONCE=abc/def==, QOP=Auth ,STALE="true", UserHash=TRUE, ' +
      'Domain="/a /b", charset=UTF-8,,',
  );
  assert.deepEqual(
    challenge,
    digest({
      realm: "IGD",
      nonce: "abc/def==",
      qop: ["auth"],
      stale: true,
      userhash: true,
      domain: "/a /b",
      charset: "UTF-8",
    }),
  );
});

Deno.test("parseChallenges() reads Basic with and without a realm", () => {
  assert.deepEqual(parseChallenges(['basic realm="cpe", charset="UTF-8"', "Basic"]), [
    { scheme: "Basic", realm: "cpe", charset: "UTF-8" },
    { scheme: "Basic", realm: "", charset: undefined },
  ]);
});

Deno.test("parseChallenges() leaves out other schemes, nonce-less Digest and broken tails", () => {
  assert.deepEqual(parseChallenges('Negotiate abc=, NTLM, Digest realm="r"'), []);
  const kept = parseChallenges('Basic realm="ok", Digest realm="r", nonce="unterminated');
  assert.deepEqual(kept, [{ scheme: "Basic", realm: "ok", charset: undefined }]);
});

Deno.test("parseChallenges() returns nothing for hostile input", () => {
  for (
    const header of [
      null,
      undefined,
      "",
      "   ",
      ",,,",
      '"',
      "=",
      "Digest ====",
      "\u0000\uffff",
      `Digest realm="${"x".repeat(20_000)}", nonce=n`,
      'Digest realm="a\\',
    ]
  ) {
    assert.deepEqual(parseChallenges(header), []);
  }
});

Deno.test("selectDigestChallenge() picks the strongest algorithm family", () => {
  const chosen = selectDigestChallenge(parseChallenges(RFC7616_CHALLENGES.toReversed()));
  assert.equal(chosen?.algorithm, "SHA-256");
  const best = selectDigestChallenge([
    digest({ nonce: "1", algorithm: "SHA-256-sess", qop: ["auth"] }),
    digest({ nonce: "2", algorithm: "sha-512-256", qop: ["auth"] }),
    digest({ nonce: "3", algorithm: "MD5", qop: ["auth"] }),
  ]);
  assert.equal(best?.nonce, "2");
});

Deno.test("selectDigestChallenge() prefers qop, then the first offered", () => {
  const withQop = selectDigestChallenge([
    digest({ nonce: "legacy" }),
    digest({ nonce: "qop", qop: ["auth-int"] }),
    digest({ nonce: "later", qop: ["auth"] }),
  ]);
  assert.equal(withQop?.nonce, "qop");
});

Deno.test("selectDigestChallenge() skips challenges it cannot answer", () => {
  assert.equal(
    selectDigestChallenge([
      { scheme: "Basic", realm: "", charset: undefined },
      digest({ algorithm: "SHA-1" }),
      digest({ qop: ["auth-conf"] }),
      digest({ algorithm: "MD5-sess" }),
    ]),
    undefined,
  );
});

Deno.test("buildChallenge() round-trips through parseChallenges()", () => {
  const header = buildChallenge({
    realm: 'odd "realm" \\',
    nonce: "n0",
    opaque: "op",
    qop: ["auth", "auth-int"],
    algorithm: "SHA-256-sess",
    stale: true,
    domain: "/acs",
  });
  assert.deepEqual(
    parseChallenges(header),
    [digest({
      realm: 'odd "realm" \\',
      nonce: "n0",
      opaque: "op",
      qop: ["auth", "auth-int"],
      algorithm: "SHA-256-sess",
      stale: true,
      domain: "/acs",
    })],
  );
});

Deno.test("buildChallenge() defaults to qop auth without algorithm or stale", () => {
  assert.equal(
    buildChallenge({ realm: "r", nonce: "n" }),
    'Digest realm="r", qop="auth", nonce="n"',
  );
});

Deno.test("buildBasicChallenge() quotes the realm", () => {
  assert.deepEqual(parseChallenges(buildBasicChallenge('a"b')), [
    { scheme: "Basic", realm: 'a"b', charset: "UTF-8" },
  ]);
});
