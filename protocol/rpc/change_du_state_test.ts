import assert from "node:assert/strict";
import { RemoteProtocolError } from "../errors.ts";
import { parseXml } from "../xml/parse.ts";
import type { XmlElement } from "../xml/types.ts";
import {
  type ChangeDUState,
  changeDuStateCodec,
  changeDuStateResponseCodec,
} from "./change_du_state.ts";

function element(xml: string): XmlElement {
  const root = parseXml(xml)[0];
  assert.ok(root);
  return root;
}

const UUID = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
const NS = `xmlns:cwmp="urn:dslforum-org:cwmp-1-2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`;

const EXPECTED: ChangeDUState = {
  method: "ChangeDUState",
  operations: [
    {
      type: "InstallOpStruct",
      url: "http://files.example.com/app.ipk",
      uuid: "",
      username: "u",
      password: "",
      executionEnvRef: "Device.SoftwareModules.ExecEnv.1.",
    },
    { type: "UpdateOpStruct", uuid: UUID, version: "", url: "", username: "", password: "" },
    { type: "UninstallOpStruct", uuid: UUID, version: "2.0", executionEnvRef: "" },
  ],
  commandKey: "du-7",
};

Deno.test("changeDuStateCodec.decode() reads Operations typed by xsi:type, as in cwmp-1-2.xsd", () => {
  const message = changeDuStateCodec.decode(
    element(`<cwmp:ChangeDUState ${NS}>
      <Operations xsi:type="cwmp:InstallOpStruct">
        <URL>http://files.example.com/app.ipk</URL>
        <Username>u</Username>
        <ExecutionEnvRef>Device.SoftwareModules.ExecEnv.1.</ExecutionEnvRef>
      </Operations>
      <Operations xsi:type="cwmp:UpdateOpStruct"><UUID>${UUID}</UUID></Operations>
      <Operations xsi:type="cwmp:UninstallOpStruct">
        <Version>2.0</Version>
        <UUID> ${UUID} </UUID>
      </Operations>
      <CommandKey>du-7</CommandKey>
    </cwmp:ChangeDUState>`),
    { warnings: [] },
  );
  assert.deepEqual(message, EXPECTED);
});

Deno.test("changeDuStateCodec.decode() reads the SOAP-array form and a missing CommandKey", () => {
  const message = changeDuStateCodec.decode(
    element(`<cwmp:ChangeDUState ${NS}
        xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/">
      <Operations soapenc:arrayType="cwmp:OperationStruct[3]">
        <InstallOpStruct>
          <ExecutionEnvRef> Device.SoftwareModules.ExecEnv.1. </ExecutionEnvRef>
          <Username>u</Username>
          <URL> http://files.example.com/app.ipk </URL>
        </InstallOpStruct>
        <OperationStruct xsi:type="cwmp:UpdateOpStruct"><UUID>${UUID}</UUID></OperationStruct>
        <UninstallOpStruct><UUID>${UUID}</UUID><Version>2.0</Version></UninstallOpStruct>
      </Operations>
    </cwmp:ChangeDUState>`),
    { warnings: [] },
  );
  assert.deepEqual(message, { ...EXPECTED, commandKey: "" });
});

Deno.test("changeDuStateCodec.decode() throws RemoteProtocolError for missing Operations", () => {
  assert.throws(
    () =>
      changeDuStateCodec.decode(
        element(`<ChangeDUState><CommandKey>k</CommandKey></ChangeDUState>`),
        {
          warnings: [],
        },
      ),
    (e) =>
      e instanceof RemoteProtocolError &&
      e.message === "Cannot decode ChangeDUState: missing Operations",
  );
});

Deno.test("changeDuStateCodec.decode() throws RemoteProtocolError rather than guess an untyped operation", () => {
  assert.throws(
    () =>
      changeDuStateCodec.decode(
        element(`<ChangeDUState><Operations><UUID>${UUID}</UUID></Operations></ChangeDUState>`),
        { warnings: [] },
      ),
    (e) => e instanceof RemoteProtocolError && /unknown type 'Operations'/.test(e.message),
  );
});

Deno.test("changeDuStateCodec.decode() throws RemoteProtocolError for an uninstall without UUID", () => {
  assert.throws(
    () =>
      changeDuStateCodec.decode(
        element(`<ChangeDUState ${NS}>
          <Operations xsi:type="cwmp:UninstallOpStruct"><Version>1</Version></Operations>
        </ChangeDUState>`),
        { warnings: [] },
      ),
    (e) => e instanceof RemoteProtocolError && /missing UUID/.test(e.message),
  );
});

Deno.test("changeDuStateCodec.encode() writes typed Operations, leaving empty optional parts out", () => {
  assert.deepEqual(changeDuStateCodec.encode(EXPECTED), [
    {
      name: "Operations",
      attributes: { "xsi:type": "cwmp:InstallOpStruct" },
      children: [
        { name: "URL", text: "http://files.example.com/app.ipk" },
        { name: "Username", text: "u" },
        { name: "ExecutionEnvRef", text: "Device.SoftwareModules.ExecEnv.1." },
      ],
    },
    {
      name: "Operations",
      attributes: { "xsi:type": "cwmp:UpdateOpStruct" },
      children: [{ name: "UUID", text: UUID }],
    },
    {
      name: "Operations",
      attributes: { "xsi:type": "cwmp:UninstallOpStruct" },
      children: [{ name: "UUID", text: UUID }, { name: "Version", text: "2.0" }],
    },
    { name: "CommandKey", text: "du-7" },
  ]);
});

Deno.test("changeDuStateResponseCodec exists from cwmp-1-2 and has no arguments", () => {
  assert.equal(changeDuStateCodec.since, "1.2");
  assert.equal(changeDuStateResponseCodec.since, "1.2");
  assert.deepEqual(changeDuStateResponseCodec.encode({ method: "ChangeDUStateResponse" }), []);
  assert.deepEqual(
    changeDuStateResponseCodec.decode(element(`<ChangeDUStateResponse/>`), { warnings: [] }),
    { method: "ChangeDUStateResponse" },
  );
});
