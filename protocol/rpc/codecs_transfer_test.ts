import assert from "node:assert/strict";
import fc from "fast-check";
import { TRANSFER_ARBITRARIES } from "../../test/fixtures/arbitraries_transfer.ts";
import { decodeEnvelopes, encodeEnvelope } from "../soap/envelope.ts";
import { CWMP_VERSIONS, versionAtLeast } from "../soap/namespaces.ts";
import { TRANSFER_CODECS, type TransferMessage } from "./codecs_transfer.ts";

const methods = Object.keys(TRANSFER_ARBITRARIES) as TransferMessage["method"][];

Deno.test("TRANSFER_CODECS has a generator for every method and no other", () => {
  assert.deepEqual(methods.toSorted(), Object.keys(TRANSFER_CODECS).toSorted());
});

for (const method of methods) {
  const since = TRANSFER_CODECS[method].since;
  for (const version of CWMP_VERSIONS.filter((v) => versionAtLeast(v, since))) {
    Deno.test(`${method} round-trips through encodeEnvelope() and decodeEnvelopes() in cwmp-${version}`, () => {
      const arbitrary = TRANSFER_ARBITRARIES[method] as fc.Arbitrary<TransferMessage>;
      fc.assert(
        fc.property(arbitrary, (message) => {
          const xml = encodeEnvelope(message, { version, headers: { id: "1" } });
          const { envelopes, warnings } = decodeEnvelopes(xml);
          assert.equal(envelopes[0]?.cwmpVersion, version);
          assert.deepEqual(envelopes[0]?.message, message);
          assert.deepEqual(warnings, []);
        }),
        { numRuns: 100 },
      );
    });
  }
}

Deno.test("encodeEnvelope() refuses a transfer method in a namespace older than its since", () => {
  assert.throws(
    () => encodeEnvelope({ method: "CancelTransfer", commandKey: "k" }, { version: "1.1" }),
    /exists from cwmp-1\.2/,
  );
});
