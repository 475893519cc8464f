import assert from "node:assert/strict";
import { decodeDataModelSpec, encodeDataModelSpec } from "./codec.ts";
import { compileDataModel, DataModelError } from "./compile.ts";
import { DEVICE_2_19 } from "./device_2_19.gen.ts";
import { IGD_1_0 } from "./igd_1_0.gen.ts";
import { isBuiltinModelName, loadBuiltinModel } from "./loader.ts";
import type { DataModelSpec, ObjectSpec } from "./types.ts";

Deno.test("encodeDataModelSpec() and decodeDataModelSpec() round-trip both builtin models", () => {
  for (const text of [IGD_1_0, DEVICE_2_19]) {
    assert.equal(encodeDataModelSpec(decodeDataModelSpec(text)), text);
  }
});

Deno.test("decodeDataModelSpec() rejects what is not the compact format", () => {
  const bad = [
    "[]",
    '{"format":2,"name":"x","syntaxes":[],"objects":[]}',
    '{"format":1,"name":"x","objects":[]}',
    '{"format":1,"name":"x","syntaxes":[{"type":"float"}],"objects":[]}',
    '{"format":1,"name":"x","syntaxes":[],"objects":[["A.",0,1,1,""]]}',
    '{"format":1,"name":"x","syntaxes":[],"objects":[["A.",0,1,1,"",[["P",0,0]]]]}',
    '{"format":1,"name":"x","syntaxes":[{"type":"int"}],"objects":[["A.",0,1,1,"",[["P",0,99]]]]}',
  ];
  for (const text of bad) assert.throws(() => decodeDataModelSpec(text), DataModelError, text);
});

function object(path: string, extra: Partial<ObjectSpec> = {}): ObjectSpec {
  return { path, writable: false, minEntries: 1, maxEntries: 1, parameters: [], ...extra };
}

Deno.test("compileDataModel() indexes children and refuses inconsistent models", () => {
  const model = compileDataModel({
    name: "Acme:1.0",
    objects: [
      object("Acme."),
      object("Acme.Port.{i}.", { minEntries: 0 }),
      object("Acme.Port.{i}.Stats."),
    ],
  });
  const port = model.objects.get("Acme.Port.{i}.");
  assert.equal(port?.multiInstance, true);
  assert.equal(port?.children[0]?.key, "Stats");
  const cases: [string, DataModelSpec][] = [
    ["no root", { name: "x", objects: [] }],
    ["two roots", { name: "x", objects: [object("A."), object("B.")] }],
    ["parent missing", { name: "x", objects: [object("A."), object("A.B.C.")] }],
    ["duplicate", { name: "x", objects: [object("A."), object("A.")] }],
    ["root table", { name: "x", objects: [object("A.{i}.")] }],
    ["no dot", { name: "x", objects: [object("A")] }],
    ["double {i}", { name: "x", objects: [object("A."), object("A.B.{i}.{i}.")] }],
    ["name clash", {
      name: "x",
      objects: [
        object("A.", {
          parameters: [{
            name: "B",
            syntax: { type: "string", base: "string" },
            writable: false,
            forcedInform: false,
            activeNotify: "normal",
            hidden: false,
          }],
        }),
        object("A.B."),
      ],
    }],
  ];
  for (const [name, spec] of cases) {
    assert.throws(() => compileDataModel(spec), DataModelError, name);
  }
});

Deno.test("loadBuiltinModel() compiles both embedded models", () => {
  assert.ok(isBuiltinModelName("igd") && isBuiltinModelName("device2") && !isBuiltinModelName("x"));
  const igd = loadBuiltinModel("igd");
  assert.equal(igd.root, "InternetGatewayDevice");
  const device = loadBuiltinModel("device2");
  assert.equal(device.root, "Device");
  assert.equal(device.objects.get("Device.WiFi.AccessPoint.{i}.AC.{i}.")?.minEntries, 4);
});
