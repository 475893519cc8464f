import assert from "node:assert/strict";
import {
  decodeExtValue,
  encodeExtValue,
  MAX_HEADER_LENGTH,
  quote,
  scanAuthHeader,
} from "./_syntax.ts";

function params(text: string): Record<string, string> {
  const { items, error } = scanAuthHeader(text);
  assert.equal(error, undefined);
  return Object.fromEntries(items[0]?.params ?? []);
}

Deno.test("scanAuthHeader() reads quoted strings with escapes and tokens", () => {
  assert.deepEqual(params('Digest realm="a \\"b\\" \\\\c", nonce=abc/d+e=='), {
    realm: 'a "b" \\c',
    nonce: "abc/d+e==",
  });
});

Deno.test("scanAuthHeader() lower-cases parameter names and keeps scheme spelling", () => {
  const { items } = scanAuthHeader('dIgEsT ReAlM="R"');
  assert.equal(items[0]?.scheme, "dIgEsT");
  assert.deepEqual(Object.fromEntries(items[0]?.params ?? []), { realm: "R" });
});

Deno.test("scanAuthHeader() tolerates extra spaces, missing commas and trailing commas", () => {
  assert.deepEqual(params(' ,Digest  realm = "r" ,, nonce="n" opaque=o ,\t, '), {
    realm: "r",
    nonce: "n",
    opaque: "o",
  });
});

Deno.test("scanAuthHeader() splits several challenges and reads token68", () => {
  const { items, error } = scanAuthHeader(
    'Basic QWxh==, Digest realm="r", Negotiate, Basic realm=x',
  );
  assert.equal(error, undefined);
  assert.deepEqual(
    items.map((item) => [item.scheme, item.token68, item.params.size]),
    [["Basic", "QWxh==", 0], ["Digest", undefined, 1], ["Negotiate", undefined, 0], [
      "Basic",
      undefined,
      1,
    ]],
  );
});

Deno.test("scanAuthHeader() joins an unquoted qop list", () => {
  assert.deepEqual(params("Digest qop=auth,auth-int, nonce=n"), {
    qop: "auth,auth-int",
    nonce: "n",
  });
});

Deno.test("scanAuthHeader() keeps complete items before an unterminated quote", () => {
  const { items, error } = scanAuthHeader('Basic realm="a", Digest realm="open');
  assert.equal(items.length, 1);
  assert.equal(error?.message, "unterminated quoted string");
  assert.equal(error?.offset, 30);
});

Deno.test("scanAuthHeader() rejects duplicates, a parameter before a scheme and stray characters", () => {
  assert.match(scanAuthHeader('Digest realm="a", REALM="b"').error?.message ?? "", /duplicate/);
  assert.match(scanAuthHeader("realm=a").error?.message ?? "", /before any scheme/);
  assert.match(scanAuthHeader('Digest "x"').error?.message ?? "", /unexpected "\\""/);
  assert.match(scanAuthHeader('Digest realm="a" = "b"').error?.message ?? "", /unexpected "="/);
});

Deno.test("scanAuthHeader() refuses values longer than MAX_HEADER_LENGTH", () => {
  const { items, error } = scanAuthHeader(`Digest realm="${"a".repeat(MAX_HEADER_LENGTH)}"`);
  assert.deepEqual(items, []);
  assert.match(error?.message ?? "", /longer than/);
});

Deno.test("quote() escapes quotes and backslashes", () => {
  assert.equal(quote('a"b\\c'), '"a\\"b\\\\c"');
});

Deno.test("encodeExtValue() and decodeExtValue() round-trip UTF-8", () => {
  for (const value of ["Jäsper", "日本", "a b%c'd", ""]) {
    assert.equal(decodeExtValue(encodeExtValue(value)), value);
  }
  assert.equal(decodeExtValue("iso-8859-1'en'J%E4sper"), "Jäsper");
  assert.equal(decodeExtValue("UTF-8''%E4"), undefined);
  assert.equal(decodeExtValue("UTF-8''%zz"), undefined);
  assert.equal(decodeExtValue("KOI8-R''abc"), undefined);
  assert.equal(decodeExtValue("no quotes"), undefined);
});
