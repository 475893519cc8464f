import assert from "node:assert/strict";
import { LocalProtocolError, RemoteProtocolError } from "../errors.ts";
import { encodeEnvelope } from "../soap/envelope.ts";
import { parseXml } from "../xml/parse.ts";
import type { XmlElement } from "../xml/types.ts";
import type { DecodeContext } from "./codec.ts";
import { transferCompleteCodec, transferCompleteResponseCodec } from "./transfer_complete.ts";

function element(xml: string): XmlElement {
  const root = parseXml(xml)[0];
  assert.ok(root);
  return root;
}

Deno.test("transferCompleteCodec.decode() reads a successful TransferComplete in the spec's form", () => {
  const message = transferCompleteCodec.decode(
    element(`<cwmp:TransferComplete xmlns:cwmp="urn:dslforum-org:cwmp-1-0">
      <CommandKey>fw-42</CommandKey>
      <FaultStruct>
        <FaultCode>0</FaultCode>
        <FaultString></FaultString>
      </FaultStruct>
      <StartTime>2026-01-01T10:00:00Z</StartTime>
      <CompleteTime>2026-01-01T10:02:00Z</CompleteTime>
    </cwmp:TransferComplete>`),
    { warnings: [] },
  );
  assert.deepEqual(message, {
    method: "TransferComplete",
    commandKey: "fw-42",
    faultStruct: { faultCode: 0, faultString: "" },
    startTime: "2026-01-01T10:00:00Z",
    completeTime: "2026-01-01T10:02:00Z",
  });
});

Deno.test("transferCompleteCodec.decode() accepts reordered children, white space and missing parts", () => {
  const context: DecodeContext = { warnings: [] };
  const message = transferCompleteCodec.decode(
    element(`<TransferComplete xmlns="urn:dslforum-org:cwmp-1-1">
      <CompleteTime>
        2026-01-01T10:02:00Z
      </CompleteTime>
      <FaultStruct>
        <FaultString>Download failure</FaultString>
        <FaultCode> 9010 </FaultCode>
      </FaultStruct>
    </TransferComplete>`),
    context,
  );
  assert.deepEqual(message, {
    method: "TransferComplete",
    commandKey: "",
    faultStruct: { faultCode: 9010, faultString: "Download failure" },
    startTime: "0001-01-01T00:00:00Z",
    completeTime: "2026-01-01T10:02:00Z",
  });
  assert.deepEqual(context.warnings, []);
});

Deno.test("transferCompleteCodec.decode() keeps a device's invalid time with a warning", () => {
  const context: DecodeContext = { warnings: [] };
  const message = transferCompleteCodec.decode(
    element(`<TransferComplete><FaultStruct><FaultCode>0</FaultCode></FaultStruct>
      <StartTime>0000-00-00T00:00:00</StartTime></TransferComplete>`),
    context,
  );
  assert.equal(message.startTime, "0000-00-00T00:00:00");
  assert.deepEqual(context.warnings, [
    "Invalid StartTime '0000-00-00T00:00:00' in TransferComplete kept as raw text",
  ]);
});

Deno.test("transferCompleteCodec.decode() throws RemoteProtocolError for a missing FaultStruct or FaultCode", () => {
  assert.throws(
    () =>
      transferCompleteCodec.decode(
        element(`<TransferComplete><CommandKey>k</CommandKey></TransferComplete>`),
        { warnings: [] },
      ),
    (e) =>
      e instanceof RemoteProtocolError &&
      e.message === "Cannot decode TransferComplete: missing FaultStruct",
  );
  assert.throws(
    () =>
      transferCompleteCodec.decode(
        element(`<TransferComplete><FaultStruct><FaultString>x</FaultString></FaultStruct>
        </TransferComplete>`),
        { warnings: [] },
      ),
    (e) => e instanceof RemoteProtocolError && /missing FaultCode/.test(e.message),
  );
});

Deno.test("transferCompleteCodec.encode() writes CommandKey, FaultStruct and both times", () => {
  assert.deepEqual(
    transferCompleteCodec.encode({
      method: "TransferComplete",
      commandKey: "fw-42",
      faultStruct: { faultCode: 9012, faultString: "File server authentication failure" },
      startTime: "2026-01-01T10:00:00Z",
      completeTime: "bogus",
    }),
    [
      { name: "CommandKey", text: "fw-42" },
      {
        name: "FaultStruct",
        children: [
          { name: "FaultCode", text: "9012" },
          { name: "FaultString", text: "File server authentication failure" },
        ],
      },
      { name: "StartTime", text: "2026-01-01T10:00:00Z" },
      { name: "CompleteTime", text: "0001-01-01T00:00:00Z" },
    ],
  );
});

Deno.test("transferCompleteResponseCodec has no arguments", () => {
  assert.deepEqual(
    transferCompleteResponseCodec.encode({ method: "TransferCompleteResponse" }),
    [],
  );
  assert.deepEqual(
    transferCompleteResponseCodec.decode(
      element(`<cwmp:TransferCompleteResponse xmlns:cwmp="urn:dslforum-org:cwmp-1-0"/>`),
      { warnings: [] },
    ),
    { method: "TransferCompleteResponse" },
  );
});

Deno.test("transferCompleteCodec.encode() refuses a FaultCode the namespace's schema lacks", () => {
  const message = {
    method: "TransferComplete" as const,
    commandKey: "k",
    faultStruct: { faultCode: 9015, faultString: "Cannot contact file server" },
    startTime: "0001-01-01T00:00:00Z",
    completeTime: "0001-01-01T00:00:00Z",
  };
  assert.throws(() => encodeEnvelope(message, { version: "1.0" }), LocalProtocolError);
  assert.ok(encodeEnvelope(message, { version: "1.1" }).includes("<FaultCode>9015</FaultCode>"));
  assert.throws(
    () =>
      encodeEnvelope({ ...message, faultStruct: { faultCode: 9013, faultString: "" } }, {
        version: "1.2",
      }),
    LocalProtocolError,
  );
});
