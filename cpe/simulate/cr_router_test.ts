import assert from "node:assert/strict";
import { answerChallenge } from "../../protocol/auth/client.ts";
import { startConnectionRequestRouter } from "./cr_router.ts";

async function get(url: string, authorization?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (authorization !== undefined) headers["authorization"] = authorization;
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(5_000) });
  await response.body?.cancel();
  return response;
}

function digest(challenge: string | null, options: { path: string; password: string }): string {
  const result = answerChallenge(challenge, {
    username: "acs",
    password: options.password,
    method: "GET",
    uri: options.path,
    cnonce: "0a0b0c0d",
    nc: 1,
  });
  assert.ok(result.ok);
  return result.authorization;
}

Deno.test("startConnectionRequestRouter() routes by path, with each device's own Digest credentials", async () => {
  const asked: string[] = [];
  const accepted: string[] = [];
  const router = startConnectionRequestRouter({
    hostname: "127.0.0.1",
    port: 0,
    nonceSecret: "test secret",
    onAccepted: (path) => accepted.push(path),
  });
  try {
    for (const name of ["a", "b"]) {
      router.add(`/cr/${name}`, {
        requestConnection: () => asked.push(name),
        connectionRequestCredentials: () => ({ username: "acs", password: `pw-${name}` }),
      });
    }
    const base = `http://127.0.0.1:${router.port}`;
    const challenged = await get(`${base}/cr/b`);
    assert.equal(challenged.status, 401);
    const challenge = challenged.headers.get("www-authenticate");
    // Device a's password does not open device b.
    const wrong = await get(`${base}/cr/b`, digest(challenge, { path: "/cr/b", password: "pw-a" }));
    assert.equal(wrong.status, 401);
    const ok = await get(`${base}/cr/b`, digest(challenge, { path: "/cr/b", password: "pw-b" }));
    assert.equal(ok.status, 200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(asked, ["b"]);
    assert.deepEqual(accepted, ["/cr/b"]);
    assert.equal((await get(`${base}/cr/unknown`)).status, 404);
    router.remove("/cr/b");
    assert.equal((await get(`${base}/cr/b`)).status, 404);
    assert.equal((await get(`${base}/cr/a`)).status, 401);
  } finally {
    await router.close();
  }
});

Deno.test("startConnectionRequestRouter() reports a taken port as ListenError", async () => {
  const first = startConnectionRequestRouter({ hostname: "127.0.0.1", port: 0, nonceSecret: "s" });
  try {
    assert.throws(
      () =>
        startConnectionRequestRouter({ hostname: "127.0.0.1", port: first.port, nonceSecret: "s" }),
      (error: unknown) => error instanceof Error && error.name === "ListenError",
    );
  } finally {
    await first.close();
  }
});
