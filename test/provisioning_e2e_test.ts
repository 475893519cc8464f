/**
 * Provisioning against the project's CPE agent over loopback: the built-in bootstrap policy on
 * the first session; a preset put through the API reaching the device (a value, a keyed object
 * instance, a tag, a notification attribute); a later session sending no RPC; a preset that
 * faults or does not converge recorded against the preset, the others still applied.
 */

import assert from "node:assert/strict";
import { createDb } from "../acs/db/client.ts";
import { migrateDb } from "../acs/db/migrate.ts";
import { createApiToken } from "../acs/nbi/tokens.ts";
import { informOffsetSeconds } from "../acs/provisioning/bootstrap_policy.ts";
import { type AcsServer, serveAcs, type ServeAcsOptions } from "../acs/serve.ts";
import { startTestAgent, type TestAgent } from "../cpe/agent_testing.ts";

const DEVICE = "00D09E-GW-T1";
const IGD = "InternetGatewayDevice.";
const FORWARDING = `${IGD}Layer3Forwarding.Forwarding.`;

interface Fixture {
  server: AcsServer;
  agent: TestAgent;
  dbUrl: string;
  api(path: string, init?: RequestInit): Promise<Response>;
  /** Waits for the agent's next session to end, after `trigger`. */
  session(trigger?: () => void): Promise<string>;
  close(): Promise<void>;
}

async function waitFor(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function start(
  provisioning?: ServeAcsOptions["provisioning"],
  agentConfig?: Record<string, unknown>,
): Promise<Fixture> {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-prov-e2e-" });
  const dbUrl = `file:${dir}/acs.db`;
  const setup = await createDb(dbUrl);
  await migrateDb(setup);
  const { token } = await createApiToken(setup, { name: "provisioning e2e" });
  setup.$client.close();
  const server = await serveAcs({
    hostname: "127.0.0.1",
    port: 0,
    dbUrl,
    api: { hostname: "127.0.0.1", port: 0 },
    cpeAuth: { mode: "open" },
    ...(provisioning === undefined ? {} : { provisioning }),
  });
  const base = `http://127.0.0.1:${server.api?.port}`;
  const api = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(base + path, {
      ...init,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    });
  const agent = await startTestAgent({
    acsUrl: `http://127.0.0.1:${server.port}/acs`,
    ...(agentConfig === undefined ? {} : { config: agentConfig }),
  });
  const sessions = (): number => agent.logs.filter((l) => l.startsWith("session ")).length;
  const session = async (trigger?: () => void): Promise<string> => {
    const before = sessions();
    trigger?.();
    await waitFor(() => sessions() > before);
    return agent.logs.filter((l) => l.startsWith("session "))[before] ?? "";
  };
  await waitFor(() => sessions() > 0);
  return {
    server,
    agent,
    dbUrl,
    api,
    session,
    close: async () => {
      await agent.stop();
      await server.shutdown();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

async function json(response: Promise<Response>): Promise<Record<string, unknown>> {
  const r = await response;
  const body = await r.json();
  assert.ok(r.ok, `${r.status}: ${JSON.stringify(body)}`);
  return body;
}

/** The device's own answer to a request queued through the API (with a connection request). */
async function ask(f: Fixture, request: Record<string, unknown>): Promise<Record<string, unknown>> {
  const sessions = (): number => f.agent.logs.filter((l) => l.startsWith("session ")).length;
  const before = sessions();
  const body = await json(f.api(`/api/devices/${DEVICE}/tasks`, {
    method: "POST",
    body: JSON.stringify({ request, timeout: 10 }),
  }));
  const task = body["task"] as Record<string, unknown> | undefined ?? body;
  assert.equal(task["state"], "done", JSON.stringify(body));
  // The task's answer comes before its session ends: let it end, so the next one is new.
  await waitFor(() => sessions() > before);
  return task["result"] as Record<string, unknown>;
}

async function values(f: Fixture, names: string[]): Promise<Map<string, string>> {
  const result = await ask(f, { method: "GetParameterValues", parameterNames: names });
  const list = result["parameterList"] as { name: string; value: string }[];
  return new Map(list.map((p) => [p.name, p.value]));
}

/** Exchanges (HTTP requests) of the device's last session, from the ACS's store. */
async function lastExchanges(f: Fixture): Promise<number> {
  const db = await createDb(f.dbUrl);
  try {
    const rows = await db.$client.execute(
      "SELECT exchanges FROM sessions WHERE device_id = ? ORDER BY started_at DESC LIMIT 1",
      [DEVICE],
    );
    return Number(rows.rows[0]?.["exchanges"]);
  } finally {
    db.$client.close();
  }
}

async function presetFaults(
  f: Fixture,
): Promise<{ preset_id: string; code: number; string: string }[]> {
  const db = await createDb(f.dbUrl);
  try {
    const rows = await db.$client.execute(
      "SELECT preset_id, code, string FROM faults WHERE preset_id IS NOT NULL ORDER BY id",
    );
    return rows.rows.map((r) => ({
      preset_id: String(r["preset_id"]),
      code: Number(r["code"]),
      string: String(r["string"]),
    }));
  } finally {
    db.$client.close();
  }
}

Deno.test("bootstrap policy: the first session turns periodic Informs on with the device's offset", async () => {
  const f = await start();
  try {
    const ms = `${IGD}ManagementServer.`;
    const got = await values(f, [ms]);
    assert.match(got.get(`${ms}PeriodicInformEnable`) ?? "", /^(1|true)$/);
    assert.equal(got.get(`${ms}PeriodicInformInterval`), "3600");
    const offset = informOffsetSeconds(DEVICE, 3600);
    assert.equal(Date.parse(got.get(`${ms}PeriodicInformTime`) ?? ""), offset * 1000);
    // DeviceInfo was read afresh into the ACS's cache.
    const device = await json(f.api(`/api/devices/${DEVICE}`));
    const cached = (device["parameters"] as { path: string }[]).map((p) => p.path);
    assert.ok(cached.includes(`${IGD}DeviceInfo.Manufacturer`), cached.join(" "));
  } finally {
    await f.close();
  }
});

Deno.test("a preset reaches the device; the next session sends no RPC", async () => {
  const f = await start({ bootstrap: null });
  try {
    const ntp = `${IGD}Time.NTPServer1`;
    const put = await f.api("/api/presets/lab", {
      method: "PUT",
      body: JSON.stringify({
        precondition: { productClass: "GW", param: [`${IGD}DeviceInfo.SerialNumber=T1`] },
        desired: {
          values: [{ name: ntp, value: "ntp.example" }],
          objects: [{
            path: FORWARDING,
            keys: { DestIPAddress: "10.9.0.0" },
            values: { DestSubnetMask: "255.255.0.0", Enable: "true" },
          }],
          tags: { add: ["provisioned"] },
          attributes: [{ name: ntp, notification: 1 }],
        },
      }),
    });
    assert.equal(put.status, 201, await put.text());
    // SerialNumber is not cached yet (no bootstrap policy): the precondition fails at first.
    const skipped = await f.session(() => f.agent.agent.requestConnection());
    assert.match(skipped, /^session ok/);
    assert.equal(await lastExchanges(f), 2);

    // Once SerialNumber is cached, the same session (after its task) provisions the device.
    await ask(f, { method: "GetParameterValues", parameterNames: [`${IGD}DeviceInfo.`] });
    const provisioned = await lastExchanges(f);
    assert.ok(provisioned > 4, `only ${provisioned} exchanges`);
    await f.session(() => f.agent.agent.requestConnection());
    assert.equal(await lastExchanges(f), 2, "a converged device gets no RPC");

    const got = await values(f, [ntp, FORWARDING]);
    assert.equal(got.get(ntp), "ntp.example");
    const instance = [...got].find(([k, v]) => k.endsWith(".DestIPAddress") && v === "10.9.0.0");
    assert.ok(instance, [...got.keys()].join(" "));
    const base = instance[0].replace(/DestIPAddress$/, "");
    assert.equal(got.get(`${base}DestSubnetMask`), "255.255.0.0");
    const attrs = await ask(f, { method: "GetParameterAttributes", parameterNames: [ntp] });
    const list = attrs["parameterList"] as { notification: number }[];
    assert.equal(list[0]?.notification, 1);
    const device = await json(f.api(`/api/devices/${DEVICE}`));
    assert.deepEqual(device["tags"], ["provisioned"]);
    assert.deepEqual(await presetFaults(f), []);
  } finally {
    await f.close();
  }
});

Deno.test("a faulting preset is recorded and backs off; a non-converging one hits the bound", async () => {
  const f = await start({ bootstrap: null, maxRounds: 3 });
  try {
    const preset = (id: string, desired: Record<string, unknown>) =>
      f.api(`/api/presets/${id}`, { method: "PUT", body: JSON.stringify({ desired }) })
        .then(async (r) => assert.equal(r.status, 201, await r.text()));
    await preset("broken", { values: [{ name: `${IGD}Nope.Missing`, value: "1" }] });
    await preset("good", { values: [{ name: `${IGD}Time.NTPServer2`, value: "ntp2.example" }] });
    await preset("greedy", { objects: [{ path: FORWARDING, count: 6 }] });
    await f.session(() => f.agent.agent.requestConnection());

    const faults = await presetFaults(f);
    const broken = faults.find((x) => x.preset_id === "broken");
    assert.equal(broken?.code, 9005, JSON.stringify(faults));
    const greedy = faults.find((x) => x.preset_id === "greedy");
    assert.match(greedy?.string ?? "", /did not converge in 3 requests/);
    assert.equal(faults.length, 2, JSON.stringify(faults));

    // The others wait (back-off); the good one, cut short by the bound, is applied now.
    await f.session(() => f.agent.agent.requestConnection());
    assert.equal(await lastExchanges(f), 3, "Inform, empty POST, SetParameterValuesResponse");
    await f.session(() => f.agent.agent.requestConnection());
    assert.equal(await lastExchanges(f), 2);
    const got = await values(f, [`${IGD}Time.NTPServer2`]);
    assert.equal(got.get(`${IGD}Time.NTPServer2`), "ntp2.example");
    assert.equal((await presetFaults(f)).length, 2);
  } finally {
    await f.close();
  }
});

Deno.test("a preset's software version: one Download of the matching file, then converged", async () => {
  const f = await start({ bootstrap: null }, { downloads: { simulatedFirmware: true } });
  try {
    const image = new TextEncoder().encode("CWMP-SIM-FIRMWARE 2.0\n" + "x".repeat(4096));
    const query = "name=gw-2.0.bin&type=1%20Firmware%20Upgrade%20Image&productClass=GW&version=2.0";
    const stored = await f.api(`/api/files?${query}`, { method: "POST", body: image });
    assert.equal(stored.status, 201, await stored.text());
    const put = await f.api("/api/presets/firmware", {
      method: "PUT",
      body: JSON.stringify({ desired: { softwareVersion: { version: "2.0" } } }),
    });
    assert.equal(put.status, 201, await put.text());
    await f.session(() => f.agent.agent.requestConnection());
    // The device reboots into 2.0 and reports it with M Download.
    await waitFor(() => f.agent.logs.some((l) => /^session ok: .*M Download/.test(l)));
    const sv = `${IGD}DeviceInfo.SoftwareVersion`;
    const device = await json(f.api(`/api/devices/${DEVICE}`));
    const cached = (device["parameters"] as { path: string; value: string }[])
      .find((p) => p.path === sv);
    assert.equal(cached?.value, "2.0");
    const tasks = await json(f.api(`/api/tasks?device=${DEVICE}`));
    const downloads = (tasks["items"] as { method: string; state: string }[])
      .filter((t) => t.method === "Download");
    assert.deepEqual(downloads.map((t) => t.state), ["done"]);
    await f.session(() => f.agent.agent.requestConnection());
    assert.equal(await lastExchanges(f), 2, "at 2.0 nothing more is sent");
    assert.deepEqual(await presetFaults(f), []);
  } finally {
    await f.close();
  }
});
