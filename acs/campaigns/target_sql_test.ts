import assert from "node:assert/strict";
import { asc, eq } from "drizzle-orm";
import { devices } from "../db/schema/devices.ts";
import type { Precondition } from "../provisioning/types.ts";
import { type CampaignFixture, createCampaignFixture, deviceId, inform } from "./_testing.ts";
import { batchOf, batchSizeOf } from "./batches.ts";
import { paramPrecondition, preconditionWhere, resolveTarget } from "./target_sql.ts";

const UPTIME = "InternetGatewayDevice.DeviceInfo.UpTime";

async function matching(f: CampaignFixture, pre: Precondition): Promise<number[]> {
  const rows = await f.db.select({ id: devices.id }).from(devices)
    .where(preconditionWhere(pre)).orderBy(asc(devices.id));
  const ids = [0, 1, 2, 3].map(deviceId);
  return rows.map((r) => ids.indexOf(r.id));
}

async function withDevices(fn: (f: CampaignFixture) => Promise<void>): Promise<void> {
  const f = await createCampaignFixture();
  try {
    for (let i = 0; i < 4; i++) {
      await inform(f, i, {
        version: i < 2 ? "1.0" : "2.0",
        parameters: i === 3 ? [] : [{ name: UPTIME, type: "unsignedInt", value: String(i * 50) }],
      });
    }
    await f.db.update(devices).set({ tags: ["lab", "beta"] }).where(eq(devices.id, deviceId(1)));
    await f.db.update(devices).set({ tags: ["lab"] }).where(eq(devices.id, deviceId(2)));
    await fn(f);
  } finally {
    await f.close();
  }
}

Deno.test("preconditionWhere() matches device fields, tags and notTags", async () => {
  await withDevices(async (f) => {
    assert.deepEqual(await matching(f, {}), [0, 1, 2, 3]);
    assert.deepEqual(await matching(f, { id: deviceId(2) }), [2]);
    assert.deepEqual(await matching(f, { manufacturer: "Acme" }), [0, 2]);
    assert.deepEqual(await matching(f, { oui: "00D09E", productClass: "GW" }), [0, 1, 2, 3]);
    assert.deepEqual(await matching(f, { serialNumber: "SN003" }), [3]);
    assert.deepEqual(await matching(f, { softwareVersion: "1.0" }), [0, 1]);
    assert.deepEqual(await matching(f, { tag: ["lab"] }), [1, 2]);
    assert.deepEqual(await matching(f, { tag: ["lab", "beta"] }), [1]);
    assert.deepEqual(await matching(f, { notTag: ["beta"] }), [0, 2, 3]);
    assert.deepEqual(await matching(f, { tag: ["lab"], notTag: ["beta"] }), [2]);
  });
});

Deno.test("paramPrecondition() compares numbers numerically, supports != and ~, needs the parameter cached", async () => {
  await withDevices(async (f) => {
    // UpTime: 0, 50, 100; device 3 has none cached.
    assert.deepEqual(await matching(f, { param: [`${UPTIME}>=50`] }), [1, 2]);
    assert.deepEqual(await matching(f, { param: [`${UPTIME}<100`] }), [0, 1]);
    assert.deepEqual(await matching(f, { param: [`${UPTIME}=50.0`] }), [1]);
    assert.deepEqual(await matching(f, { param: [`${UPTIME}!=50`] }), [0, 2]);
    assert.deepEqual(await matching(f, { param: [`${UPTIME}~0`] }), [0, 1, 2]);
    assert.deepEqual(
      await matching(f, { param: ["InternetGatewayDevice.DeviceInfo.SoftwareVersion!=2.0"] }),
      [0, 1],
    );
    assert.throws(() => paramPrecondition("no operator"), RangeError);
  });
});

Deno.test("resolveTarget() orders a list by id and splits the unknown ids off", async () => {
  await withDevices(async (f) => {
    const resolved = await resolveTarget(f.db, {
      devices: [deviceId(3), "zzz", deviceId(0), "aaa", deviceId(3)],
    });
    assert.deepEqual(resolved, { devices: [deviceId(0), deviceId(3)], unknown: ["aaa", "zzz"] });
    assert.deepEqual(
      await resolveTarget(f.db, { query: { softwareVersion: "2.0" } }),
      { devices: [deviceId(2), deviceId(3)], unknown: [] },
    );
  });
});

Deno.test("batchSizeOf() takes the size, else the percentage rounded up, at least 1", () => {
  assert.equal(batchSizeOf(200, { batchSize: 50 }), 50);
  assert.equal(batchSizeOf(200, { batchPercent: 25 }), 50);
  assert.equal(batchSizeOf(200, { batchPercent: 7 }), 14);
  assert.equal(batchSizeOf(201, { batchPercent: 25 }), 51);
  assert.equal(batchSizeOf(3, { batchPercent: 0.01 }), 1);
  assert.equal(batchSizeOf(10, {}), 10);
  assert.equal(batchSizeOf(0, {}), 1);
  assert.deepEqual([0, 49, 50, 199].map((i) => batchOf(i, 50)), [0, 0, 1, 3]);
});
