/**
 * Test helpers for campaigns: a database with devices that informed (through the CWMP
 * store, as a real session stores them), a settable clock, a runner over both, and
 * shortcuts to finish a device's task the way a session would.
 *
 * @module
 */

import { and, eq } from "drizzle-orm";
import { createTestDb } from "../db/_testing.ts";
import type { AcsDb } from "../db/client.ts";
import { type CampaignDeviceRow, campaignDevices } from "../db/schema/campaigns.ts";
import { faults } from "../db/schema/faults.ts";
import { type TaskRow, tasks, type TaskState } from "../db/schema/tasks.ts";
import { deviceIdOf } from "../device_id.ts";
import { createDrizzleStore } from "../store/drizzle_store.ts";
import type { AcsStore } from "../store/types.ts";
import type { ParameterValueStruct } from "../../protocol/rpc/values.ts";
import { type CampaignRunner, createCampaignRunner } from "./runner.ts";

/** A database, a clock, a store and a runner for one test. */
export interface CampaignFixture {
  db: AcsDb;
  store: AcsStore;
  clock: { now: number };
  runner: CampaignRunner;
  /** Connection Requests sent, by device URL. */
  connectionRequests: string[];
  logs: string[];
  close(): Promise<void>;
}

/** Creates a fixture; the runner's Connection Requests succeed without a network. */
export async function createCampaignFixture(
  options: { publicUrl?: string } = {},
): Promise<CampaignFixture> {
  const db = await createTestDb();
  const store = createDrizzleStore(db);
  const clock = { now: Date.UTC(2026, 0, 1, 12) };
  const connectionRequests: string[] = [];
  const logs: string[] = [];
  const runner = createCampaignRunner({
    db,
    now: () => clock.now,
    log: (level, message) => logs.push(`${level}: ${message}`),
    publicUrl: options.publicUrl ?? "http://acs.test:7547/",
    connectionRequest: {
      fetch: (url) => {
        connectionRequests.push(url);
        return Promise.resolve(new Response(null, { status: 204 }));
      },
    },
  });
  return {
    db,
    store,
    clock,
    runner,
    connectionRequests,
    logs,
    close: async () => {
      await runner.stop();
      await store.close();
      db.$client.close();
    },
  };
}

/** Serial `SN<i>` of product class `GW`: device id `00D09E-GW-SN<i>`. */
export function deviceId(i: number): string {
  return deviceIdOf({
    manufacturer: "Acme",
    oui: "00D09E",
    productClass: "GW",
    serialNumber: sn(i),
  });
}

function sn(i: number): string {
  return `SN${String(i).padStart(3, "0")}`;
}

/** One Inform of device `i` at the fixture's time, with its SoftwareVersion and more. */
export async function inform(
  f: CampaignFixture,
  i: number,
  options: { version?: string; events?: string[]; parameters?: ParameterValueStruct[] } = {},
): Promise<void> {
  await f.store.recordInform({
    sessionId: crypto.randomUUID(),
    deviceId: deviceId(i),
    deviceIdStruct: {
      manufacturer: i % 2 === 0 ? "Acme" : "Bolt",
      oui: "00D09E",
      productClass: "GW",
      serialNumber: sn(i),
    },
    cwmpVersion: "1.0",
    events: (options.events ?? ["2 PERIODIC"]).map((eventCode) => ({ eventCode, commandKey: "" })),
    parameters: [
      {
        name: "InternetGatewayDevice.DeviceInfo.SoftwareVersion",
        type: "string",
        value: options.version ?? "1.0",
      },
      {
        name: "InternetGatewayDevice.ManagementServer.ConnectionRequestURL",
        type: "string",
        value: `http://10.0.0.${i}:7547/cr`,
      },
      ...(options.parameters ?? []),
    ],
    time: new Date(f.clock.now),
    remoteAddress: null,
  });
}

/** Devices `0..n-1` inform once. */
export async function informAll(f: CampaignFixture, n: number, version = "1.0"): Promise<void> {
  for (let i = 0; i < n; i++) await inform(f, i, { version });
}

/** The campaign's devices, by device id. */
export async function devicesOf(
  db: AcsDb,
  campaignId: number,
): Promise<Map<string, CampaignDeviceRow>> {
  const rows = await db.select().from(campaignDevices)
    .where(eq(campaignDevices.campaignId, campaignId));
  return new Map(rows.map((r) => [r.deviceId, r]));
}

/** The task of a campaign's device. */
export async function taskOf(db: AcsDb, campaignId: number, device: string): Promise<TaskRow> {
  const [row] = await db.select({ task: tasks }).from(campaignDevices)
    .innerJoin(tasks, eq(tasks.id, campaignDevices.taskId))
    .where(and(eq(campaignDevices.campaignId, campaignId), eq(campaignDevices.deviceId, device)));
  if (row === undefined) throw new Error(`${device} has no task`);
  return row.task;
}

/** Ends a task as a session would: done, or faulted with a fault row. */
export async function endTask(
  f: CampaignFixture,
  task: TaskRow,
  end: { state: TaskState; fault?: { code: number; string: string } },
): Promise<void> {
  const time = new Date(f.clock.now);
  await f.db.update(tasks).set({ state: end.state, updatedAt: time }).where(eq(tasks.id, task.id));
  if (end.fault === undefined) return;
  await f.db.insert(faults).values({
    deviceId: task.deviceId,
    taskId: task.id,
    source: "cpe",
    code: end.fault.code,
    string: end.fault.string,
    time,
  });
}
