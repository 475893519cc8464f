import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  computeDigestResponse,
  DIGEST_ALGORITHMS,
  type DigestResponseOptions,
  hashCredentials,
  parseAlgorithm,
} from "./digest.ts";

function h(algorithm: string, data: string | Uint8Array): string {
  return createHash(algorithm).update(data).digest("hex");
}

const RFC2617: DigestResponseOptions = {
  username: "Mufasa",
  realm: "testrealm@host.com",
  secret: { password: "Circle Of Life" },
  nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
  method: "GET",
  uri: "/dir/index.html",
  qop: "auth",
  nc: "00000001",
  cnonce: "0a4f113b",
};

const RFC7616: DigestResponseOptions = {
  username: "Mufasa",
  realm: "http-auth@example.org",
  secret: { password: "Circle of Life" },
  nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
  method: "GET",
  uri: "/dir/index.html",
  qop: "auth",
  nc: "00000001",
  cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
};

Deno.test("computeDigestResponse() matches RFC 2617 section 3.5 vector", () => {
  assert.equal(computeDigestResponse(RFC2617), "6629fae49393a05397450978507c4ef1");
});

Deno.test("computeDigestResponse() matches RFC 7616 section 3.9.1 MD5 vector", () => {
  assert.equal(
    computeDigestResponse({ ...RFC7616, algorithm: "MD5" }),
    "8ca523f5e9506fed4657c9700eebdbec",
  );
});

Deno.test("computeDigestResponse() matches RFC 7616 section 3.9.1 SHA-256 vector", () => {
  assert.equal(
    computeDigestResponse({ ...RFC7616, algorithm: "SHA-256" }),
    "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
  );
});

Deno.test("computeDigestResponse() accepts a stored HA1 in place of the password", () => {
  const ha1 = hashCredentials({
    algorithm: "SHA-256",
    username: "Mufasa",
    realm: "http-auth@example.org",
    password: "Circle of Life",
  });
  assert.equal(
    computeDigestResponse({ ...RFC7616, algorithm: "SHA-256", secret: { ha1: ha1.toUpperCase() } }),
    "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
  );
});

Deno.test("computeDigestResponse() hashes the body for auth-int like an independent computation", () => {
  const body = new TextEncoder().encode("<soap:Envelope>Inform</soap:Envelope>");
  const ha1 = h("md5", "Mufasa:testrealm@host.com:Circle Of Life");
  const ha2 = h("md5", `POST:/dir/index.html:${h("md5", body)}`);
  const expected = h(
    "md5",
    `${ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:0a4f113b:auth-int:${ha2}`,
  );
  const options = { ...RFC2617, method: "POST", qop: "auth-int", body } as const;
  assert.equal(computeDigestResponse(options), expected);
  assert.equal(
    computeDigestResponse({ ...options, body: new TextDecoder().decode(body) }),
    expected,
  );
});

Deno.test("computeDigestResponse() hashes an absent auth-int body as empty", () => {
  const ha1 = h("md5", "Mufasa:testrealm@host.com:Circle Of Life");
  const ha2 = h("md5", `GET:/dir/index.html:${h("md5", "")}`);
  const expected = h(
    "md5",
    `${ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:0a4f113b:auth-int:${ha2}`,
  );
  assert.equal(computeDigestResponse({ ...RFC2617, qop: "auth-int" }), expected);
});

Deno.test("computeDigestResponse() derives the session key for -sess algorithms", () => {
  const base = h("sha256", "Mufasa:testrealm@host.com:Circle Of Life");
  const ha1 = h("sha256", `${base}:dcd98b7102dd2f0e8b11d0f600bfb0c093:0a4f113b`);
  const ha2 = h("sha256", "GET:/dir/index.html");
  const expected = h(
    "sha256",
    `${ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:0a4f113b:auth:${ha2}`,
  );
  assert.equal(computeDigestResponse({ ...RFC2617, algorithm: "SHA-256-sess" }), expected);
});

Deno.test("computeDigestResponse() uses SHA-512/256 for SHA-512-256", () => {
  const ha1 = h("sha512-256", "Mufasa:testrealm@host.com:Circle Of Life");
  const ha2 = h("sha512-256", "GET:/dir/index.html");
  const expected = h("sha512-256", `${ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:${ha2}`);
  assert.equal(
    computeDigestResponse({ ...RFC2617, algorithm: "SHA-512-256", qop: undefined }),
    expected,
  );
});

Deno.test("computeDigestResponse() throws TypeError for qop or -sess without cnonce", () => {
  assert.throws(
    () => computeDigestResponse({ ...RFC2617, cnonce: undefined }),
    (error: unknown) => error instanceof TypeError && /needs cnonce\/nc/.test(error.message),
  );
  assert.throws(
    () => computeDigestResponse({ ...RFC2617, qop: undefined, cnonce: "", algorithm: "MD5-sess" }),
    TypeError,
  );
});

Deno.test("parseAlgorithm() normalises case and spacing and knows every algorithm", () => {
  for (const algorithm of DIGEST_ALGORITHMS) {
    assert.equal(parseAlgorithm(` ${algorithm.toUpperCase()} `), algorithm);
  }
  assert.equal(parseAlgorithm("md5-SESS"), "MD5-sess");
  assert.equal(parseAlgorithm(undefined), "MD5");
  assert.equal(parseAlgorithm(""), undefined);
  assert.equal(parseAlgorithm("SHA-512"), undefined);
});
