import assert from "node:assert/strict";
import { RemoteProtocolError } from "../errors.ts";
import { parseXml } from "../xml/parse.ts";
import type { XmlElement } from "../xml/types.ts";
import {
  getAllQueuedTransfersCodec,
  getAllQueuedTransfersResponseCodec,
} from "./get_all_queued_transfers.ts";

function element(xml: string): XmlElement {
  const root = parseXml(xml)[0];
  assert.ok(root);
  return root;
}

Deno.test("getAllQueuedTransfersCodec exists from cwmp-1-1 and reads the empty request", () => {
  assert.equal(getAllQueuedTransfersCodec.since, "1.1");
  assert.deepEqual(
    getAllQueuedTransfersCodec.decode(element(`<GetAllQueuedTransfers/>`), { warnings: [] }),
    { method: "GetAllQueuedTransfers" },
  );
});

Deno.test("getAllQueuedTransfersResponseCodec.decode() reads a TransferList in the schema's form", () => {
  const message = getAllQueuedTransfersResponseCodec.decode(
    element(`<cwmp:GetAllQueuedTransfersResponse xmlns:cwmp="urn:dslforum-org:cwmp-1-1">
      <TransferList>
        <AllQueuedTransferStruct>
          <CommandKey>fw-1</CommandKey>
          <State>2</State>
          <IsDownload>true</IsDownload>
          <FileType>1 Firmware Upgrade Image</FileType>
          <FileSize>1024</FileSize>
          <TargetFileName>fw.bin</TargetFileName>
        </AllQueuedTransferStruct>
        <AllQueuedTransferStruct>
          <FileType> 4 Vendor Log File </FileType>
          <IsDownload> 0 </IsDownload>
          <State>1</State>
        </AllQueuedTransferStruct>
      </TransferList>
    </cwmp:GetAllQueuedTransfersResponse>`),
    { warnings: [] },
  );
  assert.deepEqual(message, {
    method: "GetAllQueuedTransfersResponse",
    transferList: [
      {
        commandKey: "fw-1",
        state: 2,
        isDownload: true,
        fileType: "1 Firmware Upgrade Image",
        fileSize: 1024,
        targetFileName: "fw.bin",
      },
      {
        commandKey: "",
        state: 1,
        isDownload: false,
        fileType: "4 Vendor Log File",
        fileSize: 0,
        targetFileName: "",
      },
    ],
  });
});

Deno.test("getAllQueuedTransfersResponseCodec.decode() throws RemoteProtocolError for a missing IsDownload", () => {
  assert.throws(
    () =>
      getAllQueuedTransfersResponseCodec.decode(
        element(`<GetAllQueuedTransfersResponse><TransferList><AllQueuedTransferStruct>
          <State>1</State><FileType>2 Web Content</FileType>
        </AllQueuedTransferStruct></TransferList></GetAllQueuedTransfersResponse>`),
        { warnings: [] },
      ),
    (e) => e instanceof RemoteProtocolError && /missing IsDownload/.test(e.message),
  );
});

Deno.test("getAllQueuedTransfersResponseCodec.encode() writes AllQueuedTransferStruct in schema order", () => {
  const [list] = getAllQueuedTransfersResponseCodec.encode({
    method: "GetAllQueuedTransfersResponse",
    transferList: [{
      commandKey: "",
      state: 3,
      isDownload: false,
      fileType: "X 00D09E Crash Dump",
      fileSize: 77,
      targetFileName: "",
    }],
  });
  assert.deepEqual(list, {
    name: "TransferList",
    attributes: { "SOAP-ENC:arrayType": "cwmp:AllQueuedTransferStruct[1]" },
    children: [{
      name: "AllQueuedTransferStruct",
      children: [
        { name: "CommandKey", text: "" },
        { name: "State", text: "3" },
        { name: "IsDownload", text: "false" },
        { name: "FileType", text: "X 00D09E Crash Dump" },
        { name: "FileSize", text: "77" },
        { name: "TargetFileName", text: "" },
      ],
    }],
  });
});
