import assert from "node:assert/strict";
import { RemoteProtocolError } from "../errors.ts";
import { parseXml } from "../xml/parse.ts";
import type { XmlElement } from "../xml/types.ts";
import {
  type AutonomousTransferComplete,
  autonomousTransferCompleteCodec,
  autonomousTransferCompleteResponseCodec,
} from "./autonomous_transfer_complete.ts";

function element(xml: string): XmlElement {
  const root = parseXml(xml)[0];
  assert.ok(root);
  return root;
}

const FULL: AutonomousTransferComplete = {
  method: "AutonomousTransferComplete",
  announceUrl: "http://announce.example.com/",
  transferUrl: "http://files.example.com/fw.bin",
  isDownload: true,
  fileType: "1 Firmware Upgrade Image",
  fileSize: 4096,
  targetFileName: "fw.bin",
  faultStruct: { faultCode: 0, faultString: "" },
  startTime: "2026-01-01T10:00:00Z",
  completeTime: "2026-01-01T10:02:00Z",
};

Deno.test("autonomousTransferCompleteCodec.decode() reads a message in the schema's form", () => {
  const message = autonomousTransferCompleteCodec.decode(
    element(`<cwmp:AutonomousTransferComplete xmlns:cwmp="urn:dslforum-org:cwmp-1-1">
      <AnnounceURL>http://announce.example.com/</AnnounceURL>
      <TransferURL>http://files.example.com/fw.bin</TransferURL>
      <IsDownload>true</IsDownload>
      <FileType>1 Firmware Upgrade Image</FileType>
      <FileSize>4096</FileSize>
      <TargetFileName>fw.bin</TargetFileName>
      <FaultStruct><FaultCode>0</FaultCode><FaultString></FaultString></FaultStruct>
      <StartTime>2026-01-01T10:00:00Z</StartTime>
      <CompleteTime>2026-01-01T10:02:00Z</CompleteTime>
    </cwmp:AutonomousTransferComplete>`),
    { warnings: [] },
  );
  assert.deepEqual(message, FULL);
});

Deno.test("autonomousTransferCompleteCodec.decode() accepts reordered children, white space and missing parts", () => {
  const message = autonomousTransferCompleteCodec.decode(
    element(`<AutonomousTransferComplete>
      <FaultStruct><FaultCode>9010</FaultCode></FaultStruct>
      <FileType> 4 Vendor Log File </FileType>
      <IsDownload> FALSE </IsDownload>
      <TransferURL> http://files.example.com/log </TransferURL>
    </AutonomousTransferComplete>`),
    { warnings: [] },
  );
  assert.deepEqual(message, {
    method: "AutonomousTransferComplete",
    announceUrl: "",
    transferUrl: "http://files.example.com/log",
    isDownload: false,
    fileType: "4 Vendor Log File",
    fileSize: 0,
    targetFileName: "",
    faultStruct: { faultCode: 9010, faultString: "" },
    startTime: "0001-01-01T00:00:00Z",
    completeTime: "0001-01-01T00:00:00Z",
  });
});

Deno.test("autonomousTransferCompleteCodec.decode() throws RemoteProtocolError for a missing IsDownload", () => {
  assert.throws(
    () =>
      autonomousTransferCompleteCodec.decode(
        element(`<AutonomousTransferComplete><FileType>2 Web Content</FileType>
          <FaultStruct><FaultCode>0</FaultCode></FaultStruct></AutonomousTransferComplete>`),
        { warnings: [] },
      ),
    (e) =>
      e instanceof RemoteProtocolError &&
      e.message === "Cannot decode AutonomousTransferComplete: missing IsDownload",
  );
});

Deno.test("autonomousTransferCompleteCodec.encode() writes every argument in schema order", () => {
  assert.deepEqual(autonomousTransferCompleteCodec.encode(FULL), [
    { name: "AnnounceURL", text: "http://announce.example.com/" },
    { name: "TransferURL", text: "http://files.example.com/fw.bin" },
    { name: "IsDownload", text: "true" },
    { name: "FileType", text: "1 Firmware Upgrade Image" },
    { name: "FileSize", text: "4096" },
    { name: "TargetFileName", text: "fw.bin" },
    {
      name: "FaultStruct",
      children: [{ name: "FaultCode", text: "0" }, { name: "FaultString", text: "" }],
    },
    { name: "StartTime", text: "2026-01-01T10:00:00Z" },
    { name: "CompleteTime", text: "2026-01-01T10:02:00Z" },
  ]);
});

Deno.test("autonomousTransferCompleteResponseCodec exists from cwmp-1-1 and has no arguments", () => {
  assert.equal(autonomousTransferCompleteCodec.since, "1.1");
  assert.equal(autonomousTransferCompleteResponseCodec.since, "1.1");
  assert.deepEqual(
    autonomousTransferCompleteResponseCodec.encode({
      method: "AutonomousTransferCompleteResponse",
    }),
    [],
  );
  assert.deepEqual(
    autonomousTransferCompleteResponseCodec.decode(
      element(`<AutonomousTransferCompleteResponse/>`),
      {
        warnings: [],
      },
    ),
    { method: "AutonomousTransferCompleteResponse" },
  );
});
