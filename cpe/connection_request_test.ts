import assert from "node:assert/strict";
import { answerChallenge } from "../protocol/auth/client.ts";
import {
  type ConnectionRequestOptions,
  type ConnectionRequestServer,
  ListenError,
  startConnectionRequestServer,
} from "./connection_request.ts";

interface Harness {
  server: ConnectionRequestServer;
  url: string;
  triggers: () => number;
}

async function withServer(
  fn: (h: Harness) => Promise<void>,
  options: Partial<ConnectionRequestOptions> = {},
): Promise<void> {
  let triggers = 0;
  const server = startConnectionRequestServer({
    hostname: "127.0.0.1",
    port: 0,
    path: "/cr/r4nd0m",
    credentials: () => ({ username: "acs", password: "s3cret" }),
    nonceSecret: "test secret",
    onRequest: () => triggers++,
    ...options,
  });
  try {
    await fn({
      server,
      url: `http://127.0.0.1:${server.port}/cr/r4nd0m`,
      triggers: () => triggers,
    });
  } finally {
    await server.close();
  }
}

async function get(url: string, authorization?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (authorization !== undefined) headers["authorization"] = authorization;
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(5_000) });
  await response.body?.cancel();
  return response;
}

function answer(challenge: string | null, password = "s3cret", nc = 1): string {
  const result = answerChallenge(challenge, {
    username: "acs",
    password,
    method: "GET",
    uri: "/cr/r4nd0m",
    cnonce: "0a0b0c0d",
    nc,
  });
  assert.ok(result.ok);
  return result.authorization;
}

async function tick(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 20));
}

Deno.test("startConnectionRequestServer() asks for Digest and accepts the right answer once", async () => {
  await withServer(async ({ url, triggers }) => {
    const first = await get(url);
    assert.equal(first.status, 401);
    const challenge = first.headers.get("www-authenticate");
    assert.match(challenge ?? "", /^Digest realm="cwmp-cpe", qop="auth", nonce="/);
    const authorization = answer(challenge);
    const ok = await get(url, authorization);
    assert.equal(ok.status, 200);
    await tick();
    assert.equal(triggers(), 1);
    // The same nonce count again is a replay.
    assert.equal((await get(url, authorization)).status, 401);
    // The next nonce count is fine.
    assert.equal((await get(url, answer(challenge, "s3cret", 2))).status, 200);
    await tick();
    assert.equal(triggers(), 2);
  });
});

Deno.test("startConnectionRequestServer() refuses a wrong password, path and method", async () => {
  await withServer(async ({ server, url, triggers }) => {
    const challenge = (await get(url)).headers.get("www-authenticate");
    assert.equal((await get(url, answer(challenge, "wrong"))).status, 401);
    assert.equal((await get(`http://127.0.0.1:${server.port}/cr/other`)).status, 404);
    const post = await fetch(url, { method: "POST", body: "x" });
    await post.body?.cancel();
    assert.equal(post.status, 405);
    await tick();
    assert.equal(triggers(), 0);
  });
});

Deno.test("startConnectionRequestServer() marks an expired nonce stale", async () => {
  let clock = 1_000_000;
  await withServer(async ({ url }) => {
    const challenge = (await get(url)).headers.get("www-authenticate");
    clock += 10 * 60 * 1000;
    const stale = await get(url, answer(challenge));
    assert.equal(stale.status, 401);
    assert.match(stale.headers.get("www-authenticate") ?? "", /stale=true/);
  }, { now: () => clock });
});

Deno.test("startConnectionRequestServer() rate-limits accepted requests with 503", async () => {
  await withServer(async ({ url, triggers }) => {
    assert.equal((await get(url)).status, 200);
    assert.equal((await get(url)).status, 200);
    const limited = await get(url);
    assert.equal(limited.status, 503);
    assert.equal(limited.headers.get("retry-after"), "60");
    await tick();
    assert.equal(triggers(), 2);
  }, {
    credentials: () => ({ username: "", password: "" }),
    rateLimit: { count: 2, windowMs: 60_000 },
  });
});

Deno.test("startConnectionRequestServer() counts failed authentications toward the rate limit", async () => {
  const logs: string[] = [];
  await withServer(async ({ url, triggers }) => {
    // Bare requests are only challenged: they do not count.
    for (let i = 0; i < 4; i++) assert.equal((await get(url)).status, 401);
    const challenge = (await get(url)).headers.get("www-authenticate");
    assert.equal((await get(url, answer(challenge))).status, 200);
    assert.equal((await get(url, answer(challenge, "guess-1", 2))).status, 401);
    assert.equal((await get(url, answer(challenge, "guess-2", 3))).status, 401);
    // Three in the window (one accepted, two failed): even the right password waits now.
    const limited = await get(url, answer(challenge, "s3cret", 4));
    assert.equal(limited.status, 503);
    assert.equal(limited.headers.get("retry-after"), "60");
    assert.equal((await get(url)).status, 503);
    await tick();
    assert.equal(triggers(), 1);
    assert.equal(
      logs.at(-1),
      "connection request refused: 3 requests or failed authentications in 60 s",
    );
  }, { rateLimit: { count: 3, windowMs: 60_000 }, log: (line) => void logs.push(line) });
});

Deno.test("startConnectionRequestServer() opens the window again after it passed", async () => {
  let clock = 1_000_000;
  await withServer(async ({ url }) => {
    const challenge = (await get(url)).headers.get("www-authenticate");
    assert.equal((await get(url, answer(challenge, "guess"))).status, 401);
    assert.equal((await get(url, answer(challenge, "s3cret", 2))).status, 503);
    clock += 1_001;
    assert.equal((await get(url, answer(challenge, "s3cret", 3))).status, 200);
  }, { rateLimit: { count: 1, windowMs: 1_000 }, now: () => clock });
});

Deno.test("startConnectionRequestServer() reports a taken port as ListenError", async () => {
  await withServer(({ server }) => {
    assert.throws(
      () =>
        startConnectionRequestServer({
          hostname: "127.0.0.1",
          port: server.port,
          path: "/cr",
          credentials: () => ({ username: "", password: "" }),
          nonceSecret: "s",
          onRequest: () => {},
        }),
      (e: unknown) =>
        e instanceof ListenError &&
        e.message ===
          `Cannot listen for connection requests on 127.0.0.1:${server.port}: Address already in use`,
    );
    return Promise.resolve();
  });
});
