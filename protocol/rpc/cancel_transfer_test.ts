import assert from "node:assert/strict";
import { RemoteProtocolError } from "../errors.ts";
import { parseXml } from "../xml/parse.ts";
import type { XmlElement } from "../xml/types.ts";
import { cancelTransferCodec, cancelTransferResponseCodec } from "./cancel_transfer.ts";

function element(xml: string): XmlElement {
  const root = parseXml(xml)[0];
  assert.ok(root);
  return root;
}

Deno.test("cancelTransferCodec.decode() reads a CancelTransfer in the schema's form", () => {
  assert.deepEqual(
    cancelTransferCodec.decode(
      element(`<cwmp:CancelTransfer xmlns:cwmp="urn:dslforum-org:cwmp-1-2">
        <CommandKey>fw-42</CommandKey>
      </cwmp:CancelTransfer>`),
      { warnings: [] },
    ),
    { method: "CancelTransfer", commandKey: "fw-42" },
  );
});

Deno.test("cancelTransferCodec.decode() keeps an empty CommandKey and matches its name in any case", () => {
  assert.deepEqual(
    cancelTransferCodec.decode(
      element(`<CancelTransfer><commandkey></commandkey></CancelTransfer>`),
      {
        warnings: [],
      },
    ),
    { method: "CancelTransfer", commandKey: "" },
  );
});

Deno.test("cancelTransferCodec.decode() throws RemoteProtocolError for a missing CommandKey", () => {
  assert.throws(
    () => cancelTransferCodec.decode(element(`<CancelTransfer/>`), { warnings: [] }),
    (e) =>
      e instanceof RemoteProtocolError &&
      e.message === "Cannot decode CancelTransfer: missing CommandKey",
  );
});

Deno.test("cancelTransferCodec.encode() writes the CommandKey", () => {
  assert.deepEqual(cancelTransferCodec.encode({ method: "CancelTransfer", commandKey: "fw-42" }), [
    { name: "CommandKey", text: "fw-42" },
  ]);
});

Deno.test("cancelTransferResponseCodec exists from cwmp-1-2 and has no arguments", () => {
  assert.equal(cancelTransferCodec.since, "1.2");
  assert.equal(cancelTransferResponseCodec.since, "1.2");
  assert.deepEqual(cancelTransferResponseCodec.encode({ method: "CancelTransferResponse" }), []);
  assert.deepEqual(
    cancelTransferResponseCodec.decode(
      element(`<CancelTransferResponse> </CancelTransferResponse>`),
      {
        warnings: [],
      },
    ),
    { method: "CancelTransferResponse" },
  );
});
