import assert from "node:assert/strict";
import { createNonceCounts } from "./nonce_counts.ts";

Deno.test("createNonceCounts() accepts rising counts and refuses repeated ones", () => {
  const counts = createNonceCounts({ ttlMs: 1000 });
  assert.ok(counts.commit("a", { count: 1, issuedAt: 0, now: 0 }));
  assert.ok(counts.commit("a", { count: 3, issuedAt: 0, now: 1 }));
  assert.ok(!counts.commit("a", { count: 2, issuedAt: 0, now: 2 }));
  assert.ok(!counts.commit("a", { count: 3, issuedAt: 0, now: 2 }));
  // A request without qop has count 0: its nonce is good for one use.
  assert.ok(counts.commit("b", { count: 0, issuedAt: 0, now: 0 }));
  assert.ok(!counts.commit("b", { count: 0, issuedAt: 0, now: 1 }));
});

Deno.test("createNonceCounts() forgets expired entries, and treats early-dropped ones as stale", () => {
  const counts = createNonceCounts({ ttlMs: 1000, maxEntries: 2 });
  counts.commit("a", { count: 1, issuedAt: 10, now: 10 });
  counts.commit("b", { count: 1, issuedAt: 20, now: 20 });
  counts.commit("c", { count: 1, issuedAt: 30, now: 30 });
  assert.equal(counts.size, 2);
  // "a" was dropped before it expired: it and every nonce issued before it cannot be checked.
  assert.deepEqual(counts.check("a", 10, 40), { kind: "forgotten" });
  assert.deepEqual(counts.check("older", 5, 40), { kind: "forgotten" });
  assert.deepEqual(counts.check("newer", 35, 40), { kind: "fresh" });
  assert.deepEqual(counts.check("c", 30, 40), { kind: "seen", lastCount: 1 });
  // Past its lifetime an entry is gone, and its nonce is stale by its HMAC time anyway.
  counts.commit("d", { count: 1, issuedAt: 2000, now: 2000 });
  assert.equal(counts.size, 1);
  assert.deepEqual(counts.check("c", 30, 2000), { kind: "fresh" });
});
