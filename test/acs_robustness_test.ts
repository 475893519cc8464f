/**
 * Robustness of the ACS over a real socket (`serveAcs` on 127.0.0.1, random port, `file:`
 * database): 1,000 concurrent sessions with a task each, hostile and broken bodies mixed with
 * real sessions, out-of-order answers, CPEs that vanish mid-session, and load shedding.
 * Every case ends with the server still serving and no task lost.
 */

import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { envelopeXml, informMessage } from "../acs/_testing.ts";
import { type AcsDb, createDb } from "../acs/db/client.ts";
import { devices } from "../acs/db/schema/devices.ts";
import { sessions } from "../acs/db/schema/sessions.ts";
import { tasks } from "../acs/db/schema/tasks.ts";
import { type AcsServer, serveAcs, type ServeAcsOptions } from "../acs/serve.ts";
import { enqueueTask } from "../acs/tasks/enqueue.ts";
import type { CwmpMessage } from "../protocol/rpc/codecs.ts";
import { defaultAnswer } from "./fixtures/acs_cpe.ts";
import { socketDeviceId, socketSession } from "./fixtures/acs_socket_cpe.ts";

interface Running {
  server: AcsServer;
  db: AcsDb;
  url: string;
}

async function withServer(
  app: ServeAcsOptions["app"],
  fn: (running: Running) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-robust-" });
  const dbUrl = `file:${dir}/acs.db`;
  const server = await serveAcs({
    provisioning: false,
    hostname: "127.0.0.1",
    port: 0,
    dbUrl,
    cpeAuth: { mode: "open" },
    ...(app === undefined ? {} : { app }),
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

async function raw(url: string, body: BodyInit | null, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: "POST",
    body,
    headers: { "content-type": "text/xml", ...headers },
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

function serials(count: number, prefix: string): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`);
}

Deno.test("robustness: 1,000 concurrent sessions over a socket, each with a task, none lost", () =>
  withServer(undefined, async ({ db, url }) => {
    const names = serials(1000, "c");
    const first = await Promise.all(names.map((serial) => socketSession(url, { serial })));
    assert.ok(first.every((s) => s.end === "completed"));
    assert.equal((await db.select({ id: devices.id }).from(devices)).length, 1000);
    for (const serial of names) {
      await enqueueTask(db, {
        deviceId: socketDeviceId(serial),
        request: {
          method: "GetParameterValues",
          parameterNames: [`InternetGatewayDevice.${serial}`],
        },
      });
    }
    const second = await Promise.all(names.map((serial) => socketSession(url, { serial })));
    const odd = second.filter((s) => s.end !== "completed" || s.requests.length !== 1);
    assert.deepEqual(odd.slice(0, 3), []);
    const states = await db.select({ state: tasks.state }).from(tasks);
    assert.equal(states.length, 1000);
    assert.ok(states.every((t) => t.state === "done"));
    const ended = await db.select({ end: sessions.end }).from(sessions);
    assert.equal(ended.filter((s) => s.end === "completed").length, 2000);
  }));

Deno.test("robustness: garbage, truncated, oversize and foreign bodies get clear answers amid real sessions", () =>
  withServer({ maxBodyBytes: 64 * 1024 }, async ({ url }) => {
    const inform = envelopeXml(informMessage());
    // Cut inside the envelope, at spread-out points (an XML declaration alone reads as empty).
    const start = inform.indexOf("<SOAP-ENV:Envelope") + 1;
    const truncated = Array.from(
      { length: 40 },
      (_, i) => inform.slice(0, start + ((i * 97) % (inform.length - start - 30))),
    );
    const hostile: Array<{ body: BodyInit; status: number; headers?: Record<string, string> }> = [
      ...truncated.map((body) => ({ body, status: 400 })),
      { body: crypto.getRandomValues(new Uint8Array(2048)), status: 400 },
      { body: "x".repeat(100 * 1024), status: 413 },
      { body: inform, status: 415, headers: { "content-encoding": "br" } },
      { body: '<!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>', status: 400 },
      { body: envelopeXml({ method: "RebootResponse" }), status: 400 },
    ];
    const [answers, real] = await Promise.all([
      Promise.all(hostile.map((h) => raw(url, h.body, h.headers))),
      Promise.all(serials(100, "g").map((serial) => socketSession(url, { serial }))),
    ]);
    for (const [i, answer] of answers.entries()) {
      assert.equal(answer.status, hostile[i]?.status, `body ${i}: ${answer.text}`);
      assert.match(answer.text, /^Cannot [^\n]+\n$/);
    }
    assert.ok(real.every((s) => s.end === "completed"));
    assert.equal((await socketSession(url, { serial: "after" })).end, "completed");
  }));

Deno.test("robustness: unknown methods get fault 8000; out-of-order answers end the session, the task is retried", () =>
  withServer(undefined, async ({ db, url }) => {
    await socketSession(url, { serial: "o1" });
    const device = socketDeviceId("o1");
    const task = await enqueueTask(db, {
      deviceId: device,
      request: {
        method: "SetParameterValues",
        parameterList: [{ name: "InternetGatewayDevice.X", type: "string", value: "1" }],
        parameterKey: "",
      },
    });
    // A GetParameterValuesResponse to a SetParameterValues: refused with 400.
    const wrong = (request: CwmpMessage): CwmpMessage =>
      request.method === "SetParameterValues"
        ? { method: "GetParameterValuesResponse", parameterList: [] }
        : defaultAnswer(request);
    await assert.rejects(socketSession(url, { serial: "o1", answer: wrong }), /POST got 400/);
    let [row] = await db.select().from(tasks).where(eq(tasks.id, task.id));
    assert.equal(row?.state, "running");
    // The next session sends it again and it completes.
    const again = await socketSession(url, { serial: "o1" });
    assert.deepEqual(again.requests.map((r) => r.method), ["SetParameterValues"]);
    [row] = await db.select().from(tasks).where(eq(tasks.id, task.id));
    assert.deepEqual([row?.state, row?.attempts], ["done", 2]);

    const informed = await raw(
      url,
      envelopeXml(informMessage({
        deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: "o2" },
      })),
    );
    const cookie = informed.headers.get("set-cookie")?.split(";")[0] ?? "";
    const vendor = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
      xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap:Header><cwmp:ID soap:mustUnderstand="1">v</cwmp:ID>
      </soap:Header><soap:Body><cwmp:X_ACME_Hello/></soap:Body></soap:Envelope>`;
    const fault = await raw(url, vendor, { cookie });
    assert.equal(fault.status, 200);
    assert.match(fault.text, /<FaultCode>8000<\/FaultCode>/);
    // An answer when nothing was asked: 400, and the server goes on.
    const orphan = await raw(url, envelopeXml({ method: "RebootResponse" }), { cookie });
    assert.equal(orphan.status, 400);
    assert.equal((await socketSession(url, { serial: "o3" })).end, "completed");
  }));

Deno.test("robustness: a CPE that vanishes mid-session gets its task in its next session", () =>
  withServer({ sessionTimeoutMs: 200 }, async ({ db, url }) => {
    const names = serials(20, "v");
    await Promise.all(names.map((serial) => socketSession(url, { serial })));
    for (const serial of names) {
      await enqueueTask(db, {
        deviceId: socketDeviceId(serial),
        request: { method: "Reboot", commandKey: "" },
      });
    }
    const vanished = await Promise.all(
      names.map((serial) => socketSession(url, { serial, answer: () => null })),
    );
    assert.ok(vanished.every((s) => s.end === "vanished" && s.requests[0]?.method === "Reboot"));
    // A request that is aborted while the server reads it is no harm either.
    const aborted = new AbortController();
    const partial = fetch(url, {
      method: "POST",
      body: new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode("<soap:Env")) }),
      headers: { "content-type": "text/xml" },
      signal: aborted.signal,
    }).catch(() => null);
    aborted.abort();
    await partial;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const back = await Promise.all(names.map((serial) => socketSession(url, { serial })));
    assert.ok(back.every((s) => s.end === "completed" && s.requests[0]?.method === "Reboot"));
    const rows = await db.select({ state: tasks.state, attempts: tasks.attempts }).from(tasks);
    assert.deepEqual(new Set(rows.map((r) => `${r.state}/${r.attempts}`)), new Set(["done/2"]));
  }));

Deno.test("robustness: above --max-sessions a new session gets 503 with Retry-After; sessions in progress go on", () =>
  withServer({ maxSessions: 3, retryAfterSeconds: 7 }, async ({ url }) => {
    const open: string[] = [];
    for (const serial of serials(3, "m")) {
      const informed = await raw(
        url,
        envelopeXml(informMessage({
          deviceId: {
            manufacturer: "Acme",
            oui: "00D09E",
            productClass: "GW",
            serialNumber: serial,
          },
        })),
      );
      assert.equal(informed.status, 200);
      open.push(informed.headers.get("set-cookie")?.split(";")[0] ?? "");
    }
    const shed = await raw(
      url,
      envelopeXml(informMessage({
        deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: "m9" },
      })),
    );
    assert.equal(shed.status, 503);
    assert.equal(shed.headers.get("retry-after"), "7");
    assert.match(shed.text, /^Cannot open a session: 3 sessions are in progress/);
    // A device with a session may start over; the sessions in progress finish.
    const replaced = await raw(
      url,
      envelopeXml(informMessage({
        deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: "m0" },
      })),
    );
    assert.equal(replaced.status, 200);
    for (
      const cookie of [...open.slice(1), replaced.headers.get("set-cookie")?.split(";")[0] ?? ""]
    ) {
      assert.equal((await raw(url, null, { cookie })).status, 204);
    }
    assert.equal((await socketSession(url, { serial: "m9" })).end, "completed");
  }));
