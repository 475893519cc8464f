/**
 * The CPE model: loading the embedded data models, instantiating a device, the big reads an ACS
 * does after BOOTSTRAP, snapshot and restore; and, printed before the benchmarks, the memory of
 * one instantiated device (heap delta over 100 devices sharing one loaded model).
 *
 *     deno bench -A --v8-flags=--expose-gc bench/cpe_model_bench.ts
 *
 * Figures in BENCHMARKS.md.
 */

import { DEVICE_2_19 } from "../cpe/datamodel/device_2_19.gen.ts";
import { IGD_1_0 } from "../cpe/datamodel/igd_1_0.gen.ts";
import { loadBuiltinModel } from "../cpe/datamodel/loader.ts";
import { createDefaultModel, loadDeviceTemplate } from "../cpe/model/factory.ts";
import type { ModelStore } from "../cpe/model/store.ts";

const HUAWEI = new URL("../../shared/cwmp/corpus/huawei-bm632w/data_model.csv", import.meta.url);
const csv = await Deno.readTextFile(HUAWEI);
const igd = loadBuiltinModel("igd");
const device2 = loadBuiltinModel("device2");
const huawei = loadDeviceTemplate(csv);

function heapPerDevice(create: () => ModelStore, count: number): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = Deno.memoryUsage().heapUsed;
  const devices: ModelStore[] = [];
  for (let i = 0; i < count; i++) devices.push(create());
  gc?.();
  const after = Deno.memoryUsage().heapUsed;
  if (devices.length !== count) throw new Error("unreachable");
  return (after - before) / count;
}

const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
console.log(
  `module sizes: igd_1_0.gen.ts ${kib(IGD_1_0.length)}, device_2_19.gen.ts ${
    kib(DEVICE_2_19.length)
  } (JSON text)`,
);
console.log(
  `heap per device over 100 (gc ${"gc" in globalThis ? "on" : "off"}): ` +
    `igd ${kib(heapPerDevice(() => createDefaultModel(igd), 100))}, ` +
    `device2 ${kib(heapPerDevice(() => createDefaultModel(device2), 100))}, ` +
    `huawei csv ${kib(heapPerDevice(() => createDefaultModel(huawei), 100))}`,
);

Deno.bench("load Device:2.19 (decode + compile)", { group: "load" }, () => {
  loadBuiltinModel("device2");
});
Deno.bench("load InternetGatewayDevice:1.0", { group: "load" }, () => {
  loadBuiltinModel("igd");
});

Deno.bench("instantiate Device:2.19 device (model loaded)", { group: "instantiate" }, () => {
  createDefaultModel(device2, { serialNumber: "B1" });
});
Deno.bench("load + instantiate Device:2.19: createDefaultModel('device2')", {
  group: "instantiate",
}, () => {
  createDefaultModel("device2", { serialNumber: "B1" });
});
Deno.bench("instantiate IGD:1.0 device (model loaded)", { group: "instantiate" }, () => {
  createDefaultModel(igd, { serialNumber: "B1" });
});
Deno.bench(
  "import the Huawei BM632w CSV (1,006 rows) as a device",
  { group: "instantiate" },
  () => {
    createDefaultModel(csv);
  },
);
Deno.bench("instantiate the Huawei BM632w device (CSV loaded)", { group: "instantiate" }, () => {
  createDefaultModel(huawei, { serialNumber: "B1" });
});

const store = createDefaultModel(device2);
const snapshot = store.snapshot();
Deno.bench(`GetParameterValues "" on Device:2.19 (${store.parameterNames("").length} values)`, {
  group: "rpc",
}, async () => {
  await store.readValues([""]);
});
Deno.bench('GetParameterNames "" NextLevel false on Device:2.19', { group: "rpc" }, () => {
  store.names("", false);
});
Deno.bench("snapshot Device:2.19 device", { group: "state" }, () => {
  store.snapshot();
});
Deno.bench("restore Device:2.19 device", { group: "state" }, () => {
  createDefaultModel(device2).restore(snapshot);
});
