import assert from "node:assert/strict";
import fc from "fast-check";
import { decodeEnvelopes, encodeEnvelope } from "../soap/envelope.ts";
import { CWMP_VERSIONS, versionAtLeast } from "../soap/namespaces.ts";
import { MANAGEMENT_ARBITRARIES } from "../../test/fixtures/arbitraries_management.ts";
import { MANAGEMENT_CODECS, type ManagementMessage } from "./codecs_management.ts";

const METHODS = Object.keys(MANAGEMENT_CODECS) as ManagementMessage["method"][];

Deno.test("MANAGEMENT_CODECS has one codec and one generator per method", () => {
  assert.equal(METHODS.length, 24);
  assert.deepEqual(Object.keys(MANAGEMENT_ARBITRARIES).sort(), [...METHODS].sort());
});

for (const method of METHODS) {
  Deno.test(`decodeEnvelopes(encodeEnvelope(m)) deep-equals m for every ${method} and namespace`, () => {
    const arbitrary = MANAGEMENT_ARBITRARIES[method] as fc.Arbitrary<ManagementMessage>;
    for (const version of CWMP_VERSIONS) {
      if (!versionAtLeast(version, MANAGEMENT_CODECS[method].since)) continue;
      fc.assert(
        fc.property(arbitrary, (message) => {
          const decoded = decodeEnvelopes(encodeEnvelope(message, { version }));
          assert.equal(decoded.envelopes[0]?.cwmpVersion, version);
          assert.deepEqual(decoded.envelopes[0]?.message, message);
          assert.deepEqual(decoded.warnings, []);
        }),
        { numRuns: 100 },
      );
    }
  });
}
