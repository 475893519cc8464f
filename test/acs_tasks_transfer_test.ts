/**
 * Transfers and the CPE's own requests: Download and Upload tasks settled by TransferComplete
 * matched on CommandKey, TRANSFER COMPLETE events without one, AutonomousTransferComplete,
 * RequestDownload, Kicked and GetRPCMethods.
 */

import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { createTestAcs, type TestAcs } from "../acs/_testing.ts";
import type { AcsAppDeps } from "../acs/app.ts";
import { events } from "../acs/db/schema/events.ts";
import { faults } from "../acs/db/schema/faults.ts";
import { type TaskRow, tasks } from "../acs/db/schema/tasks.ts";
import { enqueueTask } from "../acs/tasks/enqueue.ts";
import type { CwmpMessage, RpcMessage } from "../protocol/rpc/codecs.ts";
import type { TransferComplete } from "../protocol/rpc/transfer_complete.ts";
import { defaultAnswer, runSession } from "./fixtures/acs_cpe.ts";

const DEVICE = "00D09E-GW-1";
const UNKNOWN_TIME = "0001-01-01T00:00:00Z";

async function withAcs(
  fn: (acs: TestAcs) => Promise<void>,
  deps: Omit<Partial<AcsAppDeps>, "store" | "now"> = {},
): Promise<void> {
  const acs = await createTestAcs(deps);
  try {
    await runSession(acs.app);
    await fn(acs);
  } finally {
    acs.close();
  }
}

function download(commandKey = ""): RpcMessage {
  return {
    method: "Download",
    commandKey,
    fileType: "1 Firmware Upgrade Image",
    url: "http://files.example/fw.bin",
    username: "",
    password: "",
    fileSize: 1024,
    targetFileName: "",
    delaySeconds: 0,
    successUrl: "",
    failureUrl: "",
  };
}

function transferComplete(commandKey: string, faultCode = 0, faultString = ""): TransferComplete {
  return {
    method: "TransferComplete",
    commandKey,
    faultStruct: { faultCode, faultString },
    startTime: "2026-01-01T00:00:00Z",
    completeTime: "2026-01-01T00:01:00Z",
  };
}

async function task(acs: TestAcs, id: number): Promise<TaskRow> {
  const [row] = await acs.db.select().from(tasks).where(eq(tasks.id, id));
  assert.ok(row, `task ${id}`);
  return row;
}

Deno.test("transfers: a Download gets its task id as CommandKey and is done on its TransferComplete", () =>
  withAcs(async (acs) => {
    const queued = await enqueueTask(acs.db, { deviceId: DEVICE, request: download() });
    const key = String(queued.id);
    assert.equal(queued.args["commandKey"], key);
    assert.equal(queued.commandKey, key);
    const sent = await runSession(acs.app);
    assert.equal(sent.requests[0]?.method === "Download" && sent.requests[0].commandKey, key);
    let row = await task(acs, queued.id);
    assert.deepEqual([row.state, row.awaitingTransfer], ["running", true]);
    // The next session does not send it again while its TransferComplete is due.
    assert.equal((await runSession(acs.app)).requests.length, 0);

    const completed = await runSession(acs.app, {
      inform: {
        events: [
          { eventCode: "7 TRANSFER COMPLETE", commandKey: "" },
          { eventCode: "M Download", commandKey: key },
        ],
      },
      cpeRequests: [transferComplete(key)],
    });
    assert.deepEqual(completed.answers, [{ method: "TransferCompleteResponse" }]);
    row = await task(acs, queued.id);
    assert.deepEqual([row.state, row.awaitingTransfer], ["done", false]);
    assert.equal(row.result?.["method"], "TransferComplete");
  }));

Deno.test("transfers: a TransferComplete with a fault faults the task with the FaultStruct", () =>
  withAcs(async (acs) => {
    const queued = await enqueueTask(acs.db, { deviceId: DEVICE, request: download("fw-2") });
    await runSession(acs.app);
    await runSession(acs.app, {
      cpeRequests: [transferComplete("fw-2", 9010, "Download failure")],
    });
    assert.equal((await task(acs, queued.id)).state, "faulted");
    const [fault] = await acs.db.select().from(faults).where(eq(faults.taskId, queued.id));
    assert.deepEqual([fault?.source, fault?.code, fault?.string], [
      "transfer",
      9010,
      "Download failure",
    ]);
  }));

Deno.test("transfers: TRANSFER COMPLETE without a TransferComplete, and unknown keys, are tolerated", () =>
  withAcs(async (acs) => {
    const queued = await enqueueTask(acs.db, { deviceId: DEVICE, request: download() });
    await runSession(acs.app);
    const quiet = await runSession(acs.app, {
      inform: {
        events: [
          { eventCode: "7 TRANSFER COMPLETE", commandKey: "" },
          { eventCode: "M Download", commandKey: String(queued.id) },
        ],
      },
    });
    assert.equal(quiet.end, "completed");
    assert.equal((await task(acs, queued.id)).awaitingTransfer, true);
    const stray = await runSession(acs.app, { cpeRequests: [transferComplete("nobody")] });
    assert.deepEqual(stray.answers, [{ method: "TransferCompleteResponse" }]);
    assert.ok(acs.logs.some((l) => /CommandKey 'nobody' matches no task/.test(l)));
    assert.equal((await task(acs, queued.id)).state, "running");
  }));

Deno.test("transfers: a transfer never reported is faulted after the timeout, or expired", () =>
  withAcs(async (acs) => {
    const silent = await enqueueTask(acs.db, { deviceId: DEVICE, request: download("a") });
    const dated = await enqueueTask(acs.db, {
      deviceId: DEVICE,
      request: download("b"),
      expires: new Date(acs.clock.now + 90 * 60_000),
    });
    await runSession(acs.app);
    await runSession(acs.app);
    assert.deepEqual((await task(acs, silent.id)).awaitingTransfer, true);
    assert.deepEqual((await task(acs, dated.id)).awaitingTransfer, true);

    // Within the timeout and before `expires`, both still wait.
    acs.clock.now += 60 * 60_000;
    await runSession(acs.app);
    assert.equal((await task(acs, silent.id)).state, "running");
    assert.equal((await task(acs, dated.id)).state, "running");

    acs.clock.now += 60 * 60_000;
    await runSession(acs.app);
    assert.deepEqual([(await task(acs, silent.id)).state, (await task(acs, dated.id)).state], [
      "faulted",
      "expired",
    ]);
    const recorded = await acs.db.select().from(faults).where(eq(faults.taskId, silent.id));
    assert.equal(recorded[0]?.source, "acs");
    assert.match(recorded[0]?.string ?? "", /^No TransferComplete since .*2026-01-01T00:00:00Z$/);
    assert.equal((await acs.db.select().from(faults).where(eq(faults.taskId, dated.id))).length, 0);

    // A TransferComplete that comes after all matches nothing and changes nothing.
    await runSession(acs.app, { cpeRequests: [transferComplete("a")] });
    assert.equal((await task(acs, silent.id)).state, "faulted");
  }, { transferTimeoutMs: 2 * 60 * 60_000 - 1 }));

Deno.test("transfers: an Upload completed at once (status 0) is done without a TransferComplete", () =>
  withAcs(async (acs) => {
    const queued = await enqueueTask(acs.db, {
      deviceId: DEVICE,
      request: {
        method: "Upload",
        commandKey: "",
        fileType: "1 Vendor Configuration File",
        url: "http://files.example/up",
        username: "",
        password: "",
        delaySeconds: 0,
      },
    });
    await runSession(acs.app, {
      answer: (r): CwmpMessage =>
        r.method === "Upload"
          ? {
            method: "UploadResponse",
            status: 0,
            startTime: UNKNOWN_TIME,
            completeTime: UNKNOWN_TIME,
          }
          : defaultAnswer(r),
    });
    const row = await task(acs, queued.id);
    assert.deepEqual([row.state, row.awaitingTransfer], ["done", false]);
  }));

Deno.test("CPE requests: RequestDownload, Kicked, AutonomousTransferComplete recorded and answered", () =>
  withAcs(async (acs) => {
    const session = await runSession(acs.app, {
      version: "1.1",
      cpeRequests: [
        { method: "GetRPCMethods" },
        {
          method: "RequestDownload",
          fileType: "2 Web Content",
          fileTypeArg: [{ name: "Version", value: "3" }],
        },
        {
          method: "Kicked",
          command: "login",
          referer: "http://cpe/",
          arg: "a",
          next: "http://cpe/next",
        },
        {
          method: "AutonomousTransferComplete",
          announceUrl: "",
          transferUrl: "http://files.example/x",
          isDownload: true,
          fileType: "1 Firmware Upgrade Image",
          fileSize: 10,
          targetFileName: "",
          faultStruct: { faultCode: 9017, faultString: "Download failure: unable to complete" },
          startTime: UNKNOWN_TIME,
          completeTime: UNKNOWN_TIME,
        },
      ],
    });
    const [methods, ...rest] = session.answers;
    assert.ok(methods?.method === "GetRPCMethodsResponse");
    assert.ok(
      methods.methodList.includes("TransferComplete") && methods.methodList.includes("Kicked"),
    );
    assert.deepEqual(rest, [
      { method: "RequestDownloadResponse" },
      { method: "KickedResponse", nextUrl: "https://portal.example/welcome" },
      { method: "AutonomousTransferCompleteResponse" },
    ]);
    const history = await acs.db.select().from(events).where(eq(events.deviceId, DEVICE));
    const request = history.find((e) => e.code === "RequestDownload");
    assert.deepEqual(request?.detail, {
      fileType: "2 Web Content",
      fileTypeArg: [{ name: "Version", value: "3" }],
    });
    assert.equal(history.find((e) => e.code === "Kicked")?.commandKey, "login");
    const [fault] = await acs.db.select().from(faults).where(eq(faults.deviceId, DEVICE));
    assert.deepEqual([fault?.source, fault?.code, fault?.taskId], ["transfer", 9017, null]);
  }, { kickedNextUrl: "https://portal.example/welcome" }));

Deno.test("CPE requests: Kicked is answered with the CPE's Next when no NextURL is configured", () =>
  withAcs(async (acs) => {
    const session = await runSession(acs.app, {
      cpeRequests: [{ method: "Kicked", command: "c", referer: "", arg: "", next: "/home" }],
    });
    assert.deepEqual(session.answers, [{ method: "KickedResponse", nextUrl: "/home" }]);
  }));
