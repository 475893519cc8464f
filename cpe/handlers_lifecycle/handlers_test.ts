import assert from "node:assert/strict";
import { CwmpFault } from "../../protocol/errors.ts";
import type { CwmpMessage } from "../../protocol/rpc/codecs.ts";
import type { Download } from "../../protocol/rpc/download.ts";
import { encodeEnvelope } from "../../protocol/soap/envelope.ts";
import { validateWithXmllint } from "../../test/xmllint.ts";
import { type AgentState, initialState } from "../state.ts";
import type { LifecycleContext } from "./context.ts";
import { LIFECYCLE_HANDLERS } from "./mod.ts";

interface Harness {
  context: LifecycleContext;
  state: () => AgentState;
  call: (request: CwmpMessage) => CwmpMessage;
}

function harness(): Harness {
  let state = initialState("/cr");
  const context: LifecycleContext = {
    state: () => state,
    update: (change) => void (state = change(state)),
    now: () => 1_000_000,
    version: "1.0",
    maxDownloadBytes: 1_000,
    supportedMethods: () => ["GetRPCMethods", "Reboot"],
  };
  return {
    context,
    state: () => state,
    call: (request) => {
      const handler = LIFECYCLE_HANDLERS[request.method];
      assert.ok(handler, request.method);
      return handler(request, context);
    },
  };
}

function faultOf(fn: () => unknown): number {
  try {
    fn();
  } catch (error) {
    if (error instanceof CwmpFault) return error.faultCode;
    throw error;
  }
  throw new Error("expected a CwmpFault");
}

const DOWNLOAD: Download = {
  method: "Download",
  commandKey: "dl-1",
  fileType: "1 Firmware Upgrade Image",
  url: "http://files.example/fw.bin",
  username: "",
  password: "",
  fileSize: 100,
  targetFileName: "",
  delaySeconds: 30,
  successUrl: "",
  failureUrl: "",
};

Deno.test("Reboot records M Reboot with its CommandKey and the pending reboot", () => {
  const h = harness();
  assert.deepEqual(h.call({ method: "Reboot", commandKey: "rb-1" }), { method: "RebootResponse" });
  assert.equal(h.state().pendingAction, "reboot");
  assert.deepEqual(h.state().pendingEvents, [{ eventCode: "M Reboot", commandKey: "rb-1" }]);
  assert.deepEqual(h.call({ method: "FactoryReset" }), { method: "FactoryResetResponse" });
  h.call({ method: "Reboot", commandKey: "rb-2" });
  assert.equal(h.state().pendingAction, "factoryReset", "a reset is not downgraded to a reboot");
});

Deno.test("Download queues the transfer with its delay and answers Status 1", () => {
  const h = harness();
  const answer = h.call(DOWNLOAD);
  assert.deepEqual(answer, {
    method: "DownloadResponse",
    status: 1,
    startTime: "0001-01-01T00:00:00Z",
    completeTime: "0001-01-01T00:00:00Z",
  });
  const [queued] = h.state().transfers;
  assert.equal(queued?.state, 1);
  assert.equal(queued?.notBefore, 1_030_000);
  assert.equal(queued?.commandKey, "dl-1");
  assert.equal(h.state().nextTransferId, 2);
});

Deno.test("Download and Upload refuse what they cannot do with the spec's faults", () => {
  const h = harness();
  assert.equal(faultOf(() => h.call({ ...DOWNLOAD, url: "ftp://files.example/fw.bin" })), 9013);
  assert.equal(faultOf(() => h.call({ ...DOWNLOAD, url: "not a url" })), 9003);
  assert.equal(faultOf(() => h.call({ ...DOWNLOAD, fileType: "Firmware" })), 9003);
  assert.equal(faultOf(() => h.call({ ...DOWNLOAD, fileSize: 1_001 })), 9010);
  const upload = {
    method: "Upload",
    commandKey: "up",
    fileType: "2 Vendor Log File",
    url: "https://f/x",
    username: "",
    password: "",
    delaySeconds: 0,
  } as const;
  assert.equal(faultOf(() => h.call({ ...upload, fileType: "X 00D09E Dump" })), 9003);
  assert.equal(faultOf(() => h.call({ ...upload, url: "tftp://f/x" })), 9013);
  for (let i = 0; i < 16; i++) h.call({ ...upload, commandKey: `up-${i}` });
  assert.equal(faultOf(() => h.call(upload)), 9004);
  assert.equal(h.state().transfers.length, 16);
});

Deno.test("GetQueuedTransfers, GetAllQueuedTransfers and CancelTransfer see the queue", () => {
  const h = harness();
  h.call(DOWNLOAD);
  h.call({ ...DOWNLOAD, commandKey: "dl-2" });
  h.context.update((s) => ({
    ...s,
    transfers: s.transfers.map((t) => t.commandKey === "dl-2" ? { ...t, state: 2 } : t),
  }));
  assert.deepEqual(h.call({ method: "GetQueuedTransfers" }), {
    method: "GetQueuedTransfersResponse",
    transferList: [{ commandKey: "dl-1", state: 1 }, { commandKey: "dl-2", state: 2 }],
  });
  const all = h.call({ method: "GetAllQueuedTransfers" });
  assert.ok(all.method === "GetAllQueuedTransfersResponse");
  h.call({
    method: "Upload",
    commandKey: "up",
    fileType: "2 Vendor Log File",
    url: "http://f/u",
    username: "",
    password: "",
    delaySeconds: 0,
  });
  const withUpload = h.call({ method: "GetAllQueuedTransfers" });
  assert.ok(withUpload.method === "GetAllQueuedTransfersResponse");
  assert.equal(withUpload.transferList[2]?.fileType, "4 Vendor Log File");
  assert.deepEqual(all.transferList[0], {
    commandKey: "dl-1",
    state: 1,
    isDownload: true,
    fileType: "1 Firmware Upgrade Image",
    fileSize: 100,
    targetFileName: "",
  });
  assert.equal(faultOf(() => h.call({ method: "CancelTransfer", commandKey: "dl-2" })), 9021);
  assert.equal(faultOf(() => h.call({ method: "CancelTransfer", commandKey: "nope" })), 9003);
  assert.deepEqual(h.call({ method: "CancelTransfer", commandKey: "dl-1" }), {
    method: "CancelTransferResponse",
  });
  assert.deepEqual(h.state().transfers.map((t) => t.commandKey), ["dl-2", "up"]);
});

Deno.test("ScheduleInform plans one Inform DelaySeconds ahead and refuses 0", () => {
  const h = harness();
  assert.deepEqual(h.call({ method: "ScheduleInform", delaySeconds: 5, commandKey: "si" }), {
    method: "ScheduleInformResponse",
  });
  assert.deepEqual(h.state().scheduledInforms, [{ at: 1_005_000, commandKey: "si" }]);
  assert.equal(
    faultOf(() => h.call({ method: "ScheduleInform", delaySeconds: 0, commandKey: "x" })),
    9003,
  );
});

Deno.test("GetOptions lists no options; SetVouchers refuses vouchers it cannot verify", () => {
  const h = harness();
  assert.deepEqual(h.call({ method: "GetOptions", optionName: "" }), {
    method: "GetOptionsResponse",
    optionList: [],
  });
  assert.deepEqual(h.call({ method: "GetOptions", optionName: "Turbo" }), {
    method: "GetOptionsResponse",
    optionList: [],
  });
  assert.equal(
    faultOf(() => h.call({ method: "SetVouchers", voucherList: [btoa("not a voucher")] })),
    9003,
  );
  // The start of a real PKCS #7 signedData: SEQUENCE, then OID 1.2.840.113549.1.7.2.
  const signedData = btoa(
    String.fromCharCode(
      0x30,
      0x82,
      0x01,
      0x00,
      0x06,
      0x09,
      0x2a,
      0x86,
      0x48,
      0x86,
      0xf7,
      0x0d,
      0x01,
      0x07,
      0x02,
      0xa0,
      0x00,
    ),
  );
  assert.equal(faultOf(() => h.call({ method: "SetVouchers", voucherList: [signedData] })), 9001);
});

Deno.test("every lifecycle answer validates against the XSDs", async () => {
  const h = harness();
  const answers: CwmpMessage[] = [
    h.call({ method: "GetRPCMethods" }),
    h.call({ method: "Reboot", commandKey: "r" }),
    h.call({ method: "FactoryReset" }),
    h.call(DOWNLOAD),
    h.call({
      method: "Upload",
      commandKey: "u",
      fileType: "1 Vendor Configuration File",
      url: "http://f/u",
      username: "",
      password: "",
      delaySeconds: 0,
    }),
    h.call({ method: "GetQueuedTransfers" }),
    h.call({ method: "ScheduleInform", delaySeconds: 1, commandKey: "s" }),
    h.call({ method: "GetOptions", optionName: "" }),
  ];
  const docs = new Map(
    answers.map((
      a,
      i,
    ) => [`${i} ${a.method}`, encodeEnvelope(a, { version: "1.0", headers: { id: String(i) } })]),
  );
  docs.set(
    "all",
    encodeEnvelope(h.call({ method: "GetAllQueuedTransfers" }), {
      version: "1.1",
      headers: { id: "x" },
    }),
  );
  const results = await validateWithXmllint(docs);
  assert.deepEqual(results.filter((r) => !r.valid), []);
});
