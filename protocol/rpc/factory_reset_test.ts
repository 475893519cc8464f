import assert from "node:assert/strict";
import { decodeEnvelopes, encodeEnvelope } from "../soap/envelope.ts";
import { factoryResetCodec, factoryResetResponseCodec } from "./factory_reset.ts";

function decodeBody(body: string): unknown {
  const xml = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap:Body>${body}</soap:Body></soap:Envelope>`;
  return decodeEnvelopes(xml).envelopes[0]?.message;
}

Deno.test("factoryResetCodec.decode() reads the element with any content", () => {
  assert.deepEqual(decodeBody("<cwmp:FactoryReset> </cwmp:FactoryReset>"), {
    method: "FactoryReset",
  });
  assert.deepEqual(
    decodeBody("<FactoryReset xmlns='urn:dslforum-org:cwmp-1-0'><x/></FactoryReset>"),
    {
      method: "FactoryReset",
    },
  );
});

Deno.test("factoryResetResponseCodec.decode() reads the response", () => {
  assert.deepEqual(decodeBody("<cwmp:FactoryResetResponse/>"), { method: "FactoryResetResponse" });
});

Deno.test("factoryResetCodec.encode() writes an empty method element", () => {
  assert.deepEqual(factoryResetCodec.encode({ method: "FactoryReset" }), []);
  assert.deepEqual(factoryResetResponseCodec.encode({ method: "FactoryResetResponse" }), []);
  const xml = encodeEnvelope({ method: "FactoryReset" }, { version: "1.0" });
  assert.ok(xml.includes("<SOAP-ENV:Body><cwmp:FactoryReset/></SOAP-ENV:Body>"), xml);
});
