import assert from "node:assert/strict";
import type { RpcMessage } from "../../protocol/rpc/codecs.ts";
import { createTestDb } from "../db/_testing.ts";
import { createDrizzleStore } from "../store/drizzle_store.ts";
import { findUploadTarget } from "../files/uploads.ts";
import { enqueueTask, TaskError, taskRequest } from "./enqueue.ts";

const DEVICE = "00D09E-GW-1";

async function knownDevice(): Promise<Awaited<ReturnType<typeof createTestDb>>> {
  const db = await createTestDb();
  await createDrizzleStore(db).recordInform({
    sessionId: "s1",
    deviceId: DEVICE,
    deviceIdStruct: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: "1" },
    cwmpVersion: "1.0",
    events: [],
    parameters: [],
    time: new Date(0),
    remoteAddress: null,
  });
  return db;
}

Deno.test("enqueueTask() stores a pending task whose request round-trips", async () => {
  const db = await knownDevice();
  try {
    const request: RpcMessage = {
      method: "SetParameterValues",
      parameterList: [{ name: "A.b", type: "boolean", value: "true" }],
      parameterKey: "k",
    };
    const task = await enqueueTask(db, { deviceId: DEVICE, request, now: new Date(10) });
    assert.equal(task.state, "pending");
    assert.equal(task.attempts, 0);
    assert.equal(task.createdAt.getTime(), 10);
    assert.deepEqual(taskRequest(task), request);
  } finally {
    db.$client.close();
  }
});

Deno.test("enqueueTask() refuses responses, CPE methods and unknown devices", async () => {
  const db = await knownDevice();
  try {
    const refused: RpcMessage[] = [
      { method: "InformResponse", maxEnvelopes: 1 },
      { method: "TransferCompleteResponse" },
      { method: "GetRPCMethodsResponse", methodList: [] },
    ];
    for (const request of refused) {
      await assert.rejects(enqueueTask(db, { deviceId: DEVICE, request }), TaskError);
    }
    await assert.rejects(
      enqueueTask(db, { deviceId: "nobody", request: { method: "Reboot", commandKey: "" } }),
      /unknown device nobody/,
    );
  } finally {
    db.$client.close();
  }
});

Deno.test("enqueueTask() names transfers and SetParameterValues by task id when no key is given", async () => {
  const db = await knownDevice();
  try {
    const download = (commandKey: string): RpcMessage => ({
      method: "Download",
      commandKey,
      fileType: "1 Firmware Upgrade Image",
      url: "http://f/x",
      username: "",
      password: "",
      fileSize: 1,
      targetFileName: "",
      delaySeconds: 0,
      successUrl: "",
      failureUrl: "",
    });
    const unnamed = await enqueueTask(db, { deviceId: DEVICE, request: download("") });
    assert.deepEqual([unnamed.args["commandKey"], unnamed.commandKey], [
      String(unnamed.id),
      String(unnamed.id),
    ]);
    const named = await enqueueTask(db, { deviceId: DEVICE, request: download("fw") });
    assert.deepEqual([named.args["commandKey"], named.commandKey], ["fw", "fw"]);
    const spv = await enqueueTask(db, {
      deviceId: DEVICE,
      request: { method: "SetParameterValues", parameterList: [], parameterKey: "" },
    });
    assert.deepEqual([spv.args["parameterKey"], spv.commandKey], [String(spv.id), null]);
    const reboot = await enqueueTask(db, {
      deviceId: DEVICE,
      request: { method: "Reboot", commandKey: "" },
      maxAttempts: 2,
    });
    assert.deepEqual([reboot.args["commandKey"], reboot.maxAttempts], ["", 2]);
    await assert.rejects(
      enqueueTask(db, { deviceId: DEVICE, request: { method: "FactoryReset" }, maxAttempts: 0 }),
      /maxAttempts/,
    );
  } finally {
    db.$client.close();
  }
});

Deno.test("enqueueTask() gives an Upload without a URL an upload target until it expires", async () => {
  const db = await knownDevice();
  try {
    const upload = (url: string): RpcMessage => ({
      method: "Upload",
      commandKey: "",
      fileType: "1 Vendor Configuration File",
      url,
      username: "",
      password: "",
      delaySeconds: 60,
    });
    await assert.rejects(
      enqueueTask(db, { deviceId: DEVICE, request: upload("") }),
      (e: unknown) => e instanceof TaskError && /no uploadBaseUrl/.test(e.message),
    );
    await assert.rejects(
      enqueueTask(db, { deviceId: DEVICE, request: upload(""), uploadBaseUrl: "ftp://acs/" }),
      /not http or https/,
    );
    const now = new Date(1_000_000);
    const task = await enqueueTask(db, {
      deviceId: DEVICE,
      request: upload(""),
      uploadBaseUrl: "https://acs.example/cwmp",
      now,
      expires: new Date(now.getTime() + 3_600_000),
    });
    const token = /^https:\/\/acs\.example\/uploads\/([0-9a-f]{32})$/.exec(
      String(task.args["url"]),
    )?.[1];
    assert.ok(token !== undefined, String(task.args["url"]));
    const target = await findUploadTarget(db, token);
    assert.equal(target?.deviceId, DEVICE);
    assert.equal(target?.fileType, "1 Vendor Configuration File");
    assert.equal(target?.expiresAt.getTime(), now.getTime() + 3_600_000 + 60_000 + 3_600_000);
    // A URL the operator gave is kept as it is.
    const given = await enqueueTask(db, { deviceId: DEVICE, request: upload("http://f/x") });
    assert.equal(given.args["url"], "http://f/x");
  } finally {
    db.$client.close();
  }
});
