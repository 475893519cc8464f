/**
 * Connection Requests over real loopback sockets: a CPE-side listener (Deno.serve on port 0)
 * that checks Digest with the protocol core, a dead port, a silent peer, a peer that drops the
 * connection after its 401, and a request that makes the CPE run a session with the ACS.
 */

import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { setDeviceCredentials } from "../acs/auth/credentials.ts";
import { requestConnection } from "../acs/connection_request/request.ts";
import { enqueueTaskWithOptions } from "../acs/connection_request/enqueue.ts";
import { createDb } from "../acs/db/client.ts";
import { createTestDb } from "../acs/db/_testing.ts";
import type { AcsDb } from "../acs/db/client.ts";
import { connectionRequests } from "../acs/db/schema/connection_requests.ts";
import { serveAcs } from "../acs/serve.ts";
import { createDrizzleStore } from "../acs/store/drizzle_store.ts";
import { buildBasicChallenge, buildChallenge } from "../protocol/auth/challenge.ts";
import { parseAuthorization } from "../protocol/auth/credentials.ts";
import { createNonce } from "../protocol/auth/nonce.ts";
import { verifyAuthorization } from "../protocol/auth/verify.ts";
import { runCpeSession, testCpe } from "./fixtures/digest_cpe.ts";

const DEVICE = "00D09E-GW-1";
const CR_URL = "InternetGatewayDevice.ManagementServer.ConnectionRequestURL";

interface CrListener {
  url: string;
  /** Authenticated GETs accepted. */
  accepted: number;
  /** GETs answered 401. */
  challenged: number;
  close(): Promise<void>;
}

/** A CPE's Connection Request server: Digest (or Basic only) with the given credentials. */
function crListener(
  credentials: () => { username: string; password: string } | undefined,
  options: { basicOnly?: boolean; onAccept?: () => void } = {},
): CrListener {
  const secret = "cpe nonce secret";
  const state = { accepted: 0, challenged: 0 };
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (request) => {
    const parsed = parseAuthorization(request.headers.get("authorization"));
    const known = credentials();
    if (parsed.ok && known !== undefined && parsed.credentials.username === known.username) {
      const result = verifyAuthorization(parsed.credentials, {
        realm: "cpe",
        method: request.method,
        uri: new URL(request.url).pathname,
        secret: { password: known.password },
        nonceSecret: secret,
        now: Date.now(),
        allowBasic: options.basicOnly ?? false,
      });
      if (result.ok) {
        state.accepted++;
        options.onAccept?.();
        return new Response(null, { status: 204 });
      }
    }
    state.challenged++;
    const nonce = createNonce({ secret, now: Date.now(), randomHex: (n) => "ab".repeat(n) });
    const challenge = options.basicOnly
      ? buildBasicChallenge("cpe")
      : buildChallenge({ realm: "cpe", nonce, qop: ["auth"] });
    return new Response("", { status: 401, headers: { "www-authenticate": challenge } });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/cr/6f1a`,
    get accepted() {
      return state.accepted;
    },
    get challenged() {
      return state.challenged;
    },
    close: () => server.shutdown(),
  };
}

/** A known device whose last Inform reported `url`. */
async function deviceWithUrl(db: AcsDb, url: string): Promise<void> {
  await createDrizzleStore(db).recordInform({
    sessionId: crypto.randomUUID(),
    deviceId: DEVICE,
    deviceIdStruct: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: "1" },
    cwmpVersion: "1.0",
    events: [],
    parameters: [{ name: CR_URL, type: "string", value: url }],
    time: new Date(0),
    remoteAddress: null,
  });
}

const CR = { username: "acs-cr", password: "cr-secret" };

async function provision(db: AcsDb, crPassword: string): Promise<void> {
  await setDeviceCredentials(db, DEVICE, {
    username: "00D09E-1",
    password: "pw",
    connectionRequestUsername: CR.username,
    connectionRequestPassword: crPassword,
  });
}

Deno.test("requestConnection() answers the CPE's Digest challenge and records ok", async () => {
  const listener = crListener(() => CR);
  const db = await createTestDb();
  try {
    await deviceWithUrl(db, listener.url);
    await provision(db, CR.password);
    const record = await requestConnection({ db }, DEVICE);
    assert.equal(record.result, "ok", record.detail);
    assert.equal(record.status, 204);
    assert.equal(record.url, listener.url);
    assert.equal(listener.accepted, 1);
    const [stored] = await db.select().from(connectionRequests);
    assert.equal(stored?.result, "ok");
    assert.match(stored?.detail ?? "", /Digest/);
  } finally {
    db.$client.close();
    await listener.close();
  }
});

Deno.test("requestConnection() records a wrong password as auth-failed", async () => {
  const listener = crListener(() => CR);
  const db = await createTestDb();
  try {
    await deviceWithUrl(db, listener.url);
    await provision(db, "wrong");
    const record = await requestConnection({ db }, DEVICE);
    assert.equal(record.result, "auth-failed");
    assert.equal(record.status, 401);
    assert.equal(listener.accepted, 0);
    assert.equal(listener.challenged, 2);
    // No credentials at all: the CPE's 401 cannot be answered.
    await db.$client.execute("DELETE FROM device_credentials");
    assert.equal((await requestConnection({ db }, DEVICE)).result, "auth-failed");
  } finally {
    db.$client.close();
    await listener.close();
  }
});

Deno.test("requestConnection() answers Basic only when allowed", async () => {
  const listener = crListener(() => CR, { basicOnly: true });
  const db = await createTestDb();
  try {
    await deviceWithUrl(db, listener.url);
    await provision(db, CR.password);
    const refused = await requestConnection({ db }, DEVICE);
    assert.equal(refused.result, "auth-failed");
    assert.match(refused.detail, /Basic/);
    assert.equal(listener.challenged, 1);
    const allowed = await requestConnection({ db, allowBasic: true }, DEVICE);
    assert.equal(allowed.result, "ok", allowed.detail);
  } finally {
    db.$client.close();
    await listener.close();
  }
});

Deno.test("requestConnection() records a dead port as unreachable and a silent peer as timeout", async () => {
  const db = await createTestDb();
  const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const deadPort = closed.addr.port;
  closed.close();
  const silent = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const held: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of silent) held.push(conn);
  })();
  try {
    await deviceWithUrl(db, `http://127.0.0.1:${deadPort}/cr`);
    const dead = await requestConnection({ db }, DEVICE);
    assert.equal(dead.result, "unreachable");
    assert.match(dead.detail, /^Cannot reach the CPE: /);

    await deviceWithUrl(db, `http://127.0.0.1:${silent.addr.port}/cr`);
    const quiet = await requestConnection({ db, timeoutMs: 200 }, DEVICE);
    assert.equal(quiet.result, "timeout");

    for (const url of ["ftp://127.0.0.1/cr", "not a url", "http://user:pw@127.0.0.1/"]) {
      await deviceWithUrl(db, url);
      const refused = await requestConnection({ db }, DEVICE);
      assert.equal(refused.result, "no-url", url);
    }
    const results = (await db.select().from(connectionRequests)).map((r) => r.result);
    assert.deepEqual(results, ["unreachable", "timeout", "no-url", "no-url", "no-url"]);
  } finally {
    silent.close();
    held.forEach((conn) => conn.close());
    await accepting.catch(() => {});
    db.$client.close();
  }
});

Deno.test("requestConnection() asks once more when the CPE drops the connection after its 401", async () => {
  const db = await createTestDb();
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  let authorized = 0;
  const serving = (async () => {
    for await (const conn of listener) {
      const buffer = new Uint8Array(4096);
      const read = await conn.read(buffer);
      const head = new TextDecoder().decode(buffer.subarray(0, read ?? 0));
      if (!/^authorization:/im.test(head)) {
        const nonce = createNonce({
          secret: "s",
          now: Date.now(),
          randomHex: (n) => "cd".repeat(n),
        });
        const challenge = buildChallenge({ realm: "cpe", nonce, qop: ["auth"] });
        await conn.write(new TextEncoder().encode(
          `HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: ${challenge}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
        ));
      } else if (++authorized === 2) {
        await conn.write(new TextEncoder().encode("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
      }
      // The first authenticated GET is dropped without an answer.
      conn.close();
    }
  })();
  try {
    await deviceWithUrl(db, `http://127.0.0.1:${listener.addr.port}/cr`);
    await provision(db, CR.password);
    const record = await requestConnection({ db }, DEVICE);
    assert.equal(record.result, "ok", record.detail);
    assert.equal(authorized, 2);
  } finally {
    listener.close();
    await serving.catch(() => {});
    db.$client.close();
  }
});

Deno.test("a task queued with connectionRequest reaches the CPE in the session it starts", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-cr-" });
  const dbUrl = `file:${dir}/acs.db`;
  const server = await serveAcs({ hostname: "127.0.0.1", port: 0, dbUrl });
  const db = await createDb(dbUrl);
  const cpe = testCpe();
  const acsUrl = `http://127.0.0.1:${server.port}/cwmp`;
  const sessions: Promise<unknown>[] = [];
  const MS = "InternetGatewayDevice.ManagementServer.";
  const listener = crListener(() => {
    const username = cpe.params.get(`${MS}ConnectionRequestUsername`);
    const password = cpe.params.get(`${MS}ConnectionRequestPassword`);
    return username === undefined || password === undefined ? undefined : { username, password };
  }, { onAccept: () => void sessions.push(runCpeSession(fetch, acsUrl, cpe)) });
  try {
    cpe.params.set(CR_URL, listener.url);
    // First contact gives the CPE its credentials, Connection Request ones included.
    assert.equal((await runCpeSession(fetch, acsUrl, cpe)).end, "done");
    const { task, connectionRequest } = await enqueueTaskWithOptions({ db }, {
      deviceId: DEVICE,
      request: {
        method: "GetParameterValues",
        parameterNames: ["InternetGatewayDevice.DeviceInfo."],
      },
    }, { connectionRequest: true });
    assert.equal(connectionRequest?.result, "ok", connectionRequest?.detail ?? "");
    const [session] = await Promise.all(sessions);
    const log = session as Awaited<ReturnType<typeof runCpeSession>>;
    assert.deepEqual(log.statuses.slice(0, 2), [401, 200]);
    assert.deepEqual(log.requests.map((r) => r.method), ["GetParameterValues"]);
    const [row] = await db.$client.execute({
      sql: "SELECT state FROM tasks WHERE id = ?",
      args: [task.id],
    })
      .then((r) => r.rows);
    assert.equal(row?.["state"], "done");
    const logged = await db.select().from(connectionRequests).where(
      eq(connectionRequests.deviceId, DEVICE),
    );
    assert.equal(logged.length, 1);
  } finally {
    await listener.close();
    db.$client.close();
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
