/**
 * The agent's reasons to connect and its resilience, over loopback: PERIODIC, VALUE CHANGE
 * (active at once, passive with the next Inform, never for the ACS's own changes), a new ACS URL
 * (BOOTSTRAP), a redirect, Digest at the ACS, retries with back-off and RetryCount, and a stop
 * in the middle of a session.
 */

import assert from "node:assert/strict";
import { startTestAgent, type TestAgent } from "../cpe/agent_testing.ts";
import { createScriptedAcs, type ScriptedAcs, type ScriptStep } from "./fixtures/scripted_acs.ts";
import { validateWithXmllint } from "./xmllint.ts";

const IGD = "InternetGatewayDevice.";
const WAN_IP = `${IGD}WANDevice.1.WANConnectionDevice.1.WANIPConnection.1.ExternalIPAddress`;

function codes(acs: ScriptedAcs, index: number): string[] {
  return (acs.informs()[index]?.events ?? []).map((e) =>
    e.commandKey === "" ? e.eventCode : `${e.eventCode}:${e.commandKey}`
  );
}

function ended(acs: ScriptedAcs, n: number): () => boolean {
  return () => acs.posts.filter((p) => p.status === 204).length >= n;
}

async function withAgent(
  fn: (acs: ScriptedAcs, agent: TestAgent) => Promise<void>,
  options: {
    config?: Record<string, unknown>;
    acs?: Parameters<typeof createScriptedAcs>[0];
    script?: ScriptStep[];
  } = {},
): Promise<void> {
  const acs = createScriptedAcs(options.acs);
  acs.script(...(options.script ?? []));
  const agent = await startTestAgent({ acsUrl: `${acs.url}/acs`, config: options.config ?? {} });
  try {
    await fn(acs, agent);
  } finally {
    await agent.stop();
    await acs.close();
    await Deno.remove(agent.dir, { recursive: true });
  }
  const results = await validateWithXmllint(acs.sentDocuments());
  assert.deepEqual(results.filter((r) => !r.valid), []);
}

Deno.test("agent informs every PeriodicInformInterval", async () => {
  await withAgent(async (acs) => {
    await acs.waitFor(ended(acs, 3), 5_000);
    assert.deepEqual(codes(acs, 1), ["2 PERIODIC"]);
    assert.deepEqual(codes(acs, 2), ["2 PERIODIC"]);
  }, { config: { periodicInform: { enabled: true, intervalSeconds: 1 } } });
});

Deno.test("agent informs at once on an active change and with the next Inform on a passive one", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-values-" });
  try {
    await Deno.writeTextFile(`${dir}/ip`, "192.0.2.10\n");
    await Deno.writeTextFile(`${dir}/code`, "A\n");
    await withAgent(async (acs) => {
      acs.enqueue({
        method: "SetParameterAttributes",
        parameterList: [{
          name: `${IGD}DeviceInfo.UpTime`,
          notificationChange: true,
          notification: 1,
          accessListChange: false,
          accessList: [],
        }],
      });
      await acs.waitFor(ended(acs, 1));
      // The WAN address is Inform on Change (Table 33): its change opens a session.
      await Deno.writeTextFile(`${dir}/ip`, "192.0.2.99\n");
      await acs.waitFor(ended(acs, 2), 5_000);
      assert.deepEqual(codes(acs, 1), ["4 VALUE CHANGE"]);
      const inform = acs.informs()[1];
      assert.equal(inform?.parameterList.find((p) => p.name === WAN_IP)?.value, "192.0.2.99");
      // UpTime is passive: it changes all the time, yet only rides along with the next Inform.
      assert.equal(acs.informs().length, 2);
      const names = inform?.parameterList.map((p) => p.name) ?? [];
      assert.ok(names.includes(`${IGD}DeviceInfo.UpTime`), names.join());
    }, {
      config: {
        pollSeconds: 0.05,
        values: {
          [WAN_IP]: { command: `cat ${dir}/ip` },
          [`${IGD}DeviceInfo.UpTime`]: { counter: { everySeconds: 0.01 } },
        },
      },
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("agent never notifies a change the ACS made itself", async () => {
  await withAgent(async (acs) => {
    acs.enqueue(
      {
        method: "SetParameterAttributes",
        parameterList: [{
          name: `${IGD}ManagementServer.PeriodicInformInterval`,
          notificationChange: true,
          notification: 2,
          accessListChange: false,
          accessList: [],
        }],
      },
      {
        method: "SetParameterValues",
        parameterList: [{
          name: `${IGD}ManagementServer.PeriodicInformInterval`,
          type: "unsignedInt",
          value: "7200",
        }],
        parameterKey: "p",
      },
    );
    await acs.waitFor(ended(acs, 1));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(acs.informs().length, 1);
  });
});

Deno.test("agent bootstraps to a new ACS URL the ACS set", async () => {
  const next = createScriptedAcs();
  try {
    await withAgent(async (acs) => {
      acs.enqueue({
        method: "SetParameterValues",
        parameterList: [{
          name: `${IGD}ManagementServer.URL`,
          type: "string",
          value: `${next.url}/acs`,
        }],
        parameterKey: "move",
      });
      await next.waitFor(ended(next, 1), 5_000);
      assert.deepEqual(codes(next, 0), ["0 BOOTSTRAP"]);
      assert.equal(acs.informs().length, 1);
    });
  } finally {
    await next.close();
  }
});

Deno.test("agent follows a redirect and answers Digest at the ACS", async () => {
  await withAgent(async (acs) => {
    await acs.waitFor(ended(acs, 1));
    assert.deepEqual(acs.posts.map((p) => [p.path, p.status]), [
      ["/acs", 307],
      ["/acs/v2", 401],
      ["/acs/v2", 200],
      ["/acs/v2", 204],
    ]);
    assert.equal(acs.posts[3]?.headers.get("cookie"), "sid=1; lb=node-a");
  }, {
    acs: { auth: { scheme: "Digest", username: "00D09E-T1", password: "pw" } },
    config: { acs: { username: "00D09E-T1", password: "pw" } },
    script: [() => new Response(null, { status: 307, headers: { location: "/acs/v2" } })],
  });
});

Deno.test("agent retries a failed session with back-off and counts RetryCount", async () => {
  await withAgent(async (acs, agent) => {
    const down = (): Response => new Response("down\n", { status: 503 });
    acs.script(down, down);
    await acs.waitFor(ended(acs, 1), 5_000);
    assert.deepEqual(acs.informs().map((i) => i.retryCount), [0, 1, 2]);
    assert.deepEqual(acs.informs().map((i) => codes({ informs: () => [i] } as ScriptedAcs, 0)), [
      ["0 BOOTSTRAP", "1 BOOT"],
      ["0 BOOTSTRAP", "1 BOOT"],
      ["0 BOOTSTRAP", "1 BOOT"],
    ]);
    assert.ok(
      agent.logs.some((l) =>
        /^session failed: events=0 BOOTSTRAP,1 BOOT after 1 exchange in \d+ ms: The ACS answered HTTP 503/
          .test(l)
      ),
    );
    assert.ok(agent.logs.some((l) => /^retry 2 in 0\.\d s$/.test(l)), agent.logs.join("\n"));
  });
});

Deno.test("agent waits at least the Retry-After of a 503 before retrying", async () => {
  await withAgent(async (acs, agent) => {
    const busy = (): Response =>
      new Response("busy\n", { status: 503, headers: { "retry-after": "1" } });
    acs.script(busy);
    await acs.waitFor(ended(acs, 1), 5_000);
    const [first, second] = acs.posts;
    assert.ok(first && second);
    assert.ok(agent.logs.includes("retry 1 in 1 s"), agent.logs.join("\n"));
    assert.ok(second.at - first.at >= 1000, `retried after ${second.at - first.at} ms`);
    assert.deepEqual(acs.informs().map((i) => i.retryCount), [0, 1]);
  });
});

Deno.test("agent finishes the session in progress when stopped", async () => {
  const acs = createScriptedAcs();
  const agent = await startTestAgent({ acsUrl: `${acs.url}/acs` });
  const release = Promise.withResolvers<void>();
  try {
    acs.enqueue({
      method: "GetParameterValues",
      parameterNames: [`${IGD}DeviceInfo.SerialNumber`],
    });
    acs.script(() => undefined, async () => {
      await release.promise;
      return undefined;
    });
    await acs.waitFor(() => acs.posts.length === 2);
    const stopped = agent.stop();
    release.resolve();
    await stopped;
    assert.equal(acs.posts.at(-1)?.status, 204);
    assert.ok(agent.logs.some((l) => /^session ok: .* rpcs=1 /.test(l)));
    assert.equal(agent.logs.at(-1), "stopped");
  } finally {
    release.resolve();
    await agent.stop();
    await acs.close();
    await Deno.remove(agent.dir, { recursive: true });
  }
});
