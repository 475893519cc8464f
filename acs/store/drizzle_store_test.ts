import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { createTestDb } from "../db/_testing.ts";
import type { AcsDb } from "../db/client.ts";
import { devices } from "../db/schema/devices.ts";
import { events } from "../db/schema/events.ts";
import { faults } from "../db/schema/faults.ts";
import { parameters } from "../db/schema/parameters.ts";
import { sessions } from "../db/schema/sessions.ts";
import { tasks } from "../db/schema/tasks.ts";
import { enqueueTask } from "../tasks/enqueue.ts";
import { createDrizzleStore } from "./drizzle_store.ts";
import type { InformRecord } from "./types.ts";
import type { RpcMessage } from "../../protocol/rpc/codecs.ts";

const DEVICE = "00D09E-GW-1";

function inform(overrides: Partial<InformRecord> = {}): InformRecord {
  return {
    sessionId: "s1",
    deviceId: DEVICE,
    deviceIdStruct: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: "1" },
    cwmpVersion: "1.0",
    events: [{ eventCode: "2 PERIODIC", commandKey: "" }],
    parameters: [
      { name: "InternetGatewayDevice.DeviceInfo.SoftwareVersion", type: "string", value: "1.0" },
    ],
    time: new Date(1000),
    remoteAddress: "192.0.2.1",
    ...overrides,
  };
}

async function withDb(fn: (db: AcsDb) => Promise<void>): Promise<void> {
  const db = await createTestDb();
  try {
    await fn(db);
  } finally {
    db.$client.close();
  }
}

Deno.test("recordInform() stores device, events, parameters and the session", () =>
  withDb(async (db) => {
    const store = createDrizzleStore(db);
    await store.recordInform(inform({ events: [{ eventCode: "1 BOOT", commandKey: "" }] }));
    const [device] = await db.select().from(devices);
    assert.equal(device?.id, DEVICE);
    assert.equal(device?.lastBoot?.getTime(), 1000);
    assert.deepEqual(device?.tags, []);
    assert.deepEqual((await db.select().from(events)).map((e) => e.code), ["1 BOOT"]);
    const [parameter] = await db.select().from(parameters);
    assert.equal(parameter?.value, "1.0");
    assert.equal(parameter?.fetchedAt.getTime(), 1000);
    assert.equal((await db.select().from(sessions))[0]?.remoteAddress, "192.0.2.1");
  }));

Deno.test("recordInform() tells a new device only when asked to", () =>
  withDb(async (db) => {
    const store = createDrizzleStore(db);
    assert.deepEqual(await store.recordInform({ ...inform(), detectNewDevice: true }), {
      newDevice: true,
    });
    assert.deepEqual(
      await store.recordInform({ ...inform({ sessionId: "s2" }), detectNewDevice: true }),
      { newDevice: false },
    );
    assert.deepEqual(await store.recordInform(inform({ sessionId: "s3" })), { newDevice: false });
  }));

Deno.test("recordInform() updates a known device and keeps its last boot", () =>
  withDb(async (db) => {
    const store = createDrizzleStore(db);
    await store.recordInform(inform({ events: [{ eventCode: "1 BOOT", commandKey: "" }] }));
    await store.recordInform(inform({ sessionId: "s2", time: new Date(5000), cwmpVersion: "1.2" }));
    const [device] = await db.select().from(devices);
    assert.equal(device?.lastInform.getTime(), 5000);
    assert.equal(device?.firstInform.getTime(), 1000);
    assert.equal(device?.lastBoot?.getTime(), 1000);
    assert.equal(device?.cwmpVersion, "1.2");
    assert.equal((await db.select().from(events)).length, 2);
  }));

Deno.test("recordInform() with 0 BOOTSTRAP drops the cached parameters", () =>
  withDb(async (db) => {
    const store = createDrizzleStore(db);
    await store.recordInform(inform({
      parameters: [{ name: "InternetGatewayDevice.X", type: "int", value: "1" }],
    }));
    await store.recordInform(inform({
      sessionId: "s2",
      events: [{ eventCode: "0 BOOTSTRAP", commandKey: "" }],
      parameters: [{ name: "InternetGatewayDevice.Y", type: "string", value: "y" }],
    }));
    const paths = (await db.select().from(parameters)).map((p) => p.path);
    assert.deepEqual(paths, ["InternetGatewayDevice.Y"]);
  }));

Deno.test("recordInform() keeps the last of repeated parameter names", () =>
  withDb(async (db) => {
    await createDrizzleStore(db).recordInform(inform({
      parameters: [
        { name: "A.b", type: "string", value: "first" },
        { name: "A.b", type: "string", value: "second" },
      ],
    }));
    assert.deepEqual((await db.select().from(parameters)).map((p) => p.value), ["second"]);
  }));

Deno.test("openTasks() lists pending and interrupted tasks in order, not future or awaiting ones", () =>
  withDb(async (db) => {
    const store = createDrizzleStore(db);
    await store.recordInform(inform());
    const request = { method: "Reboot", commandKey: "r" } as const;
    const first = await enqueueTask(db, { deviceId: DEVICE, request, expires: new Date(50) });
    await enqueueTask(db, { deviceId: DEVICE, request, notBefore: new Date(9000) });
    const third = await enqueueTask(db, { deviceId: DEVICE, request });
    const open = await store.openTasks(DEVICE, new Date(100), 10);
    assert.deepEqual(open.map((t) => [t.id, t.state, t.expires]), [
      [first.id, "pending", 50],
      [third.id, "pending", null],
    ]);
    await store.expireTasks([first.id], new Date(100));
    await store.startTasks([third.id], new Date(100));
    assert.deepEqual(
      (await store.openTasks(DEVICE, new Date(100), 10)).map((t) => [t.id, t.state, t.attempts]),
      [[third.id, "running", 1]],
    );
    assert.equal((await store.openTasks(DEVICE, new Date(100), 0)).length, 0);
    assert.deepEqual(await store.openTasks("other", new Date(100), 10), []);
    const [expired] = await db.select().from(tasks).where(eq(tasks.id, first.id));
    assert.equal(expired?.state, "expired");
  }));

Deno.test("completeTasks() and recordFault() move tasks through their states", () =>
  withDb(async (db) => {
    const store = createDrizzleStore(db);
    await store.recordInform(inform());
    const request: RpcMessage = { method: "GetParameterValues", parameterNames: ["A."] };
    const first = await enqueueTask(db, { deviceId: DEVICE, request });
    const second = await enqueueTask(db, { deviceId: DEVICE, request });
    const third = await enqueueTask(db, { deviceId: DEVICE, request });
    await store.startTasks([first.id, second.id, third.id], new Date(2000));
    await store.completeTasks({
      deviceId: DEVICE,
      tasks: [{
        taskId: first.id,
        result: { method: "GetParameterValuesResponse" },
        awaitingTransfer: false,
      }],
      effects: [{ kind: "values", values: [{ name: "A.x", type: "unsignedInt", value: "7" }] }],
      time: new Date(3000),
    });
    const fault = {
      deviceId: DEVICE,
      source: "cpe" as const,
      code: 9005,
      string: "Invalid parameter name",
      detail: {
        faultCode: 9005,
        faultString: "Invalid parameter name",
        setParameterValuesFaults: [],
      },
      time: new Date(3000),
    };
    await store.recordFault({ ...fault, taskId: second.id, outcome: { state: "faulted" } });
    await store.recordFault({
      ...fault,
      taskId: third.id,
      outcome: { state: "pending", notBefore: new Date(9000) },
    });
    const rows = await db.select().from(tasks).orderBy(tasks.id);
    assert.deepEqual(rows.map((t) => [t.state, t.attempts, t.notBefore?.getTime() ?? null]), [
      ["done", 1, null],
      ["faulted", 1, null],
      ["pending", 1, 9000],
    ]);
    assert.deepEqual(rows[0]?.result, { method: "GetParameterValuesResponse" });
    const [parameter] = await db.select().from(parameters).where(eq(parameters.path, "A.x"));
    assert.equal(parameter?.type, "unsignedInt");
    const stored = await db.select().from(faults).orderBy(faults.id);
    assert.deepEqual(stored.map((f) => [f.taskId, f.source, f.code]), [
      [second.id, "cpe", 9005],
      [third.id, "cpe", 9005],
    ]);
  }));

Deno.test("a write that fails rejects only its caller, not the others of its commit", () =>
  withDb(async (db) => {
    const store = createDrizzleStore(db);
    await store.recordInform(inform());
    const results = await Promise.allSettled([
      store.recordInform(inform({ sessionId: "s2" })),
      // The session id s1 is taken: this Inform's whole write fails.
      store.recordInform(inform({ sessionId: "s1", time: new Date(7000) })),
      store.recordInform(inform({ sessionId: "s3" })),
    ]);
    assert.deepEqual(results.map((r) => r.status), ["fulfilled", "rejected", "fulfilled"]);
    const [device] = await db.select().from(devices);
    assert.notEqual(device?.lastInform.getTime(), 7000);
    assert.equal((await db.select().from(sessions)).length, 3);
  }));

Deno.test("endSession() records how the session ended", () =>
  withDb(async (db) => {
    const store = createDrizzleStore(db);
    await store.recordInform(inform());
    await store.endSession({
      sessionId: "s1",
      deviceId: "00D09E-GW-1",
      transferDeadline: new Date(0),
      end: "completed",
      exchanges: 3,
      time: new Date(4000),
    });
    const [session] = await db.select().from(sessions);
    assert.equal(session?.end, "completed");
    assert.equal(session?.exchanges, 3);
    assert.equal(session?.endedAt?.getTime(), 4000);
  }));
