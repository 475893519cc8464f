import assert from "node:assert/strict";
import { encodeEnvelope } from "../../protocol/soap/envelope.ts";
import { createScriptedAcs, type ScriptedAcs } from "../../test/fixtures/scripted_acs.ts";
import { AcsConnection, type AcsConnectionOptions, SessionError } from "./http.ts";

const INFORM = encodeEnvelope({
  method: "Inform",
  deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: "7" },
  events: [{ eventCode: "1 BOOT", commandKey: "" }],
  maxEnvelopes: 1,
  currentTime: "2026-01-01T00:00:00Z",
  retryCount: 0,
  parameterList: [],
}, { version: "1.0", headers: { id: "1" } });

function connect(acs: ScriptedAcs, options: Partial<AcsConnectionOptions> = {}): AcsConnection {
  return new AcsConnection({
    fetch,
    url: `${acs.url}/acs`,
    username: "",
    password: "",
    timeoutMs: 5_000,
    now: Date.now,
    randomHex: (n) => "5a".repeat(n),
    ...options,
  });
}

async function withAcs(
  fn: (acs: ScriptedAcs) => Promise<void>,
  options: Parameters<typeof createScriptedAcs>[0] = {},
): Promise<void> {
  const acs = createScriptedAcs(options);
  try {
    await fn(acs);
  } finally {
    await acs.close();
  }
}

Deno.test("AcsConnection returns every cookie the ACS set on later POSTs of the session", async () => {
  await withAcs(async (acs) => {
    const connection = connect(acs);
    const body = await connection.post(INFORM);
    assert.ok(body !== "empty" && body[0]?.message?.method === "InformResponse");
    assert.equal(await connection.post(null), "empty");
    assert.equal(acs.posts[0]?.headers.get("cookie"), null);
    assert.equal(acs.posts[1]?.headers.get("cookie"), "sid=1; lb=node-a");
    assert.equal(acs.posts[1]?.headers.get("content-length"), "0");
    assert.equal(acs.posts[0]?.headers.get("soapaction"), "");
    assert.match(acs.posts[0]?.headers.get("content-type") ?? "", /^text\/xml/);
  });
});

Deno.test("AcsConnection answers a Digest 401 and resends, on a new connection", async () => {
  await withAcs(async (acs) => {
    const connection = connect(acs, { username: "00D09E-7", password: "secret" });
    const body = await connection.post(INFORM);
    assert.ok(body !== "empty" && body[0]?.message?.method === "InformResponse");
    assert.deepEqual(acs.posts.map((p) => p.status), [401, 200]);
    assert.match(acs.posts[1]?.headers.get("authorization") ?? "", /^Digest .*nc=00000001/);
    assert.notEqual(acs.posts[0]?.port, acs.posts[1]?.port, "the 401 closed the connection");
    // Later POSTs are signed with the same nonce and the next nonce count.
    await connection.post(null);
    assert.match(acs.posts[2]?.headers.get("authorization") ?? "", /nc=00000002/);
    assert.equal(acs.posts[2]?.status, 204);
  }, { auth: { scheme: "Digest", username: "00D09E-7", password: "secret" } });
});

Deno.test("AcsConnection fails with one line when the ACS refuses the credentials", async () => {
  await withAcs(async (acs) => {
    const connection = connect(acs, { username: "00D09E-7", password: "wrong" });
    await assert.rejects(
      () => connection.post(INFORM),
      (e: unknown) =>
        e instanceof SessionError && e.message === "The ACS refused the credentials (HTTP 401)",
    );
    assert.equal(acs.posts.length, 2);
    await assert.rejects(() => connect(acs).post(INFORM), /no username is configured/);
  }, { auth: { scheme: "Digest", username: "00D09E-7", password: "secret" } });
});

Deno.test("AcsConnection answers Basic only over HTTPS unless allowed", async () => {
  await withAcs(async (acs) => {
    const credentials = { username: "u", password: "p" };
    await assert.rejects(() => connect(acs, credentials).post(INFORM), /Basic is not allowed/);
    const body = await connect(acs, { ...credentials, allowBasicOverHttp: true }).post(INFORM);
    assert.ok(body !== "empty");
    assert.equal(acs.posts.at(-1)?.headers.get("authorization"), `Basic ${btoa("u:p")}`);
  }, { auth: { scheme: "Basic", username: "u", password: "p" } });
});

Deno.test("AcsConnection follows a redirect and keeps the new URL for the session", async () => {
  await withAcs(async (acs) => {
    acs.script(() => new Response(null, { status: 307, headers: { location: "/acs/moved" } }));
    const connection = connect(acs);
    await connection.post(INFORM);
    await connection.post(null);
    assert.deepEqual(acs.posts.map((p) => p.path), ["/acs", "/acs/moved", "/acs/moved"]);
    assert.equal(connection.url, `${acs.url}/acs/moved`);
    assert.equal(acs.posts[1]?.body, INFORM);
  });
});

Deno.test("AcsConnection refuses a redirect loop and a redirect without Location", async () => {
  await withAcs(async (acs) => {
    const loop = (): Response => new Response(null, { status: 302, headers: { location: "/acs" } });
    acs.script(loop, loop, loop);
    await assert.rejects(
      () => connect(acs, { maxRedirects: 2 }).post(INFORM),
      /more than 2 redirects/,
    );
    acs.script(() => new Response(null, { status: 301 }));
    await assert.rejects(() => connect(acs).post(INFORM), /HTTP 301 without a Location/);
  });
});

Deno.test("AcsConnection gives up after the silence timeout", async () => {
  await withAcs(async (acs) => {
    const { promise, resolve } = Promise.withResolvers<void>();
    acs.script(async () => {
      await promise;
      return new Response(null, { status: 204 });
    });
    try {
      await assert.rejects(
        () => connect(acs, { timeoutMs: 100 }).post(INFORM),
        /no answer within 0.1 s/,
      );
    } finally {
      resolve();
    }
  });
});

Deno.test("AcsConnection reports HTTP errors, garbage and a dead ACS as SessionError", async () => {
  await withAcs(async (acs) => {
    acs.script(() => new Response("down", { status: 503, statusText: "Service Unavailable" }));
    await assert.rejects(
      () => connect(acs).post(INFORM),
      /The ACS answered HTTP 503 Service Unavailable/,
    );
    acs.script(() => new Response("<html><body>hi", { status: 200 }));
    await assert.rejects(() => connect(acs).post(INFORM), /Cannot decode the ACS's answer/);
    acs.script(() => new Response("x".repeat(100), { status: 200 }));
    await assert.rejects(() => connect(acs, { maxBodyBytes: 10 }).post(INFORM), /exceeds 10 bytes/);
  });
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  const dead = new AcsConnection({
    fetch,
    url: `http://127.0.0.1:${port}/acs`,
    username: "",
    password: "",
    timeoutMs: 2_000,
    now: Date.now,
    randomHex: (n) => "00".repeat(n),
  });
  await assert.rejects(() => dead.post(INFORM), /Cannot reach the ACS at .*: connection refused/);
});

Deno.test("AcsConnection gives a 503's Retry-After, in seconds or as a date, at most a day", async () => {
  const retryAfter = async (value: string): Promise<number | undefined> => {
    const connection = new AcsConnection({
      fetch: () =>
        Promise.resolve(new Response(null, { status: 503, headers: { "retry-after": value } })),
      url: "http://acs.invalid/acs",
      username: "",
      password: "",
      timeoutMs: 2_000,
      now: () => Date.UTC(2026, 0, 1, 0, 0, 0),
      randomHex: (n) => "00".repeat(n),
    });
    const error = await connection.post(INFORM).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof SessionError);
    return error.retryAfterSeconds;
  };
  assert.equal(await retryAfter("120"), 120);
  assert.equal(await retryAfter("Thu, 01 Jan 2026 00:01:30 GMT"), 90);
  assert.equal(await retryAfter("9999999"), 86_400);
  assert.equal(await retryAfter("soon"), undefined);
});

Deno.test("AcsConnection reads a SOAP fault sent with HTTP 500", async () => {
  await withAcs(async (acs) => {
    acs.script(() =>
      new Response(
        encodeEnvelope({
          method: "Fault",
          faultCode: "Server",
          faultString: "CWMP fault",
          detail: { faultCode: 8005, faultString: "Retry request", setParameterValuesFaults: [] },
        }, { version: "1.0", headers: { id: "1" } }),
        { status: 500, headers: { "content-type": "text/xml" } },
      )
    );
    const body = await connect(acs).post(INFORM);
    assert.ok(body !== "empty" && body[0]?.message?.method === "Fault");
  });
});
