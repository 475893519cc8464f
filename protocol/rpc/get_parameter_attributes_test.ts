import assert from "node:assert/strict";
import { LocalProtocolError, RemoteProtocolError } from "../errors.ts";
import { decodeEnvelopes } from "../soap/envelope.ts";
import { writeXml } from "../xml/write.ts";
import {
  getParameterAttributesCodec,
  getParameterAttributesResponseCodec,
} from "./get_parameter_attributes.ts";

const CORPUS = new URL("../../../shared/cwmp/corpus/thomson/", import.meta.url);

function decodeBody(body: string): { message: unknown; warnings: string[] } {
  const xml = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap:Body>${body}</soap:Body></soap:Envelope>`;
  const { envelopes, warnings } = decodeEnvelopes(xml);
  return { message: envelopes[0]?.message, warnings };
}

Deno.test("getParameterAttributesResponseCodec.decode() reads a BANT-R capture", async () => {
  const text = await Deno.readTextFile(
    new URL("t_dump_BANT-R_7.4.1.7_GetParameterAttributesResponse.xml", CORPUS),
  );
  const { envelopes, warnings } = decodeEnvelopes(text);
  assert.deepEqual(envelopes[0]?.message, {
    method: "GetParameterAttributesResponse",
    parameterList: [
      {
        name: "InternetGatewayDevice.DeviceInfo.SerialNumber",
        notification: 0,
        accessList: ["Subscriber"],
      },
      {
        name: "InternetGatewayDevice.DeviceInfo.SoftwareVersion",
        notification: 0,
        accessList: ["Subscriber"],
      },
    ],
  });
  // The device writes `subscriber`, which the schemas' enumeration does not admit.
  assert.equal(warnings.filter((w) => w.includes("'subscriber'")).length, 2);
});

Deno.test("getParameterAttributesCodec.decode() reads liberal ParameterNames", () => {
  const { message } = decodeBody(`<cwmp:GetParameterAttributes><ParameterNames>
    <string> InternetGatewayDevice.DeviceInfo. </string><item></item>
  </ParameterNames></cwmp:GetParameterAttributes>`);
  assert.deepEqual(message, {
    method: "GetParameterAttributes",
    parameterNames: ["InternetGatewayDevice.DeviceInfo.", ""],
  });
});

Deno.test("getParameterAttributesCodec.decode() throws on missing ParameterNames", () => {
  assert.throws(() => decodeBody("<cwmp:GetParameterAttributes/>"), {
    name: RemoteProtocolError.name,
    message: "Cannot decode GetParameterAttributes: missing ParameterNames",
  });
});

Deno.test("getParameterAttributesResponseCodec.decode() reads a liberal ParameterList", () => {
  const { message, warnings } = decodeBody(`<cwmp:GetParameterAttributesResponse><ParameterList>
    <ParameterAttributeStruct><Notification>
      2 </Notification><Name>A.B </Name></ParameterAttributeStruct>
    <ParameterAttributeStruct><AccessList><string>Subscriber</string></AccessList>
      <Notification>4</Notification><Name>A.C</Name></ParameterAttributeStruct>
  </ParameterList></cwmp:GetParameterAttributesResponse>`);
  assert.deepEqual(message, {
    method: "GetParameterAttributesResponse",
    parameterList: [
      { name: "A.B", notification: 2, accessList: [] },
      { name: "A.C", notification: 4, accessList: ["Subscriber"] },
    ],
  });
  assert.deepEqual(warnings, []);
});

Deno.test("getParameterAttributesResponseCodec.decode() throws on a missing Notification", () => {
  assert.throws(
    () =>
      decodeBody(`<cwmp:GetParameterAttributesResponse><ParameterList>
      <ParameterAttributeStruct><Name>A.B</Name><AccessList/></ParameterAttributeStruct>
      </ParameterList></cwmp:GetParameterAttributesResponse>`),
    {
      name: RemoteProtocolError.name,
      message: "Cannot decode ParameterAttributeStruct: missing Notification",
    },
  );
  assert.throws(() => decodeBody("<cwmp:GetParameterAttributesResponse/>"), {
    name: RemoteProtocolError.name,
    message: "Cannot decode GetParameterAttributesResponse: missing ParameterList",
  });
});

Deno.test("getParameterAttributesResponseCodec.encode() writes the struct in schema order", () => {
  const xml = writeXml({
    name: "cwmp:GetParameterAttributesResponse",
    children: getParameterAttributesResponseCodec.encode({
      method: "GetParameterAttributesResponse",
      parameterList: [{ name: "A.B", notification: 2, accessList: [] }],
    }),
  });
  assert.equal(
    xml,
    "<cwmp:GetParameterAttributesResponse>" +
      '<ParameterList SOAP-ENC:arrayType="cwmp:ParameterAttributeStruct[1]">' +
      "<ParameterAttributeStruct><Name>A.B</Name><Notification>2</Notification>" +
      '<AccessList SOAP-ENC:arrayType="xsd:string[0]"/></ParameterAttributeStruct>' +
      "</ParameterList></cwmp:GetParameterAttributesResponse>",
  );
});

Deno.test("getParameterAttributesCodec.encode() writes names and refuses an empty list", () => {
  const [names] = getParameterAttributesCodec.encode({
    method: "GetParameterAttributes",
    parameterNames: ["A.", "A.B"],
  });
  assert.deepEqual(names, {
    name: "ParameterNames",
    attributes: { "SOAP-ENC:arrayType": "xsd:string[2]" },
    children: [{ name: "string", text: "A." }, { name: "string", text: "A.B" }],
  });
  assert.throws(
    () =>
      getParameterAttributesCodec.encode({ method: "GetParameterAttributes", parameterNames: [] }),
    LocalProtocolError,
  );
});
