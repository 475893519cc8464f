/**
 * The agent against the project's own ACS (`serveAcs` on 127.0.0.1 with a random port and a
 * file: database): it registers, then answers a GetParameterValues task queued with
 * `enqueueTask`, and the ACS stores the values.
 */

import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { createDb } from "../acs/db/client.ts";
import { parameters } from "../acs/db/schema/parameters.ts";
import { tasks } from "../acs/db/schema/tasks.ts";
import { serveAcs } from "../acs/serve.ts";
import { enqueueTask } from "../acs/tasks/enqueue.ts";
import { startTestAgent } from "../cpe/agent_testing.ts";

const IGD = "InternetGatewayDevice.";

async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

Deno.test("agent answers a GetParameterValues task of the project's ACS end to end", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-cpe-acs-" });
  const dbUrl = `file:${dir}/acs.db`;
  const server = await serveAcs({ provisioning: false, hostname: "127.0.0.1", port: 0, dbUrl });
  const db = await createDb(dbUrl);
  const agent = await startTestAgent({ acsUrl: `http://127.0.0.1:${server.port}/acs` });
  try {
    const deviceId = "00D09E-GW-T1";
    const serial = eq(parameters.path, `${IGD}DeviceInfo.SerialNumber`);
    await waitFor(() => agent.logs.some((l) => l.startsWith("session ok:")));
    await enqueueTask(db, {
      deviceId,
      request: { method: "GetParameterValues", parameterNames: [`${IGD}DeviceInfo.`] },
    });
    agent.agent.requestConnection();
    await waitFor(async () => {
      const [task] = await db.select().from(tasks).where(eq(tasks.deviceId, deviceId));
      return task !== undefined && task.state !== "pending" && task.state !== "running";
    });
    const [task] = await db.select().from(tasks).where(eq(tasks.deviceId, deviceId));
    assert.equal(task?.state, "done", JSON.stringify(task));
    // The ACS may batch its writes: wait for the value rather than expect it at once.
    await waitFor(async () => (await db.select().from(parameters).where(serial)).length > 0);
    const [stored] = await db.select().from(parameters).where(serial);
    assert.equal(stored?.value, "T1");
    await waitFor(() =>
      agent.logs.some((l) => /^session ok: events=6 CONNECTION REQUEST rpcs=1 /.test(l))
    );
    // The ACS gave the device its own credentials in the bootstrap session (first contact);
    // the second session authenticated with them.
    assert.match(agent.logs[1] ?? "", /^warning: connection requests are not authenticated /);
    assert.match(agent.logs[2] ?? "", /^session ok: events=0 BOOTSTRAP,1 BOOT rpcs=1 /);
    const saved = JSON.parse(await Deno.readTextFile(`${agent.dir}/state.json`));
    assert.notEqual(saved.model.values[`${IGD}ManagementServer.Username`] ?? "", "");
    assert.notEqual(saved.model.values[`${IGD}ManagementServer.Password`] ?? "", "");
  } finally {
    await agent.stop();
    db.$client.close();
    await server.shutdown();
    await Deno.remove(agent.dir, { recursive: true });
    await Deno.remove(dir, { recursive: true });
  }
});
