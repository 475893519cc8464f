import assert from "node:assert/strict";
import { Waker } from "./agent_waker.ts";

Deno.test("Waker.sleep() returns at once after an early wake(), on timeout and on abort", async () => {
  const waker = new Waker();
  const never = new AbortController().signal;
  waker.wake();
  const t0 = performance.now();
  await waker.sleep(60_000, never);
  assert.ok(performance.now() - t0 < 1_000);
  await waker.sleep(10, never);
  const stop = new AbortController();
  const sleeping = waker.sleep(undefined, stop.signal);
  stop.abort();
  await sleeping;
  await waker.sleep(60_000, stop.signal);
});

Deno.test("Waker.wake() ends a sleep in progress", async () => {
  const waker = new Waker();
  const sleeping = waker.sleep(60_000, new AbortController().signal);
  setTimeout(() => waker.wake(), 5);
  await sleeping;
});
