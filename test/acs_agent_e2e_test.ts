/**
 * The project's own CPE agent against the project's own ACS listener over loopback sockets
 * (issue 4's evidence): first-contact bootstrap then Digest, and a Connection Request sent by
 * the ACS that gets a queued task done within a second. Every message both sides sent is
 * validated with xmllint (see fixtures/agent_acs.ts).
 */

import assert from "node:assert/strict";
import { getDeviceCredentials } from "../acs/auth/credentials.ts";
import { enqueueTaskWithOptions } from "../acs/connection_request/enqueue.ts";
import { envelopeXml, informMessage } from "../acs/_testing.ts";
import {
  type AgentAcs,
  informEvents,
  messages,
  settledTask,
  waitFor,
  withAgentAcs,
} from "./fixtures/agent_acs.ts";

const IGD = "InternetGatewayDevice.";

function sessionsOk(env: AgentAcs): number {
  return env.agent.logs.filter((l) => l.startsWith("session ok:")).length;
}

async function savedValue(env: AgentAcs, name: string): Promise<string | undefined> {
  const state = JSON.parse(await Deno.readTextFile(`${env.agent.dir}/state.json`));
  return state.model.values[`${IGD}ManagementServer.${name}`];
}

Deno.test("agent e2e: first contact gives the agent credentials; its next session uses Digest", () =>
  withAgentAcs(async (env) => {
    // The bootstrap session: no Authorization, accepted, and the ACS set four credentials.
    const [first] = env.exchanges;
    assert.equal(first?.status, 200);
    assert.equal(first?.headers.get("authorization"), null);
    const setByAcs = messages(env.exchanges).got.find((m) => m.method === "SetParameterValues");
    assert.ok(setByAcs?.method === "SetParameterValues");
    assert.deepEqual(setByAcs.parameterList.map((p) => p.name.slice(IGD.length)), [
      "ManagementServer.Username",
      "ManagementServer.Password",
      "ManagementServer.ConnectionRequestUsername",
      "ManagementServer.ConnectionRequestPassword",
    ]);
    const pending = await getDeviceCredentials(env.db, env.deviceId);
    assert.equal(pending?.state, "pending");
    assert.equal(await savedValue(env, "Username"), pending?.username);
    assert.equal(await savedValue(env, "Password"), pending?.password);
    assert.equal(
      await savedValue(env, "ConnectionRequestUsername"),
      pending?.connectionRequestUsername,
    );

    const before = env.exchanges.length;
    env.agent.agent.requestConnection();
    await waitFor(() => sessionsOk(env) >= 2);
    // The second session's Inform went in with Digest for the ACS-set username.
    const second = env.exchanges.slice(before);
    const digest = second.find((e) =>
      /^Digest /.test(e.headers.get("authorization") ?? "") && e.status === 200
    );
    assert.ok(digest, `no Digest-authenticated POST: ${second.map((e) => e.status).join()}`);
    assert.match(
      digest.headers.get("authorization") ?? "",
      new RegExp(`username="${pending?.username}"`),
    );
    assert.ok(messages([digest]).sent.some((m) => m.method === "Inform"));
    assert.deepEqual(informEvents(env.exchanges).at(-1), ["6 CONNECTION REQUEST"]);
    // The ACS now holds the credentials as confirmed...
    assert.equal((await getDeviceCredentials(env.db, env.deviceId))?.state, "active");
    // ...and refuses an Inform for the device that carries none.
    const forged = await fetch(env.acsUrl, {
      method: "POST",
      headers: { "content-type": "text/xml" },
      body: envelopeXml(informMessage({
        deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: "T1" },
      })),
    });
    await forged.body?.cancel();
    assert.equal(forged.status, 401);
    assert.match(forged.headers.get("www-authenticate") ?? "", /^Digest /);
  }));

Deno.test("agent e2e: a Connection Request sent by the ACS with Digest gets a task done within a second", () =>
  withAgentAcs(async (env) => {
    // The agent confirms its credentials first, so the ACS knows them as active.
    env.agent.agent.requestConnection();
    await waitFor(() => sessionsOk(env) >= 2);
    const elapsed: number[] = [];
    for (let round = 1; round <= 5; round++) {
      const started = performance.now();
      const { task, connectionRequest } = await enqueueTaskWithOptions({ db: env.db }, {
        deviceId: env.deviceId,
        request: {
          method: "GetParameterValues",
          parameterNames: [`${IGD}DeviceInfo.UpTime`],
        },
      }, { connectionRequest: true });
      assert.equal(connectionRequest?.result, "ok", connectionRequest?.detail ?? "no request");
      assert.match(connectionRequest?.detail ?? "", /with Digest credentials/);
      const done = await settledTask(env.db, task.id, 5_000);
      elapsed.push(performance.now() - started);
      assert.equal(done.state, "done");
      assert.equal(done.result?.["method"], "GetParameterValuesResponse");
      await waitFor(() => sessionsOk(env) >= 2 + round);
    }
    console.log(
      `connection request to task done: ${elapsed.map((ms) => ms.toFixed(0)).join(", ")} ms`,
    );
    // Spec 3.2.2: the CPE opens the session upon the Connection Request.
    assert.ok(Math.max(...elapsed) < 1000, `took ${elapsed.join(", ")} ms`);
    assert.deepEqual(
      informEvents(env.exchanges).slice(-5),
      Array(5).fill(["6 CONNECTION REQUEST"]),
    );
  }));
