import assert from "node:assert/strict";
import fc from "fast-check";
import { CwmpFault } from "../../protocol/errors.ts";
import type { ValueType } from "../../protocol/rpc/values.ts";
import { handleSetParameterValues } from "../handlers/set_parameter_values.ts";
import { loadBuiltinModel } from "../datamodel/loader.ts";
import { createDefaultModel } from "./factory.ts";
import type { ModelStore } from "./store.ts";

const IGD = "InternetGatewayDevice.";
const MODEL = loadBuiltinModel("igd");

/** Writable tables of IGD:1.0, as generic paths of the table (without `{i}.`). */
const TABLES = [
  `${IGD}LANDevice.{i}.LANHostConfigManagement.IPInterface.`,
  `${IGD}WANDevice.{i}.WANConnectionDevice.`,
  `${IGD}WANDevice.{i}.WANConnectionDevice.{i}.WANIPConnection.`,
  `${IGD}WANDevice.{i}.WANConnectionDevice.{i}.WANPPPConnection.`,
  `${IGD}WANDevice.{i}.WANConnectionDevice.{i}.WANIPConnection.{i}.PortMapping.`,
  `${IGD}Layer3Forwarding.Forwarding.`,
];

type Op =
  | { kind: "add"; table: number; pick: number }
  | { kind: "delete"; pick: number }
  | { kind: "set"; entries: { pick: number; value: string; type: ValueType }[] }
  | { kind: "reload" };

const VALUES = fc.oneof(
  fc.constantFrom("0", "1", "-1", "true", "false", "65535", "65536", "", "x", "192.168.1.1"),
  fc.string({ maxLength: 8 }),
);
const OP: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("add" as const),
      table: fc.nat(TABLES.length - 1),
      pick: fc.nat(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("set" as const),
      entries: fc.array(
        fc.record({
          pick: fc.nat(),
          value: VALUES,
          type: fc.constantFrom<ValueType>("string", "unsignedInt", "boolean", "int"),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "reload" as const }) },
);

function generic(path: string): string {
  return path.replace(/\.\d+\./g, ".{i}.");
}

/** Concrete objects and tables of the store, by kind. */
function objects(store: ModelStore): { tables: string[]; instances: string[] } {
  const names = store.names("", false).map((n) => n.name).filter((n) => n.endsWith("."));
  return {
    tables: names.filter((n) => MODEL.objects.get(`${generic(n)}{i}.`)?.multiInstance === true),
    instances: names.filter((n) => /\.\d+\.$/.test(n)),
  };
}

function checkCounts(store: ModelStore): void {
  const { tables, instances } = objects(store);
  for (const table of tables) {
    const def = MODEL.objects.get(`${generic(table)}{i}.`);
    if (def?.numEntriesParameter === undefined) continue;
    const count = instances.filter((i) =>
      i.startsWith(table) && /^\d+\.$/.test(i.slice(table.length))
    );
    const parent = table.slice(0, table.slice(0, -1).lastIndexOf(".") + 1);
    assert.equal(store.get(parent + def.numEntriesParameter).value, String(count.length), table);
  }
}

function writableParameters(store: ModelStore): string[] {
  return store.names("", false).filter((n) => n.writable && !n.name.endsWith(".")).map((n) =>
    n.name
  );
}

async function apply(
  store: ModelStore,
  op: Op,
  used: Map<string, Set<number>>,
): Promise<ModelStore> {
  if (op.kind === "add") {
    const candidates = objects(store).tables.filter((t) => generic(t) === TABLES[op.table]);
    const table = candidates[op.pick % Math.max(candidates.length, 1)];
    if (table === undefined) return store;
    const n = store.addObject(table, { source: "acs", parameterKey: "add" });
    const seen = used.get(table) ?? new Set<number>();
    assert.ok(!seen.has(n), `${table}${n} reused`);
    assert.ok([...seen].every((old) => old < n));
    seen.add(n);
    used.set(table, seen);
  } else if (op.kind === "delete") {
    const deletable = objects(store).instances.filter((i) =>
      TABLES.includes(generic(i).replace(/\{i\}\.$/, "").replace(/\d+\.$/, ""))
    );
    const target = deletable[op.pick % Math.max(deletable.length, 1)];
    if (target !== undefined) store.deleteObject(target, { source: "acs" });
  } else if (op.kind === "set") {
    await setValues(store, op.entries);
  } else {
    const fresh = createDefaultModel(MODEL);
    fresh.restore(JSON.parse(JSON.stringify(store.snapshot())));
    return fresh;
  }
  return store;
}

async function setValues(
  store: ModelStore,
  entries: { pick: number; value: string; type: ValueType }[],
): Promise<void> {
  const writable = writableParameters(store);
  const list = entries.map((e) => ({
    name: writable[e.pick % writable.length] ?? "",
    type: e.type,
    value: e.value,
  }));
  const before = JSON.stringify(store.snapshot());
  try {
    await handleSetParameterValues({
      method: "SetParameterValues",
      parameterList: list,
      parameterKey: "k",
    }, store);
  } catch (e) {
    assert.ok(e instanceof CwmpFault && e.faultCode === 9003, String(e));
    assert.ok(e.setParameterValuesFaults.length > 0);
    assert.equal(
      JSON.stringify(store.snapshot()),
      before,
      "a failed SetParameterValues changed state",
    );
  }
}

Deno.test("random AddObject/DeleteObject/SetParameterValues keep counts true and numbers unique", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(OP, { maxLength: 25 }), async (ops) => {
      let store = createDefaultModel(MODEL);
      const used = new Map<string, Set<number>>();
      for (const instance of objects(store).instances) {
        const table = instance.replace(/\d+\.$/, "");
        used.set(table, (used.get(table) ?? new Set()).add(Number(/(\d+)\.$/.exec(instance)?.[1])));
      }
      for (const op of ops) {
        store = await apply(store, op, used);
        checkCounts(store);
      }
    }),
    { numRuns: 40 },
  );
});

Deno.test("a SetParameterValues with any invalid entry changes nothing", async () => {
  const store = createDefaultModel(MODEL);
  const writable = writableParameters(store);
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.record({
          pick: fc.nat(),
          value: VALUES,
          type: fc.constantFrom<ValueType>("string", "int"),
        }),
        {
          maxLength: 5,
        },
      ),
      fc.constantFrom(
        { name: `${IGD}Nope`, type: "string" as const, value: "" },
        { name: `${IGD}DeviceInfo.SerialNumber`, type: "string" as const, value: "x" },
        {
          name: `${IGD}ManagementServer.PeriodicInformInterval`,
          type: "unsignedInt" as const,
          value: "0",
        },
        {
          name: `${IGD}ManagementServer.PeriodicInformEnable`,
          type: "dateTime" as const,
          value: "2026-01-01T00:00:00Z",
        },
      ),
      fc.nat(),
      async (entries, bad, at) => {
        const before = JSON.stringify(store.snapshot());
        const list = entries.map((e) => ({
          name: writable[e.pick % writable.length] ?? "",
          type: e.type,
          value: e.value,
        }));
        list.splice(at % (list.length + 1), 0, bad);
        const fault = await handleSetParameterValues(
          { method: "SetParameterValues", parameterList: list, parameterKey: "never" },
          store,
        ).then(() => undefined, (e: unknown) => e);
        assert.ok(fault instanceof CwmpFault && fault.faultCode === 9003);
        assert.ok(fault.setParameterValuesFaults.some((f) => f.parameterName === bad.name));
        assert.equal(JSON.stringify(store.snapshot()), before);
      },
    ),
    { numRuns: 100 },
  );
});
