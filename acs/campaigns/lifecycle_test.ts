import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { campaignDevices } from "../db/schema/campaigns.ts";
import { tasks } from "../db/schema/tasks.ts";
import { storeFile } from "../files/store.ts";
import { CampaignBodySchema } from "../provisioning/schemas.ts";
import {
  type CampaignFixture,
  createCampaignFixture,
  deviceId,
  devicesOf,
  informAll,
  taskOf,
} from "./_testing.ts";
import { CampaignError } from "./errors.ts";
import {
  type CampaignInput,
  cancelCampaign,
  createCampaign,
  deleteCampaign,
  findCampaign,
  pauseCampaign,
  resumeCampaign,
  startCampaign,
} from "./lifecycle.ts";

function input(body: Record<string, unknown>): CampaignInput {
  const { start: _, ...parsed } = CampaignBodySchema.parse({
    name: "test",
    action: { kind: "reboot" },
    target: { query: {} },
    ...body,
  });
  return parsed;
}

async function withFixture(fn: (f: CampaignFixture) => Promise<void>): Promise<void> {
  const f = await createCampaignFixture();
  try {
    await fn(f);
  } finally {
    await f.close();
  }
}

async function rejectsWith(
  promise: Promise<unknown>,
  kind: CampaignError["kind"],
  message: RegExp,
): Promise<void> {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof CampaignError, String(error));
    assert.equal(error.kind, kind);
    assert.match(error.message, message);
    return true;
  });
}

Deno.test("createCampaign() stores a draft; startCampaign() orders devices by id into batches", async () => {
  await withFixture(async (f) => {
    await informAll(f, 7);
    const now = { now: new Date(f.clock.now) };
    const draft = await createCampaign(f.db, input({ batchSize: 3 }), now);
    assert.equal(draft.state, "draft");
    assert.equal((await devicesOf(f.db, draft.id)).size, 0);
    const started = await startCampaign(f.db, draft.id, now);
    assert.equal(started.state, "running");
    assert.equal(started.batchSize, 3);
    assert.deepEqual(started.startedAt, now.now);
    const rows = await f.db.select().from(campaignDevices)
      .where(eq(campaignDevices.campaignId, draft.id)).orderBy(campaignDevices.deviceId);
    assert.deepEqual(rows.map((r) => r.deviceId), [0, 1, 2, 3, 4, 5, 6].map(deviceId));
    assert.deepEqual(rows.map((r) => r.batch), [0, 0, 0, 1, 1, 1, 2]);
    assert.ok(rows.every((r) => r.state === "pending" && r.taskId === null));
  });
});

Deno.test("startCampaign() sizes batches from batchPercent, rounded up", async () => {
  await withFixture(async (f) => {
    await informAll(f, 7);
    const now = { now: new Date(f.clock.now) };
    // 30% of 7 is 2.1: batches of 3.
    const { id } = await createCampaign(f.db, input({ batchPercent: 30 }), now);
    assert.equal((await startCampaign(f.db, id, now)).batchSize, 3);
    const batches = [...(await devicesOf(f.db, id)).values()].map((r) => r.batch).sort();
    assert.deepEqual(batches, [0, 0, 0, 1, 1, 1, 2]);
    // 1% of 7 is 0.07: batches of 1, never 0.
    const small = await createCampaign(f.db, input({ batchPercent: 1 }), now);
    assert.equal((await startCampaign(f.db, small.id, now)).batchSize, 1);
  });
});

Deno.test("startCampaign() skips unknown devices of a list and resolves a query once", async () => {
  await withFixture(async (f) => {
    await informAll(f, 3);
    const now = { now: new Date(f.clock.now) };
    const list = await createCampaign(
      f.db,
      input({
        target: { devices: [deviceId(2), "nobody", deviceId(0), deviceId(2)] },
      }),
      now,
    );
    await startCampaign(f.db, list.id, now);
    const rows = await devicesOf(f.db, list.id);
    assert.equal(rows.size, 3);
    assert.equal(rows.get("nobody")?.state, "skipped");
    assert.equal(rows.get("nobody")?.reason, "unknown device");
    assert.equal(rows.get(deviceId(0))?.state, "pending");
    const query = await createCampaign(
      f.db,
      input({ target: { query: { manufacturer: "Acme" } } }),
      now,
    );
    await startCampaign(f.db, query.id, now);
    await informAll(f, 6); // new devices after the start are not added
    assert.deepEqual([...(await devicesOf(f.db, query.id)).keys()].sort(), [
      deviceId(0),
      deviceId(2),
    ]);
  });
});

Deno.test("startCampaign() finishes at once when no device matches", async () => {
  await withFixture(async (f) => {
    const now = { now: new Date(f.clock.now) };
    const { id } = await createCampaign(f.db, input({ target: { query: { oui: "FFFFFF" } } }), now);
    const started = await startCampaign(f.db, id, now);
    assert.equal(started.state, "finished");
    assert.equal(started.reason, "no device matches the target");
  });
});

Deno.test("illegal transitions are conflicts with a clear message", async () => {
  await withFixture(async (f) => {
    await informAll(f, 2);
    const now = { now: new Date(f.clock.now) };
    const { id } = await createCampaign(f.db, input({}), now);
    await rejectsWith(
      pauseCampaign(f.db, id, now),
      "conflict",
      /^Cannot pause campaign \d+: it is draft$/,
    );
    await rejectsWith(resumeCampaign(f.db, id, now), "conflict", /it is draft; start it instead/);
    await startCampaign(f.db, id, now);
    await rejectsWith(startCampaign(f.db, id, now), "conflict", /it is already running/);
    await rejectsWith(resumeCampaign(f.db, id, now), "conflict", /it is already running/);
    await rejectsWith(
      deleteCampaign(f.db, id, now),
      "conflict",
      /running; pause or cancel it first/,
    );
    assert.equal((await pauseCampaign(f.db, id, now)).state, "paused");
    await rejectsWith(pauseCampaign(f.db, id, now), "conflict", /already paused/);
    await rejectsWith(startCampaign(f.db, id, now), "conflict", /paused; resume it instead/);
    assert.equal((await resumeCampaign(f.db, id, now)).state, "running");
    assert.equal((await cancelCampaign(f.db, id, now)).state, "cancelled");
    await rejectsWith(cancelCampaign(f.db, id, now), "conflict", /already cancelled/);
    await rejectsWith(startCampaign(f.db, id, now), "conflict", /it is cancelled/);
    await rejectsWith(findCampaign(f.db, 999), "not_found", /^Cannot find campaign 999$/);
  });
});

Deno.test("a second start inserts nothing and is refused", async () => {
  await withFixture(async (f) => {
    await informAll(f, 3);
    const now = { now: new Date(f.clock.now) };
    const { id } = await createCampaign(f.db, input({}), now);
    const results = await Promise.allSettled([
      startCampaign(f.db, id, now),
      startCampaign(f.db, id, now),
    ]);
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
    assert.equal((await devicesOf(f.db, id)).size, 3);
  });
});

Deno.test("resumeCampaign() makes the faulted devices so far the threshold's baseline", async () => {
  await withFixture(async (f) => {
    await informAll(f, 4);
    const now = { now: new Date(f.clock.now) };
    const { id } = await createCampaign(f.db, input({ failureThreshold: 1 }), now);
    await startCampaign(f.db, id, now);
    await f.db.update(campaignDevices).set({ state: "faulted" })
      .where(eq(campaignDevices.deviceId, deviceId(1)));
    await pauseCampaign(f.db, id, now);
    const resumed = await resumeCampaign(f.db, id, now);
    assert.equal(resumed.faultedAtResume, 1);
    assert.equal(resumed.reason, null);
  });
});

Deno.test("cancelCampaign() skips pending devices and cancels the open tasks of those in progress", async () => {
  await withFixture(async (f) => {
    await informAll(f, 4);
    const now = { now: new Date(f.clock.now) };
    const { id } = await createCampaign(f.db, input({ concurrency: 2 }), now);
    await startCampaign(f.db, id, now);
    await f.runner.tick();
    const running = await taskOf(f.db, id, deviceId(0));
    assert.equal(running.state, "pending");
    await cancelCampaign(f.db, id, now);
    const rows = await devicesOf(f.db, id);
    assert.equal(rows.get(deviceId(0))?.state, "skipped");
    assert.equal(rows.get(deviceId(0))?.reason, "campaign cancelled while in progress");
    assert.equal(rows.get(deviceId(3))?.state, "skipped");
    assert.equal(rows.get(deviceId(3))?.reason, "campaign cancelled");
    const [task] = await f.db.select().from(tasks).where(eq(tasks.id, running.id));
    assert.equal(task?.state, "cancelled");
    await f.runner.tick();
    assert.equal((await findCampaign(f.db, id)).state, "cancelled");
  });
});

Deno.test("deleteCampaign() removes a paused campaign, its devices, and cancels their open tasks", async () => {
  await withFixture(async (f) => {
    await informAll(f, 2);
    const now = { now: new Date(f.clock.now) };
    const { id } = await createCampaign(f.db, input({}), now);
    await startCampaign(f.db, id, now);
    await f.runner.tick();
    const task = await taskOf(f.db, id, deviceId(0));
    await pauseCampaign(f.db, id, now);
    await deleteCampaign(f.db, id, now);
    await rejectsWith(findCampaign(f.db, id), "not_found", /Cannot find/);
    assert.equal((await devicesOf(f.db, id)).size, 0);
    const [row] = await f.db.select().from(tasks).where(eq(tasks.id, task.id));
    assert.equal(row?.state, "cancelled");
  });
});

Deno.test("createCampaign() refuses an unknown firmware file, one without a version, a bad cron", async () => {
  await withFixture(async (f) => {
    const now = { now: new Date(f.clock.now) };
    const firmware = (file: string): CampaignInput => input({ action: { kind: "firmware", file } });
    await rejectsWith(
      createCampaign(f.db, firmware("gw.bin"), now),
      "invalid",
      /no file named 'gw.bin'/,
    );
    await storeFile(
      f.db,
      { name: "gw.bin", fileType: "1 Firmware Upgrade Image" },
      new Uint8Array(4),
    );
    await rejectsWith(createCampaign(f.db, firmware("gw.bin"), now), "invalid", /has no version/);
    const stored = await createCampaign(
      f.db,
      input({
        action: { kind: "firmware", file: "gw.bin", softwareVersion: "2.0" },
      }),
      now,
    );
    assert.deepEqual(stored.action, { kind: "firmware", file: "gw.bin", softwareVersion: "2.0" });
    await rejectsWith(
      // The API's schema refuses it too; a caller of the function is checked all the same.
      createCampaign(
        f.db,
        { ...input({}), window: { cron: "61 * * * *", durationSeconds: 3600 } },
        now,
      ),
      "invalid",
      /^Invalid window: /,
    );
    await rejectsWith(
      createCampaign(
        f.db,
        input({
          action: { kind: "setValues", values: [{ name: "A.B", value: "x", type: "int" }] },
        }),
        now,
      ),
      "invalid",
      /value 'x' of A.B is not a valid int/,
    );
  });
});

Deno.test("createCampaign() fixes a firmware campaign's version from the file", async () => {
  await withFixture(async (f) => {
    const now = { now: new Date(f.clock.now) };
    await storeFile(f.db, {
      name: "gw-2.0.bin",
      fileType: "1 Firmware Upgrade Image",
      version: "2.0",
    }, new Uint8Array(4));
    const stored = await createCampaign(
      f.db,
      input({ action: { kind: "firmware", file: "gw-2.0.bin" } }),
      now,
    );
    assert.deepEqual(stored.action, {
      kind: "firmware",
      file: "gw-2.0.bin",
      softwareVersion: "2.0",
    });
  });
});
