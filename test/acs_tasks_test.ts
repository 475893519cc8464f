/**
 * Tasks in whole sessions against the ACS in memory: every ACS method sent in order and
 * schema-valid, results in the parameter store, GetParameterValues batching, faults with
 * back-off and a last attempt, expiry, cancellation, and interrupted tasks.
 */

import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { createTestAcs, type TestAcs } from "../acs/_testing.ts";
import { faults } from "../acs/db/schema/faults.ts";
import { parameters } from "../acs/db/schema/parameters.ts";
import { type TaskRow, tasks } from "../acs/db/schema/tasks.ts";
import { cancelTask } from "../acs/tasks/cancel.ts";
import { enqueueTask, TaskError } from "../acs/tasks/enqueue.ts";
import type { CwmpMessage, RpcMessage } from "../protocol/rpc/codecs.ts";
import { soapFault } from "../protocol/soap/fault.ts";
import { ACS_REQUEST_METHODS } from "../protocol/session/_methods.ts";
import { RPC_ARBITRARIES } from "./fixtures/arbitraries.ts";
import { defaultAnswer, runSession } from "./fixtures/acs_cpe.ts";
import { validateWithXmllint } from "./xmllint.ts";

const DEVICE = "00D09E-GW-1";
const MINUTE = 60_000;

async function withAcs(fn: (acs: TestAcs) => Promise<void>): Promise<void> {
  const acs = await createTestAcs({ retryPolicy: { baseMs: MINUTE, maxMs: 10 * MINUTE } });
  try {
    await runSession(acs.app); // the device becomes known
    await fn(acs);
  } finally {
    acs.close();
  }
}

function queue(acs: TestAcs, request: RpcMessage, extra: { maxAttempts?: number } = {}) {
  return enqueueTask(acs.db, { deviceId: DEVICE, request, now: new Date(acs.clock.now), ...extra });
}

async function task(acs: TestAcs, id: number): Promise<TaskRow> {
  const [row] = await acs.db.select().from(tasks).where(eq(tasks.id, id));
  assert.ok(row, `task ${id}`);
  return row;
}

Deno.test("tasks: every ACS method goes out in queue order, schema-valid, and is settled", () =>
  withAcs(async (acs) => {
    const methods = [...ACS_REQUEST_METHODS];
    const queued: TaskRow[] = [];
    for (const method of methods) {
      const arbitrary = RPC_ARBITRARIES[method as keyof typeof RPC_ARBITRARIES];
      const [request] = fc.sample(arbitrary as fc.Arbitrary<RpcMessage>, { numRuns: 1, seed: 7 });
      assert.ok(request);
      queued.push(await queue(acs, request));
    }
    const session = await runSession(acs.app, { version: "1.2" });
    assert.deepEqual(session.requests.map((r) => r.method), methods);
    const invalid = (await validateWithXmllint(session.bodies)).filter((r) => !r.valid);
    assert.deepEqual(invalid.map((r) => r.errors.join(" | ")), []);
    const awaiting = new Set(["Download", "Upload", "ScheduleDownload", "ChangeDUState"]);
    for (const row of queued) {
      const settled = await task(acs, row.id);
      const transfer = awaiting.has(row.method);
      assert.equal(settled.state, transfer ? "running" : "done", row.method);
      assert.equal(settled.awaitingTransfer, transfer, row.method);
      assert.equal(settled.attempts, 1);
      assert.equal(settled.result?.["method"], `${row.method}Response`);
    }
  }));

Deno.test("tasks: answers update the parameter store", () =>
  withAcs(async (acs) => {
    const root = "InternetGatewayDevice.";
    const forwarding = `${root}Layer3Forwarding.Forwarding.`;
    await acs.db.insert(parameters).values(
      ["1.Enable", "2.Enable", "2.Interface"].map((p) => ({
        deviceId: DEVICE,
        path: `${forwarding}${p}`,
        value: "x",
        type: "string" as const,
        fetchedAt: new Date(0),
      })),
    );
    const spv = await queue(acs, {
      method: "SetParameterValues",
      parameterList: [{ name: `${root}DeviceInfo.ProvisioningCode`, type: "string", value: "P1" }],
      parameterKey: "",
    });
    await queue(acs, { method: "GetParameterNames", parameterPath: forwarding, nextLevel: true });
    await queue(acs, { method: "GetParameterAttributes", parameterNames: [`${forwarding}1.`] });
    await queue(acs, { method: "AddObject", objectName: forwarding, parameterKey: "add" });
    await queue(acs, { method: "DeleteObject", objectName: `${forwarding}2.`, parameterKey: "" });
    const answers: Record<string, CwmpMessage> = {
      SetParameterValues: { method: "SetParameterValuesResponse", status: 0 },
      GetParameterNames: {
        method: "GetParameterNamesResponse",
        parameterList: [{ name: `${forwarding}1.`, writable: true }],
      },
      GetParameterAttributes: {
        method: "GetParameterAttributesResponse",
        parameterList: [{
          name: `${forwarding}1.Enable`,
          notification: 2,
          accessList: ["Subscriber"],
        }],
      },
      AddObject: { method: "AddObjectResponse", instanceNumber: 3, status: 0 },
      DeleteObject: { method: "DeleteObjectResponse", status: 0 },
    };
    const session = await runSession(acs.app, {
      answer: (request) => answers[request.method] ?? defaultAnswer(request),
    });
    const spvSent = session.requests[0];
    assert.equal(spvSent?.method === "SetParameterValues" && spvSent.parameterKey, String(spv.id));
    const rows = await acs.db.select().from(parameters).where(eq(parameters.deviceId, DEVICE));
    const byPath = new Map(rows.map((r) => [r.path, r]));
    assert.equal(byPath.get(`${root}DeviceInfo.ProvisioningCode`)?.value, "P1");
    assert.equal(byPath.get(`${root}ManagementServer.ParameterKey`)?.value, "");
    assert.equal(byPath.get(`${forwarding}1.`)?.writable, true);
    assert.equal(byPath.get(`${forwarding}1.Enable`)?.notification, 2);
    assert.deepEqual(byPath.get(`${forwarding}1.Enable`)?.accessList, ["Subscriber"]);
    assert.ok(byPath.has(`${forwarding}3.`));
    assert.ok(![...byPath.keys()].some((p) => p.startsWith(`${forwarding}2.`)));
  }));

Deno.test("tasks: adjacent GetParameterValues tasks share one request; a fault unbatches them", () =>
  withAcs(async (acs) => {
    const a = await queue(acs, { method: "GetParameterValues", parameterNames: ["A.x", "B."] });
    const b = await queue(acs, { method: "GetParameterValues", parameterNames: ["B.", "C.y"] });
    await queue(acs, { method: "Reboot", commandKey: "" });
    const c = await queue(acs, { method: "GetParameterValues", parameterNames: ["D.z"] });
    const first = await runSession(acs.app);
    assert.deepEqual(
      first.requests.map((r) => r.method === "GetParameterValues" ? r.parameterNames : r.method),
      [
        ["A.x", "B.", "C.y"],
        "Reboot",
        ["D.z"],
      ],
    );
    assert.deepEqual((await task(acs, a.id)).result?.["parameterList"], [
      { name: "A.x", type: "string", value: "value of A.x" },
      { name: "B.Value", type: "string", value: "value of B." },
    ]);
    assert.deepEqual((await task(acs, b.id)).result?.["parameterList"], [
      { name: "B.Value", type: "string", value: "value of B." },
      { name: "C.y", type: "string", value: "value of C.y" },
    ]);
    assert.equal((await task(acs, c.id)).state, "done");

    const good = await queue(acs, { method: "GetParameterValues", parameterNames: ["E.x"] });
    const bad = await queue(acs, { method: "GetParameterValues", parameterNames: ["Nope.x"] }, {
      maxAttempts: 1,
    });
    const second = await runSession(acs.app, {
      answer: (r) =>
        r.method === "GetParameterValues" && r.parameterNames.includes("Nope.x")
          ? soapFault(9005, "Invalid parameter name")
          : defaultAnswer(r),
    });
    assert.equal(second.requests.length, 3);
    assert.equal((await task(acs, good.id)).state, "done");
    assert.equal((await task(acs, good.id)).attempts, 1);
    assert.equal((await task(acs, bad.id)).state, "faulted");
    const recorded = await acs.db.select().from(faults).where(eq(faults.taskId, bad.id));
    assert.equal(recorded.length, 1);
  }));

Deno.test("tasks: a CPE fault is recorded with its per-parameter faults and retried with back-off", () =>
  withAcs(async (acs) => {
    const spv = await queue(acs, {
      method: "SetParameterValues",
      parameterList: [{ name: "A.b", type: "int", value: "-1" }],
      parameterKey: "k",
    }, { maxAttempts: 3 });
    const refuse = (r: CwmpMessage): CwmpMessage =>
      r.method === "SetParameterValues"
        ? {
          ...soapFault(9003, "Invalid arguments"),
          detail: {
            faultCode: 9003,
            faultString: "Invalid arguments",
            setParameterValuesFaults: [
              { parameterName: "A.b", faultCode: 9007, faultString: "Invalid parameter value" },
            ],
          },
        }
        : defaultAnswer(r);
    await runSession(acs.app, { answer: refuse });
    const [fault] = await acs.db.select().from(faults).where(eq(faults.taskId, spv.id));
    assert.equal(fault?.code, 9003);
    assert.equal(fault?.source, "cpe");
    assert.deepEqual(fault?.detail?.setParameterValuesFaults, [
      { parameterName: "A.b", faultCode: 9007, faultString: "Invalid parameter value" },
    ]);
    let row = await task(acs, spv.id);
    assert.equal(row.state, "pending");
    assert.equal(row.notBefore?.getTime(), acs.clock.now + MINUTE);
    // Before its time, the next session does not send it.
    assert.equal((await runSession(acs.app)).requests.length, 0);
    acs.clock.now += MINUTE;
    await runSession(acs.app, { answer: refuse });
    row = await task(acs, spv.id);
    assert.equal(row.notBefore?.getTime(), acs.clock.now + 2 * MINUTE);
    acs.clock.now += 2 * MINUTE;
    await runSession(acs.app, { answer: refuse });
    row = await task(acs, spv.id);
    assert.equal(row.state, "faulted");
    assert.equal(row.attempts, 3);
    assert.equal((await acs.db.select().from(faults).where(eq(faults.taskId, spv.id))).length, 3);
  }));

Deno.test("tasks: an expired task is not sent; a cancelled one is neither sent nor settled", () =>
  withAcs(async (acs) => {
    const expiring = await enqueueTask(acs.db, {
      deviceId: DEVICE,
      request: { method: "Reboot", commandKey: "" },
      expires: new Date(acs.clock.now + 1000),
    });
    const cancelled = await queue(acs, { method: "FactoryReset" });
    assert.equal((await cancelTask(acs.db, cancelled.id)).state, "cancelled");
    acs.clock.now += 1000;
    const inFlight = await queue(acs, { method: "GetRPCMethods" });
    const session = await runSession(acs.app, {
      answer: async (r) => {
        // Cancelled while the CPE works on it: its answer is not applied.
        await cancelTask(acs.db, inFlight.id);
        return defaultAnswer(r);
      },
    });
    assert.deepEqual(session.requests.map((r) => r.method), ["GetRPCMethods"]);
    assert.equal((await task(acs, expiring.id)).state, "expired");
    assert.equal((await task(acs, cancelled.id)).state, "cancelled");
    assert.equal((await task(acs, inFlight.id)).state, "cancelled");
    await assert.rejects(cancelTask(acs.db, expiring.id), TaskError);
    await assert.rejects(cancelTask(acs.db, 9999), /no such task/);
  }));

Deno.test("tasks: a task whose session vanished is sent again, and given up after its last attempt", () =>
  withAcs(async (acs) => {
    const reboot = await queue(acs, { method: "Reboot", commandKey: "rb" }, { maxAttempts: 2 });
    const next = await queue(acs, { method: "GetRPCMethods" });
    for (let attempt = 1; attempt <= 2; attempt++) {
      const lost = await runSession(acs.app, { answer: () => null });
      assert.equal(lost.end, "vanished");
      assert.deepEqual(lost.requests.map((r) => r.method), ["Reboot"]);
      assert.equal((await task(acs, reboot.id)).state, "running");
      acs.clock.now += 31_000;
    }
    const last = await runSession(acs.app);
    assert.deepEqual(last.requests.map((r) => r.method), ["GetRPCMethods"]);
    const row = await task(acs, reboot.id);
    assert.equal(row.state, "faulted");
    const [fault] = await acs.db.select().from(faults).where(eq(faults.taskId, reboot.id));
    assert.equal(fault?.source, "acs");
    assert.match(fault?.string ?? "", /No answer after 2 attempts/);
    assert.equal((await task(acs, next.id)).state, "done");
  }));

Deno.test("tasks: a request the CPE's CWMP version cannot carry is faulted, the next one goes", () =>
  withAcs(async (acs) => {
    const cancel = await queue(acs, { method: "CancelTransfer", commandKey: "x" });
    await queue(acs, { method: "GetRPCMethods" });
    const session = await runSession(acs.app, { version: "1.0" });
    assert.deepEqual(session.requests.map((r) => r.method), ["GetRPCMethods"]);
    assert.equal((await task(acs, cancel.id)).state, "faulted");
    const [fault] = await acs.db.select().from(faults).where(eq(faults.taskId, cancel.id));
    assert.equal(fault?.code, 9000);
  }));
