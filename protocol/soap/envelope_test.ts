import assert from "node:assert/strict";
import { LocalProtocolError, RemoteProtocolError, XmlSyntaxError } from "../errors.ts";
import { decodeEnvelopes, encodeEnvelope } from "./envelope.ts";
import { soapFault } from "./fault.ts";

const ENV = "http://schemas.xmlsoap.org/soap/envelope/";

function informResponse(prefix: string, cwmpDecl: string, body: string): string {
  return `<${prefix}:Envelope xmlns:${prefix}="${ENV}" ${cwmpDecl}><${prefix}:Body>${body}</${prefix}:Body></${prefix}:Envelope>`;
}

Deno.test("decodeEnvelopes() matches elements by local name under any prefix", () => {
  for (const prefix of ["SOAP-ENV", "soap_env", "soapenv", "s"]) {
    const xml = informResponse(
      prefix,
      'xmlns:cwmp="urn:dslforum-org:cwmp-1-0"',
      "<cwmp:InformResponse><MaxEnvelopes>1</MaxEnvelopes></cwmp:InformResponse>",
    );
    assert.equal(decodeEnvelopes(xml).envelopes[0]?.message?.method, "InformResponse", prefix);
  }
});

Deno.test("decodeEnvelopes() accepts cwmp as the default namespace on the method element", () => {
  const xml = informResponse(
    "soap",
    "",
    '<InformResponse xmlns="urn:dslforum-org:cwmp-1-1"><MaxEnvelopes>2</MaxEnvelopes></InformResponse>',
  );
  const [envelope] = decodeEnvelopes(xml).envelopes;
  assert.equal(envelope?.cwmpVersion, "1.1");
  assert.deepEqual(envelope?.message, { method: "InformResponse", maxEnvelopes: 2 });
});

Deno.test("decodeEnvelopes() detects the version of each namespace, from any in-scope declaration", () => {
  for (
    const [urn, version] of [["cwmp-1-0", "1.0"], ["cwmp-1-1", "1.1"], ["cwmp-1-2", "1.2"], [
      "cwmp-1-4",
      "1.2",
    ]]
  ) {
    const xml = informResponse(
      "soap",
      `xmlns:c="urn:dslforum-org:${urn}"`,
      "<c:InformResponse><MaxEnvelopes>1</MaxEnvelopes></c:InformResponse>",
    );
    assert.equal(decodeEnvelopes(xml).envelopes[0]?.cwmpVersion, version);
  }
  // Declared on the Envelope but the method element carries no namespace (a broken CPE).
  const loose = informResponse(
    "soap",
    'xmlns:cwmp="urn:dslforum-org:cwmp-1-1"',
    "<InformResponse><MaxEnvelopes>1</MaxEnvelopes></InformResponse>",
  );
  const decoded = decodeEnvelopes(loose);
  assert.equal(decoded.envelopes[0]?.cwmpVersion, "1.1");
  assert.equal(decoded.warnings.length, 1);
});

Deno.test("decodeEnvelopes() reads every header and ignores unknown ones", () => {
  const xml =
    `<soap:Envelope xmlns:soap="${ENV}" xmlns:cwmp="urn:dslforum-org:cwmp-1-2"><soap:Header>
    <cwmp:ID soap:mustUnderstand="1">abc 1</cwmp:ID><cwmp:HoldRequests soap:mustUnderstand="1">1</cwmp:HoldRequests>
    <cwmp:NoMoreRequests>true</cwmp:NoMoreRequests><cwmp:SessionTimeout>60</cwmp:SessionTimeout>
    <cwmp:SupportedCWMPVersions>1.0,1.4</cwmp:SupportedCWMPVersions><x:Other xmlns:x="urn:x">1</x:Other>
    </soap:Header><soap:Body/></soap:Envelope>`;
  const [envelope] = decodeEnvelopes(xml).envelopes;
  assert.deepEqual(envelope?.headers, {
    id: "abc 1",
    holdRequests: true,
    noMoreRequests: true,
    sessionTimeout: 60,
    supportedCwmpVersions: "1.0,1.4",
  });
  assert.equal(envelope?.message, null);
});

Deno.test("decodeEnvelopes() returns several envelopes from one body, and none from an empty one", () => {
  const one = encodeEnvelope({ method: "InformResponse", maxEnvelopes: 1 }, {
    version: "1.0",
    headers: { id: "1" },
  });
  const two = encodeEnvelope({ method: "GetParameterValues", parameterNames: ["A."] }, {
    version: "1.0",
  });
  assert.deepEqual(decodeEnvelopes(one + "\r\n" + two).envelopes.map((e) => e.message?.method), [
    "InformResponse",
    "GetParameterValues",
  ]);
  assert.deepEqual(decodeEnvelopes("").envelopes, []);
  assert.deepEqual(decodeEnvelopes("  \r\n").envelopes, []);
});

Deno.test("decodeEnvelopes() reads a SOAP fault with SetParameterValuesFault entries", () => {
  const fault = soapFault(9003, "Invalid arguments", {
    setParameterValuesFaults: [
      {
        parameterName: "InternetGatewayDevice.Time.LocalTimeZone",
        faultCode: 9007,
        faultString: "Bad zone",
      },
      { parameterName: "InternetGatewayDevice.Time.NTPServer1", faultCode: 9008, faultString: "" },
    ],
  });
  const [envelope] =
    decodeEnvelopes(encodeEnvelope(fault, { version: "1.0", headers: { id: "7" } })).envelopes;
  assert.deepEqual(envelope?.message, fault);
  assert.equal(envelope?.headers.id, "7");
});

Deno.test("decodeEnvelopes() reads a prefixed faultcode and a fault without detail", () => {
  const xml = `<s:Envelope xmlns:s="${ENV}"><s:Body><s:Fault><faultcode>s:Client</faultcode>
    <faultstring>Bad</faultstring></s:Fault></s:Body></s:Envelope>`;
  const decoded = decodeEnvelopes(xml);
  assert.deepEqual(decoded.envelopes[0]?.message, {
    method: "Fault",
    faultCode: "Client",
    faultString: "Bad",
    detail: null,
  });
});

Deno.test("decodeEnvelopes() returns an unknown method as Unsupported", () => {
  const xml = informResponse(
    "s",
    'xmlns:c="urn:dslforum-org:cwmp-1-0"',
    "<c:X_00D09E_Frobnicate><a>1</a></c:X_00D09E_Frobnicate>",
  );
  assert.deepEqual(decodeEnvelopes(xml).envelopes[0]?.message, {
    method: "Unsupported",
    name: "X_00D09E_Frobnicate",
    namespace: "urn:dslforum-org:cwmp-1-0",
  });
});

Deno.test("decodeEnvelopes() rejects what is not a CWMP envelope with typed errors", () => {
  assert.throws(() => decodeEnvelopes("<html/>"), RemoteProtocolError);
  assert.throws(() => decodeEnvelopes(`<s:Envelope xmlns:s="${ENV}"/>`), /missing Body/);
  assert.throws(() => decodeEnvelopes("<s:Envelope"), XmlSyntaxError);
  assert.throws(
    () =>
      decodeEnvelopes(informResponse("s", 'xmlns:c="urn:dslforum-org:cwmp-1-0"', "<c:Inform/>")),
    (e: unknown) =>
      e instanceof RemoteProtocolError && /Cannot decode Inform: missing DeviceId/.test(e.message),
  );
});

Deno.test("encodeEnvelope() answers in the namespace asked for", () => {
  for (const version of ["1.0", "1.1", "1.2"] as const) {
    const xml = encodeEnvelope({ method: "InformResponse", maxEnvelopes: 1 }, { version });
    assert.ok(xml.includes(`xmlns:cwmp="urn:dslforum-org:cwmp-${version.replace(".", "-")}"`));
    assert.equal(decodeEnvelopes(xml).envelopes[0]?.cwmpVersion, version);
  }
});

Deno.test("encodeEnvelope() writes only the headers the target namespace defines", () => {
  const headers = { id: "1", noMoreRequests: true, sessionTimeout: 30 };
  const v10 = encodeEnvelope(null, { version: "1.0", headers });
  assert.ok(v10.includes("NoMoreRequests") && !v10.includes("SessionTimeout"));
  const v12 = encodeEnvelope(null, { version: "1.2", headers });
  assert.ok(!v12.includes("NoMoreRequests") && v12.includes("SessionTimeout"));
});

Deno.test("encodeEnvelope() refuses Unsupported messages", () => {
  assert.throws(
    () =>
      encodeEnvelope({ method: "Unsupported", name: "X_Y", namespace: "urn:x" }, {
        version: "1.0",
      }),
    LocalProtocolError,
  );
});

Deno.test("encodeEnvelope() escapes markup in values", () => {
  const xml = encodeEnvelope({
    method: "GetParameterValuesResponse",
    parameterList: [{ name: "A.B", type: "string", value: "</Value><x>&amp;\r\n" }],
  }, { version: "1.0" });
  const message = decodeEnvelopes(xml).envelopes[0]?.message;
  assert.deepEqual(message, {
    method: "GetParameterValuesResponse",
    parameterList: [{ name: "A.B", type: "string", value: "</Value><x>&amp;\r\n" }],
  });
});
