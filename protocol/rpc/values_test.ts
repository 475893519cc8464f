import assert from "node:assert/strict";
import { LocalProtocolError } from "../errors.ts";
import { canonicalValue, formatValue, isValidDateTime, parseValue } from "./values.ts";

Deno.test("canonicalValue() enforces the ranges of int, unsignedInt, long and unsignedLong", () => {
  assert.equal(canonicalValue("int", "-2147483648"), "-2147483648");
  assert.equal(canonicalValue("int", "2147483648"), undefined);
  assert.equal(canonicalValue("unsignedInt", "4294967295"), "4294967295");
  assert.equal(canonicalValue("unsignedInt", "-1"), undefined);
  assert.equal(canonicalValue("long", "-9223372036854775808"), "-9223372036854775808");
  assert.equal(canonicalValue("unsignedLong", "18446744073709551616"), undefined);
  assert.equal(canonicalValue("int", "1.5"), undefined);
});

Deno.test("canonicalValue() reads booleans in any case and base64 with line breaks", () => {
  for (const t of ["1", "true", "TRUE", " True "]) {
    assert.equal(canonicalValue("boolean", t), "true");
  }
  for (const f of ["0", "false", "FALSE"]) assert.equal(canonicalValue("boolean", f), "false");
  assert.equal(canonicalValue("boolean", "yes"), undefined);
  assert.equal(canonicalValue("base64", "aGVs\r\nbG8="), "aGVsbG8=");
  assert.equal(canonicalValue("base64", "QR=="), undefined);
  assert.equal(canonicalValue("base64", "QQ=="), "QQ==");
});

Deno.test("isValidDateTime() accepts time zones and fractions, rejects year 0000 and month 00", () => {
  for (
    const ok of ["2004-05-01T12:00:00Z", "2004-05-01T12:00:00.123+05:30", "0001-01-01T00:00:00Z"]
  ) {
    assert.ok(isValidDateTime(ok), ok);
  }
  for (const bad of ["0000-00-00T00:00:00", "2004-13-01T00:00:00", "2004-05-01 12:00:00", ""]) {
    assert.ok(!isValidDateTime(bad), bad);
  }
});

Deno.test("parseValue() keeps an invalid dateTime's raw text and warns", () => {
  const warnings: string[] = [];
  assert.deepEqual(parseValue("xsd:dateTime", "0000-00-00T00:00:00", warnings), {
    type: "dateTime",
    value: "0000-00-00T00:00:00",
  });
  assert.equal(warnings.length, 1);
});

Deno.test("parseValue() reads unknown types as string, base64Binary as base64", () => {
  const warnings: string[] = [];
  assert.deepEqual(parseValue("xsd:hexBinary", "0A", warnings), { type: "string", value: "0A" });
  assert.deepEqual(parseValue("xsd:base64Binary", "QQ==", warnings), {
    type: "base64",
    value: "QQ==",
  });
  assert.deepEqual(parseValue(undefined, " x ", warnings), { type: "string", value: " x " });
  assert.equal(warnings.length, 1);
});

Deno.test("formatValue() sends an invalid dateTime as the Unknown Time and refuses bad numbers", () => {
  assert.equal(
    formatValue({ type: "dateTime", value: "0000-00-00T00:00:00" }),
    "0001-01-01T00:00:00Z",
  );
  assert.throws(() => formatValue({ type: "int", value: "x" }), LocalProtocolError);
});
