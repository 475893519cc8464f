import assert from "node:assert/strict";
import { LocalProtocolError, RemoteProtocolError } from "../errors.ts";
import { decodeEnvelopes, encodeEnvelope } from "../soap/envelope.ts";
import { writeXml } from "../xml/write.ts";
import { validateWithXmllint } from "../../test/xmllint.ts";
import type { Notification } from "./_structs.ts";
import {
  type SetParameterAttributes,
  setParameterAttributesCodec,
  setParameterAttributesResponseCodec,
} from "./set_parameter_attributes.ts";

function decodeBody(body: string): { message: unknown; warnings: string[] } {
  const xml = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap:Body>${body}</soap:Body></soap:Envelope>`;
  const { envelopes, warnings } = decodeEnvelopes(xml);
  return { message: envelopes[0]?.message, warnings };
}

function request(notification: Notification): SetParameterAttributes {
  return {
    method: "SetParameterAttributes",
    parameterList: [{
      name: "InternetGatewayDevice.DeviceInfo.SoftwareVersion",
      notificationChange: true,
      notification,
      accessListChange: true,
      accessList: ["Subscriber"],
    }],
  };
}

Deno.test("setParameterAttributesCodec.decode() reads a liberal ParameterList", () => {
  const { message, warnings } = decodeBody(`<cwmp:SetParameterAttributes><ParameterList>
    <SetParameterAttributesStruct>
      <AccessList><string> subscriber </string></AccessList>
      <Notification> 2 </Notification>
      <AccessListChange>1</AccessListChange>
      <NotificationChange>TRUE</NotificationChange>
      <Name> InternetGatewayDevice.ManagementServer. </Name>
    </SetParameterAttributesStruct>
  </ParameterList></cwmp:SetParameterAttributes>`);
  assert.deepEqual(message, {
    method: "SetParameterAttributes",
    parameterList: [{
      name: "InternetGatewayDevice.ManagementServer.",
      notificationChange: true,
      notification: 2,
      accessListChange: true,
      accessList: ["Subscriber"],
    }],
  });
  assert.deepEqual(warnings, ["AccessList entity 'subscriber' normalised to 'Subscriber'"]);
});

Deno.test("setParameterAttributesCodec.decode() infers missing change flags from the values", () => {
  const { message } = decodeBody(`<cwmp:SetParameterAttributes><ParameterList>
    <SetParameterAttributesStruct><Name>A.B</Name><Notification>1</Notification>
    </SetParameterAttributesStruct>
    <SetParameterAttributesStruct><Name></Name><AccessList/></SetParameterAttributesStruct>
  </ParameterList></cwmp:SetParameterAttributes>`);
  assert.deepEqual(message, {
    method: "SetParameterAttributes",
    parameterList: [
      {
        name: "A.B",
        notificationChange: true,
        notification: 1,
        accessListChange: false,
        accessList: [],
      },
      {
        name: "",
        notificationChange: false,
        notification: 0,
        accessListChange: true,
        accessList: [],
      },
    ],
  });
});

Deno.test("setParameterAttributesCodec.decode() accepts the cwmp-1-2 Notification values", () => {
  const { message } = decodeBody(`<cwmp:SetParameterAttributes><ParameterList>
    <SetParameterAttributesStruct><Name>A.B</Name><NotificationChange>1</NotificationChange>
    <Notification>6</Notification><AccessListChange>0</AccessListChange><AccessList/>
    </SetParameterAttributesStruct></ParameterList></cwmp:SetParameterAttributes>`);
  assert.deepEqual(message, {
    method: "SetParameterAttributes",
    parameterList: [{
      name: "A.B",
      notificationChange: true,
      notification: 6,
      accessListChange: false,
      accessList: [],
    }],
  });
});

Deno.test("setParameterAttributesCodec.decode() throws on missing or invalid parts", () => {
  assert.throws(() => decodeBody("<cwmp:SetParameterAttributes/>"), {
    name: RemoteProtocolError.name,
    message: "Cannot decode SetParameterAttributes: missing ParameterList",
  });
  assert.throws(
    () =>
      decodeBody(`<cwmp:SetParameterAttributes><ParameterList><SetParameterAttributesStruct>
      <Notification>1</Notification></SetParameterAttributesStruct></ParameterList>
      </cwmp:SetParameterAttributes>`),
    { name: RemoteProtocolError.name, message: /missing Name/ },
  );
  assert.throws(
    () =>
      decodeBody(`<cwmp:SetParameterAttributes><ParameterList><SetParameterAttributesStruct>
      <Name>A</Name><Notification>7</Notification></SetParameterAttributesStruct>
      </ParameterList></cwmp:SetParameterAttributes>`),
    { name: RemoteProtocolError.name, message: /Notification 7 is not one of/ },
  );
});

Deno.test("setParameterAttributesCodec.encode() writes the struct in schema order", () => {
  const xml = writeXml({
    name: "cwmp:SetParameterAttributes",
    children: setParameterAttributesCodec.encode(request(1)),
  });
  assert.equal(
    xml,
    "<cwmp:SetParameterAttributes>" +
      '<ParameterList SOAP-ENC:arrayType="cwmp:SetParameterAttributesStruct[1]">' +
      "<SetParameterAttributesStruct>" +
      "<Name>InternetGatewayDevice.DeviceInfo.SoftwareVersion</Name>" +
      "<NotificationChange>true</NotificationChange><Notification>1</Notification>" +
      '<AccessListChange>true</AccessListChange><AccessList SOAP-ENC:arrayType="xsd:string[1]">' +
      "<string>Subscriber</string></AccessList></SetParameterAttributesStruct></ParameterList>" +
      "</cwmp:SetParameterAttributes>",
  );
  assert.deepEqual(
    setParameterAttributesResponseCodec.encode({ method: "SetParameterAttributesResponse" }),
    [],
  );
});

Deno.test("setParameterAttributesCodec.encode() refuses an empty ParameterList", () => {
  assert.throws(
    () =>
      setParameterAttributesCodec.encode({ method: "SetParameterAttributes", parameterList: [] }),
    LocalProtocolError,
  );
});

Deno.test("setParameterAttributesCodec.encode() writes Notification 3 to 6 only in cwmp-1-2", async () => {
  const documents = new Map<string, string>();
  for (const n of [3, 4, 5, 6] as const) {
    documents.set(`1.2 #${n}`, encodeEnvelope(request(n), { version: "1.2" }));
    assert.deepEqual(
      decodeEnvelopes(documents.get(`1.2 #${n}`) ?? "").envelopes[0]?.message,
      request(n),
    );
  }
  // The older schemas admit only 0 to 2: the encoder refuses rather than send an invalid message.
  for (const version of ["1.0", "1.1"] as const) {
    assert.throws(() => encodeEnvelope(request(3), { version }), LocalProtocolError);
  }
  const results = await validateWithXmllint(documents);
  assert.deepEqual(results.map((r) => `${r.name}: ${r.valid}`), [
    "1.2 #3: true",
    "1.2 #4: true",
    "1.2 #5: true",
    "1.2 #6: true",
  ]);
});
