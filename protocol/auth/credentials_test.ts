import assert from "node:assert/strict";
import {
  buildBasicAuthorization,
  buildDigestAuthorization,
  type DigestCredentials,
  parseAuthorization,
} from "./credentials.ts";

const RFC7616_MD5 = 'Digest username="Mufasa",\r\n realm="http-auth@example.org",\r\n' +
  ' uri="/dir/index.html",\r\n algorithm=MD5,\r\n' +
  ' nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",\r\n nc=00000001,\r\n' +
  ' cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",\r\n qop=auth,\r\n' +
  ' response="8ca523f5e9506fed4657c9700eebdbec",\r\n' +
  ' opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"';

const MUFASA: DigestCredentials = {
  scheme: "Digest",
  username: "Mufasa",
  realm: "http-auth@example.org",
  nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
  uri: "/dir/index.html",
  response: "8ca523f5e9506fed4657c9700eebdbec",
  algorithm: "MD5",
  qop: "auth",
  nc: "00000001",
  cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
  opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS",
  userhash: false,
};

function reasonOf(header: string | null | undefined): string {
  const result = parseAuthorization(header);
  return result.ok ? "ok" : result.reason;
}

Deno.test("parseAuthorization() reads the RFC 7616 section 3.9.1 MD5 credentials", () => {
  assert.deepEqual(parseAuthorization(RFC7616_MD5), { ok: true, credentials: MUFASA });
});

Deno.test("parseAuthorization() accepts quoted tokens and odd case from real CPEs", () => {
  const result = parseAuthorization(
    'DIGEST USERNAME="00D09E-0123456789", Realm="cwmp", nonce="n", uri="/acs", ' +
      'algorithm="md5", qop="AUTH", nc="00000001", cnonce="c", response="ABCD",',
  );
  assert.ok(result.ok && result.credentials.scheme === "Digest");
  assert.equal(result.credentials.username, "00D09E-0123456789");
  assert.equal(result.credentials.qop, "auth");
  assert.equal(result.credentials.algorithm, "md5");
  assert.equal(result.credentials.response, "ABCD");
});

Deno.test("parseAuthorization() decodes username* and rejects it beside username", () => {
  const ext = parseAuthorization(
    "Digest username*=UTF-8''J%C3%A4sper, realm=r, nonce=n, uri=/, response=x",
  );
  assert.ok(ext.ok && ext.credentials.username === "Jäsper");
  assert.equal(
    reasonOf("Digest username=a, username*=UTF-8''b, realm=r, nonce=n, uri=/, response=x"),
    "malformed",
  );
  assert.equal(
    reasonOf("Digest username*=UTF-8''%FF, realm=r, nonce=n, uri=/, response=x"),
    "malformed",
  );
});

Deno.test("parseAuthorization() reads Basic whose password contains ':'", () => {
  assert.deepEqual(parseAuthorization(buildBasicAuthorization("cpe", "a:b:c")), {
    ok: true,
    credentials: { scheme: "Basic", username: "cpe", password: "a:b:c" },
  });
  assert.deepEqual(parseAuthorization("basic QWxhZGRpbjpvcGVuIHNlc2FtZQ"), {
    ok: true,
    credentials: { scheme: "Basic", username: "Aladdin", password: "open sesame" },
  });
});

Deno.test("parseAuthorization() falls back to ISO-8859-1 for Basic that is not UTF-8", () => {
  const result = parseAuthorization(`Basic ${btoa("J\xe4sper:pw")}`);
  assert.ok(result.ok && result.credentials.username === "Jäsper");
});

Deno.test("parseAuthorization() reports missing, malformed and unsupported-scheme", () => {
  const cases: Record<string, string> = {
    "missing": "",
    "malformed": "Digest realm=r",
    "unsupported-scheme": "Bearer abc.def",
  };
  for (const [reason, header] of Object.entries(cases)) assert.equal(reasonOf(header), reason);
  assert.equal(reasonOf(null), "missing");
  assert.equal(reasonOf(undefined), "missing");
  assert.equal(reasonOf(" \t "), "missing");
});

Deno.test("parseAuthorization() returns typed failures for hostile headers", () => {
  const hostile = [
    `Digest username="${"a".repeat(100_000)}"`,
    'Digest username="unbalanced, realm="r", nonce="n", uri="/", response="x',
    'Digest username="a\\',
    "Digest ,,,,,,",
    "Basic",
    "Basic !!!!",
    "Basic Zm9v",
    "Basic abc def",
    "Digest abc==",
    '"Digest" username=a',
    "=",
    "\u0000\u0001\u0002",
    "Digest username=a, realm=r, nonce=n, uri=/, response=x, qop=auth",
    "Digest username=a, realm=r, nonce=n, uri=/, response=x, Basic Zm9vOmJhcg==",
    "Digest username=a, USERNAME=b, realm=r, nonce=n, uri=/, response=x",
    "Digest " + "a=b, ".repeat(5_000),
  ];
  for (const header of hostile) {
    const result = parseAuthorization(header);
    assert.equal(result.ok, false, header.slice(0, 60));
    assert.ok(!result.ok && result.message.startsWith("Cannot "), result.ok ? "" : result.message);
  }
});

Deno.test("buildDigestAuthorization() round-trips through parseAuthorization()", () => {
  const credentials: DigestCredentials = {
    ...MUFASA,
    username: 'we"ird\\ user',
    uri: '/p?q="1"',
    userhash: false,
  };
  assert.deepEqual(parseAuthorization(buildDigestAuthorization(credentials)), {
    ok: true,
    credentials,
  });
});

Deno.test("buildDigestAuthorization() writes the RFC 7616 parameter set", () => {
  assert.equal(
    buildDigestAuthorization(MUFASA),
    'Digest username="Mufasa", realm="http-auth@example.org", ' +
      'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", uri="/dir/index.html", ' +
      'algorithm=MD5, qop=auth, nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", ' +
      'response="8ca523f5e9506fed4657c9700eebdbec", ' +
      'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
  );
});

Deno.test("buildBasicAuthorization() encodes UTF-8 and refuses ':' in the username", () => {
  assert.equal(buildBasicAuthorization("test", "123£"), "Basic dGVzdDoxMjPCow==");
  assert.throws(() => buildBasicAuthorization("a:b", "c"), TypeError);
});
