import assert from "node:assert/strict";
import type { RpcMessage } from "../../protocol/rpc/codecs.ts";
import { createTestDb } from "../db/_testing.ts";
import { createDrizzleStore } from "../store/drizzle_store.ts";
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
