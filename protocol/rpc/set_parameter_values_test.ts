import assert from "node:assert/strict";
import { LocalProtocolError, RemoteProtocolError } from "../errors.ts";
import { decodeEnvelopes } from "../soap/envelope.ts";
import { writeXml } from "../xml/write.ts";
import {
  setParameterValuesCodec,
  type SetParameterValuesResponse,
  setParameterValuesResponseCodec,
} from "./set_parameter_values.ts";

function decodeBody(body: string): { message: unknown; warnings: string[] } {
  const xml = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap:Body>${body}</soap:Body></soap:Envelope>`;
  const { envelopes, warnings } = decodeEnvelopes(xml);
  return { message: envelopes[0]?.message, warnings };
}

Deno.test("setParameterValuesCodec.decode() reads a liberal ParameterList", () => {
  const { message, warnings } = decodeBody(`<cwmp:SetParameterValues>
    <ParameterKey>key 1 </ParameterKey>
    <ParameterList>
      <ParameterValueStruct>
        <Value xsi:type="xsd:boolean"> 1 </Value>
        <Name> InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.Enable </Name>
      </ParameterValueStruct>
      <ParameterValueStruct><Name>A.B</Name><Value>text </Value></ParameterValueStruct>
    </ParameterList>
  </cwmp:SetParameterValues>`);
  assert.deepEqual(message, {
    method: "SetParameterValues",
    parameterList: [
      {
        name: "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.Enable",
        type: "boolean",
        value: "true",
      },
      { name: "A.B", type: "string", value: "text " },
    ],
    parameterKey: "key 1 ",
  });
  assert.deepEqual(warnings, []);
});

Deno.test("setParameterValuesCodec.decode() reads a missing ParameterKey as empty", () => {
  const { message } = decodeBody(
    "<cwmp:SetParameterValues><ParameterList/></cwmp:SetParameterValues>",
  );
  assert.deepEqual(message, { method: "SetParameterValues", parameterList: [], parameterKey: "" });
});

Deno.test("setParameterValuesCodec.decode() throws on a missing ParameterList", () => {
  assert.throws(
    () => decodeBody("<cwmp:SetParameterValues><ParameterKey/></cwmp:SetParameterValues>"),
    {
      name: RemoteProtocolError.name,
      message: "Cannot decode SetParameterValues: missing ParameterList",
    },
  );
});

Deno.test("setParameterValuesResponseCodec.decode() reads Status with white space", () => {
  const { message } = decodeBody(
    "<cwmp:SetParameterValuesResponse><Status> 1\n</Status></cwmp:SetParameterValuesResponse>",
  );
  assert.deepEqual(message, { method: "SetParameterValuesResponse", status: 1 });
});

Deno.test("setParameterValuesResponseCodec.decode() throws on a missing or invalid Status", () => {
  assert.throws(() => decodeBody("<cwmp:SetParameterValuesResponse/>"), {
    name: RemoteProtocolError.name,
    message: "Cannot decode SetParameterValuesResponse: missing Status",
  });
  assert.throws(
    () =>
      decodeBody(
        "<cwmp:SetParameterValuesResponse><Status>2</Status></cwmp:SetParameterValuesResponse>",
      ),
    { name: RemoteProtocolError.name, message: /Status 2 is not one of 0, 1/ },
  );
});

Deno.test("setParameterValuesCodec.encode() writes typed values, then ParameterKey", () => {
  const xml = writeXml({
    name: "cwmp:SetParameterValues",
    children: setParameterValuesCodec.encode({
      method: "SetParameterValues",
      parameterList: [
        { name: "A.Enable", type: "boolean", value: "true" },
        { name: "A.Count", type: "unsignedInt", value: "7" },
      ],
      parameterKey: "",
    }),
  });
  assert.equal(
    xml,
    '<cwmp:SetParameterValues><ParameterList SOAP-ENC:arrayType="cwmp:ParameterValueStruct[2]">' +
      '<ParameterValueStruct><Name>A.Enable</Name><Value xsi:type="xsd:boolean">true</Value>' +
      '</ParameterValueStruct><ParameterValueStruct><Name>A.Count</Name><Value xsi:type="xsd:' +
      'unsignedInt">7</Value></ParameterValueStruct></ParameterList>' +
      "<ParameterKey></ParameterKey></cwmp:SetParameterValues>",
  );
});

Deno.test("setParameterValuesResponseCodec.encode() refuses a Status outside 0 and 1", () => {
  const bad = { method: "SetParameterValuesResponse", status: 5 } as unknown;
  assert.throws(
    () => setParameterValuesResponseCodec.encode(bad as SetParameterValuesResponse),
    LocalProtocolError,
  );
});
