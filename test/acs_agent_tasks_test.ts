/**
 * Every task kind the ACS queues (`enqueueTask`), sent by the real ACS listener to the
 * project's own agent over loopback sockets: the results and cached parameters in the ACS's
 * store, the faults the agent answers with, and the Informs that Reboot, ScheduleInform and
 * FactoryReset lead to. Download and Upload are in acs_agent_transfer_test.ts. The agent
 * speaks cwmp-1-2 so that every ACS method can be carried.
 */

import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { getDeviceCredentials } from "../acs/auth/credentials.ts";
import type { AcsDb } from "../acs/db/client.ts";
import { faults } from "../acs/db/schema/faults.ts";
import { type ParameterRow, parameters } from "../acs/db/schema/parameters.ts";
import type { TaskRow } from "../acs/db/schema/tasks.ts";
import { enqueueTask } from "../acs/tasks/enqueue.ts";
import type { RpcMessage } from "../protocol/rpc/codecs.ts";
import {
  type AgentAcs,
  type Exchange,
  informEvents,
  messages,
  settledTask,
  waitFor,
  withAgentAcs,
} from "./fixtures/agent_acs.ts";

const IGD = "InternetGatewayDevice.";
const INTERVAL = `${IGD}ManagementServer.PeriodicInformInterval`;
const FORWARDING = `${IGD}Layer3Forwarding.Forwarding.`;
const V12 = { cwmpVersion: "1.2" };

async function queue(env: AgentAcs, request: RpcMessage, maxAttempts = 1): Promise<number> {
  return (await enqueueTask(env.db, { deviceId: env.deviceId, request, maxAttempts })).id;
}

async function settleAll(env: AgentAcs, ids: readonly number[]): Promise<TaskRow[]> {
  const rows: TaskRow[] = [];
  for (const id of ids) rows.push(await settledTask(env.db, id));
  return rows;
}

async function parameter(
  db: AcsDb,
  deviceId: string,
  path: string,
): Promise<ParameterRow | undefined> {
  const [row] = await db.select().from(parameters)
    .where(and(eq(parameters.deviceId, deviceId), eq(parameters.path, path)));
  return row;
}

async function faultOf(db: AcsDb, taskId: number): Promise<number | undefined> {
  const [row] = await db.select().from(faults).where(eq(faults.taskId, taskId));
  return row?.code;
}

function resultOf(rows: readonly TaskRow[], id: number): Record<string, unknown> {
  const row = rows.find((r) => r.id === id);
  assert.equal(row?.state, "done", `task ${id}: ${JSON.stringify(row)}`);
  return row?.result ?? {};
}

const TRANSFER = {
  commandKey: "",
  fileType: "1 Firmware Upgrade Image",
  url: "http://127.0.0.1:1/fw.bin",
  username: "",
  password: "",
  fileSize: 0,
  targetFileName: "",
} as const;

Deno.test("agent tasks: every parameter, object and query RPC is done, and the ACS caches its results", () =>
  withAgentAcs(async (env) => {
    const ids = {
      methods: await queue(env, { method: "GetRPCMethods" }),
      names: await queue(env, {
        method: "GetParameterNames",
        parameterPath: `${IGD}DeviceInfo.`,
        nextLevel: true,
      }),
      values: await queue(env, {
        method: "GetParameterValues",
        parameterNames: [`${IGD}DeviceInfo.SerialNumber`, `${IGD}DeviceInfo.Manufacturer`],
      }),
      set: await queue(env, {
        method: "SetParameterValues",
        parameterList: [{ name: INTERVAL, type: "unsignedInt", value: "600" }],
        parameterKey: "",
      }),
      setAttributes: await queue(env, {
        method: "SetParameterAttributes",
        parameterList: [{
          name: INTERVAL,
          notificationChange: true,
          notification: 2,
          accessListChange: true,
          accessList: ["Subscriber"],
        }],
      }),
      attributes: await queue(env, {
        method: "GetParameterAttributes",
        parameterNames: [INTERVAL],
      }),
      add: await queue(env, { method: "AddObject", objectName: FORWARDING, parameterKey: "add-1" }),
      queued: await queue(env, { method: "GetQueuedTransfers" }),
      allQueued: await queue(env, { method: "GetAllQueuedTransfers" }),
      options: await queue(env, { method: "GetOptions", optionName: "" }),
    };
    env.agent.agent.requestConnection();
    const rows = await settleAll(env, Object.values(ids));

    const methods = resultOf(rows, ids.methods)["methodList"] as string[];
    for (const m of ["GetParameterValues", "Download", "Upload", "GetAllQueuedTransfers"]) {
      assert.ok(methods.includes(m), `GetRPCMethodsResponse lacks ${m}`);
    }
    const names = resultOf(rows, ids.names)["parameterList"] as { name: string }[];
    assert.ok(names.some((p) => p.name === `${IGD}DeviceInfo.SerialNumber`));
    const serial = await parameter(env.db, env.deviceId, `${IGD}DeviceInfo.SerialNumber`);
    assert.equal(serial?.writable, false);
    assert.equal(serial?.value, "T1");
    const manufacturer = await parameter(env.db, env.deviceId, `${IGD}DeviceInfo.Manufacturer`);
    assert.equal(manufacturer?.value, "Acme");
    assert.deepEqual(resultOf(rows, ids.set), { method: "SetParameterValuesResponse", status: 0 });
    // The ACS cached the value set and the ParameterKey (the task id), as the agent keeps them.
    assert.equal((await parameter(env.db, env.deviceId, INTERVAL))?.value, "600");
    const key = await parameter(env.db, env.deviceId, `${IGD}ManagementServer.ParameterKey`);
    assert.equal(key?.value, "add-1", "the AddObject's key is the latest");
    assert.equal(resultOf(rows, ids.setAttributes)["method"], "SetParameterAttributesResponse");
    assert.deepEqual(resultOf(rows, ids.attributes)["parameterList"], [
      { name: INTERVAL, notification: 2, accessList: ["Subscriber"] },
    ]);
    const cached = await parameter(env.db, env.deviceId, INTERVAL);
    assert.deepEqual([cached?.notification, cached?.accessList], [2, ["Subscriber"]]);
    const instance = resultOf(rows, ids.add)["instanceNumber"] as number;
    assert.ok(Number.isInteger(instance) && instance > 0);
    assert.ok(await parameter(env.db, env.deviceId, `${FORWARDING}${instance}.`));
    assert.deepEqual(resultOf(rows, ids.queued), {
      method: "GetQueuedTransfersResponse",
      transferList: [],
    });
    assert.equal(resultOf(rows, ids.allQueued)["method"], "GetAllQueuedTransfersResponse");
    assert.equal(resultOf(rows, ids.options)["method"], "GetOptionsResponse");
    const saved = JSON.parse(await Deno.readTextFile(`${env.agent.dir}/state.json`));
    assert.equal(saved.model.values[INTERVAL], "600");

    // DeleteObject of the instance just added, in a later session.
    const remove = await queue(env, {
      method: "DeleteObject",
      objectName: `${FORWARDING}${instance}.`,
      parameterKey: "del-1",
    });
    env.agent.agent.requestConnection();
    const [deleted] = await settleAll(env, [remove]);
    assert.deepEqual(deleted?.result, { method: "DeleteObjectResponse", status: 0 });
    await waitFor(async () =>
      (await parameter(env.db, env.deviceId, `${FORWARDING}${instance}.`)) === undefined
    );
  }, { agentConfig: V12 }));

Deno.test("agent tasks: the agent's faults fault the tasks with the spec's codes", () =>
  withAgentAcs(async (env) => {
    const ids = {
      noSuchName: await queue(env, {
        method: "GetParameterValues",
        parameterNames: [`${IGD}NoSuch.Parameter`],
      }),
      readOnly: await queue(env, {
        method: "SetParameterValues",
        parameterList: [{ name: `${IGD}DeviceInfo.SerialNumber`, type: "string", value: "x" }],
        parameterKey: "k",
      }),
      vouchers: await queue(env, { method: "SetVouchers", voucherList: [btoa("not a voucher")] }),
      cancel: await queue(env, { method: "CancelTransfer", commandKey: "nothing-queued" }),
      scheduleDownload: await queue(env, {
        method: "ScheduleDownload",
        ...TRANSFER,
        timeWindowList: [{
          windowStart: 0,
          windowEnd: 3600,
          windowMode: "1 At Any Time",
          userMessage: "",
          maxRetries: 0,
        }],
      }),
      duState: await queue(env, {
        method: "ChangeDUState",
        operations: [{
          type: "UninstallOpStruct",
          uuid: "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
          version: "",
          executionEnvRef: "",
        }],
        commandKey: "",
      }),
    };
    env.agent.agent.requestConnection();
    const rows = await settleAll(env, Object.values(ids));
    assert.deepEqual(rows.map((r) => r.state), Array(rows.length).fill("faulted"));
    const codes = Object.fromEntries(
      await Promise.all(Object.entries(ids).map(async ([k, id]) => [k, await faultOf(env.db, id)])),
    );
    assert.deepEqual(codes, {
      noSuchName: 9005, // Invalid parameter name
      readOnly: 9003, // SetParameterValues: Invalid arguments, with 9008 per parameter
      vouchers: 9003, // not a PKCS #7 signedData
      cancel: 9003, // no transfer with that CommandKey
      scheduleDownload: 9000, // Method not supported by this agent
      duState: 9000,
    });
  }, { agentConfig: V12 }));

Deno.test("agent tasks: ScheduleInform and Reboot are done and the agent's next Informs carry their events", () =>
  withAgentAcs(async (env) => {
    const schedule = await queue(env, {
      method: "ScheduleInform",
      delaySeconds: 1,
      commandKey: "si-1",
    });
    const reboot = await queue(env, { method: "Reboot", commandKey: "rb-1" });
    env.agent.agent.requestConnection();
    const rows = await settleAll(env, [schedule, reboot]);
    assert.deepEqual(rows.map((r) => r.result?.["method"]), [
      "ScheduleInformResponse",
      "RebootResponse",
    ]);
    const seen = (code: string): boolean => informEvents(env.exchanges).flat().includes(code);
    await waitFor(() => seen("M Reboot:rb-1") && seen("M ScheduleInform:si-1"), 5_000);
    const rebooted = informEvents(env.exchanges).find((e) => e.includes("M Reboot:rb-1"));
    assert.ok(rebooted?.includes("1 BOOT"), JSON.stringify(rebooted));
    const scheduled = informEvents(env.exchanges).find((e) => e.includes("M ScheduleInform:si-1"));
    assert.ok(scheduled?.includes("3 SCHEDULED"), JSON.stringify(scheduled));
    assert.ok(env.agent.logs.includes("rebooting"));
  }));

Deno.test("agent tasks: FactoryReset is done; the reset agent bootstraps anew and then uses Digest", () =>
  withAgentAcs(async (env) => {
    // A second session confirms the bootstrap credentials.
    env.agent.agent.requestConnection();
    await waitFor(async () =>
      (await getDeviceCredentials(env.db, env.deviceId))?.state === "active"
    );
    const before = await getDeviceCredentials(env.db, env.deviceId);
    const reset = await queue(env, { method: "FactoryReset" });
    env.agent.agent.requestConnection();
    assert.deepEqual((await settledTask(env.db, reset)).result, { method: "FactoryResetResponse" });
    // The reset agent forgot the ACS's credentials; the ACS that reset it accepts its
    // 0 BOOTSTRAP without them, once, and gives it new ones.
    await waitFor(() =>
      informEvents(env.exchanges).filter((e) => e.includes("0 BOOTSTRAP")).length >= 2
    );
    const renewed = await getDeviceCredentials(env.db, env.deviceId);
    assert.equal(renewed?.state, "pending");
    assert.notEqual(renewed?.username, before?.username);
    const mark = env.exchanges.length;
    env.agent.agent.requestConnection();
    const inform = (): Exchange | undefined =>
      env.exchanges.slice(mark).find((e) =>
        e.status === 200 && messages([e]).sent.some((m) => m.method === "Inform")
      );
    await waitFor(() => inform() !== undefined);
    assert.match(
      inform()?.headers.get("authorization") ?? "",
      new RegExp(`^Digest username="${renewed?.username}"`),
    );
    assert.equal((await getDeviceCredentials(env.db, env.deviceId))?.state, "active");
  }));

Deno.test("agent tasks: requests a cwmp-1-0 agent's namespace lacks are faulted by the ACS, never sent", () =>
  withAgentAcs(async (env) => {
    const all = await queue(env, { method: "GetAllQueuedTransfers" });
    const cancel = await queue(env, { method: "CancelTransfer", commandKey: "x" });
    const methods = await queue(env, { method: "GetRPCMethods" });
    env.agent.agent.requestConnection();
    const rows = await settleAll(env, [all, cancel, methods]);
    assert.deepEqual(rows.map((r) => r.state), ["faulted", "faulted", "done"]);
    const [refused] = await env.db.select().from(faults).where(eq(faults.taskId, cancel));
    assert.deepEqual([refused?.source, refused?.code], ["acs", 9000]);
    assert.match(refused?.string ?? "", /cwmp-1\.0/);
    const got = messages(env.exchanges).got.map((m) => m.method);
    assert.ok(!got.includes("GetAllQueuedTransfers") && !got.includes("CancelTransfer"));
    assert.ok(got.includes("GetRPCMethods"));
  }));
