import assert from "node:assert/strict";
import { storeFile } from "../files/store.ts";
import { CampaignBodySchema } from "../provisioning/schemas.ts";
import {
  type CampaignFixture,
  createCampaignFixture,
  deviceId,
  devicesOf,
  endTask,
  inform,
  informAll,
  taskOf,
} from "./_testing.ts";
import { createCampaign, findCampaign, startCampaign } from "./lifecycle.ts";

const FILE = "gw-2.0.bin";

async function firmwareCampaign(
  f: CampaignFixture,
  body: Record<string, unknown> = {},
): Promise<number> {
  await storeFile(f.db, {
    name: FILE,
    fileType: "1 Firmware Upgrade Image",
    version: "2.0",
  }, new TextEncoder().encode("CWMP-SIM-FIRMWARE 2.0\n"));
  const { start: _, ...input } = CampaignBodySchema.parse({
    name: "upgrade",
    action: { kind: "firmware", file: FILE },
    target: { query: {} },
    deviceTimeoutSeconds: 600,
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

Deno.test("a firmware device is admitted with a Download of the ACS's file", async () => {
  await withFixture(async (f) => {
    await informAll(f, 1);
    const id = await firmwareCampaign(f);
    await f.runner.tick();
    const task = await taskOf(f.db, id, deviceId(0));
    assert.equal(task.method, "Download");
    assert.equal(task.args["url"], `http://acs.test:7547/files/${FILE}`);
    assert.equal(task.args["fileType"], "1 Firmware Upgrade Image");
    assert.equal(task.args["fileSize"], 22);
    assert.equal(task.args["commandKey"], `campaign-${id}`);
    assert.equal(task.commandKey, `campaign-${id}`);
  });
});

Deno.test("a firmware device already at the version is skipped", async () => {
  await withFixture(async (f) => {
    await inform(f, 0, { version: "2.0" });
    await inform(f, 1, { version: "1.0" });
    const id = await firmwareCampaign(f);
    await f.runner.tick();
    const rows = await devicesOf(f.db, id);
    assert.equal(rows.get(deviceId(0))?.state, "skipped");
    assert.equal(rows.get(deviceId(0))?.reason, "already at 2.0");
    assert.equal(rows.get(deviceId(1))?.state, "in_progress");
  });
});

Deno.test("firmware is done only when the device reports the version after its M Download/1 BOOT", async () => {
  await withFixture(async (f) => {
    await informAll(f, 1);
    const id = await firmwareCampaign(f);
    await f.runner.tick();
    const task = await taskOf(f.db, id, deviceId(0));
    f.clock.now += 1000;
    await endTask(f, task, { state: "done" }); // TransferComplete without fault
    await f.runner.tick();
    assert.equal((await devicesOf(f.db, id)).get(deviceId(0))?.state, "in_progress");
    // A periodic Inform reporting the new version is not the reboot that installs it.
    await inform(f, 0, { version: "2.0" });
    await f.runner.tick();
    assert.equal((await devicesOf(f.db, id)).get(deviceId(0))?.state, "in_progress");
    f.clock.now += 1000;
    await inform(f, 0, { version: "2.0", events: ["1 BOOT", "M Download"] });
    await f.runner.tick();
    const row = (await devicesOf(f.db, id)).get(deviceId(0));
    assert.equal(row?.state, "done");
    assert.equal(row?.reason, "running 2.0");
    assert.equal((await findCampaign(f.db, id)).state, "finished");
  });
});

Deno.test("firmware faults when the device reports another version after its reboot", async () => {
  await withFixture(async (f) => {
    await informAll(f, 1);
    const id = await firmwareCampaign(f);
    await f.runner.tick();
    f.clock.now += 1000;
    await inform(f, 0, { version: "1.0", events: ["1 BOOT"] });
    await endTask(f, await taskOf(f.db, id, deviceId(0)), { state: "done" });
    await f.runner.tick();
    const row = (await devicesOf(f.db, id)).get(deviceId(0));
    assert.equal(row?.state, "faulted");
    assert.equal(row?.reason, "reports 1.0 after the upgrade, expected 2.0");
  });
});

Deno.test("a boot before the Download was queued does not count as the upgrade", async () => {
  await withFixture(async (f) => {
    await inform(f, 0, { version: "1.0", events: ["1 BOOT"] });
    const id = await firmwareCampaign(f);
    f.clock.now += 1000;
    await f.runner.tick();
    await endTask(f, await taskOf(f.db, id, deviceId(0)), { state: "done" });
    await f.runner.tick();
    assert.equal((await devicesOf(f.db, id)).get(deviceId(0))?.state, "in_progress");
  });
});

Deno.test("a TransferComplete fault faults the device with the fault string", async () => {
  await withFixture(async (f) => {
    await informAll(f, 1);
    const id = await firmwareCampaign(f);
    await f.runner.tick();
    await endTask(f, await taskOf(f.db, id, deviceId(0)), {
      state: "faulted",
      fault: { code: 9010, string: "Download failure: image rejected" },
    });
    await f.runner.tick();
    const row = (await devicesOf(f.db, id)).get(deviceId(0));
    assert.equal(row?.state, "faulted");
    assert.equal(row?.reason, "Download failure: image rejected (fault 9010)");
  });
});

Deno.test("a done Download never verified faults at the device timeout with the reason", async () => {
  await withFixture(async (f) => {
    await informAll(f, 1);
    const id = await firmwareCampaign(f, { deviceTimeoutSeconds: 60 });
    await f.runner.tick();
    await endTask(f, await taskOf(f.db, id, deviceId(0)), { state: "done" });
    f.clock.now += 60_000;
    await f.runner.tick();
    const row = (await devicesOf(f.db, id)).get(deviceId(0));
    assert.equal(row?.state, "faulted");
    assert.match(row?.reason ?? "", /^no outcome after 60 s: the Download is done, but/);
  });
});

Deno.test("a firmware file deleted after the start faults the devices admitted", async () => {
  await withFixture(async (f) => {
    await informAll(f, 1);
    const id = await firmwareCampaign(f);
    const { deleteFile } = await import("../files/store.ts");
    await deleteFile(f.db, FILE);
    await f.runner.tick();
    const row = (await devicesOf(f.db, id)).get(deviceId(0));
    assert.equal(row?.state, "faulted");
    assert.equal(row?.reason, `no file named '${FILE}'`);
  });
});
