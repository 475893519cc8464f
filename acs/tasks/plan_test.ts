import assert from "node:assert/strict";
import type { OpenTask } from "../store/types.ts";
import { planNext } from "./plan.ts";

function task(
  id: number,
  method: string,
  args: Record<string, unknown>,
  extra: Partial<OpenTask> = {},
): OpenTask {
  return {
    id,
    state: "pending",
    method,
    args,
    attempts: 0,
    maxAttempts: 3,
    expires: null,
    ...extra,
  };
}

const OPTIONS = { now: 1000, version: "1.0" as const, maxBatch: 16 };

Deno.test("planNext() sets aside expired, exhausted and unsendable tasks before the one it sends", () => {
  const plan = planNext([
    task(1, "Reboot", { commandKey: "" }, { expires: 1000 }),
    task(2, "Reboot", { commandKey: "" }, { state: "running", attempts: 3 }),
    task(3, "CancelTransfer", { commandKey: "x" }),
    task(4, "FactoryReset", {}),
    task(5, "Reboot", { commandKey: "" }),
  ], OPTIONS);
  assert.deepEqual(plan.expired, [1]);
  assert.deepEqual(plan.givenUp.map((t) => t.id), [2]);
  assert.deepEqual(plan.unsendable.map((u) => u.task.id), [3]);
  assert.match(plan.unsendable[0]?.reason ?? "", /cwmp-1\.2|cwmp-1\.1/);
  assert.deepEqual(plan.send?.tasks.map((t) => t.id), [4]);
  assert.deepEqual(plan.send?.request, { method: "FactoryReset" });
});

Deno.test("planNext() batches only adjacent GetParameterValues tasks, up to maxBatch", () => {
  const gpv = (id: number, names: string[], extra: Partial<OpenTask> = {}) =>
    task(id, "GetParameterValues", { parameterNames: names }, extra);
  const open = [gpv(1, ["A."]), gpv(2, ["B."]), gpv(3, ["C."], { expires: 5 }), gpv(4, ["D."])];
  const plan = planNext(open, OPTIONS);
  assert.deepEqual(plan.send?.tasks.map((t) => t.id), [1, 2]);
  assert.deepEqual(plan.send?.tasks.map((t) => t.parameterNames), [["A."], ["B."]]);
  assert.deepEqual(planNext(open, { ...OPTIONS, maxBatch: 1 }).send?.tasks.map((t) => t.id), [1]);
  const split = planNext(
    [gpv(1, ["A."]), task(2, "Reboot", { commandKey: "" }), gpv(3, ["C."])],
    OPTIONS,
  );
  assert.deepEqual(split.send?.tasks.map((t) => t.id), [1]);
  assert.equal(planNext([], OPTIONS).send, null);
});
