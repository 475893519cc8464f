import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { tasks } from "../db/schema/tasks.ts";
import { CampaignBodySchema } from "../provisioning/schemas.ts";
import {
  type CampaignFixture,
  createCampaignFixture,
  deviceId,
  devicesOf,
  endTask,
  informAll,
  taskOf,
} from "./_testing.ts";
import {
  createCampaign,
  findCampaign,
  pauseCampaign,
  resumeCampaign,
  startCampaign,
} from "./lifecycle.ts";
import { createCampaignRunner } from "./runner.ts";

async function started(f: CampaignFixture, body: Record<string, unknown>): Promise<number> {
  const { start: _, ...input } = CampaignBodySchema.parse({
    name: "test",
    action: { kind: "reboot" },
    target: { query: {} },
    ...body,
  });
  const now = { now: new Date(f.clock.now) };
  const { id } = await createCampaign(f.db, input, now);
  await startCampaign(f.db, id, now);
  return id;
}

async function withFixture(fn: (f: CampaignFixture) => Promise<void>): Promise<void> {
  const f = await createCampaignFixture();
  try {
    await fn(f);
  } finally {
    await f.close();
  }
}

async function states(f: CampaignFixture, id: number): Promise<Record<string, string>> {
  const rows = await devicesOf(f.db, id);
  return Object.fromEntries([...rows].map(([device, row]) => [device, row.state]));
}

async function inProgress(f: CampaignFixture, id: number): Promise<string[]> {
  return [...(await devicesOf(f.db, id)).values()]
    .filter((r) => r.state === "in_progress").map((r) => r.deviceId).sort();
}

Deno.test("tick() admits at most `concurrency` devices, queues their tasks and asks them to connect", async () => {
  await withFixture(async (f) => {
    await informAll(f, 10);
    const id = await started(f, { concurrency: 3, deviceTimeoutSeconds: 600 });
    await f.runner.tick();
    assert.deepEqual(await inProgress(f, id), [0, 1, 2].map(deviceId));
    assert.deepEqual(f.connectionRequests, [0, 1, 2].map((i) => `http://10.0.0.${i}:7547/cr`));
    const task = await taskOf(f.db, id, deviceId(0));
    assert.equal(task.method, "Reboot");
    assert.equal(task.args["commandKey"], `campaign-${id}`);
    assert.equal(task.expires?.getTime(), f.clock.now + 600_000);
    await f.runner.tick();
    assert.equal((await inProgress(f, id)).length, 3, "no more while 3 are in progress");
    await endTask(f, task, { state: "done" });
    await endTask(f, await taskOf(f.db, id, deviceId(1)), { state: "done" });
    await f.runner.tick();
    const rows = await devicesOf(f.db, id);
    assert.equal(rows.get(deviceId(0))?.state, "done");
    assert.equal(rows.get(deviceId(0))?.finishedAt?.getTime(), f.clock.now);
    assert.deepEqual(await inProgress(f, id), [2, 3, 4].map(deviceId));
  });
});

Deno.test("tick() does not overlap itself: concurrent passes keep the concurrency bound", async () => {
  await withFixture(async (f) => {
    await informAll(f, 10);
    const id = await started(f, { concurrency: 4 });
    await Promise.all([f.runner.tick(), f.runner.tick(), f.runner.tick()]);
    assert.equal((await inProgress(f, id)).length, 4);
    assert.equal((await f.db.select().from(tasks)).length, 4);
  });
});

Deno.test("tick() starts a batch only when every device of the one before is settled", async () => {
  await withFixture(async (f) => {
    await informAll(f, 5);
    const id = await started(f, { batchSize: 2, concurrency: 10 });
    await f.runner.tick();
    assert.deepEqual(await inProgress(f, id), [0, 1].map(deviceId));
    await endTask(f, await taskOf(f.db, id, deviceId(0)), { state: "done" });
    await f.runner.tick();
    assert.deepEqual(await inProgress(f, id), [deviceId(1)], "batch 1 waits for device 1");
    await endTask(f, await taskOf(f.db, id, deviceId(1)), {
      state: "faulted",
      fault: { code: 9002, string: "Internal error" },
    });
    await f.runner.tick();
    assert.deepEqual(await inProgress(f, id), [2, 3].map(deviceId));
    const rows = await devicesOf(f.db, id);
    assert.equal(rows.get(deviceId(1))?.state, "faulted");
    assert.equal(rows.get(deviceId(1))?.reason, "Internal error (fault 9002)");
  });
});

Deno.test("tick() admits nothing while the window is closed, and admits once it opens", async () => {
  await withFixture(async (f) => {
    await informAll(f, 3);
    // 02:00-03:00 UTC; the fixture's clock is at 12:00.
    const id = await started(f, { window: { cron: "0 2 * * *", durationSeconds: 3600 } });
    await f.runner.tick();
    assert.deepEqual(await inProgress(f, id), []);
    assert.deepEqual(f.connectionRequests, []);
    f.clock.now = Date.UTC(2026, 0, 2, 2, 30);
    await f.runner.tick();
    assert.equal((await inProgress(f, id)).length, 3);
  });
});

Deno.test("tick() pauses at the failure threshold; resume counts failures from there", async () => {
  await withFixture(async (f) => {
    await informAll(f, 6);
    const id = await started(f, { concurrency: 2, failureThreshold: 1 });
    await f.runner.tick();
    await endTask(f, await taskOf(f.db, id, deviceId(0)), {
      state: "faulted",
      fault: { code: 9001, string: "Request denied" },
    });
    await f.runner.tick();
    let campaign = await findCampaign(f.db, id);
    assert.equal(campaign.state, "paused");
    assert.equal(campaign.reason, "failure threshold reached: 1 faulted");
    assert.deepEqual(await inProgress(f, id), [deviceId(1)], "none admitted once paused");
    // A paused campaign still follows the devices in progress.
    await endTask(f, await taskOf(f.db, id, deviceId(1)), { state: "done" });
    await f.runner.tick();
    assert.equal((await states(f, id))[deviceId(1)], "done");
    assert.deepEqual(await inProgress(f, id), []);
    await resumeCampaign(f.db, id, { now: new Date(f.clock.now) });
    await f.runner.tick();
    campaign = await findCampaign(f.db, id);
    assert.equal(campaign.state, "running", "the old failure does not pause it again");
    assert.deepEqual(await inProgress(f, id), [2, 3].map(deviceId));
    await endTask(f, await taskOf(f.db, id, deviceId(2)), { state: "expired" });
    await f.runner.tick();
    campaign = await findCampaign(f.db, id);
    assert.equal(campaign.state, "paused");
    assert.equal(campaign.reason, "failure threshold reached: 1 faulted");
    assert.equal(
      (await devicesOf(f.db, id)).get(deviceId(2))?.reason,
      `task ${(await taskOf(f.db, id, deviceId(2))).id} expired`,
    );
  });
});

Deno.test("tick() faults a device without an outcome after deviceTimeoutSeconds and cancels its task", async () => {
  await withFixture(async (f) => {
    await informAll(f, 1);
    const id = await started(f, { deviceTimeoutSeconds: 60 });
    await f.runner.tick();
    f.clock.now += 59_999;
    await f.runner.tick();
    assert.deepEqual(await inProgress(f, id), [deviceId(0)]);
    f.clock.now += 1;
    await f.runner.tick();
    const row = (await devicesOf(f.db, id)).get(deviceId(0));
    assert.equal(row?.state, "faulted");
    assert.equal(row?.reason, "no outcome after 60 s");
    const task = await taskOf(f.db, id, deviceId(0));
    assert.equal(task.state, "cancelled");
  });
});

Deno.test("tick() finishes a campaign with nothing pending or in progress, summarising the outcome", async () => {
  await withFixture(async (f) => {
    await informAll(f, 3);
    const id = await started(f, { concurrency: 3 });
    await f.runner.tick();
    await endTask(f, await taskOf(f.db, id, deviceId(0)), { state: "done" });
    await endTask(f, await taskOf(f.db, id, deviceId(1)), { state: "done" });
    await endTask(f, await taskOf(f.db, id, deviceId(2)), { state: "cancelled" });
    f.clock.now += 1000;
    await f.runner.tick();
    const campaign = await findCampaign(f.db, id);
    assert.equal(campaign.state, "finished");
    assert.equal(campaign.reason, "2 done, 1 faulted, 0 skipped of 3");
    assert.equal(campaign.finishedAt?.getTime(), f.clock.now);
    assert.equal(
      (await devicesOf(f.db, id)).get(deviceId(2))?.reason,
      `task ${(await taskOf(f.db, id, deviceId(2))).id} was cancelled`,
    );
  });
});

Deno.test("an operator's pause stops admission; the runner does not undo it", async () => {
  await withFixture(async (f) => {
    await informAll(f, 4);
    const id = await started(f, { concurrency: 1 });
    await f.runner.tick();
    await pauseCampaign(f.db, id, { now: new Date(f.clock.now) });
    await endTask(f, await taskOf(f.db, id, deviceId(0)), { state: "done" });
    await f.runner.tick();
    assert.equal((await findCampaign(f.db, id)).state, "paused");
    assert.deepEqual(await inProgress(f, id), []);
    const [pending] = await f.db.select().from(tasks).where(eq(tasks.deviceId, deviceId(1)));
    assert.equal(pending, undefined);
  });
});

Deno.test("start() runs passes on a timer and stop() ends them", async () => {
  await withFixture(async (f) => {
    await informAll(f, 2);
    const id = await started(f, {});
    const runner = createCampaignRunner({
      db: f.db,
      now: () => f.clock.now,
      intervalMs: 5,
      connectionRequest: { fetch: () => Promise.resolve(new Response(null, { status: 204 })) },
    });
    runner.start();
    const deadline = Date.now() + 5000;
    while ((await inProgress(f, id)).length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await runner.stop();
    assert.equal((await inProgress(f, id)).length, 2);
  });
});
