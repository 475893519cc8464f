/**
 * Every message captured from a real CPE in ../shared/cwmp/corpus decodes, and re-encoding each
 * one (in the namespace it came in) validates against the official XSDs.
 */

import assert from "node:assert/strict";
import { decodeEnvelopes, encodeEnvelope } from "../protocol/soap/envelope.ts";
import { decodeXmlBytes } from "../protocol/xml/charset.ts";
import { validateWithXmllint } from "./xmllint.ts";
import { corpusFiles } from "./fixtures/corpus.ts";

Deno.test("decodeEnvelopes() decodes every corpus message, and re-encoded they validate", async () => {
  const files = corpusFiles();
  assert.ok(files.length >= 70, `corpus has only ${files.length} files`);
  const documents = new Map<string, string>();
  const methods = new Set<string>();
  for (const file of files) {
    const { envelopes } = decodeEnvelopes(decodeXmlBytes(file.bytes).text);
    assert.equal(envelopes.length, 1, file.name);
    const envelope = envelopes[0];
    assert.ok(envelope?.message, file.name);
    assert.notEqual(envelope.message.method, "Unsupported", `${file.name} decodes as Unsupported`);
    methods.add(envelope.message.method);
    documents.set(
      file.name,
      encodeEnvelope(envelope.message, {
        version: envelope.cwmpVersion,
        headers: envelope.headers,
      }),
    );
  }
  const invalid = (await validateWithXmllint(documents)).filter((r) => !r.valid);
  assert.deepEqual(invalid.map((r) => `${r.name}: ${r.errors.join(" | ")}`), []);
  assert.ok(
    methods.has("Inform") && methods.has("Fault") && methods.has("GetParameterValuesResponse"),
  );
});

Deno.test("decodeEnvelopes() keeps real quirks: invalid dateTime text, lower-case OUI", () => {
  const files = corpusFiles();
  const thomson = files.find((f) => f.name === "thomson/t_SpeedTouch-780_Inform.xml");
  assert.ok(thomson);
  const { envelopes, warnings } = decodeEnvelopes(decodeXmlBytes(thomson.bytes).text);
  const message = envelopes[0]?.message;
  assert.equal(message?.method, "Inform");
  if (message?.method !== "Inform") return;
  const date = message.parameterList.find((p) => p.name.endsWith("VendorConfigFile.1.Date"));
  assert.deepEqual(date, {
    name: "InternetGatewayDevice.DeviceInfo.VendorConfigFile.1.Date",
    type: "dateTime",
    value: "0000-00-00T00:00:00",
  });
  assert.ok(warnings.some((w) => w.includes("0000-00-00T00:00:00")));
  const lower = files.map((f) => decodeEnvelopes(decodeXmlBytes(f.bytes).text))
    .filter((d) => d.warnings.some((w) => /OUI '.*' normalised/.test(w)));
  for (const d of lower) {
    const m = d.envelopes[0]?.message;
    assert.ok(m?.method === "Inform" && /^[0-9A-F]{6}$/.test(m.deviceId.oui));
  }
});
