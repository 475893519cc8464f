/**
 * `cwmp cpe simulate` against the project's own ACS (`serveAcs` on 127.0.0.1, a random port,
 * a `file:` database in a temporary directory, read back through a second connection): many
 * devices register and finish sessions, a Connection Request of the ACS reaches the right
 * device through the one shared listener, a 503 of a full ACS is backed off and retried, and
 * the CLI's JSON summary agrees with the ACS's own session count.
 */

import assert from "node:assert/strict";
import { and, eq, like, sql } from "drizzle-orm";
import { enqueueTaskWithOptions } from "../acs/connection_request/enqueue.ts";
import { type AcsDb, createDb } from "../acs/db/client.ts";
import { devices } from "../acs/db/schema/devices.ts";
import { sessions } from "../acs/db/schema/sessions.ts";
import { type AcsServer, serveAcs, type ServeAcsOptions } from "../acs/serve.ts";
import { run } from "../cli/commands/cpe_simulate.ts";
import { type CliIo, ReadFileError } from "../cli/io.ts";
import { startSimulation } from "../cpe/simulate/simulator.ts";
import { settledTask, waitFor } from "./fixtures/agent_acs.ts";

interface Acs {
  server: AcsServer;
  db: AcsDb;
  url: string;
}

// Fast retries and a short session timeout, so that failures cost milliseconds.
const FAST = { retry: { minWaitSeconds: 0.05, maxWaitSeconds: 0.4 } };

async function withAcs(
  fn: (acs: Acs) => Promise<void>,
  options: Omit<ServeAcsOptions, "hostname" | "port" | "dbUrl"> = {},
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-simulate-test-" });
  const dbUrl = `file:${dir}/acs.db`;
  const server = await serveAcs({
    provisioning: false,
    ...options,
    hostname: "127.0.0.1",
    port: 0,
    dbUrl,
  });
  const db = await createDb(dbUrl);
  try {
    await fn({ server, db, url: `http://127.0.0.1:${server.port}/acs` });
  } finally {
    db.$client.close();
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
}

async function completedSessions(db: AcsDb): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(sessions)
    .where(eq(sessions.end, "completed"));
  return Number(row?.n ?? 0);
}

async function simulatedDevices(db: AcsDb, prefix: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(devices)
    .where(like(devices.serialNumber, `${prefix}%`));
  return Number(row?.n ?? 0);
}

// The ACS may coalesce its writes: wait until its count settles at the simulator's.
async function assertAcsSessions(db: AcsDb, expected: number): Promise<void> {
  await waitFor(async () => await completedSessions(db) >= expected, 5_000).catch(() => {});
  assert.equal(await completedSessions(db), expected);
}

Deno.test("cpe simulate: 50 devices register with an open ACS and finish their sessions", () =>
  withAcs(async ({ db, url }) => {
    const simulation = await startSimulation({
      acsUrl: url,
      count: 50,
      serialPrefix: "OPEN",
      rampUpSeconds: 0.5,
      intervalSeconds: 3600,
      sessionTimeoutSeconds: 5,
      config: FAST,
    });
    try {
      await waitFor(() => simulation.stats.snapshot().online === 50, 20_000);
    } finally {
      simulation.stop();
    }
    const summary = await simulation.finished;
    assert.equal(summary.devices, 50);
    assert.equal(summary.online, 50);
    assert.equal(summary.events["0 BOOTSTRAP"], 50);
    assert.equal(summary.events["1 BOOT"], 50);
    assert.equal(await simulatedDevices(db, "OPEN"), 50);
    await assertAcsSessions(db, summary.sessions);
    const [row] = await db.select({ n: sql<number>`count(distinct ${sessions.deviceId})` })
      .from(sessions).where(eq(sessions.end, "completed"));
    assert.equal(Number(row?.n), 50, "every device has a completed session");
  }, { cpeAuth: { mode: "open" } }));

Deno.test("cpe simulate: first contact, then a Connection Request of the ACS through the shared listener reaches its device", () =>
  withAcs(async ({ db, url }) => {
    const simulation = await startSimulation({
      acsUrl: url,
      count: 50,
      rampUpSeconds: 0.5,
      intervalSeconds: 3600,
      sessionTimeoutSeconds: 5,
      listen: { hostname: "127.0.0.1", port: 0 },
      config: FAST,
    });
    try {
      await waitFor(() => simulation.stats.snapshot().online === 50, 20_000);
      assert.equal(await simulatedDevices(db, "SIM"), 50);
      const target = simulation.device(6);
      assert.equal(target.serialNumber, "SIM7");
      assert.match(
        target.connectionRequestUrl ?? "",
        new RegExp(`^http://127\\.0\\.0\\.1:${simulation.listenPort}/cr/[0-9a-f]{32}$`),
      );
      // Another device's path on the same port is someone else: a bare GET elsewhere is 404.
      const stray = await fetch(`http://127.0.0.1:${simulation.listenPort}/cr/nobody`);
      await stray.body?.cancel();
      assert.equal(stray.status, 404);
      const [device] = await db.select().from(devices).where(eq(devices.serialNumber, "SIM7"));
      assert.ok(device);
      const before = simulation.stats.snapshot();
      // The ACS answers the device's Digest challenge with the credentials it gave at first contact.
      const { task, connectionRequest } = await enqueueTaskWithOptions({ db }, {
        deviceId: device.id,
        request: {
          method: "GetParameterValues",
          parameterNames: ["InternetGatewayDevice.DeviceInfo.SerialNumber"],
        },
      }, { connectionRequest: true });
      assert.equal(connectionRequest?.result, "ok", JSON.stringify(connectionRequest));
      assert.equal(connectionRequest?.url, target.connectionRequestUrl);
      assert.equal((await settledTask(db, task.id)).state, "done");
      await waitFor(() => simulation.stats.snapshot().events["6 CONNECTION REQUEST"] === 1);
      const after = simulation.stats.snapshot();
      assert.equal(after.connectionRequests, 1);
      assert.equal(after.sessions, before.sessions + 1);
      const [latest] = await db.select().from(sessions)
        .where(and(eq(sessions.end, "completed")))
        .orderBy(sql`${sessions.startedAt} desc`).limit(1);
      assert.equal(latest?.deviceId, device.id);
    } finally {
      simulation.stop();
    }
    const summary = await simulation.finished;
    await assertAcsSessions(db, summary.sessions);
  }));

Deno.test("cpe simulate: a full ACS answers 503; the devices back off and all get in", () =>
  withAcs(async ({ db, url }) => {
    const simulation = await startSimulation({
      acsUrl: url,
      count: 20,
      serialPrefix: "BUSY",
      rampUpSeconds: 0,
      intervalSeconds: 3600,
      sessionTimeoutSeconds: 5,
      config: FAST,
    });
    try {
      await waitFor(() => simulation.stats.snapshot().online === 20, 20_000);
    } finally {
      simulation.stop();
    }
    const summary = await simulation.finished;
    assert.ok(summary.faults > 0, `some sessions were refused: ${JSON.stringify(summary)}`);
    assert.ok(summary.retries > 0);
    assert.equal(summary.online, 20);
    assert.equal(await simulatedDevices(db, "BUSY"), 20);
    await assertAcsSessions(db, summary.sessions);
  }, { cpeAuth: { mode: "open" }, app: { maxSessions: 2, retryAfterSeconds: 1 } }));

Deno.test("cwmp cpe simulate --duration stops it and its JSON summary matches the ACS's session count", () =>
  withAcs(async ({ db, url }) => {
    let stdout = "";
    let stderr = "";
    const io: CliIo = {
      stdout: { write: (text) => void (stdout += text) },
      stderr: { write: (text) => void (stderr += text) },
      readStdin: () => Promise.resolve(new Uint8Array()),
      readFile: (path) => Deno.readFile(path),
      env: () => undefined,
      isTerminal: { stdin: false, stdout: false, stderr: false },
    };
    const started = Date.now();
    const code = await run(
      {
        acs: url,
        count: "5",
        serialPrefix: "CLI",
        interval: "1",
        bootStorm: true,
        duration: "2.5",
        json: true,
      },
      io,
      { stop: new Promise(() => {}) },
    );
    const elapsed = Date.now() - started;
    assert.equal(code, 0, stderr);
    assert.equal(stderr, "", "no display and no log without a terminal");
    assert.ok(elapsed < 10_000, `stopped after ${elapsed} ms`);
    const summary = JSON.parse(stdout);
    assert.equal(summary.version, 1);
    assert.equal(summary.devices, 5);
    assert.ok(summary.elapsedSeconds >= 2.5 && summary.elapsedSeconds < 10);
    assert.ok(summary.events["2 PERIODIC"] >= 5, JSON.stringify(summary.events));
    // The traffic counter has passive notification: periodic Informs report its change.
    assert.ok(summary.events["4 VALUE CHANGE"] >= 5, JSON.stringify(summary.events));
    for (const key of ["sessions", "sessionsPerSecond", "faults", "retries"]) {
      assert.equal(typeof summary[key], "number", key);
    }
    assert.ok(summary.latencyMs.p50 > 0 && summary.latencyMs.p99 >= summary.latencyMs.p50);
    assert.equal(await simulatedDevices(db, "CLI"), 5);
    await assertAcsSessions(db, summary.sessions);
  }, { cpeAuth: { mode: "open" } }));

Deno.test("cwmp cpe simulate refuses wrong flags with a UsageError (exit 2)", async () => {
  const cases: { opts: Parameters<typeof run>[0]; line: RegExp }[] = [
    { opts: { acs: "ftp://x/", count: "1" }, line: /--acs 'ftp:\/\/x\/' is not an http/ },
    { opts: { acs: "http://x/", count: "0" }, line: /--count must be an integer of at least 1/ },
    {
      opts: { acs: "http://x/", count: "1", rampUp: "1", bootStorm: true },
      line: /--boot-storm and --ramp-up exclude each other/,
    },
    { opts: { acs: "http://x/", count: "1", listen: "nope" }, line: /--listen.*'nope'/ },
    { opts: { acs: "http://x/", count: "1", model: "/none.csv" }, line: /Cannot read model/ },
  ];
  for (const { opts, line } of cases) {
    let caught: unknown;
    try {
      await run(opts, {
        stdout: { write: () => {} },
        stderr: { write: () => {} },
        readStdin: () => Promise.resolve(new Uint8Array()),
        readFile: (path) => Promise.reject(new ReadFileError(path, "No such file")),
        env: () => undefined,
        isTerminal: { stdin: false, stdout: false, stderr: false },
      });
    } catch (error) {
      caught = error;
    }
    assert.ok(caught instanceof Error && caught.name === "UsageError", String(caught));
    assert.match(caught.message, line);
  }
});
