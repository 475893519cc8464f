/**
 * Mutations of real CPE messages (truncation, byte flips, splices, huge counts, deep nesting,
 * entity tricks) produce a decoded message or a typed error, never an untyped exception.
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { RemoteProtocolError, XmlLimitError, XmlSyntaxError } from "../protocol/errors.ts";
import { decodeEnvelopes } from "../protocol/soap/envelope.ts";
import { decodeXmlBytes } from "../protocol/xml/charset.ts";
import { corpusFiles } from "./fixtures/corpus.ts";

const FILES = corpusFiles();

function decodeOrTypedError(bytes: Uint8Array): void {
  try {
    decodeEnvelopes(decodeXmlBytes(bytes).text);
  } catch (error) {
    const typed = error instanceof XmlSyntaxError || error instanceof XmlLimitError ||
      error instanceof RemoteProtocolError;
    assert.ok(typed, `untyped ${String(error)}\n${(error as Error).stack ?? ""}`);
    assert.ok((error as Error).message.length > 0);
  }
}

const file = fc.constantFrom(...FILES).map((f) => f.bytes);
const encoder = new TextEncoder();

Deno.test("decodeEnvelopes() gives only typed errors on truncated corpus messages", () => {
  fc.assert(
    fc.property(file, fc.double({ min: 0, max: 1, noNaN: true }), (bytes, cut) => {
      decodeOrTypedError(bytes.subarray(0, Math.floor(bytes.length * cut)));
    }),
    { numRuns: 400 },
  );
});

Deno.test("decodeEnvelopes() gives only typed errors on byte flips", () => {
  fc.assert(
    fc.property(
      file,
      fc.array(
        fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })),
        {
          minLength: 1,
          maxLength: 8,
        },
      ),
      (bytes, flips) => {
        const copy = bytes.slice();
        for (const [at, value] of flips) copy[Math.floor(at * (copy.length - 1))] = value;
        decodeOrTypedError(copy);
      },
    ),
    { numRuns: 600 },
  );
});

Deno.test("decodeEnvelopes() gives only typed errors on spliced markup", () => {
  const fragments = [
    "<",
    ">",
    "</",
    "&",
    "&#0;",
    "&#x110000;",
    "]]>",
    "<![CDATA[",
    "<!DOCTYPE x>",
    '<!ENTITY a "b">',
    "<?xml?>",
    'xmlns:p=""',
    "<p:x>",
    "<Value xsi:type='xsd:int'>x</Value>",
    "<MaxEnvelopes>99999999999999999999</MaxEnvelopes>",
    '<ParameterList SOAP-ENC:arrayType="cwmp:ParameterValueStruct[4294967295]">',
    "\u0000",
    "\ufeff",
  ];
  fc.assert(
    fc.property(
      file,
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.constantFrom(...fragments),
      (bytes, at, piece) => {
        const text = new TextDecoder().decode(bytes);
        const i = Math.floor(at * text.length);
        decodeOrTypedError(encoder.encode(text.slice(0, i) + piece + text.slice(i)));
      },
    ),
    { numRuns: 600 },
  );
});

Deno.test("decodeEnvelopes() rejects deep nesting and huge bodies by limits, quickly", () => {
  const deep = "<a>".repeat(100_000) + "</a>".repeat(100_000);
  assert.throws(() => decodeEnvelopes(deep), XmlLimitError);
  const wide = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>${
    "<x/>".repeat(50_000)
  }</s:Body></s:Envelope>`;
  assert.throws(() => decodeEnvelopes(wide, { limits: { maxElements: 10_000 } }), XmlLimitError);
  const huge = "<a>" + "x".repeat(17 * 1024 * 1024) + "</a>";
  assert.throws(() => decodeEnvelopes(huge), XmlLimitError);
});

Deno.test("decodeEnvelopes() gives only typed errors on arbitrary bytes", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => decodeOrTypedError(bytes)),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(
      fc.string({
        unit: fc.constantFrom("<", ">", "/", "a", ":", "=", '"', " ", "&", ";", "!", "?", "-"),
      }),
      (s) => decodeOrTypedError(encoder.encode(s)),
    ),
    { numRuns: 1000 },
  );
});
