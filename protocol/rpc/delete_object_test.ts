import assert from "node:assert/strict";
import { LocalProtocolError, RemoteProtocolError } from "../errors.ts";
import { decodeEnvelopes } from "../soap/envelope.ts";
import { writeXml } from "../xml/write.ts";
import { deleteObjectCodec, deleteObjectResponseCodec } from "./delete_object.ts";

function decodeBody(body: string): unknown {
  const xml = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:cwmp="urn:dslforum-org:cwmp-1-2"><soap:Body>${body}</soap:Body></soap:Envelope>`;
  return decodeEnvelopes(xml).envelopes[0]?.message;
}

Deno.test("deleteObjectCodec.decode() reads reordered children with white space", () => {
  assert.deepEqual(
    decodeBody(`<cwmp:DeleteObject><ParameterKey>del-3</ParameterKey>
      <ObjectName> InternetGatewayDevice.Layer3Forwarding.Forwarding.3. </ObjectName>
    </cwmp:DeleteObject>`),
    {
      method: "DeleteObject",
      objectName: "InternetGatewayDevice.Layer3Forwarding.Forwarding.3.",
      parameterKey: "del-3",
    },
  );
});

Deno.test("deleteObjectCodec.decode() reads a missing ParameterKey as empty", () => {
  assert.deepEqual(
    decodeBody("<cwmp:DeleteObject><ObjectName>A.1.</ObjectName></cwmp:DeleteObject>"),
    { method: "DeleteObject", objectName: "A.1.", parameterKey: "" },
  );
});

Deno.test("deleteObjectCodec.decode() throws on a missing ObjectName", () => {
  assert.throws(() => decodeBody("<cwmp:DeleteObject/>"), {
    name: RemoteProtocolError.name,
    message: "Cannot decode DeleteObject: missing ObjectName",
  });
});

Deno.test("deleteObjectResponseCodec.decode() reads Status leniently and checks its range", () => {
  assert.deepEqual(
    decodeBody("<cwmp:DeleteObjectResponse><Status>\t0 </Status></cwmp:DeleteObjectResponse>"),
    { method: "DeleteObjectResponse", status: 0 },
  );
  assert.throws(
    () => decodeBody("<cwmp:DeleteObjectResponse><Status>x</Status></cwmp:DeleteObjectResponse>"),
    { name: RemoteProtocolError.name, message: /Status 'x' is not an integer/ },
  );
  assert.throws(() => decodeBody("<cwmp:DeleteObjectResponse/>"), {
    name: RemoteProtocolError.name,
    message: "Cannot decode DeleteObjectResponse: missing Status",
  });
});

Deno.test("deleteObjectCodec.encode() writes ObjectName then ParameterKey", () => {
  const xml = writeXml({
    name: "cwmp:DeleteObject",
    children: deleteObjectCodec.encode({
      method: "DeleteObject",
      objectName: "A.2.",
      parameterKey: "k&1",
    }),
  });
  assert.equal(
    xml,
    "<cwmp:DeleteObject><ObjectName>A.2.</ObjectName>" +
      "<ParameterKey>k&amp;1</ParameterKey></cwmp:DeleteObject>",
  );
  assert.throws(
    () =>
      deleteObjectCodec.encode({ method: "DeleteObject", objectName: "A.\n2.", parameterKey: "" }),
    LocalProtocolError,
  );
});

Deno.test("deleteObjectResponseCodec.encode() writes Status", () => {
  assert.deepEqual(
    deleteObjectResponseCodec.encode({ method: "DeleteObjectResponse", status: 1 }),
    [
      { name: "Status", text: "1" },
    ],
  );
});
