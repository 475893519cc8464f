/**
 * The CLI against the real thing: `serveAcs` with its northbound API on loopback, an API token,
 * and the project's CPE agent. `cwmp get`, `set`, `reboot`, `files upload` and `download` go
 * through `runCli` with the real fetch: task, Connection Request, session, answer.
 */

import assert from "node:assert/strict";
import { createDb } from "../acs/db/client.ts";
import { migrateDb } from "../acs/db/migrate.ts";
import { createApiToken } from "../acs/nbi/tokens.ts";
import { serveAcs } from "../acs/serve.ts";
import { startTestAgent } from "../cpe/agent_testing.ts";
import { runInMemory } from "./fixtures/cli/run.ts";

const DEVICE = "00D09E-GW-T1";
const IGD = "InternetGatewayDevice.";

async function waitFor(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

Deno.test("cwmp get, set, reboot and download reach the project's CPE agent through the ACS's API", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-cli-e2e-" });
  const dbUrl = `file:${dir}/acs.db`;
  const setup = await createDb(dbUrl);
  await migrateDb(setup);
  const { token } = await createApiToken(setup, { name: "cli e2e" });
  setup.$client.close();
  const server = await serveAcs({
    hostname: "127.0.0.1",
    port: 0,
    dbUrl,
    api: { hostname: "127.0.0.1", port: 0 },
  });
  const agent = await startTestAgent({ acsUrl: `http://127.0.0.1:${server.port}/acs` });
  try {
    assert.ok(server.api);
    const env = { CWMP_SERVER: `http://127.0.0.1:${server.api.port}`, CWMP_TOKEN: token };
    const cwmp = (args: string[]) => runInMemory(args, { env });
    // The first (bootstrap) session registers the device.
    await waitFor(() => agent.logs.some((l) => l.startsWith("session ok:")));

    let started = Date.now();
    const get = await cwmp(["get", DEVICE, `${IGD}DeviceInfo.`, "--timeout", "10"]);
    const getMs = Date.now() - started;
    assert.equal(get.code, 0, get.stderr);
    assert.equal(get.stderr, "");
    assert.match(get.stdout, /^PATH +VALUE +TYPE\n/);
    assert.match(get.stdout, /^InternetGatewayDevice\.DeviceInfo\.SerialNumber +T1 +string$/m);
    assert.match(
      get.stdout,
      /^InternetGatewayDevice\.DeviceInfo\.ManufacturerOUI +00D09E +string$/m,
    );
    assert.ok(getMs < 3000, `get took ${getMs} ms`);

    const interval = `${IGD}ManagementServer.PeriodicInformInterval`;
    started = Date.now();
    const set = await cwmp(["set", DEVICE, `${interval}=120`, "--timeout", "10"]);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /^applied/);
    assert.ok(Date.now() - started < 3000, `set took ${Date.now() - started} ms`);
    const check = await cwmp(["get", DEVICE, interval, "--json"]);
    assert.equal(check.code, 0, check.stderr);
    assert.deepEqual(JSON.parse(check.stdout).task.result.parameterList, [
      { name: interval, value: "120", type: "unsignedInt" },
    ]);

    const reboot = await cwmp(["reboot", DEVICE, "--command-key", "cli-e2e", "--timeout", "10"]);
    assert.equal(reboot.code, 0, reboot.stderr);
    assert.equal(reboot.stdout, `${DEVICE} is rebooting\n`);
    // The agent comes back with 1 BOOT and M Reboot.
    await waitFor(() => agent.logs.some((l) => /^session ok: events=.*M Reboot/.test(l)));

    // A firmware image uploaded through the API, then downloaded by the device from the ACS.
    const image = new TextEncoder().encode("firmware 2.0\n".repeat(1000));
    const stored = await runInMemory(
      ["files", "upload", "fw-2.0.bin", "--type", "firmware", "--json"],
      { env, files: { "fw-2.0.bin": image } },
    );
    assert.equal(stored.code, 0, stored.stderr);
    const file = JSON.parse(stored.stdout).file;
    assert.equal(file.size, image.byteLength);
    const download = await cwmp([
      "download",
      DEVICE,
      "--file",
      String(file.id),
      "--acs-url",
      `http://127.0.0.1:${server.port}/`,
      "--timeout",
      "10",
      "--json",
    ]);
    assert.equal(download.code, 0, download.stderr);
    const queued = JSON.parse(download.stdout).task;
    assert.equal(queued.request.url, `http://127.0.0.1:${server.port}/files/fw-2.0.bin`);
    // Settled by the device's TransferComplete, matched to the task by its CommandKey.
    await waitFor(() => agent.logs.some((l) => /^session ok: events=.*M Download/.test(l)));
    const shown = await cwmp(["tasks", "show", String(queued.id), "--json"]);
    assert.equal(JSON.parse(shown.stdout).task.state, "done", shown.stdout);
    const received = await Deno.readFile(`${agent.dir}/downloads/fw-2.0.bin`);
    assert.deepEqual(received, image);

    const fault = await cwmp(["get", DEVICE, `${IGD}No.Such.Parameter`, "--timeout", "10"]);
    assert.equal(fault.code, 1);
    assert.match(
      fault.stderr,
      /^cwmp get: 00D09E-GW-T1 answered GetParameterValues with fault 9005: /,
    );
  } finally {
    await agent.stop();
    await server.shutdown();
    await Deno.remove(agent.dir, { recursive: true });
    await Deno.remove(dir, { recursive: true });
  }
});
