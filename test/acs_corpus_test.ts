/**
 * Every real Inform in the corpus, POSTed as the CPE sent it, is stored and answered with an
 * InformResponse that validates against the official schemas.
 */

import assert from "node:assert/strict";
import { createTestAcs, post } from "../acs/_testing.ts";
import { deviceIdOf } from "../acs/device_id.ts";
import { devices } from "../acs/db/schema/devices.ts";
import { decodeEnvelopes } from "../protocol/soap/envelope.ts";
import { decodeXmlBytes } from "../protocol/xml/charset.ts";
import { corpusFiles } from "./fixtures/corpus.ts";
import { validateWithXmllint } from "./xmllint.ts";

function corpusInforms(): Array<{ name: string; bytes: Uint8Array<ArrayBuffer> }> {
  return corpusFiles()
    .filter((f) => /inform/i.test(f.name) || f.name === "huawei-bm632w/0.xml")
    .filter((f) =>
      decodeEnvelopes(decodeXmlBytes(f.bytes).text).envelopes[0]?.message?.method === "Inform"
    )
    .map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) }));
}

Deno.test("ACS answers every corpus Inform with a valid InformResponse", async () => {
  const informs = corpusInforms();
  assert.ok(informs.length >= 6, `only ${informs.length} Informs in the corpus`);
  assert.ok(informs.filter((f) => f.name.startsWith("thomson/")).length >= 6);
  const acs = await createTestAcs();
  try {
    const answers = new Map<string, string>();
    const expectedIds = new Set<string>();
    for (const file of informs) {
      const response = await post(acs.app, file.bytes, { headers: { "content-type": "text/xml" } });
      assert.equal(response.status, 200, file.name);
      const text = await response.text();
      const [envelope] = decodeEnvelopes(text).envelopes;
      assert.deepEqual(envelope?.message, { method: "InformResponse", maxEnvelopes: 1 }, file.name);
      const [sent] = decodeEnvelopes(decodeXmlBytes(file.bytes).text).envelopes;
      assert.equal(envelope?.cwmpVersion, sent?.cwmpVersion, file.name);
      assert.equal(envelope?.headers.id, sent?.headers.id, file.name);
      if (sent?.message?.method === "Inform") expectedIds.add(deviceIdOf(sent.message.deviceId));
      answers.set(file.name, text);
    }
    const invalid = (await validateWithXmllint(answers)).filter((r) => !r.valid);
    assert.deepEqual(invalid.map((r) => `${r.name}: ${r.errors.join(" | ")}`), []);
    const stored = new Set((await acs.db.select().from(devices)).map((d) => d.id));
    assert.deepEqual(stored, expectedIds);
  } finally {
    acs.close();
  }
});
