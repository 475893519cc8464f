/**
 * The agent end to end against the scripted ACS over loopback sockets: bootstrap, boot,
 * periodic, Connection Request, retries and back-off. Every message it sent validates.
 */

import assert from "node:assert/strict";
import { answerChallenge } from "../protocol/auth/client.ts";
import { startTestAgent } from "../cpe/agent_testing.ts";
import { createScriptedAcs } from "./fixtures/scripted_acs.ts";
import { validateWithXmllint } from "./xmllint.ts";

const IGD = "InternetGatewayDevice.";

function codes(events: { eventCode: string; commandKey: string }[] | undefined): string[] {
  return (events ?? []).map((e) =>
    e.commandKey === "" ? e.eventCode : `${e.eventCode}:${e.commandKey}`
  );
}

async function assertAllValid(documents: Map<string, string>): Promise<void> {
  const results = await validateWithXmllint(documents);
  assert.deepEqual(results.filter((r) => !r.valid), []);
  assert.ok(results.length > 0);
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  listener.close();
  return listener.addr.port;
}

Deno.test("agent bootstraps on its first start and sends 1 BOOT alone after a restart", async () => {
  const acs = createScriptedAcs();
  let dir = "";
  const port = freePort();
  const config = { connectionRequest: { listen: `127.0.0.1:${port}` } };
  try {
    const first = await startTestAgent({ acsUrl: `${acs.url}/acs`, config });
    dir = first.dir;
    await acs.waitFor(() => acs.posts.some((p) => p.status === 204));
    await first.stop();
    const [inform] = acs.informs();
    assert.deepEqual(codes(inform?.events), ["0 BOOTSTRAP", "1 BOOT"]);
    assert.deepEqual(inform?.deviceId, {
      manufacturer: "Acme",
      oui: "00D09E",
      productClass: "GW",
      serialNumber: "T1",
    });
    const names = inform?.parameterList.map((p) => p.name) ?? [];
    for (
      const name of [
        "DeviceInfo.SpecVersion",
        "DeviceInfo.HardwareVersion",
        "DeviceInfo.SoftwareVersion",
        "DeviceInfo.ProvisioningCode",
        "ManagementServer.ConnectionRequestURL",
        "ManagementServer.ParameterKey",
      ]
    ) {
      assert.ok(names.includes(IGD + name), `Inform lacks ${name}`);
    }
    const crUrl = inform?.parameterList.find((p) =>
      p.name === `${IGD}ManagementServer.ConnectionRequestURL`
    )?.value;
    assert.equal(crUrl, first.connectionRequestUrl);
    assert.match(crUrl ?? "", /^http:\/\/127\.0\.0\.1:\d+\/cr\/[0-9a-f]{32}$/);
    assert.ok(
      first.logs.some((l) => /^session ok: events=0 BOOTSTRAP,1 BOOT rpcs=0 in \d+ ms$/.test(l)),
      first.logs.join("\n"),
    );
    // No ConnectionRequestUsername: the opt-out of authentication is logged at start.
    assert.ok(
      first.logs.includes(
        "warning: connection requests are not authenticated (ConnectionRequestUsername is " +
          `empty): anyone who reaches ${crUrl} can start sessions, up to 20 in 60 s`,
      ),
      first.logs.join("\n"),
    );

    const second = await startTestAgent({ acsUrl: `${acs.url}/acs`, dir, config });
    await acs.waitFor(() => acs.posts.filter((p) => p.status === 204).length === 2);
    await second.stop();
    assert.deepEqual(codes(acs.informs()[1]?.events), ["1 BOOT"]);
    assert.equal(
      second.connectionRequestUrl,
      first.connectionRequestUrl,
      "the URL survives restarts",
    );

    // Another port: ConnectionRequestURL is Inform on Change (Table 33).
    const third = await startTestAgent({ acsUrl: `${acs.url}/acs`, dir });
    await acs.waitFor(() => acs.posts.filter((p) => p.status === 204).length === 3);
    await third.stop();
    const informed = acs.informs()[2];
    assert.deepEqual(codes(informed?.events), ["1 BOOT", "4 VALUE CHANGE"]);
    const changed = informed?.parameterList.find((p) => p.name.endsWith("ConnectionRequestURL"));
    assert.equal(changed?.value, third.connectionRequestUrl);
    await assertAllValid(acs.sentDocuments());
  } finally {
    await acs.close();
    if (dir !== "") await Deno.remove(dir, { recursive: true });
  }
});

async function connectionRequest(url: string, username: string, password: string): Promise<number> {
  const first = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  await first.body?.cancel();
  if (first.status !== 401) return first.status;
  const answer = answerChallenge(first.headers.get("www-authenticate"), {
    username,
    password,
    method: "GET",
    uri: new URL(url).pathname,
    cnonce: "0123abcd",
  });
  assert.ok(answer.ok);
  const second = await fetch(url, {
    headers: { authorization: answer.authorization },
    signal: AbortSignal.timeout(5_000),
  });
  await second.body?.cancel();
  return second.status;
}

Deno.test("agent opens a session on a Digest Connection Request, also one that came during a session", async () => {
  const acs = createScriptedAcs();
  const agent = await startTestAgent({
    acsUrl: `${acs.url}/acs`,
    config: { connectionRequest: { username: "acs-user", password: "cr-secret" } },
  });
  const release = Promise.withResolvers<void>();
  try {
    await acs.waitFor(() => acs.posts.filter((p) => p.status === 204).length === 1);
    assert.equal(await connectionRequest(agent.connectionRequestUrl, "acs-user", "wrong"), 401);
    assert.equal(await connectionRequest(agent.connectionRequestUrl, "acs-user", "cr-secret"), 200);
    await acs.waitFor(() => acs.posts.filter((p) => p.status === 204).length === 2);
    // Hold the next session's InformResponse; a request meanwhile is answered at once.
    acs.script(async () => {
      await release.promise;
      return undefined;
    });
    assert.equal(await connectionRequest(agent.connectionRequestUrl, "acs-user", "cr-secret"), 200);
    await acs.waitFor(() => acs.posts.length === 5);
    assert.equal(await connectionRequest(agent.connectionRequestUrl, "acs-user", "cr-secret"), 200);
    release.resolve();
    await acs.waitFor(() => acs.informs().length === 4);
    await acs.waitFor(() => acs.posts.filter((p) => p.status === 204).length === 4);
    assert.deepEqual(acs.informs().slice(1).map((i) => codes(i.events)), [
      ["6 CONNECTION REQUEST"],
      ["6 CONNECTION REQUEST"],
      ["6 CONNECTION REQUEST"],
    ]);
    assert.ok(!agent.logs.some((l) => l.startsWith("warning:")), agent.logs.join("\n"));
    await assertAllValid(acs.sentDocuments());
  } finally {
    release.resolve();
    await agent.stop();
    await acs.close();
    await Deno.remove(agent.dir, { recursive: true });
  }
});
