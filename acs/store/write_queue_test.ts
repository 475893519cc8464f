import assert from "node:assert/strict";
import { createWriteQueue, type SqlStatement } from "./write_queue.ts";

function statement(n: number): SqlStatement {
  return { sql: "INSERT", args: [n] };
}

Deno.test("createWriteQueue() commits callers queued together in one transaction", async () => {
  const commits: number[][] = [];
  const queue = createWriteQueue((s) => void commits.push(s.map((x) => Number(x.args[0]))));
  await Promise.all([1, 2, 3].map((n) => queue.write([statement(n)])));
  await queue.write([statement(4)]);
  assert.deepEqual(commits, [[1, 2, 3], [4]]);
});

Deno.test("createWriteQueue() commits at once when a batch is full, and queues behind a commit", async () => {
  const commits: number[][] = [];
  let release: () => void = () => {};
  const queue = createWriteQueue(async (s) => {
    commits.push(s.map((x) => Number(x.args[0])));
    if (commits.length === 1) await new Promise<void>((r) => release = r);
  }, { maxCallers: 2, delayMs: 60_000 });
  const first = [queue.write([statement(1)]), queue.write([statement(2)])];
  // Queued while the first transaction commits: they wait for it.
  const second = [queue.write([statement(3)]), queue.write([statement(4)])];
  assert.equal(queue.pending, 2);
  release();
  await Promise.all([...first, ...second]);
  assert.deepEqual(commits, [[1, 2], [3, 4]]);
});

Deno.test("createWriteQueue() retries callers one by one when their shared commit fails", async () => {
  const commits: number[][] = [];
  const queue = createWriteQueue((s) => {
    const values = s.map((x) => Number(x.args[0]));
    commits.push(values);
    if (values.includes(2)) throw new Error("constraint failed");
  });
  const results = await Promise.allSettled([1, 2, 3].map((n) => queue.write([statement(n)])));
  assert.deepEqual(results.map((r) => r.status), ["fulfilled", "rejected", "fulfilled"]);
  assert.deepEqual(commits, [[1, 2, 3], [1], [2], [3]]);
  await queue.drain();
  assert.equal(queue.pending, 0);
});

Deno.test("createWriteQueue() drain() commits what waits without waiting for the timer", async () => {
  const commits: number[][] = [];
  const queue = createWriteQueue((s) => void commits.push(s.map((x) => Number(x.args[0]))), {
    delayMs: 60_000,
  });
  const written = queue.write([statement(1)]);
  await queue.drain();
  await written;
  assert.deepEqual(commits, [[1]]);
  assert.equal(await queue.write([]), undefined);
});
