import assert from "node:assert/strict";
import { createTestNbi } from "./_testing.ts";
import { createApiToken, hasActiveApiToken, listApiTokens, revokeApiToken } from "./tokens.ts";

Deno.test("NBI answers 401 with WWW-Authenticate: Bearer without a token", async () => {
  const t = await createTestNbi();
  try {
    for (const path of ["/api/devices", "/metrics", "/api/tasks", "/api/nothing"]) {
      const response = await t.call(path, { token: null });
      assert.equal(response.status, 401, path);
      assert.match(response.headers.get("www-authenticate") ?? "", /^Bearer /);
      const body = await response.json();
      assert.equal(body.error.code, "unauthorized");
    }
  } finally {
    t.close();
  }
});

Deno.test("NBI answers 401 to an unknown token and to a revoked one", async () => {
  const t = await createTestNbi();
  try {
    const unknown = await t.call("/api/devices", { token: "cwmp_nope" });
    assert.equal(unknown.status, 401);
    assert.match(unknown.headers.get("www-authenticate") ?? "", /invalid_token/);
    await unknown.body?.cancel();
    const { token, info } = await createApiToken(t.acs.db, { name: "soon revoked" });
    assert.equal((await t.call("/api/devices", { token })).status, 200);
    await revokeApiToken(t.acs.db, info.id);
    const revoked = await t.call("/api/devices", { token });
    assert.equal(revoked.status, 401);
    assert.equal((await revoked.json()).error.code, "unauthorized");
  } finally {
    t.close();
  }
});

Deno.test("NBI answers 403 to a read-only token on a write, 200 on a read", async () => {
  const t = await createTestNbi();
  try {
    const read = await t.call("/api/devices", { token: t.readOnlyToken });
    assert.equal(read.status, 200);
    await read.body?.cancel();
    const write = await t.call("/api/devices/x", { method: "DELETE", token: t.readOnlyToken });
    assert.equal(write.status, 403);
    assert.equal((await write.json()).error.code, "forbidden");
  } finally {
    t.close();
  }
});

Deno.test("NBI serves the OpenAPI document without a token", async () => {
  const t = await createTestNbi();
  try {
    const response = await t.call("/api/openapi.json", { token: null });
    assert.equal(response.status, 200);
    assert.match((await response.json()).openapi, /^3\.1\.\d+$/);
  } finally {
    t.close();
  }
});

Deno.test("listApiTokens() shows use and revocation, never the hash", async () => {
  const t = await createTestNbi();
  try {
    const before = await listApiTokens(t.acs.db);
    assert.deepEqual(before.map((x) => [x.name, x.readOnly, x.lastUsedAt]), [
      ["rw", false, null],
      ["ro", true, null],
    ]);
    await (await t.call("/api/devices")).body?.cancel();
    const [rw] = await listApiTokens(t.acs.db);
    assert.ok(rw?.lastUsedAt instanceof Date);
    assert.equal("tokenHash" in (rw ?? {}), false);
    for (const token of before) await revokeApiToken(t.acs.db, token.id);
    assert.equal(await hasActiveApiToken(t.acs.db), false);
    await assert.rejects(() => revokeApiToken(t.acs.db, 99), /no such token/);
  } finally {
    t.close();
  }
});
