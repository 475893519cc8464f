/**
 * Simulated firmware through the simulator and the project's own ACS (`serveAcs` on
 * 127.0.0.1, `file:` database): a Download task of a `CWMP-SIM-FIRMWARE <version>` image
 * stored in the ACS is installed by the simulated device, which reboots, and the ACS's cached
 * DeviceInfo.SoftwareVersion is the new version after the device's next Inform. An image
 * without the header fails the task with the device's fault.
 */

import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { enqueueTaskWithOptions } from "../acs/connection_request/enqueue.ts";
import { type AcsDb, createDb } from "../acs/db/client.ts";
import { devices } from "../acs/db/schema/devices.ts";
import { faults } from "../acs/db/schema/faults.ts";
import { parameters } from "../acs/db/schema/parameters.ts";
import { storeFile } from "../acs/files/store.ts";
import { serveAcs } from "../acs/serve.ts";
import type { RpcMessage } from "../protocol/rpc/codecs.ts";
import { startSimulation } from "../cpe/simulate/simulator.ts";
import { settledTask, waitFor } from "./fixtures/agent_acs.ts";

const VERSION = "InternetGatewayDevice.DeviceInfo.SoftwareVersion";

function download(origin: string, name: string, size: number): RpcMessage {
  return {
    method: "Download",
    commandKey: `dl-${name}`,
    fileType: "1 Firmware Upgrade Image",
    url: `${origin}/files/${name}`,
    username: "",
    password: "",
    fileSize: size,
    targetFileName: "",
    delaySeconds: 0,
    successUrl: "",
    failureUrl: "",
  };
}

async function cachedVersion(db: AcsDb, deviceId: string): Promise<string | null | undefined> {
  const [row] = await db.select({ value: parameters.value }).from(parameters)
    .where(and(eq(parameters.deviceId, deviceId), eq(parameters.path, VERSION)));
  return row?.value;
}

async function deviceIdOf(db: AcsDb, serialNumber: string): Promise<string> {
  const [row] = await db.select({ id: devices.id }).from(devices)
    .where(eq(devices.serialNumber, serialNumber));
  assert.ok(row, serialNumber);
  return row.id;
}

Deno.test("cpe simulate: a simulated firmware Download sets SoftwareVersion at the ACS after the reboot; a headerless image faults", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-simulate-fw-" });
  const dbUrl = `file:${dir}/acs.db`;
  const server = await serveAcs({ hostname: "127.0.0.1", port: 0, dbUrl });
  const db = await createDb(dbUrl);
  const origin = `http://127.0.0.1:${server.port}`;
  const simulation = await startSimulation({
    acsUrl: `${origin}/acs`,
    count: 2,
    serialPrefix: "FW",
    rampUpSeconds: 0,
    intervalSeconds: 3600,
    sessionTimeoutSeconds: 5,
    listen: { hostname: "127.0.0.1", port: 0 },
    config: { retry: { minWaitSeconds: 0.05, maxWaitSeconds: 0.4 } },
  });
  try {
    await waitFor(() => simulation.stats.snapshot().online === 2, 20_000);
    const good = new TextEncoder().encode("CWMP-SIM-FIRMWARE 9.1.0-sim\n" + "x".repeat(5000));
    const bad = new TextEncoder().encode("not a firmware image\n");
    await storeFile(db, { name: "good.bin", fileType: "1 Firmware Upgrade Image" }, good);
    await storeFile(db, { name: "bad.bin", fileType: "1 Firmware Upgrade Image" }, bad);
    const fw1 = await deviceIdOf(db, "FW1");
    const fw2 = await deviceIdOf(db, "FW2");
    await waitFor(async () => await cachedVersion(db, fw1) !== undefined);
    const before = await cachedVersion(db, fw1);
    assert.notEqual(before, "9.1.0-sim");

    const queue = async (deviceId: string, request: RpcMessage): Promise<number> => {
      const { task, connectionRequest } = await enqueueTaskWithOptions({ db }, {
        deviceId,
        request,
      }, { connectionRequest: true });
      assert.equal(connectionRequest?.result, "ok", JSON.stringify(connectionRequest));
      return task.id;
    };
    const goodTask = await queue(fw1, download(origin, "good.bin", good.length));
    const badTask = await queue(fw2, download(origin, "bad.bin", bad.length));

    // The TransferComplete comes in the session after the reboot, whose Inform carries the
    // new version.
    assert.equal((await settledTask(db, goodTask, 20_000)).state, "done");
    await waitFor(async () => await cachedVersion(db, fw1) === "9.1.0-sim", 10_000);

    // cwmp-1-0 (the simulator's default) has no 9018: the generic download failure, 9010.
    const failed = await settledTask(db, badTask, 20_000);
    assert.equal(failed.state, "faulted", JSON.stringify(failed));
    const [fault] = await db.select().from(faults).where(eq(faults.taskId, badTask));
    assert.equal(fault?.code, 9010, JSON.stringify(fault));
    assert.match(JSON.stringify(fault?.detail), /CWMP-SIM-FIRMWARE/);
    assert.equal(await cachedVersion(db, fw2), before, "FW2 kept its version");
    // The ACS stores before it answers; the simulator counts a session once it has ended.
    await waitFor(() => simulation.stats.snapshot().events["M Download"] === 2, 5_000);
    // Two boot sessions, and FW1's reboot only.
    assert.equal(simulation.stats.snapshot().events["1 BOOT"], 3);
  } finally {
    simulation.stop();
    await simulation.finished;
    db.$client.close();
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
