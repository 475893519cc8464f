/**
 * Transfers between the project's own agent and the real ACS listener over loopback sockets:
 * a firmware Download served by the ACS's file routes (`/files/<name>`) and settled by the
 * agent's TransferComplete, and Uploads the agent PUTs to upload targets the ACS made itself
 * when the tasks were queued (`enqueueTask({ uploadBaseUrl })`), stored as files.
 */

import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { getDeviceCredentials } from "../acs/auth/credentials.ts";
import { enqueueTaskWithOptions } from "../acs/connection_request/enqueue.ts";
import { faults } from "../acs/db/schema/faults.ts";
import { CHUNK_BYTES, listFiles, storeFile } from "../acs/files/store.ts";
import { findUploadTarget } from "../acs/files/uploads.ts";
import type { RpcMessage } from "../protocol/rpc/codecs.ts";
import {
  type AgentAcs,
  informEvents,
  messages,
  settledTask,
  waitFor,
  withAgentAcs,
} from "./fixtures/agent_acs.ts";

async function queueNow(env: AgentAcs, request: RpcMessage): Promise<number> {
  const { task, connectionRequest } = await enqueueTaskWithOptions({ db: env.db }, {
    deviceId: env.deviceId,
    request,
    uploadBaseUrl: env.acsUrl,
  }, { connectionRequest: true });
  assert.equal(connectionRequest?.result, "ok", connectionRequest?.detail ?? "none sent");
  return task.id;
}

async function taskFaults(env: AgentAcs, taskId: number): Promise<unknown[]> {
  return await env.db.select().from(faults).where(eq(faults.taskId, taskId));
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  assert.equal(response.status, 200, url);
  return new Uint8Array(await response.arrayBuffer());
}

Deno.test("agent transfers: a firmware Download served by the ACS is applied and its TransferComplete settles the task", async () => {
  const hookDir = await Deno.makeTempDir({ prefix: "cwmp-apply-" });
  // Larger than one stored chunk, so the ACS serves it from several.
  const firmware = Uint8Array.from({ length: CHUNK_BYTES + 4321 }, (_, i) => (i * 7919) % 251);
  try {
    await withAgentAcs(async (env) => {
      await storeFile(
        env.db,
        { name: "fw-2.0.bin", fileType: "1 Firmware Upgrade Image" },
        firmware,
      );
      const id = await queueNow(env, {
        method: "Download",
        commandKey: "",
        fileType: "1 Firmware Upgrade Image",
        url: `${env.origin}/files/fw-2.0.bin`,
        username: "",
        password: "",
        fileSize: firmware.length,
        targetFileName: "",
        delaySeconds: 0,
        successUrl: "",
        failureUrl: "",
      });
      const task = await settledTask(env.db, id);
      assert.equal(task.state, "done", JSON.stringify(task));
      assert.equal(task.awaitingTransfer, false);
      assert.equal(task.result?.["method"], "TransferComplete");
      assert.deepEqual(task.result?.["faultStruct"], { faultCode: 0, faultString: "" });
      assert.deepEqual(await taskFaults(env, id), []);
      // The ACS stores the completion before it answers; the agent's record of the exchange
      // follows the answer.
      await waitFor(() =>
        messages(env.exchanges).sent.some((m) => m.method === "TransferComplete")
      );
      const sent = messages(env.exchanges).sent;
      const accepted = sent.find((m) => m.method === "DownloadResponse");
      assert.ok(accepted?.method === "DownloadResponse" && accepted.status === 1);
      const complete = sent.find((m) => m.method === "TransferComplete");
      assert.ok(complete?.method === "TransferComplete");
      assert.equal(complete.commandKey, String(id), "the task id is the CommandKey");
      assert.ok(
        informEvents(env.exchanges).some((e) =>
          e.includes("7 TRANSFER COMPLETE") && e.includes(`M Download:${id}`)
        ),
      );
      const get = env.exchanges.find((e) => e.method === "GET");
      assert.deepEqual([get?.url, get?.status], [`${env.origin}/files/fw-2.0.bin`, 200]);
      // The apply hook saw the ACS's bytes and the task's CommandKey.
      assert.deepEqual(await Deno.readFile(`${hookDir}/applied`), firmware);
      assert.equal(await Deno.readTextFile(`${hookDir}/key`), `${id}\n`);
    }, {
      agentConfig: {
        hooks: {
          firmwareApply:
            `cp "$CWMP_FILE" ${hookDir}/applied && echo "$CWMP_COMMAND_KEY" > ${hookDir}/key`,
        },
      },
    });
  } finally {
    await Deno.remove(hookDir, { recursive: true });
  }
});

Deno.test("agent transfers: Uploads queued without a URL are PUT to the ACS's own targets and stored", () =>
  withAgentAcs(async (env) => {
    const upload = (fileType: string): RpcMessage => ({
      method: "Upload",
      commandKey: "",
      fileType,
      url: "",
      username: "",
      password: "",
      delaySeconds: 0,
    });
    const config = await queueNow(env, upload("1 Vendor Configuration File"));
    const log = await queueNow(env, upload("2 Vendor Log File"));
    const tasks = [await settledTask(env.db, config), await settledTask(env.db, log)];
    assert.deepEqual(tasks.map((t) => [t.state, t.result?.["faultStruct"]]), [
      ["done", { faultCode: 0, faultString: "" }],
      ["done", { faultCode: 0, faultString: "" }],
    ]);
    // Each task's URL is an upload target of this ACS, for this device, now received.
    for (const task of tasks) {
      const url = String(task.args["url"]);
      const token = new RegExp(`^${env.origin}/uploads/([0-9a-f]{32})$`).exec(url)?.[1];
      assert.ok(token !== undefined, url);
      const target = await findUploadTarget(env.db, token);
      assert.equal(target?.deviceId, env.deviceId);
      assert.ok(target?.receivedAt instanceof Date);
      const put = env.exchanges.find((e) => e.method === "PUT" && e.url === url);
      assert.equal(put?.status, 201);
    }
    const stored = await listFiles(env.db, { deviceId: env.deviceId });
    assert.deepEqual(stored.map((f) => f.fileType).sort(), [
      "1 Vendor Configuration File",
      "2 Vendor Log File",
    ]);
    const named = (type: string): string =>
      stored.find((f) => f.fileType === type)?.name ?? "missing";
    const exported = JSON.parse(
      new TextDecoder().decode(
        await fetchBytes(`${env.origin}/files/${named("1 Vendor Configuration File")}`),
      ),
    );
    assert.equal(exported.format, "cwmp-cpe-configuration");
    assert.equal(exported.identity.serialNumber, "T1");
    const logText = new TextDecoder().decode(
      await fetchBytes(`${env.origin}/files/${named("2 Vendor Log File")}`),
    );
    assert.match(logText, /session ok: events=0 BOOTSTRAP,1 BOOT/);
  }));

Deno.test("agent transfers: with files behind Digest, the agent downloads and uploads with its credentials", () =>
  withAgentAcs(async (env) => {
    env.agent.agent.requestConnection();
    await waitFor(async () =>
      (await getDeviceCredentials(env.db, env.deviceId))?.state === "active"
    );
    const credentials = await getDeviceCredentials(env.db, env.deviceId);
    assert.ok(credentials);
    // The operator passes the device's own ACS credentials as the file server's.
    const login = { username: credentials.username, password: credentials.password };
    const config = new TextEncoder().encode("option wan proto pppoe\n");
    await storeFile(env.db, { name: "wan.cfg", fileType: "3 Vendor Configuration File" }, config);
    const download = await queueNow(env, {
      method: "Download",
      commandKey: "",
      fileType: "3 Vendor Configuration File",
      url: `${env.origin}/files/wan.cfg`,
      ...login,
      fileSize: config.length,
      targetFileName: "",
      delaySeconds: 0,
      successUrl: "",
      failureUrl: "",
    });
    const upload = await queueNow(env, {
      method: "Upload",
      commandKey: "",
      fileType: "2 Vendor Log File",
      url: "",
      ...login,
      delaySeconds: 0,
    });
    for (const id of [download, upload]) {
      const task = await settledTask(env.db, id);
      assert.deepEqual([task.state, task.result?.["faultStruct"]], [
        "done",
        { faultCode: 0, faultString: "" },
      ]);
    }
    assert.deepEqual(
      await Deno.readFile(`${env.agent.dir}/downloads/wan.cfg`),
      config,
    );
    // Each file request was challenged, then accepted with Digest for the device's username.
    const files = env.exchanges.filter((e) => e.method !== "POST");
    assert.deepEqual(files.map((e) => [e.method, e.status]), [
      ["GET", 401],
      ["GET", 200],
      ["PUT", 401],
      ["PUT", 201],
    ]);
    for (const e of files.filter((e) => e.status !== 401)) {
      assert.match(
        e.headers.get("authorization") ?? "",
        new RegExp(`^Digest username="${credentials.username}"`),
      );
    }
    const stored = await listFiles(env.db, { deviceId: env.deviceId });
    assert.deepEqual(stored.map((f) => f.fileType), ["2 Vendor Log File"]);
    // Without credentials the ACS does not serve the file.
    const anonymous = await fetch(`${env.origin}/files/wan.cfg`);
    await anonymous.body?.cancel();
    assert.equal(anonymous.status, 401);
  }, { acs: { files: { requireAuth: true } } }));

Deno.test("agent transfers: with files behind Digest, the ACS fills in the device's credentials itself", () =>
  withAgentAcs(async (env) => {
    env.agent.agent.requestConnection();
    await waitFor(async () =>
      (await getDeviceCredentials(env.db, env.deviceId))?.state === "active"
    );
    const firmware = new TextEncoder().encode("image 3.0\n".repeat(50));
    await storeFile(env.db, { name: "fw-3.bin", fileType: "1 Firmware Upgrade Image" }, firmware);
    // Queued as an operator would: no credentials; the ACS's own file URL.
    const download = await queueNow(env, {
      method: "Download",
      commandKey: "",
      fileType: "1 Firmware Upgrade Image",
      url: `${env.origin}/files/fw-3.bin`,
      username: "",
      password: "",
      fileSize: firmware.length,
      targetFileName: "",
      delaySeconds: 0,
      successUrl: "",
      failureUrl: "",
    });
    const task = await settledTask(env.db, download);
    assert.deepEqual([task.state, task.result?.["faultStruct"]], [
      "done",
      { faultCode: 0, faultString: "" },
    ]);
    assert.deepEqual(await Deno.readFile(`${env.agent.dir}/downloads/fw-3.bin`), firmware);
    // The password went out in the request only; the stored task keeps none.
    assert.deepEqual([task.args["username"], task.args["password"]], ["", ""]);
    const gets = env.exchanges.filter((e) => e.method === "GET");
    assert.deepEqual(gets.map((e) => e.status), [401, 200]);
  }, { acs: { files: { requireAuth: true } } }));
