import assert from "node:assert/strict";
import { RemoteProtocolError } from "../errors.ts";
import { decodeEnvelopes } from "../soap/envelope.ts";
import { writeXml } from "../xml/write.ts";
import { getParameterNamesCodec, getParameterNamesResponseCodec } from "./get_parameter_names.ts";

const CORPUS = new URL("../../../shared/cwmp/corpus/", import.meta.url);

function decodeBody(body: string): unknown {
  const xml = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap:Body>${body}</soap:Body></soap:Envelope>`;
  return decodeEnvelopes(xml).envelopes[0]?.message;
}

Deno.test("getParameterNamesResponseCodec.decode() reads a SpeedTouch 706 capture", async () => {
  const text = await Deno.readTextFile(
    new URL("thomson/t_SpeedTouch-706_GetParameterNamesResponse.xml", CORPUS),
  );
  const message = decodeEnvelopes(text).envelopes[0]?.message;
  assert.equal(message?.method, "GetParameterNamesResponse");
  if (message?.method !== "GetParameterNamesResponse") return;
  assert.equal(message.parameterList.length, 3263);
  assert.deepEqual(message.parameterList[0], {
    name: "InternetGatewayDevice.DeviceSummary",
    writable: false,
  });
  assert.deepEqual(message.parameterList[8], {
    name: "InternetGatewayDevice.LANDevice.1.Hosts.Host.1.MACAddress",
    writable: true,
  });
  assert.equal(message.parameterList.filter((p) => p.writable).length, 2836);
});

Deno.test("getParameterNamesResponseCodec.decode() reads a BANT-R capture", async () => {
  const text = await Deno.readTextFile(
    new URL("thomson/t_dump_BANT-R_7.4.1.7_GetParameterNamesResponse.xml", CORPUS),
  );
  const message = decodeEnvelopes(text).envelopes[0]?.message;
  assert.equal(message?.method, "GetParameterNamesResponse");
  if (message?.method !== "GetParameterNamesResponse") return;
  assert.equal(message.parameterList.length, 18);
  assert.deepEqual(message.parameterList.slice(0, 2), [
    { name: "InternetGatewayDevice.DeviceInfo.Manufacturer", writable: false },
    { name: "InternetGatewayDevice.DeviceInfo.ManufacturerOUI", writable: false },
  ]);
});

Deno.test("getParameterNamesResponseCodec.decode() reads a Huawei BM632w capture", async () => {
  const text = await Deno.readTextFile(new URL("huawei-bm632w/2.xml", CORPUS));
  const message = decodeEnvelopes(text).envelopes[0]?.message;
  assert.equal(message?.method, "GetParameterNamesResponse");
  if (message?.method !== "GetParameterNamesResponse") return;
  assert.equal(message.parameterList.length, 930);
  assert.deepEqual(message.parameterList[3], {
    name: "InternetGatewayDevice.DeviceInfo.",
    writable: false,
  });
});

Deno.test("getParameterNamesCodec.decode() reads liberal children", () => {
  assert.deepEqual(
    decodeBody(`<cwmp:GetParameterNames>
      <NextLevel> TRUE </NextLevel>
      <ParameterPath> InternetGatewayDevice.LANDevice. </ParameterPath>
    </cwmp:GetParameterNames>`),
    {
      method: "GetParameterNames",
      parameterPath: "InternetGatewayDevice.LANDevice.",
      nextLevel: true,
    },
  );
  assert.deepEqual(
    decodeBody(
      "<cwmp:GetParameterNames><ParameterPath/><NextLevel>0</NextLevel></cwmp:GetParameterNames>",
    ),
    { method: "GetParameterNames", parameterPath: "", nextLevel: false },
  );
});

Deno.test("getParameterNamesCodec.decode() throws on a missing NextLevel or ParameterPath", () => {
  assert.throws(
    () => decodeBody("<cwmp:GetParameterNames><ParameterPath/></cwmp:GetParameterNames>"),
    {
      name: RemoteProtocolError.name,
      message: "Cannot decode GetParameterNames: missing NextLevel",
    },
  );
  assert.throws(
    () => decodeBody("<cwmp:GetParameterNames><NextLevel>1</NextLevel></cwmp:GetParameterNames>"),
    {
      name: RemoteProtocolError.name,
      message: "Cannot decode GetParameterNames: missing ParameterPath",
    },
  );
});

Deno.test("getParameterNamesResponseCodec.decode() reads a liberal ParameterList", () => {
  assert.deepEqual(
    decodeBody(`<cwmp:GetParameterNamesResponse><ParameterList>
      <ParameterInfoStruct><Writable>true</Writable><Name> A.B. </Name></ParameterInfoStruct>
      <ParameterInfoStruct><name>A.C</name><writable>False</writable></ParameterInfoStruct>
    </ParameterList></cwmp:GetParameterNamesResponse>`),
    {
      method: "GetParameterNamesResponse",
      parameterList: [{ name: "A.B.", writable: true }, { name: "A.C", writable: false }],
    },
  );
});

Deno.test("getParameterNamesResponseCodec.decode() throws on a missing list or Writable", () => {
  assert.throws(() => decodeBody("<cwmp:GetParameterNamesResponse/>"), {
    name: RemoteProtocolError.name,
    message: "Cannot decode GetParameterNamesResponse: missing ParameterList",
  });
  assert.throws(
    () =>
      decodeBody(`<cwmp:GetParameterNamesResponse><ParameterList>
        <ParameterInfoStruct><Name>A.B</Name></ParameterInfoStruct>
      </ParameterList></cwmp:GetParameterNamesResponse>`),
    { name: RemoteProtocolError.name, message: /missing Writable/ },
  );
});

Deno.test("getParameterNamesCodec.encode() writes ParameterPath then a canonical boolean", () => {
  const xml = writeXml({
    name: "cwmp:GetParameterNames",
    children: getParameterNamesCodec.encode({
      method: "GetParameterNames",
      parameterPath: "",
      nextLevel: false,
    }),
  });
  assert.equal(
    xml,
    "<cwmp:GetParameterNames><ParameterPath></ParameterPath>" +
      "<NextLevel>false</NextLevel></cwmp:GetParameterNames>",
  );
});

Deno.test("getParameterNamesResponseCodec.encode() writes ParameterInfoStruct items", () => {
  const xml = writeXml({
    name: "cwmp:GetParameterNamesResponse",
    children: getParameterNamesResponseCodec.encode({
      method: "GetParameterNamesResponse",
      parameterList: [{ name: "A.B.", writable: true }],
    }),
  });
  assert.equal(
    xml,
    "<cwmp:GetParameterNamesResponse>" +
      '<ParameterList SOAP-ENC:arrayType="cwmp:ParameterInfoStruct[1]"><ParameterInfoStruct>' +
      "<Name>A.B.</Name><Writable>true</Writable></ParameterInfoStruct></ParameterList>" +
      "</cwmp:GetParameterNamesResponse>",
  );
});
