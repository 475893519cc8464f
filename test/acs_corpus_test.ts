/**
 * Every real Inform in the corpus, POSTed as the CPE sent it, is stored and answered with an
 * InformResponse that validates against the official schemas (in memory). Then every CPE
 * message of the corpus (Informs, the CPE's GetRPCMethods, its answers and faults) is posted to
 * a running ACS (`serveAcs` over a loopback socket) inside sessions: an answer goes back with
 * its header ID rewritten to the ID of the ACS request of a task queued for it, and the task,
 * the cached parameters and every reply are checked.
 */

import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { createTestAcs, post } from "../acs/_testing.ts";
import { deviceIdOf } from "../acs/device_id.ts";
import { type AcsDb, createDb } from "../acs/db/client.ts";
import { devices } from "../acs/db/schema/devices.ts";
import { faults } from "../acs/db/schema/faults.ts";
import { parameters } from "../acs/db/schema/parameters.ts";
import { tasks } from "../acs/db/schema/tasks.ts";
import { serveAcs } from "../acs/serve.ts";
import { enqueueTask } from "../acs/tasks/enqueue.ts";
import type { CwmpMessage, RpcMessage } from "../protocol/rpc/codecs.ts";
import { decodeEnvelopes } from "../protocol/soap/envelope.ts";
import { decodeXmlBytes } from "../protocol/xml/charset.ts";
import { corpusFiles } from "./fixtures/corpus.ts";
import {
  type AcsReply,
  decodeCapture,
  type SocketCpe,
  socketCpe,
  withHeaderId,
} from "./fixtures/corpus_session.ts";
import { validateWithXmllint } from "./xmllint.ts";

function corpusInforms(): Array<{ name: string; bytes: Uint8Array<ArrayBuffer> }> {
  return corpusFiles()
    .filter((f) => /inform/i.test(f.name) || f.name === "huawei-bm632w/0.xml")
    .filter((f) =>
      decodeEnvelopes(decodeXmlBytes(f.bytes).text).envelopes[0]?.message?.method === "Inform"
    )
    .map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) }));
}

Deno.test("ACS answers every corpus Inform with a valid InformResponse", async () => {
  const informs = corpusInforms();
  assert.ok(informs.length >= 6, `only ${informs.length} Informs in the corpus`);
  assert.ok(informs.filter((f) => f.name.startsWith("thomson/")).length >= 6);
  const acs = await createTestAcs();
  try {
    const answers = new Map<string, string>();
    const expectedIds = new Set<string>();
    for (const file of informs) {
      const response = await post(acs.app, file.bytes, { headers: { "content-type": "text/xml" } });
      assert.equal(response.status, 200, file.name);
      const text = await response.text();
      const [envelope] = decodeEnvelopes(text).envelopes;
      assert.deepEqual(envelope?.message, { method: "InformResponse", maxEnvelopes: 1 }, file.name);
      const [sent] = decodeEnvelopes(decodeXmlBytes(file.bytes).text).envelopes;
      assert.equal(envelope?.cwmpVersion, sent?.cwmpVersion, file.name);
      assert.equal(envelope?.headers.id, sent?.headers.id, file.name);
      if (sent?.message?.method === "Inform") expectedIds.add(deviceIdOf(sent.message.deviceId));
      answers.set(file.name, text);
    }
    const invalid = (await validateWithXmllint(answers)).filter((r) => !r.valid);
    assert.deepEqual(invalid.map((r) => `${r.name}: ${r.errors.join(" | ")}`), []);
    const stored = new Set((await acs.db.select().from(devices)).map((d) => d.id));
    assert.deepEqual(stored, expectedIds);
  } finally {
    acs.close();
  }
});

// ---------------------------------------------------------------------------------------------
// Every CPE message of the corpus, posted to a running ACS (serveAcs) over a socket.

type Capture = { name: string; bytes: Uint8Array; message: CwmpMessage; id: string };

/** One device's captures: its Inform, its own requests, and its answers to ACS requests. */
interface CaptureGroup {
  name: string;
  inform: Capture;
  cpeRequests: Capture[];
  answers: Capture[];
}

const ANSWER_ORDER = [
  "GetParameterNamesResponse",
  "GetParameterAttributesResponse",
  "GetParameterValuesResponse",
  "GetRPCMethodsResponse",
  "Fault",
];

function captureGroups(): CaptureGroup[] {
  const byGroup = new Map<string, Capture[]>();
  for (const file of corpusFiles()) {
    const [vendor = "", base = ""] = file.name.split("/");
    const group = vendor === "thomson"
      ? `${vendor}/${base.replace(/^(protocol)_.*$|^(t_.*)_[A-Za-z]+\.xml$/, "$1$2")}`
      : vendor;
    const capture = { name: file.name, bytes: file.bytes, ...decodeCapture(file.bytes) };
    byGroup.set(group, [...byGroup.get(group) ?? [], capture]);
  }
  const number = (c: Capture): number => Number(/(\d+)\.xml$/.exec(c.name)?.[1] ?? 0);
  return [...byGroup].map(([name, captures]) => {
    const inform = captures.find((c) => c.message.method === "Inform");
    assert.ok(inform, `${name} has an Inform`);
    const answers = captures.filter((c) => c.message.method !== "Inform" && !isCpeRequest(c))
      .sort((a, b) =>
        ANSWER_ORDER.indexOf(a.message.method) - ANSWER_ORDER.indexOf(b.message.method) ||
        number(a) - number(b)
      );
    return { name, inform, cpeRequests: captures.filter(isCpeRequest), answers };
  });
}

function isCpeRequest(capture: Capture): boolean {
  return capture.message.method === "GetRPCMethods";
}

/** The ACS request whose answer the capture is; a Fault's request fits its code. */
function requestFor(message: CwmpMessage): RpcMessage {
  switch (message.method) {
    case "GetParameterValuesResponse":
      return {
        method: "GetParameterValues",
        parameterNames: message.parameterList.map((p) => p.name),
      };
    case "GetParameterNamesResponse":
      return {
        method: "GetParameterNames",
        parameterPath: "InternetGatewayDevice.",
        nextLevel: false,
      };
    case "GetParameterAttributesResponse":
      return {
        method: "GetParameterAttributes",
        parameterNames: message.parameterList.map((p) => p.name),
      };
    case "GetRPCMethodsResponse":
      return { method: "GetRPCMethods" };
    case "Fault":
      // 9000 Method not supported fits an optional method; 9001 Request denied a write.
      return message.detail?.faultCode === 9000 ? { method: "GetQueuedTransfers" } : {
        method: "SetParameterValues",
        parameterList: [{
          name: "InternetGatewayDevice.DeviceInfo.ProvisioningCode",
          type: "string",
          value: "corpus",
        }],
        parameterKey: "corpus",
      };
    default:
      throw new Error(`No ACS request is answered by ${message.method}`);
  }
}

async function replayGroup(group: CaptureGroup): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-corpus-acs-" });
  const dbUrl = `file:${dir}/acs.db`;
  const server = await serveAcs({
    provisioning: false,
    hostname: "127.0.0.1",
    port: 0,
    dbUrl,
    // The corpus devices never saw this ACS's credentials; one task per request.
    cpeAuth: { mode: "open" },
    app: { maxBatch: 1 },
  });
  const db = await createDb(dbUrl);
  const url = `http://127.0.0.1:${server.port}/cwmp`;
  const replies: AcsReply[] = [];
  try {
    const deviceId = group.inform.message.method === "Inform"
      ? deviceIdOf(group.inform.message.deviceId)
      : "";
    // Session 1: the Inform and the CPE's own requests, each answered with the CPE's ID.
    const first = socketCpe(url);
    await expectInformResponse(first, group.inform);
    for (const request of group.cpeRequests) {
      const reply = await first.post(request.bytes);
      assert.equal(reply.status, 200, request.name);
      assert.equal(reply.envelope?.message?.method, `${request.message.method}Response`);
      assert.equal(reply.envelope?.headers.id, request.id, request.name);
    }
    assert.equal((await first.post(null)).status, 204);
    replies.push(...first.replies);

    // Session 2: each captured answer goes back to the ACS request of its task.
    const ids: number[] = [];
    for (const answer of group.answers) {
      const task = await enqueueTask(db, {
        deviceId,
        request: requestFor(answer.message),
        maxAttempts: 1,
      });
      ids.push(task.id);
    }
    const second = socketCpe(url);
    await expectInformResponse(second, group.inform);
    let reply = await second.post(null);
    for (const [i, answer] of group.answers.entries()) {
      assert.equal(reply.status, 200, `${answer.name}: ACS request expected`);
      const request = reply.envelope?.message;
      assert.equal(request?.method, requestFor(answer.message).method, answer.name);
      reply = await second.post(withHeaderId(answer.bytes, reply.envelope?.headers.id ?? ""));
      assert.ok(reply.status === 200 || reply.status === 204, `${answer.name}: ${reply.status}`);
      assert.ok(i < group.answers.length - 1 || reply.status === 204, "the session ends");
    }
    if (group.answers.length === 0) assert.equal(reply.status, 204);
    replies.push(...second.replies);
    await checkStored(db, deviceId, group.answers, ids);
  } finally {
    db.$client.close();
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
  const documents = new Map(replies.map((r, i) => [`${group.name} reply ${i}`, r.text]));
  const invalid = (await validateWithXmllint(documents)).filter((r) => !r.valid);
  assert.deepEqual(invalid.map((r) => `${r.name}: ${r.errors.join(" | ")}`), []);
}

async function expectInformResponse(cpe: SocketCpe, inform: Capture): Promise<void> {
  const reply = await cpe.post(inform.bytes);
  assert.equal(reply.status, 200, inform.name);
  assert.deepEqual(reply.envelope?.message, { method: "InformResponse", maxEnvelopes: 1 });
  assert.equal(reply.envelope?.headers.id, inform.id, inform.name);
}

/** Tasks done (or faulted with the capture's code) and the answers' data cached. */
async function checkStored(
  db: AcsDb,
  deviceId: string,
  answers: readonly Capture[],
  ids: readonly number[],
): Promise<void> {
  const cached = new Map(
    (await db.select().from(parameters).where(eq(parameters.deviceId, deviceId)))
      .map((p) => [p.path, p]),
  );
  const values = new Map<string, string>();
  for (const [i, { name, message }] of answers.entries()) {
    const id = ids[i] ?? -1;
    const [task] = await db.select().from(tasks).where(eq(tasks.id, id));
    if (message.method === "Fault") {
      assert.equal(task?.state, "faulted", name);
      const [fault] = await db.select().from(faults).where(eq(faults.taskId, id));
      assert.equal(fault?.code, message.detail?.faultCode, name);
      continue;
    }
    assert.equal(task?.state, "done", name);
    assert.equal(task?.result?.["method"], message.method, name);
    if (message.method === "GetParameterValuesResponse") {
      for (const p of message.parameterList) values.set(p.name, p.value);
    } else if (message.method === "GetParameterNamesResponse") {
      for (const p of message.parameterList) {
        assert.equal(cached.get(p.name)?.writable, p.writable, `${name}: ${p.name}`);
      }
    } else if (message.method === "GetParameterAttributesResponse") {
      for (const p of message.parameterList) {
        const row = cached.get(p.name);
        assert.deepEqual([row?.notification, row?.accessList], [p.notification, p.accessList]);
      }
    } else if (message.method === "GetRPCMethodsResponse") {
      assert.deepEqual(task?.result?.["methodList"], message.methodList, name);
    }
  }
  for (const [path, value] of values) assert.equal(cached.get(path)?.value, value, path);
}

for (const group of captureGroups()) {
  const kinds = [group.inform, ...group.cpeRequests, ...group.answers].map((c) => c.message.method);
  Deno.test(`running ACS accepts and answers ${group.name}'s captures (${new Set(kinds).size} kinds, ${kinds.length} messages) over a socket`, () =>
    replayGroup(group));
}
