import assert from "node:assert/strict";
import { RemoteProtocolError } from "../errors.ts";
import { parseXml } from "../xml/parse.ts";
import type { XmlElement } from "../xml/types.ts";
import {
  getQueuedTransfersCodec,
  getQueuedTransfersResponseCodec,
} from "./get_queued_transfers.ts";

function element(xml: string): XmlElement {
  const root = parseXml(xml)[0];
  assert.ok(root);
  return root;
}

Deno.test("getQueuedTransfersCodec.decode() reads the empty request and ignores stray children", () => {
  assert.deepEqual(
    getQueuedTransfersCodec.decode(
      element(`<cwmp:GetQueuedTransfers xmlns:cwmp="urn:dslforum-org:cwmp-1-0">
        <Unexpected>1</Unexpected>
      </cwmp:GetQueuedTransfers>`),
      { warnings: [] },
    ),
    { method: "GetQueuedTransfers" },
  );
});

Deno.test("getQueuedTransfersResponseCodec.decode() reads a TransferList in the spec's form", () => {
  const message = getQueuedTransfersResponseCodec.decode(
    element(`<cwmp:GetQueuedTransfersResponse xmlns:cwmp="urn:dslforum-org:cwmp-1-0"
        xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/">
      <TransferList soap-enc:arrayType="cwmp:QueuedTransferStruct[2]">
        <QueuedTransferStruct><CommandKey>fw-1</CommandKey><State>2</State></QueuedTransferStruct>
        <QueuedTransferStruct>
          <State> 1 </State>
          <CommandKey></CommandKey>
        </QueuedTransferStruct>
      </TransferList>
    </cwmp:GetQueuedTransfersResponse>`),
    { warnings: [] },
  );
  assert.deepEqual(message, {
    method: "GetQueuedTransfersResponse",
    transferList: [{ commandKey: "fw-1", state: 2 }, { commandKey: "", state: 1 }],
  });
});

Deno.test("getQueuedTransfersResponseCodec.decode() reads a missing TransferList as empty", () => {
  assert.deepEqual(
    getQueuedTransfersResponseCodec.decode(element(`<GetQueuedTransfersResponse/>`), {
      warnings: [],
    }),
    { method: "GetQueuedTransfersResponse", transferList: [] },
  );
});

Deno.test("getQueuedTransfersResponseCodec.decode() throws RemoteProtocolError for a missing State", () => {
  assert.throws(
    () =>
      getQueuedTransfersResponseCodec.decode(
        element(`<GetQueuedTransfersResponse><TransferList>
          <QueuedTransferStruct><CommandKey>k</CommandKey></QueuedTransferStruct>
        </TransferList></GetQueuedTransfersResponse>`),
        { warnings: [] },
      ),
    (e) =>
      e instanceof RemoteProtocolError &&
      e.message === "Cannot decode QueuedTransferStruct: missing State",
  );
});

Deno.test("getQueuedTransfersResponseCodec.encode() writes a SOAP array of QueuedTransferStruct", () => {
  assert.deepEqual(
    getQueuedTransfersResponseCodec.encode({
      method: "GetQueuedTransfersResponse",
      transferList: [{ commandKey: "fw-1", state: 3 }],
    }),
    [{
      name: "TransferList",
      attributes: { "SOAP-ENC:arrayType": "cwmp:QueuedTransferStruct[1]" },
      children: [{
        name: "QueuedTransferStruct",
        children: [{ name: "CommandKey", text: "fw-1" }, { name: "State", text: "3" }],
      }],
    }],
  );
  assert.deepEqual(getQueuedTransfersCodec.encode({ method: "GetQueuedTransfers" }), []);
});
