/**
 * kill -9 of `cwmp acs serve` in the middle of sessions, then a restart on the same `file:`
 * database: no task vanishes, every task the CPE saw acknowledged is `done`, the others are
 * pending or running and are sent again, and the devices' next sessions finish them all.
 */

import assert from "node:assert/strict";
import { envelopeXml, informMessage } from "../acs/_testing.ts";
import { createDb } from "../acs/db/client.ts";
import { tasks } from "../acs/db/schema/tasks.ts";
import { enqueueTask } from "../acs/tasks/enqueue.ts";
import { decodeEnvelopes } from "../protocol/soap/envelope.ts";
import { socketDeviceId, socketSession } from "./fixtures/acs_socket_cpe.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const DEVICES = 30;
const TASKS_PER_DEVICE = 4;

interface Acs {
  url: string;
  process: Deno.ChildProcess;
}

async function startAcs(dbUrl: string): Promise<Acs> {
  const process = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "main.ts",
      "acs",
      "serve",
      "--listen",
      "127.0.0.1:0",
      // Not the API's fixed default port: another test or ACS may hold it.
      "--api-listen",
      "127.0.0.1:0",
      "--db",
      dbUrl,
      "--cpe-auth",
      "open",
    ],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const reader = process.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
    const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(text)?.[1];
    if (port !== undefined) {
      // Keep reading, so the server never blocks on a full pipe.
      (async () => {
        while (!(await reader.read()).done) { /* drain */ }
      })().catch(() => {});
      return { url: `http://127.0.0.1:${port}/acs`, process };
    }
  }
  process.kill("SIGKILL");
  await process.status;
  throw new Error(`cwmp acs serve did not listen: ${text}`);
}

// Sessions of one device until the ACS sends nothing or the connection breaks; records the
// task ids whose answer the ACS acknowledged (its next HTTP answer arrived).
async function driveDevice(url: string, serial: string, acknowledged: Set<string>): Promise<void> {
  for (let session = 0; session < 3; session++) {
    const deviceId = {
      manufacturer: "Acme",
      oui: "00D09E",
      productClass: "GW",
      serialNumber: serial,
    };
    const informed = await fetch(url, {
      method: "POST",
      body: envelopeXml(informMessage({ deviceId })),
    });
    await informed.text();
    const cookie = informed.headers.get("set-cookie")?.split(";")[0] ?? "";
    let body: string | null = null;
    let pending: string | null = null;
    for (let exchange = 0; exchange < 20; exchange++) {
      const response = await fetch(url, { method: "POST", body, headers: { cookie } });
      const reply = await response.text();
      if (pending !== null) acknowledged.add(pending);
      if (response.status === 204) break;
      const [envelope] = decodeEnvelopes(reply).envelopes;
      const request = envelope?.message;
      if (request?.method !== "SetParameterValues") throw new Error(`unexpected ${reply}`);
      pending = request.parameterKey;
      await new Promise((resolve) => setTimeout(resolve, 5));
      body = envelopeXml({ method: "SetParameterValuesResponse", status: 0 }, {
        id: envelope?.headers.id ?? "",
      });
    }
  }
}

Deno.test("kill -9 of the ACS mid-session loses no task; a restart finishes them all", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-kill-" });
  const dbUrl = `file:${dir}/acs.db`;
  const serials = Array.from({ length: DEVICES }, (_, i) => `k${i}`);
  let acs = await startAcs(dbUrl);
  const db = await createDb(dbUrl);
  try {
    await Promise.all(serials.map((serial) => socketSession(acs.url, { serial })));
    const queued: number[] = [];
    for (const serial of serials) {
      for (let n = 0; n < TASKS_PER_DEVICE; n++) {
        const task = await enqueueTask(db, {
          deviceId: socketDeviceId(serial),
          request: {
            method: "SetParameterValues",
            parameterList: [{
              name: `InternetGatewayDevice.X.${n}`,
              type: "string",
              value: serial,
            }],
            parameterKey: "",
          },
        });
        queued.push(task.id);
      }
    }
    const acknowledged = new Set<string>();
    const driving = Promise.allSettled(
      serials.map((serial) => driveDevice(acs.url, serial, acknowledged)),
    );
    // Kill once some tasks are through and many sessions are in the middle of others.
    const deadline = Date.now() + 15_000;
    while (acknowledged.size < queued.length / 4 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    acs.process.kill("SIGKILL");
    assert.equal((await acs.process.status).signal, "SIGKILL");
    const outcomes = await driving;
    assert.ok(outcomes.some((o) => o.status === "rejected"), "no session was cut by the kill");
    assert.ok(acknowledged.size > 0 && acknowledged.size < queued.length);

    acs = await startAcs(dbUrl);
    const afterKill = await db.select({ id: tasks.id, state: tasks.state }).from(tasks);
    assert.deepEqual(afterKill.map((t) => t.id).sort((a, b) => a - b), queued);
    for (const task of afterKill) {
      assert.ok(["pending", "running", "done"].includes(task.state), `${task.id} ${task.state}`);
      if (acknowledged.has(String(task.id))) assert.equal(task.state, "done", `task ${task.id}`);
    }
    // Sent and unanswered when the ACS died: these are the ones a restart must not lose.
    assert.ok(afterKill.some((t) => t.state === "running"), "the kill interrupted no task");

    const again = await Promise.allSettled(
      serials.map((serial) => driveDevice(acs.url, serial, acknowledged)),
    );
    assert.deepEqual(again.filter((o) => o.status === "rejected"), []);
    const final = await db.select({ state: tasks.state }).from(tasks);
    assert.equal(final.length, queued.length);
    assert.ok(final.every((t) => t.state === "done"), JSON.stringify(final));
  } finally {
    db.$client.close();
    try {
      acs.process.kill("SIGTERM");
    } catch {
      // already gone
    }
    await acs.process.status;
    await Deno.remove(dir, { recursive: true });
  }
});
