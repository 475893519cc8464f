import assert from "node:assert/strict";
import { checkNonceCount, createNonce, DEFAULT_NONCE_TTL_MS, verifyNonce } from "./nonce.ts";

const SECRET = "server secret";
const T0 = 1_700_000_000_000;

function counterHex(): (bytes: number) => string {
  let next = 0;
  return (bytes) => (next++).toString(16).padStart(bytes * 2, "0");
}

Deno.test("createNonce() is URL- and quote-safe and verifies with its issue time", () => {
  const nonce = createNonce({ secret: SECRET, now: T0, randomHex: counterHex() });
  assert.match(nonce, /^[A-Za-z0-9_-]{75}$/);
  assert.deepEqual(verifyNonce(nonce, { secret: SECRET, now: T0 }), { ok: true, issuedAt: T0 });
});

Deno.test("createNonce() differs with the random part and the time", () => {
  const randomHex = counterHex();
  const a = createNonce({ secret: SECRET, now: T0, randomHex });
  const b = createNonce({ secret: SECRET, now: T0, randomHex });
  const c = createNonce({ secret: SECRET, now: T0 + 1, randomHex: () => "0".repeat(32) });
  assert.equal(new Set([a, b, c]).size, 3);
});

Deno.test("createNonce() rejects an empty secret, a bad time and bad randomness", () => {
  const randomHex = counterHex();
  assert.throws(() => createNonce({ secret: "", now: T0, randomHex }), RangeError);
  assert.throws(() => createNonce({ secret: new Uint8Array(), now: T0, randomHex }), RangeError);
  assert.throws(() => createNonce({ secret: SECRET, now: Number.NaN, randomHex }), RangeError);
  assert.throws(() => createNonce({ secret: SECRET, now: -1, randomHex }), RangeError);
  assert.throws(() => createNonce({ secret: SECRET, now: T0, randomHex: () => "xyz" }), TypeError);
});

Deno.test("verifyNonce() reports stale after the TTL, default 5 minutes", () => {
  const nonce = createNonce({ secret: SECRET, now: T0, randomHex: counterHex() });
  const at = (now: number, ttlMs?: number): string => {
    const check = verifyNonce(nonce, { secret: SECRET, now, ttlMs });
    return check.ok ? "ok" : check.reason;
  };
  assert.equal(DEFAULT_NONCE_TTL_MS, 300_000);
  assert.equal(at(T0 + DEFAULT_NONCE_TTL_MS), "ok");
  assert.equal(at(T0 + DEFAULT_NONCE_TTL_MS + 1), "stale");
  assert.equal(at(T0 - DEFAULT_NONCE_TTL_MS - 1), "stale");
  assert.equal(at(T0 + 10_000, 5_000), "stale");
  assert.deepEqual(verifyNonce(nonce, { secret: SECRET, now: T0 + 1e9 }), {
    ok: false,
    reason: "stale",
    issuedAt: T0,
  });
});

Deno.test("verifyNonce() rejects every tampered character and another secret", () => {
  const nonce = createNonce({ secret: SECRET, now: T0, randomHex: counterHex() });
  for (let i = 0; i < nonce.length; i++) {
    const flipped = nonce[i] === "A" ? "B" : "A";
    const tampered = nonce.slice(0, i) + flipped + nonce.slice(i + 1);
    assert.deepEqual(verifyNonce(tampered, { secret: SECRET, now: T0 }), {
      ok: false,
      reason: "bad-nonce",
    });
  }
  assert.deepEqual(verifyNonce(nonce, { secret: "other", now: T0 }), {
    ok: false,
    reason: "bad-nonce",
  });
  assert.deepEqual(verifyNonce(nonce, { secret: "", now: T0 }), { ok: false, reason: "bad-nonce" });
});

Deno.test("verifyNonce() rejects garbage without throwing", () => {
  const garbage = [
    "",
    "a",
    "=".repeat(75),
    "!".repeat(75),
    "A".repeat(75),
    "A".repeat(76),
    "é".repeat(75),
  ];
  for (const nonce of garbage) {
    assert.deepEqual(verifyNonce(nonce, { secret: SECRET, now: T0 }), {
      ok: false,
      reason: "bad-nonce",
    });
  }
});

Deno.test("checkNonceCount() accepts increasing counts and flags replays", () => {
  assert.deepEqual(checkNonceCount(undefined, "00000001"), { ok: true, nonceCount: 1 });
  assert.deepEqual(checkNonceCount(1, "00000002"), { ok: true, nonceCount: 2 });
  assert.deepEqual(checkNonceCount(9, "0000000A"), { ok: true, nonceCount: 10 });
  assert.deepEqual(checkNonceCount(2, "00000002"), { ok: false, reason: "replayed" });
  assert.deepEqual(checkNonceCount(5, "00000003"), { ok: false, reason: "replayed" });
  assert.deepEqual(checkNonceCount(undefined, "ffffffff"), { ok: true, nonceCount: 0xffffffff });
});

Deno.test("checkNonceCount() flags malformed counts", () => {
  for (const nc of ["", "000000001", "0x1", "-1", "1 ", "g"]) {
    assert.deepEqual(checkNonceCount(undefined, nc), { ok: false, reason: "malformed" });
  }
});
