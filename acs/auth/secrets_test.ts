import assert from "node:assert/strict";
import { createTestDb } from "../db/_testing.ts";
import { deriveAcsKeys, loadAcsKeys, SealError } from "./secrets.ts";

Deno.test("loadAcsKeys() creates the database secret once and derives the same keys after", async () => {
  const db = await createTestDb();
  try {
    const first = await loadAcsKeys(db);
    const second = await loadAcsKeys(db);
    assert.deepEqual(first.nonceKey, second.nonceKey);
    assert.equal(second.open(first.seal("pw", "d\u0000password"), "d\u0000password"), "pw");
    const rows = await db.$client.execute("SELECT count(*) AS n FROM acs_secrets");
    assert.equal(rows.rows[0]?.["n"], 1);
  } finally {
    db.$client.close();
  }
});

Deno.test("loadAcsKeys() uses the operator's secret, and refuses a short one", async () => {
  const db = await createTestDb();
  try {
    const secret = new TextEncoder().encode("an operator secret of 32 bytes!!");
    const keys = await loadAcsKeys(db, { secret });
    assert.deepEqual(keys.nonceKey, deriveAcsKeys(secret).nonceKey);
    assert.notDeepEqual(keys.nonceKey, (await loadAcsKeys(db)).nonceKey);
    await assert.rejects(loadAcsKeys(db, { secret: new Uint8Array(15) }), RangeError);
  } finally {
    db.$client.close();
  }
});

Deno.test("AcsKeys.open() refuses another secret, another context, tampering and garbage", () => {
  const keys = deriveAcsKeys(new TextEncoder().encode("0123456789abcdef"));
  const other = deriveAcsKeys(new TextEncoder().encode("fedcba9876543210"));
  const sealed = keys.seal("pässword", "ctx");
  assert.equal(keys.open(sealed, "ctx"), "pässword");
  assert.notEqual(keys.seal("pässword", "ctx"), sealed, "a fresh IV each time");
  const flipped = `${sealed.slice(0, -2)}${sealed.endsWith("A") ? "B" : "A"}${sealed.slice(-1)}`;
  for (
    const [value, context] of [[sealed, "other"], [flipped, "ctx"], ["v1.AAAA", "ctx"], [
      "plain",
      "ctx",
    ]]
  ) {
    assert.throws(() => keys.open(value ?? "", context ?? ""), SealError);
  }
  assert.throws(() => other.open(sealed, "ctx"), SealError);
});
