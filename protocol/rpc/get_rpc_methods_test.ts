import assert from "node:assert/strict";
import { RemoteProtocolError } from "../errors.ts";
import { decodeEnvelopes } from "../soap/envelope.ts";
import { writeXml } from "../xml/write.ts";
import { getRPCMethodsCodec, getRPCMethodsResponseCodec } from "./get_rpc_methods.ts";

const CORPUS = new URL("../../../shared/cwmp/corpus/thomson/", import.meta.url);
const DEVICES = [
  "t_SpeedTouch-780",
  "t_dump_BANT-R_7.4.1.7",
  "t_dump_BANT-S_5.4.0.14",
  "t_dump_BANT-W_6.2.17.5",
];

function decodeBody(body: string): unknown {
  const xml = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap:Body>${body}</soap:Body></soap:Envelope>`;
  return decodeEnvelopes(xml).envelopes[0]?.message;
}

Deno.test("getRPCMethodsResponseCodec.decode() reads a SpeedTouch 706 capture", async () => {
  const text = await Deno.readTextFile(
    new URL("t_SpeedTouch-706_GetRPCMethodsResponse.xml", CORPUS),
  );
  const { envelopes } = decodeEnvelopes(text);
  assert.deepEqual(envelopes[0]?.message, {
    method: "GetRPCMethodsResponse",
    methodList: [
      "GetRPCMethods",
      "GetParameterNames",
      "GetParameterValues",
      "SetParameterValues",
      "AddObject",
      "DeleteObject",
      "Download",
      "Reboot",
      "FactoryReset",
    ],
  });
});

Deno.test("getRPCMethodsResponseCodec.decode() reads every Thomson capture", async () => {
  for (const name of DEVICES) {
    const text = await Deno.readTextFile(new URL(`${name}_GetRPCMethodsResponse.xml`, CORPUS));
    const message = decodeEnvelopes(text).envelopes[0]?.message;
    assert.equal(message?.method, "GetRPCMethodsResponse", name);
    if (message?.method !== "GetRPCMethodsResponse") continue;
    assert.ok(message.methodList.includes("GetRPCMethods"), name);
    assert.ok(message.methodList.every((m) => m === m.trim() && m !== ""), name);
  }
});

Deno.test("getRPCMethodsCodec.decode() reads the request captured from an ACS", async () => {
  const text = await Deno.readTextFile(new URL("protocol_getrpcmethods.xml", CORPUS));
  assert.deepEqual(decodeEnvelopes(text).envelopes[0]?.message, { method: "GetRPCMethods" });
});

Deno.test("getRPCMethodsResponseCodec.decode() reads a liberal MethodList", () => {
  const message = decodeBody(`<cwmp:GetRPCMethodsResponse>
    <MethodList><item> Inform </item><string>
      X_00D09E_Foo</string><string>TransferComplete</string></MethodList>
  </cwmp:GetRPCMethodsResponse>`);
  assert.deepEqual(message, {
    method: "GetRPCMethodsResponse",
    methodList: ["Inform", "X_00D09E_Foo", "TransferComplete"],
  });
});

Deno.test("getRPCMethodsCodec.decode() ignores unexpected children", () => {
  assert.deepEqual(decodeBody("<cwmp:GetRPCMethods><Junk>1</Junk></cwmp:GetRPCMethods>"), {
    method: "GetRPCMethods",
  });
});

Deno.test("getRPCMethodsResponseCodec.decode() throws on a missing MethodList", () => {
  assert.throws(() => decodeBody("<cwmp:GetRPCMethodsResponse/>"), {
    name: RemoteProtocolError.name,
    message: "Cannot decode GetRPCMethodsResponse: missing MethodList",
  });
});

Deno.test("getRPCMethodsResponseCodec.encode() writes a string array", () => {
  const xml = writeXml({
    name: "cwmp:GetRPCMethodsResponse",
    children: getRPCMethodsResponseCodec.encode({
      method: "GetRPCMethodsResponse",
      methodList: ["Inform", "TransferComplete"],
    }),
  });
  assert.equal(
    xml,
    '<cwmp:GetRPCMethodsResponse><MethodList SOAP-ENC:arrayType="xsd:string[2]">' +
      "<string>Inform</string><string>TransferComplete</string></MethodList>" +
      "</cwmp:GetRPCMethodsResponse>",
  );
  assert.deepEqual(getRPCMethodsCodec.encode({ method: "GetRPCMethods" }), []);
});

Deno.test("getRPCMethodsResponseCodec.encode() refuses an empty MethodList", () => {
  assert.throws(
    () => getRPCMethodsResponseCodec.encode({ method: "GetRPCMethodsResponse", methodList: [] }),
    { name: "LocalProtocolError" },
  );
});
