/**
 * CPE authentication end to end, in memory: first-contact bootstrap then Digest, strict mode,
 * and every way a 401 (or 403) comes about. The CPE is the protocol core's CpeSession with
 * `answerChallenge` (test/fixtures/digest_cpe.ts).
 */

import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { envelopeXml, informMessage } from "../acs/_testing.ts";
import { type AcsApp, createAcsApp } from "../acs/app.ts";
import { getDeviceCredentials, setDeviceCredentials } from "../acs/auth/credentials.ts";
import { type CpeAuthMode, createCpeAuth } from "../acs/auth/gate.ts";
import { createTestDb } from "../acs/db/_testing.ts";
import type { AcsDb } from "../acs/db/client.ts";
import { deviceCredentials } from "../acs/db/schema/credentials.ts";
import { tasks } from "../acs/db/schema/tasks.ts";
import { serveAcs } from "../acs/serve.ts";
import { createDrizzleStore } from "../acs/store/drizzle_store.ts";
import { enqueueTask } from "../acs/tasks/enqueue.ts";
import { answerChallenge } from "../protocol/auth/client.ts";
import { parseChallenges } from "../protocol/auth/challenge.ts";
import { buildBasicAuthorization } from "../protocol/auth/credentials.ts";
import { runCpeSession, testCpe } from "./fixtures/digest_cpe.ts";

const URL_HTTP = "http://acs.test/cwmp";
const DEVICE = "00D09E-GW-1";
const MS = "InternetGatewayDevice.ManagementServer.";

interface AuthAcs {
  app: AcsApp;
  db: AcsDb;
  clock: { now: number };
  logs: string[];
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  close(): void;
}

async function authAcs(mode: CpeAuthMode, db?: AcsDb): Promise<AuthAcs> {
  const database = db ?? await createTestDb();
  const clock = { now: Date.UTC(2026, 0, 1) };
  const logs: string[] = [];
  const log = (level: string, message: string): number => logs.push(`${level}: ${message}`);
  const app = createAcsApp({
    store: createDrizzleStore(database),
    now: () => clock.now,
    log,
    cpeAuth: createCpeAuth(database, { mode, now: () => clock.now, log }),
  });
  return {
    app,
    db: database,
    clock,
    logs,
    fetch: async (url, init) => await app.request(url, init),
    close: () => database.$client.close(),
  };
}

function post(
  acs: AuthAcs,
  headers: Record<string, string> = {},
  url = URL_HTTP,
): Promise<Response> {
  return acs.fetch(url, {
    method: "POST",
    body: envelopeXml(informMessage()),
    headers: { "content-type": "text/xml", ...headers },
  });
}

/** Answers the 401 `challenged` as the CPE with `username`/`password` would. */
async function digestFor(
  challenged: Response | string,
  username: string,
  password: string,
  options: { nc?: number; url?: string } = {},
): Promise<string> {
  const header = typeof challenged === "string" ? challenged : await challengeOf(challenged);
  const target = new URL(options.url ?? URL_HTTP);
  const answer = answerChallenge(header, {
    username,
    password,
    method: "POST",
    uri: target.pathname,
    cnonce: "0a4f113b",
    nc: options.nc,
  });
  assert.ok(answer.ok);
  return answer.authorization;
}

/** The WWW-Authenticate of a response, its body discarded. */
async function challengeOf(response: Response): Promise<string> {
  await response.body?.cancel();
  return response.headers.get("www-authenticate") ?? "";
}

Deno.test("first-contact: bootstrap sets credentials, then the next session must use Digest", async () => {
  const acs = await authAcs("first-contact");
  try {
    const cpe = testCpe();
    const first = await runCpeSession(acs.fetch, URL_HTTP, cpe);
    assert.deepEqual(first.statuses.filter((s) => s === 401), []);
    const spv = first.requests[0];
    assert.equal(spv?.method, "SetParameterValues");
    assert.deepEqual(
      spv?.method === "SetParameterValues" ? spv.parameterList.map((p) => p.name) : [],
      ["Username", "Password", "ConnectionRequestUsername", "ConnectionRequestPassword"]
        .map((n) => `${MS}${n}`),
    );
    const stored = await getDeviceCredentials(acs.db, DEVICE);
    assert.equal(stored?.username, cpe.params.get(`${MS}Username`));
    assert.equal(stored?.password, cpe.params.get(`${MS}Password`));
    assert.equal(
      stored?.connectionRequestPassword,
      cpe.params.get(`${MS}ConnectionRequestPassword`),
    );
    assert.equal(stored?.state, "pending");

    const second = await runCpeSession(acs.fetch, URL_HTTP, cpe);
    assert.equal(second.end, "done");
    assert.deepEqual(second.statuses.slice(0, 2), [401, 200]);
    assert.match(
      second.challenges[0] ?? "",
      /^Digest realm="cwmp", qop="auth", nonce="[^"]+", algorithm=MD5$/,
    );
    assert.equal((await getDeviceCredentials(acs.db, DEVICE))?.state, "active");
    // The stored task no longer holds the passwords in clear.
    const [task] = await acs.db.select().from(tasks).where(eq(tasks.method, "SetParameterValues"));
    assert.ok(!JSON.stringify(task?.args).includes(cpe.params.get(`${MS}Password`) ?? "?"));

    // From now on, no credentials means no session.
    const bare = await post(acs);
    assert.equal(bare.status, 401);
    await bare.body?.cancel();
    assert.equal((await runCpeSession(acs.fetch, URL_HTTP, cpe)).end, "done");
  } finally {
    acs.close();
  }
});

Deno.test("first-contact: the bootstrap goes ahead of tasks queued earlier", async () => {
  const open = await authAcs("open");
  try {
    const cpe = testCpe();
    await runCpeSession(open.fetch, URL_HTTP, cpe);
    await enqueueTask(open.db, {
      deviceId: DEVICE,
      request: {
        method: "GetParameterValues",
        parameterNames: ["InternetGatewayDevice.DeviceInfo."],
      },
    });
    const acs = await authAcs("first-contact", open.db);
    const session = await runCpeSession(acs.fetch, URL_HTTP, cpe);
    assert.deepEqual(session.requests.map((r) => r.method), [
      "SetParameterValues",
      "GetParameterValues",
    ]);
  } finally {
    open.close();
  }
});

Deno.test("first-contact: a failed bootstrap is retried with new credentials", async () => {
  const acs = await authAcs("first-contact");
  try {
    const cpe = testCpe();
    // The CPE vanishes after the Inform: the bootstrap task stays queued, the device is let in again.
    const informed = await post(acs);
    assert.equal(informed.status, 200);
    await informed.body?.cancel();
    const pending = await getDeviceCredentials(acs.db, DEVICE);
    await acs.db.update(tasks).set({ state: "faulted" }).where(
      eq(tasks.method, "SetParameterValues"),
    );
    const again = await runCpeSession(acs.fetch, URL_HTTP, cpe);
    assert.equal(again.statuses[0], 200);
    const renewed = await getDeviceCredentials(acs.db, DEVICE);
    assert.notEqual(renewed?.username, pending?.username);
    assert.equal(renewed?.username, cpe.params.get(`${MS}Username`));
    assert.ok(acs.logs.some((l) => l.includes("bootstrap failed")));
  } finally {
    acs.close();
  }
});

Deno.test("first-contact: a CPE the ACS factory-reset is bootstrapped again, once", async () => {
  const acs = await authAcs("first-contact");
  try {
    const cpe = testCpe();
    await runCpeSession(acs.fetch, URL_HTTP, cpe);
    await runCpeSession(acs.fetch, URL_HTTP, cpe);
    const before = await getDeviceCredentials(acs.db, DEVICE);
    assert.equal(before?.state, "active");

    // A reset the ACS did not order (the button on the box) keeps the device locked out.
    const lost = testCpe();
    lost.events = ["0 BOOTSTRAP", "1 BOOT"];
    assert.equal((await runCpeSession(acs.fetch, URL_HTTP, lost)).end, "refused");

    acs.clock.now += 1000;
    await enqueueTask(acs.db, { deviceId: DEVICE, request: { method: "FactoryReset" } });
    const reset = await runCpeSession(acs.fetch, URL_HTTP, cpe);
    assert.deepEqual(reset.requests.map((r) => r.method), ["FactoryReset"]);
    assert.equal(cpe.params.get(`${MS}Username`), undefined);

    acs.clock.now += 1000;
    const rebooted = await runCpeSession(acs.fetch, URL_HTTP, cpe);
    assert.deepEqual(rebooted.statuses.filter((s) => s === 401), []);
    assert.deepEqual(rebooted.requests.map((r) => r.method), ["SetParameterValues"]);
    const after = await getDeviceCredentials(acs.db, DEVICE);
    assert.equal(after?.username, cpe.params.get(`${MS}Username`));
    assert.notEqual(after?.username, before?.username);
    assert.ok(acs.logs.some((l) => l.includes("bootstrap after the FactoryReset")));

    // The reset opened the door once: another bare 0 BOOTSTRAP later is challenged.
    cpe.events = ["2 PERIODIC"];
    assert.equal((await runCpeSession(acs.fetch, URL_HTTP, cpe)).end, "done");
    assert.equal((await getDeviceCredentials(acs.db, DEVICE))?.state, "active");
    const spoof = testCpe();
    spoof.events = ["0 BOOTSTRAP", "1 BOOT"];
    assert.equal((await runCpeSession(acs.fetch, URL_HTTP, spoof)).end, "refused");
  } finally {
    acs.close();
  }
});

Deno.test("strict: an unprovisioned device gets 401, a provisioned one gets in with Digest", async () => {
  const acs = await authAcs("strict");
  try {
    const cpe = testCpe();
    const refused = await runCpeSession(acs.fetch, URL_HTTP, cpe);
    assert.equal(refused.end, "refused");
    assert.deepEqual(refused.statuses, [401]);
    cpe.params.set(`${MS}Username`, "00D09E-1");
    cpe.params.set(`${MS}Password`, "guess");
    const unknown = await runCpeSession(acs.fetch, URL_HTTP, cpe);
    assert.deepEqual(unknown.statuses, [401, 401]);

    await setDeviceCredentials(acs.db, DEVICE, { username: "00D09E-1", password: "right" });
    assert.deepEqual((await runCpeSession(acs.fetch, URL_HTTP, cpe)).statuses, [401, 401]);
    cpe.params.set(`${MS}Password`, "right");
    const admitted = await runCpeSession(acs.fetch, URL_HTTP, cpe);
    assert.equal(admitted.end, "done");
    assert.deepEqual(admitted.statuses, [401, 200, 204]);
    // Strict mode never bootstraps: no task was queued.
    assert.equal((await acs.db.select().from(tasks)).length, 0);
  } finally {
    acs.close();
  }
});

Deno.test("401: wrong password, stale nonce (stale=true), replayed nc, unknown user, malformed", async () => {
  const acs = await authAcs("strict");
  try {
    await setDeviceCredentials(acs.db, DEVICE, { username: "u1", password: "pw" });
    const wrong = await post(acs, {
      authorization: await digestFor(await post(acs), "u1", "nope"),
    });
    assert.equal(wrong.status, 401);
    await wrong.body?.cancel();

    const challenged = await challengeOf(await post(acs));
    const good = await digestFor(challenged, "u1", "pw");
    const ok = await post(acs, { authorization: good });
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
    const replayed = await post(acs, { authorization: good });
    assert.equal(replayed.status, 401);
    await replayed.body?.cancel();
    const next = await post(acs, {
      authorization: await digestFor(challenged, "u1", "pw", { nc: 2 }),
    });
    assert.equal(next.status, 200, "a higher nc on the same nonce is accepted");
    await next.body?.cancel();

    const old = await challengeOf(await post(acs));
    const late = await digestFor(old, "u1", "pw");
    const lateWrong = await digestFor(old, "u1", "x");
    acs.clock.now += 5 * 60 * 1000 + 1;
    const stale = await post(acs, { authorization: late });
    assert.equal(stale.status, 401);
    const [challenge] = parseChallenges(stale.headers.get("www-authenticate"));
    assert.equal(challenge?.scheme === "Digest" && challenge.stale, true);
    // A stale nonce with a wrong password is not called stale (the CPE must not just retry).
    const staleWrong = await post(acs, { authorization: lateWrong });
    assert.equal(staleWrong.status, 401);
    assert.doesNotMatch(staleWrong.headers.get("www-authenticate") ?? "", /stale/);
    await staleWrong.body?.cancel();
    // The stale 401 carries a fresh nonce that works.
    const fresh = await post(acs, { authorization: await digestFor(stale, "u1", "pw") });
    assert.equal(fresh.status, 200);
    await fresh.body?.cancel();

    for (const authorization of ['Digest username="u1"', "Bearer abc", "Digest ,,,="]) {
      const refused = await post(acs, { authorization });
      assert.equal(refused.status, 401, authorization);
      assert.match(refused.headers.get("www-authenticate") ?? "", /^Digest /);
      await refused.body?.cancel();
    }
  } finally {
    acs.close();
  }
});

Deno.test("Basic is offered and accepted only over TLS", async () => {
  const acs = await authAcs("strict");
  try {
    await setDeviceCredentials(acs.db, DEVICE, { username: "u1", password: "pw" });
    const plain = await post(acs);
    assert.doesNotMatch(plain.headers.get("www-authenticate") ?? "", /Basic/);
    await plain.body?.cancel();
    const basic = buildBasicAuthorization("u1", "pw");
    const overHttp = await post(acs, { authorization: basic });
    assert.equal(overHttp.status, 401);
    await overHttp.body?.cancel();

    const tls = await post(acs, {}, "https://acs.test/cwmp");
    assert.match(tls.headers.get("www-authenticate") ?? "", /Basic realm="cwmp"/);
    await tls.body?.cancel();
    const overTls = await post(acs, { authorization: basic }, "https://acs.test/cwmp");
    assert.equal(overTls.status, 200);
    await overTls.body?.cancel();
    const wrongTls = await post(
      acs,
      { authorization: buildBasicAuthorization("u1", "x") },
      "https://acs.test/cwmp",
    );
    assert.equal(wrongTls.status, 401);
    await wrongTls.body?.cancel();
  } finally {
    acs.close();
  }
});

Deno.test("403: another device's valid credentials", async () => {
  const acs = await authAcs("strict");
  try {
    await setDeviceCredentials(acs.db, "00D09E-GW-2", { username: "u2", password: "pw2" });
    const refused = await post(acs, {
      authorization: await digestFor(await post(acs), "u2", "pw2"),
    });
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /credentials of another device/);
  } finally {
    acs.close();
  }
});

Deno.test("open mode checks nothing and stores no credentials", async () => {
  const acs = await authAcs("open");
  try {
    const session = await runCpeSession(acs.fetch, URL_HTTP, testCpe());
    assert.deepEqual(session.statuses, [200, 204]);
    assert.equal((await acs.db.select().from(deviceCredentials)).length, 0);
  } finally {
    acs.close();
  }
});

/** A fetch that opens a new TCP connection for every request (its own client, closed after). */
async function newConnectionFetch(url: string, init: RequestInit): Promise<Response> {
  const client = Deno.createHttpClient({});
  try {
    const response = await fetch(url, { ...init, client });
    const body = await response.bytes();
    const empty = body.byteLength === 0 || response.status === 204;
    return new Response(empty ? null : body, {
      status: response.status,
      headers: response.headers,
    });
  } finally {
    client.close();
  }
}

Deno.test("a CPE answering the 401 on a new TCP connection gets in (real socket)", async () => {
  const server = await serveAcs({ hostname: "127.0.0.1", port: 0, dbUrl: ":memory:" });
  try {
    const url = `http://127.0.0.1:${server.port}/cwmp`;
    const cpe = testCpe();
    const first = await runCpeSession(newConnectionFetch, url, cpe);
    assert.equal(first.requests[0]?.method, "SetParameterValues");
    const second = await runCpeSession(newConnectionFetch, url, cpe);
    assert.equal(second.end, "done");
    assert.deepEqual(second.statuses, [401, 200, 204]);
  } finally {
    await server.shutdown();
  }
});
