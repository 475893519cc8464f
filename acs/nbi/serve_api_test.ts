import assert from "node:assert/strict";
import { envelopeXml, informMessage } from "../_testing.ts";
import { createDb } from "../db/client.ts";
import { migrateDb } from "../db/migrate.ts";
import { serveAcs } from "../serve.ts";
import { createApiToken } from "./tokens.ts";

Deno.test("serveAcs() serves the NBI on its own socket, over the CWMP side's database and counters", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-nbi-" });
  const dbUrl = `file:${dir}/acs.db`;
  try {
    const setup = await createDb(dbUrl);
    await migrateDb(setup);
    const { token } = await createApiToken(setup, { name: "socket test" });
    setup.$client.close();
    const server = await serveAcs({
      provisioning: false,
      hostname: "127.0.0.1",
      port: 0,
      dbUrl,
      cpeAuth: { mode: "open" },
      api: { hostname: "127.0.0.1", port: 0 },
    });
    try {
      assert.ok(server.api !== undefined);
      assert.notEqual(server.api.port, server.port);
      assert.equal(server.api.hasToken, true);
      const api = `http://127.0.0.1:${server.api.port}`;
      const signal = (): AbortSignal => AbortSignal.timeout(5000);
      const refused = await fetch(`${api}/api/devices`, { signal: signal() });
      assert.equal(refused.status, 401);
      await refused.body?.cancel();
      // The NBI is not on the CWMP port, and CWMP is not on the API port.
      const cwmp = `http://127.0.0.1:${server.port}`;
      const notApi = await fetch(`${cwmp}/api/devices`, { signal: signal() });
      assert.equal(notApi.status, 405);
      await notApi.body?.cancel();
      const inform = await fetch(`${cwmp}/`, {
        method: "POST",
        body: envelopeXml(informMessage()),
        headers: { "content-type": "text/xml" },
        signal: signal(),
      });
      assert.equal(inform.status, 200);
      const cookie = inform.headers.get("set-cookie")?.split(";")[0] ?? "";
      await inform.body?.cancel();
      const end = await fetch(`${cwmp}/`, {
        method: "POST",
        headers: { cookie },
        signal: signal(),
      });
      assert.equal(end.status, 204);
      await end.body?.cancel();
      const auth = { authorization: `Bearer ${token}` };
      const devices = await (await fetch(`${api}/api/devices`, { headers: auth, signal: signal() }))
        .json();
      assert.deepEqual(devices.items.map((d: { id: string }) => d.id), ["00D09E-GW-1"]);
      const metrics = await (await fetch(`${api}/metrics`, { headers: auth, signal: signal() }))
        .text();
      assert.match(metrics, /\ncwmp_sessions_started_total 1\n/);
      assert.match(metrics, /\ncwmp_sessions_ended_total\{end="completed"\} 1\n/);
      assert.match(metrics, /\ncwmp_devices 1\n/);
    } finally {
      await server.shutdown();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
