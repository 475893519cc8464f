import assert from "node:assert/strict";
import { LocalProtocolError, RemoteProtocolError } from "../errors.ts";
import { decodeEnvelopes } from "../soap/envelope.ts";
import { writeXml } from "../xml/write.ts";
import { addObjectCodec, addObjectResponseCodec } from "./add_object.ts";

function decodeBody(body: string): unknown {
  const xml = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:cwmp="urn:dslforum-org:cwmp-1-1"><soap:Body>${body}</soap:Body></soap:Envelope>`;
  return decodeEnvelopes(xml).envelopes[0]?.message;
}

Deno.test("addObjectCodec.decode() reads reordered children with white space", () => {
  assert.deepEqual(
    decodeBody(`<cwmp:AddObject>
      <ParameterKey> k </ParameterKey>
      <ObjectName>
        InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.
      </ObjectName>
    </cwmp:AddObject>`),
    {
      method: "AddObject",
      objectName: "InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.",
      parameterKey: " k ",
    },
  );
});

Deno.test("addObjectCodec.decode() reads a missing ParameterKey as empty", () => {
  assert.deepEqual(decodeBody("<cwmp:AddObject><ObjectName>A.B.</ObjectName></cwmp:AddObject>"), {
    method: "AddObject",
    objectName: "A.B.",
    parameterKey: "",
  });
});

Deno.test("addObjectCodec.decode() throws on a missing ObjectName", () => {
  assert.throws(
    () => decodeBody("<cwmp:AddObject><ParameterKey/></cwmp:AddObject>"),
    { name: RemoteProtocolError.name, message: "Cannot decode AddObject: missing ObjectName" },
  );
});

Deno.test("addObjectResponseCodec.decode() reads liberal numbers", () => {
  assert.deepEqual(
    decodeBody(`<cwmp:AddObjectResponse><Status> 1 </Status>
      <InstanceNumber>
        12</InstanceNumber></cwmp:AddObjectResponse>`),
    { method: "AddObjectResponse", instanceNumber: 12, status: 1 },
  );
});

Deno.test("addObjectResponseCodec.decode() throws on missing or invalid numbers", () => {
  assert.throws(
    () => decodeBody("<cwmp:AddObjectResponse><Status>0</Status></cwmp:AddObjectResponse>"),
    {
      name: RemoteProtocolError.name,
      message: "Cannot decode AddObjectResponse: missing InstanceNumber",
    },
  );
  assert.throws(
    () =>
      decodeBody(
        "<cwmp:AddObjectResponse><InstanceNumber>0</InstanceNumber><Status>0</Status>" +
          "</cwmp:AddObjectResponse>",
      ),
    { name: RemoteProtocolError.name, message: /InstanceNumber 0 is outside/ },
  );
  assert.throws(
    () =>
      decodeBody(
        "<cwmp:AddObjectResponse><InstanceNumber>1</InstanceNumber></cwmp:AddObjectResponse>",
      ),
    { name: RemoteProtocolError.name, message: "Cannot decode AddObjectResponse: missing Status" },
  );
});

Deno.test("addObjectCodec.encode() writes ObjectName then ParameterKey", () => {
  const xml = writeXml({
    name: "cwmp:AddObject",
    children: addObjectCodec.encode({ method: "AddObject", objectName: "A.B.", parameterKey: "" }),
  });
  assert.equal(
    xml,
    "<cwmp:AddObject><ObjectName>A.B.</ObjectName><ParameterKey></ParameterKey></cwmp:AddObject>",
  );
});

Deno.test("addObjectCodec.encode() refuses an ObjectName without its final dot", () => {
  assert.throws(
    () => addObjectCodec.encode({ method: "AddObject", objectName: "A.B", parameterKey: "" }),
    LocalProtocolError,
  );
});

Deno.test("addObjectResponseCodec.encode() writes InstanceNumber then Status", () => {
  const xml = writeXml({
    name: "cwmp:AddObjectResponse",
    children: addObjectResponseCodec.encode({
      method: "AddObjectResponse",
      instanceNumber: 4294967295,
      status: 0,
    }),
  });
  assert.equal(
    xml,
    "<cwmp:AddObjectResponse><InstanceNumber>4294967295</InstanceNumber>" +
      "<Status>0</Status></cwmp:AddObjectResponse>",
  );
  assert.throws(
    () =>
      addObjectResponseCodec.encode({ method: "AddObjectResponse", instanceNumber: 0, status: 0 }),
    LocalProtocolError,
  );
});
