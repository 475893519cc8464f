/**
 * The evidence of issue 6 (campaigns): `serveAcs` on loopback with its API, 199 simulated
 * devices (`startSimulation`, whose devices install `CWMP-SIM-FIRMWARE <version>` images and
 * reboot) and one separate agent, a firmware image uploaded through the API, and a campaign
 * upgrading all 200 in batches of 50 with a failure threshold of 1.
 *
 * The device made to fail is realistic and exercises what TransferComplete alone would miss:
 * it downloads and installs the image, reboots (`M Download`, `1 BOOT`) and reports the
 * transfer as successful, but comes back still running 1.0, as a dual-bank device whose
 * bootloader falls back to the old bank does. (Its DeviceInfo.SoftwareVersion is read from a
 * static value backend, so the install cannot change what it reports.) The campaign must
 * check the version after the reboot, fault the device, pause before any device of a later
 * batch is admitted, and, once resumed, finish with 199 verified upgrades.
 */

import assert from "node:assert/strict";
import { and, eq, inArray, sql } from "drizzle-orm";
import { type AcsDb, createDb } from "../acs/db/client.ts";
import { devices } from "../acs/db/schema/devices.ts";
import { tasks } from "../acs/db/schema/tasks.ts";
import { createApiToken } from "../acs/nbi/tokens.ts";
import { serveAcs } from "../acs/serve.ts";
import { startTestAgent, type TestAgent } from "../cpe/agent_testing.ts";
import { startSimulation } from "../cpe/simulate/simulator.ts";
import { waitFor } from "./fixtures/agent_acs.ts";

const SIMULATED = 199;
const TOTAL = SIMULATED + 1;
const FAILING_SERIAL = "SIM1075X"; // sorts between SIM1075 and SIM1076: batch 1
const SOFTWARE_VERSION = "InternetGatewayDevice.DeviceInfo.SoftwareVersion";
// Fast retries and short sessions: a failure costs milliseconds.
const FAST = { retry: { minWaitSeconds: 0.05, maxWaitSeconds: 0.5 } };

interface CampaignView {
  id: number;
  state: string;
  reason: string | null;
  counts: Record<string, number>;
  currentBatch: number | null;
  batches: number;
}

interface DeviceView {
  deviceId: string;
  batch: number;
  state: string;
  taskId: number | null;
  reason: string | null;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close();
  return port;
}

Deno.test({
  name:
    "a firmware campaign upgrades 200 devices in batches of 50, pauses at the failing one, resumes and finishes",
  fn: async () => {
    const started = Date.now();
    const dir = await Deno.makeTempDir({ prefix: "cwmp-campaign-e2e-" });
    const dbUrl = `file:${dir}/acs.db`;
    // The CWMP port is fixed up front: the campaign's Download URLs name it (--public-url).
    const port = freePort();
    const origin = `http://127.0.0.1:${port}`;
    const server = await serveAcs({
      hostname: "127.0.0.1",
      port,
      dbUrl,
      campaigns: { intervalMs: 100 },
      api: { hostname: "127.0.0.1", port: 0, app: { publicUrl: `${origin}/` } },
    });
    const db = await createDb(dbUrl);
    const { token } = await createApiToken(db, { name: "e2e" });
    const api = async (path: string, init: RequestInit = {}): Promise<Response> =>
      await fetch(`http://127.0.0.1:${server.api?.port}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...init.headers },
      });
    const simulation = await startSimulation({
      acsUrl: `${origin}/acs`,
      count: SIMULATED,
      serialStart: 1000,
      rampUpSeconds: 2,
      intervalSeconds: 30,
      sessionTimeoutSeconds: 5,
      listen: { hostname: "127.0.0.1", port: 0 },
      config: FAST,
    });
    let failing: TestAgent | undefined;
    try {
      await waitFor(() => simulation.stats.snapshot().online === SIMULATED, 30_000);
      const [sample] = await db.select().from(devices).limit(1);
      assert.ok(sample, "a simulated device registered");
      failing = await startTestAgent({
        acsUrl: `${origin}/acs`,
        config: {
          identity: {
            manufacturer: sample.manufacturer,
            oui: sample.oui,
            productClass: sample.productClass,
            serialNumber: FAILING_SERIAL,
          },
          downloads: { simulatedFirmware: true },
          values: { [SOFTWARE_VERSION]: { value: "1.0" } },
          ...FAST,
        },
      });
      await waitFor(async () => (await countDevices(db)) === TOTAL, 10_000);
      const failingId = (await db.select({ id: devices.id }).from(devices)
        .where(eq(devices.serialNumber, FAILING_SERIAL)))[0]?.id ?? "";

      const upload = await api(
        "/api/files?name=gw-2.0.bin&type=1%20Firmware%20Upgrade%20Image&version=2.0",
        { method: "POST", body: new TextEncoder().encode("CWMP-SIM-FIRMWARE 2.0\nimage\n") },
      );
      assert.equal(upload.status, 201, await upload.clone().text());
      const created = await api("/api/campaigns", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          name: "upgrade to 2.0",
          action: { kind: "firmware", file: "gw-2.0.bin" },
          target: { query: {} },
          batchSize: 50,
          concurrency: 50,
          failureThreshold: 1,
          deviceTimeoutSeconds: 60,
          start: true,
        }),
      });
      const campaign: CampaignView = await created.json();
      assert.equal(created.status, 201, JSON.stringify(campaign));
      assert.equal(campaign.counts.total, TOTAL);
      assert.equal(campaign.batches, 4);
      // Every look at the campaign records how many devices were in progress at once.
      const seen = { inProgress: 0 };
      const show = async (): Promise<CampaignView> => {
        const view: CampaignView = await (await api(`/api/campaigns/${campaign.id}`)).json();
        seen.inProgress = Math.max(seen.inProgress, view.counts["in_progress"] ?? 0);
        return view;
      };
      const devicesOf = async (): Promise<DeviceView[]> =>
        (await (await api(`/api/campaigns/${campaign.id}/devices?limit=1000`)).json()).items;

      // Batches 0 and 1 upgrade; the failing device of batch 1 pauses the campaign.
      await until(async () => (await show()).state === "paused", 60_000);
      const paused = await show();
      assert.equal(paused.reason, "failure threshold reached: 1 faulted");
      const atPause = await devicesOf();
      const failingRow = atPause.find((d) => d.deviceId === failingId);
      assert.equal(failingRow?.batch, 1);
      assert.equal(failingRow?.state, "faulted");
      assert.equal(failingRow?.reason, "reports 1.0 after the upgrade, expected 2.0");
      const later = atPause.filter((d) => d.batch >= 2);
      assert.equal(later.length, 100);
      assert.ok(later.every((d) => d.state === "pending" && d.taskId === null), "none admitted");
      assert.ok(atPause.filter((d) => d.batch === 0).every((d) => d.state === "done"));
      const laterIds = later.map((d) => d.deviceId);
      assert.equal(await tasksOf(db, laterIds), 0, "no task queued for a later batch");
      // A paused campaign admits nothing, however long it waits.
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(await tasksOf(db, laterIds), 0);

      const resumed = await api(`/api/campaigns/${campaign.id}/resume`, { method: "POST" });
      assert.equal(resumed.status, 200);
      await until(async () => (await show()).state === "finished", 60_000);
      const finished = await show();
      assert.ok(seen.inProgress > 0 && seen.inProgress <= 50, `${seen.inProgress} at once`);
      assert.deepEqual(finished.counts, {
        total: TOTAL,
        pending: 0,
        in_progress: 0,
        done: SIMULATED,
        faulted: 1,
        skipped: 0,
      });
      assert.equal(finished.reason, `${SIMULATED} done, 1 faulted, 0 skipped of ${TOTAL}`);
      const outcome = await devicesOf();
      for (const device of outcome) {
        if (device.deviceId === failingId) continue;
        assert.equal(device.state, "done", `${device.deviceId}: ${device.reason}`);
        assert.equal(device.reason, "running 2.0");
      }
      // The ACS's own cache agrees: every simulated device reports 2.0, the failing one 1.0.
      const versions = await db.all<{ version: string; n: number }>(sql`SELECT value AS version,
        count(*) AS n FROM parameters WHERE path = ${SOFTWARE_VERSION} GROUP BY value`);
      assert.deepEqual(
        Object.fromEntries(versions.map((v) => [v.version, Number(v.n)])),
        { "1.0": 1, "2.0": SIMULATED },
      );
      const states = await db.select({ state: tasks.state, n: sql<number>`count(*)` })
        .from(tasks).where(eq(tasks.method, "Download")).groupBy(tasks.state);
      assert.deepEqual(states.map((s) => [s.state, Number(s.n)]), [["done", TOTAL]]);
      const elapsed = (Date.now() - started) / 1000;
      console.log(`campaign e2e: ${TOTAL} devices in ${elapsed.toFixed(1)} s`);
      assert.ok(elapsed < 110, `took ${elapsed} s`);
    } finally {
      simulation.stop();
      await simulation.finished;
      await failing?.stop();
      db.$client.close();
      await server.shutdown();
      if (failing !== undefined) await Deno.remove(failing.dir, { recursive: true });
      await Deno.remove(dir, { recursive: true });
    }
  },
});

async function countDevices(db: AcsDb): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(devices);
  return Number(row?.n ?? 0);
}

async function tasksOf(db: AcsDb, deviceIds: string[]): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(tasks)
    .where(and(inArray(tasks.deviceId, deviceIds), eq(tasks.method, "Download")));
  return Number(row?.n ?? 0);
}

// Polls every 50 ms (the API is asked, not the database) until it holds, or throws.
async function until(predicate: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
