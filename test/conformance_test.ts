/**
 * Every message we can emit validates against the official Broadband Forum XSDs: for every RPC
 * request and response, in every CWMP namespace that defines it, with generated arguments.
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { CODECS, type RpcMessage, type RpcMethod } from "../protocol/rpc/codecs.ts";
import { encodeEnvelope } from "../protocol/soap/envelope.ts";
import { soapFault } from "../protocol/soap/fault.ts";
import { CWMP_VERSIONS, versionAtLeast } from "../protocol/soap/namespaces.ts";
import { RPC_ARBITRARIES } from "./fixtures/arbitraries.ts";
import { validateWithXmllint } from "./xmllint.ts";

const SAMPLES_PER_METHOD = 12;

Deno.test("encodeEnvelope() output validates with xmllint for every RPC and namespace", async () => {
  const documents = new Map<string, string>();
  for (const method of Object.keys(CODECS) as RpcMethod[]) {
    const arbitrary = RPC_ARBITRARIES[method] as fc.Arbitrary<RpcMessage>;
    const samples = fc.sample(arbitrary, { numRuns: SAMPLES_PER_METHOD, seed: 42 });
    for (const version of CWMP_VERSIONS) {
      if (!versionAtLeast(version, CODECS[method].since)) continue;
      samples.forEach((message, i) => {
        const headers = i % 2 === 0 ? { id: `id-${i}` } : { id: "x", holdRequests: i % 3 === 0 };
        documents.set(
          `${method} cwmp-${version} #${i}`,
          encodeEnvelope(message, { version, headers }),
        );
      });
    }
  }
  for (const version of CWMP_VERSIONS) {
    documents.set(
      `Fault cwmp-${version}`,
      encodeEnvelope(
        soapFault(9003, "Invalid arguments", {
          setParameterValuesFaults: [{ parameterName: "A.B", faultCode: 9007, faultString: "bad" }],
        }),
        { version, headers: { id: "1" } },
      ),
    );
    documents.set(
      `empty body cwmp-${version}`,
      encodeEnvelope(null, { version, headers: { holdRequests: true } }),
    );
  }
  const results = await validateWithXmllint(documents);
  const invalid = results.filter((r) => !r.valid);
  assert.deepEqual(
    invalid.slice(0, 5).map((r) => `${r.name}: ${r.errors.join(" | ")}`),
    [],
    `${invalid.length} of ${results.length} messages do not validate`,
  );
  assert.ok(results.length >= Object.keys(CODECS).length * SAMPLES_PER_METHOD);
});
