import assert from "node:assert/strict";
import fc from "fast-check";
import { LocalProtocolError } from "../errors.ts";
import { decodeEnvelopes, encodeEnvelope } from "../soap/envelope.ts";
import { CWMP_VERSIONS } from "../soap/namespaces.ts";
import { CORE_ARBITRARIES } from "../../test/fixtures/arbitraries_core.ts";
import { CORE_CODECS, type CoreMessage } from "./codecs_core.ts";

Deno.test("CORE_CODECS has a generator for every method", () => {
  assert.deepEqual(Object.keys(CORE_ARBITRARIES).sort(), Object.keys(CORE_CODECS).sort());
});

for (const method of Object.keys(CORE_CODECS) as CoreMessage["method"][]) {
  Deno.test(`${method} round-trips exactly through an envelope in every namespace`, () => {
    const arbitrary = CORE_ARBITRARIES[method] as fc.Arbitrary<CoreMessage>;
    fc.assert(
      fc.property(arbitrary, fc.constantFrom(...CWMP_VERSIONS), (message, version) => {
        const decoded = decodeEnvelopes(encodeEnvelope(message, { version }));
        assert.deepEqual(decoded.envelopes[0]?.message, message);
        assert.equal(decoded.envelopes[0]?.cwmpVersion, version);
        assert.deepEqual(decoded.warnings, []);
      }),
      { numRuns: 150 },
    );
  });
}

Deno.test("getParameterValuesCodec.encode() refuses an empty ParameterNames", () => {
  assert.throws(
    () => encodeEnvelope({ method: "GetParameterValues", parameterNames: [] }, { version: "1.0" }),
    LocalProtocolError,
  );
});

Deno.test("informCodec.decode() tolerates missing optional parts and white space", () => {
  const xml =
    `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:c="urn:dslforum-org:cwmp-1-0">
    <s:Body><c:Inform><DeviceId><OUI> 00d09e </OUI><SerialNumber> SN1 </SerialNumber></DeviceId>
    <Event><EventStruct><EventCode> 1 BOOT </EventCode></EventStruct></Event></c:Inform></s:Body></s:Envelope>`;
  const { envelopes, warnings } = decodeEnvelopes(xml);
  assert.deepEqual(envelopes[0]?.message, {
    method: "Inform",
    deviceId: { manufacturer: "", oui: "00D09E", productClass: "", serialNumber: "SN1" },
    events: [{ eventCode: "1 BOOT", commandKey: "" }],
    maxEnvelopes: 1,
    currentTime: "0001-01-01T00:00:00Z",
    retryCount: 0,
    parameterList: [],
  });
  assert.ok(warnings.some((w) => w.includes("OUI")));
});

Deno.test("parameter values: missing xsi:type means string; lenient booleans become canonical", () => {
  const xml =
    `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:c="urn:dslforum-org:cwmp-1-0"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
    <s:Body><c:GetParameterValuesResponse><ParameterList>
    <ParameterValueStruct><Name>A.S</Name><Value>plain</Value></ParameterValueStruct>
    <ParameterValueStruct><Name>A.B</Name><Value xsi:type="xsd:boolean">TRUE</Value></ParameterValueStruct>
    <ParameterValueStruct><Name>A.C</Name><Value xsi:type="xsd:boolean">0</Value></ParameterValueStruct>
    <ParameterValueStruct><Name>A.U</Name><Value xsi:type="xsd:unsignedInt"> 42 </Value></ParameterValueStruct>
    <ParameterValueStruct><Name>A.L</Name><Value xsi:type="xsd:unsignedLong">18446744073709551615</Value></ParameterValueStruct>
    <ParameterValueStruct><Name>A.T</Name><Value xsi:type="xsd:dateTime">0001-01-01T00:02:05Z</Value></ParameterValueStruct>
    <ParameterValueStruct><Name>A.X</Name><Value xsi:type="xsd:int">abc</Value></ParameterValueStruct>
    </ParameterList></c:GetParameterValuesResponse></s:Body></s:Envelope>`;
  const { envelopes, warnings } = decodeEnvelopes(xml);
  const message = envelopes[0]?.message;
  assert.ok(message?.method === "GetParameterValuesResponse");
  assert.deepEqual(message.parameterList.map((p) => `${p.name}=${p.type}:${p.value}`), [
    "A.S=string:plain",
    "A.B=boolean:true",
    "A.C=boolean:false",
    "A.U=unsignedInt:42",
    "A.L=unsignedLong:18446744073709551615",
    "A.T=dateTime:0001-01-01T00:02:05Z",
    "A.X=string:abc",
  ]);
  assert.equal(warnings.length, 1);
});
