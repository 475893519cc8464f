/**
 * The ACS on a remote libSQL database (`http://` URL) served by the Hrana test server
 * (fixtures/hrana_server.ts) over loopback: migrations, whole CWMP sessions in memory and over
 * a socket, a queued task, and a wrong token. What the ACS stored is read back from the
 * server's own SQLite file, so the data provably went over the wire.
 */

import assert from "node:assert/strict";
import Database from "libsql";
import { cookieOf, envelopeXml, informMessage, post } from "../acs/_testing.ts";
import { createAcsApp } from "../acs/app.ts";
import { type AcsDb, createDb, DbUrlError } from "../acs/db/client.ts";
import { migrateDb } from "../acs/db/migrate.ts";
import { serveAcs } from "../acs/serve.ts";
import { createDrizzleStore } from "../acs/store/drizzle_store.ts";
import { createClientExecutor } from "../acs/store/executor.ts";
import type { AcsStore } from "../acs/store/types.ts";
import { enqueueTask } from "../acs/tasks/enqueue.ts";
import { decodeEnvelopes } from "../protocol/soap/envelope.ts";
import { runSession } from "./fixtures/acs_cpe.ts";
import { runCpeSession, testCpe } from "./fixtures/digest_cpe.ts";
import { type HranaServer, startHranaServer } from "./fixtures/hrana_server.ts";

const TOKEN = "test-token-0123456789";
const DEVICE = "00D09E-GW-1";

interface Remote {
  server: HranaServer;
  /** The server's SQLite file. */
  path: string;
}

async function withRemote(fn: (remote: Remote) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-hrana-" });
  const path = `${dir}/remote.db`;
  const server = startHranaServer({ path, authToken: TOKEN });
  try {
    await fn({ server, path });
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
}

async function withStore(
  remote: Remote,
  fn: (db: AcsDb, store: AcsStore) => Promise<void>,
  url = remote.server.url,
): Promise<void> {
  const db = await createDb(url, { authToken: TOKEN });
  let store: AcsStore | undefined;
  try {
    assert.ok((await migrateDb(db)).applied.length > 0);
    store = createDrizzleStore(db, { url });
    await fn(db, store);
  } finally {
    await store?.close();
    db.$client.close();
  }
}

/** Rows of a query on the server's file, through a connection of its own. */
function readFile(path: string, sql: string): Record<string, unknown>[] {
  const db = new Database(path, { timeout: 5000 });
  try {
    return db.prepare(sql).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

Deno.test("createDrizzleStore() over http:// stores a whole CWMP session on the remote server", () =>
  withRemote((remote) =>
    withStore(remote, async (db, store) => {
      assert.deepEqual((await migrateDb(db)).applied, []);
      const app = createAcsApp({ store });
      const pipelinesBefore = remote.server.stats.pipelines;
      const informed = await post(app, envelopeXml(informMessage()));
      assert.equal(informed.status, 200);
      const answer = decodeEnvelopes(await informed.text()).envelopes[0];
      assert.equal(answer?.message?.method, "InformResponse");
      const end = await post(app, null, { cookie: cookieOf(informed) });
      assert.equal(end.status, 204);
      await store.close();

      assert.ok(remote.server.stats.pipelines > pipelinesBefore, "the session used the server");
      assert.ok(remote.server.stats.batonReuses > 0, "migrateDb ran one transaction over batons");
      const devices = readFile(remote.path, "SELECT id, manufacturer, oui FROM devices");
      assert.deepEqual(devices, [{ id: DEVICE, manufacturer: "Acme", oui: "00D09E" }]);
      const params = readFile(remote.path, "SELECT path, value FROM parameters");
      assert.deepEqual(params, [{
        path: "InternetGatewayDevice.DeviceInfo.SoftwareVersion",
        value: "1.0",
      }]);
      const sessions = readFile(remote.path, "SELECT device_id, ended_at, end FROM sessions");
      assert.equal(sessions.length, 1);
      assert.equal(sessions[0]?.["device_id"], DEVICE);
      assert.equal(typeof sessions[0]?.["ended_at"], "number");
    })
  ));

Deno.test("createDb() and serveAcs() refuse a wrong token with one readable DbUrlError", () =>
  withRemote(async ({ server }) => {
    for (const options of [{ authToken: "wrong" }, {}]) {
      await assert.rejects(createDb(server.url, options), (error: unknown) => {
        assert.ok(error instanceof DbUrlError, String(error));
        assert.equal(
          error.message,
          `Cannot open database ${server.url}: SERVER_ERROR: Server returned HTTP status 401 ` +
            "(the auth token is missing or wrong)",
        );
        return true;
      });
    }
    await assert.rejects(
      serveAcs({
        provisioning: false,
        hostname: "127.0.0.1",
        port: 0,
        dbUrl: server.url,
        authToken: "wrong",
      }),
      (error: unknown) => error instanceof DbUrlError && !error.message.includes("\n"),
    );
    // A token in the URL is accepted by @libsql/client and kept out of the message.
    await assert.rejects(createDb(`${server.url}?authToken=secret-in-url`), (error: unknown) => {
      assert.ok(error instanceof DbUrlError);
      assert.match(
        error.message,
        /^Cannot open database http:\/\/127\.0\.0\.1:\d+\?authToken=\*\*\*: /,
      );
      assert.ok(!error.message.includes("secret-in-url"));
      return true;
    });
    const db = await createDb(`${server.url}?authToken=${TOKEN}`);
    db.$client.close();
    assert.equal(server.stats.unauthorized, 4);
    assert.equal(server.stats.streams, 1);
  }));

Deno.test("serveAcs() with an http:// database serves an Inform over a real socket", () =>
  withRemote(async (remote) => {
    const acs = await serveAcs({
      provisioning: false,
      hostname: "127.0.0.1",
      port: 0,
      dbUrl: remote.server.url,
      authToken: TOKEN,
      cpeAuth: { mode: "open" },
    });
    try {
      assert.ok(acs.migrated.length > 0);
      const url = `http://127.0.0.1:${acs.port}/acs`;
      const headers = { "content-type": 'text/xml; charset="utf-8"' };
      const informed = await fetch(url, {
        method: "POST",
        headers,
        body: envelopeXml(informMessage({ events: [{ eventCode: "1 BOOT", commandKey: "" }] })),
      });
      assert.equal(informed.status, 200);
      const answer = decodeEnvelopes(await informed.text()).envelopes[0];
      assert.equal(answer?.message?.method, "InformResponse");
      const end = await fetch(url, { method: "POST", headers: { cookie: cookieOf(informed) } });
      await end.body?.cancel();
      assert.equal(end.status, 204);
    } finally {
      await acs.shutdown();
    }
    const rows = readFile(remote.path, "SELECT id, last_boot FROM devices");
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.["id"], DEVICE);
    assert.equal(typeof rows[0]?.["last_boot"], "number");
  }));

Deno.test("serveAcs() with an http:// database: first contact sets credentials, then Digest", () =>
  withRemote(async (remote) => {
    const acs = await serveAcs({
      provisioning: false,
      hostname: "127.0.0.1",
      port: 0,
      dbUrl: remote.server.url,
      authToken: TOKEN,
    });
    try {
      const url = `http://127.0.0.1:${acs.port}/acs`;
      const cpe = testCpe();
      const first = await runCpeSession(fetch, url, cpe);
      assert.equal(first.end, "done");
      assert.equal(first.requests[0]?.method, "SetParameterValues");
      const second = await runCpeSession(fetch, url, cpe);
      assert.equal(second.end, "done");
      assert.deepEqual(second.statuses.slice(0, 2), [401, 200]);
    } finally {
      await acs.shutdown();
    }
    const rows = readFile(remote.path, "SELECT device_id, state FROM device_credentials");
    assert.deepEqual(rows, [{ device_id: DEVICE, state: "active" }]);
    const secrets = readFile(remote.path, "SELECT length(value) AS n FROM acs_secrets");
    assert.ok(secrets.length > 0 && secrets.every((r) => Number(r["n"]) >= 16));
  }));

Deno.test("enqueueTask() over libsql://?tls=0 is sent in the next session and completed", () =>
  withRemote((remote) =>
    withStore(remote, async (db, store) => {
      const app = createAcsApp({ store });
      await runSession(app); // the device becomes known
      const task = await enqueueTask(db, {
        deviceId: DEVICE,
        request: {
          method: "GetParameterValues",
          parameterNames: ["InternetGatewayDevice.DeviceInfo.UpTime"],
        },
      });
      const session = await runSession(app);
      assert.equal(session.end, "completed");
      assert.deepEqual(session.requests.map((r) => r.method), ["GetParameterValues"]);
      await store.close();

      const rows = readFile(
        remote.path,
        `SELECT state, attempts, json_extract(result, '$.method') AS method FROM tasks
          WHERE id = ${task.id}`,
      );
      assert.deepEqual(rows, [{
        state: "done",
        attempts: 1,
        method: "GetParameterValuesResponse",
      }]);
      const values = readFile(
        remote.path,
        "SELECT value FROM parameters WHERE path = 'InternetGatewayDevice.DeviceInfo.UpTime'",
      );
      assert.deepEqual(values, [{ value: "value of InternetGatewayDevice.DeviceInfo.UpTime" }]);
    }, remote.server.url.replace(/^http:/, "libsql:") + "?tls=0")
  ));

Deno.test("concurrent sessions over http:// all commit, grouped or not", () =>
  withRemote(async (remote) => {
    for (const groupCommit of [true, false]) {
      const db = await createDb(remote.server.url, { authToken: TOKEN });
      await migrateDb(db);
      const store = createDrizzleStore(db, { url: remote.server.url, groupCommit });
      try {
        const app = createAcsApp({ store });
        const serials = Array.from({ length: 12 }, (_, i) => `${groupCommit ? "g" : "s"}${i}`);
        const sessions = await Promise.all(serials.map((serialNumber) =>
          runSession(app, {
            inform: { deviceId: { ...informMessage().deviceId, serialNumber } },
          })
        ));
        assert.ok(sessions.every((s) => s.end === "completed"));
      } finally {
        await store.close();
        db.$client.close();
      }
    }
    const count = readFile(remote.path, "SELECT count(*) AS n FROM sessions WHERE end IS NOT NULL");
    assert.deepEqual(count, [{ n: 24 }]);
  }));

Deno.test("a failed write batch or migration over http:// leaves nothing behind", () =>
  withRemote((remote) =>
    withStore(remote, async (db) => {
      const sql = createClientExecutor(db.$client, { groupCommit: false });
      const insert = "INSERT INTO devices (id, manufacturer, oui, product_class, serial_number, " +
        "cwmp_version, first_inform, last_inform) VALUES (?, 'Acme', '00D09E', 'GW', ?, '1.0', 0, 0)";
      await assert.rejects(
        sql.write([
          { sql: insert, args: ["00D09E-GW-7", "7"] },
          { sql: "INSERT INTO tasks (device_id) VALUES ('no such device')", args: [] },
        ]),
        /NOT NULL constraint failed|FOREIGN KEY constraint failed/,
      );
      await sql.write([{ sql: insert, args: ["00D09E-GW-8", "8"] }]);
      await sql.close();
      assert.deepEqual(readFile(remote.path, "SELECT id FROM devices"), [{ id: "00D09E-GW-8" }]);

      const broken = {
        tag: "9999_broken",
        when: Date.UTC(2100, 0, 1),
        hash: "0",
        statements: ["CREATE TABLE half_done (a)", "CREATE TABLE"],
      };
      await assert.rejects(migrateDb(db, { migrations: [broken] }));
      const tables = readFile(
        remote.path,
        "SELECT name FROM sqlite_master WHERE name = 'half_done'",
      );
      assert.deepEqual(tables, []);
      assert.deepEqual((await migrateDb(db)).applied, []);
    })
  ));
