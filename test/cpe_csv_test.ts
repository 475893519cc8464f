/**
 * `cwmp cpe run --model dump.csv` impersonates the dumped device (the Huawei BM632w of the
 * corpus) against the scripted ACS over loopback: the Inform's DeviceId and DeviceInfo are the
 * dump's unless the configuration names its own identity, and every message validates.
 */

import assert from "node:assert/strict";
import { run } from "../cli/commands/cpe_run.ts";
import type { Inform } from "../protocol/rpc/inform.ts";
import { createMemoryIo } from "./fixtures/cli/memory_io.ts";
import { createScriptedAcs, type ScriptedAcs } from "./fixtures/scripted_acs.ts";
import { validateWithXmllint } from "./xmllint.ts";

const HUAWEI = new URL("../../shared/cwmp/corpus/huawei-bm632w/data_model.csv", import.meta.url)
  .pathname;
const IGD = "InternetGatewayDevice.";

/** Runs `cwmp cpe run --model HUAWEI` with `identity` until the first session ends. */
async function runOnce(
  acs: ScriptedAcs,
  identity: Record<string, string> | undefined,
): Promise<{ inform: Inform | undefined; stderr: string }> {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-cpe-csv-" });
  try {
    await Deno.writeTextFile(
      `${dir}/cpe.json`,
      JSON.stringify({
        acs: { url: `${acs.url}/acs` },
        ...(identity === undefined ? {} : { identity }),
        stateFile: "state.json",
        connectionRequest: { listen: "127.0.0.1:0" },
        periodicInform: { enabled: false },
      }),
    );
    const before = acs.posts.filter((p) => p.status === 204).length;
    const memory = createMemoryIo();
    const stop = Promise.withResolvers<void>();
    const running = run({ config: `${dir}/cpe.json`, model: HUAWEI }, memory.io, {
      stop: stop.promise,
    });
    await acs.waitFor(() => acs.posts.filter((p) => p.status === 204).length > before, 15_000);
    stop.resolve();
    assert.equal(await running, 0, memory.stderr());
    return { inform: acs.informs().at(-1), stderr: memory.stderr() };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function valueOf(inform: Inform | undefined, name: string): string | undefined {
  return inform?.parameterList.find((p) => p.name === IGD + name)?.value;
}

Deno.test("cwmp cpe run --model huawei.csv informs as the dumped device, and its messages validate", async () => {
  const acs = createScriptedAcs();
  try {
    acs.enqueue(
      { method: "GetParameterValues", parameterNames: [`${IGD}DeviceInfo.`] },
      { method: "GetParameterNames", parameterPath: `${IGD}LANDevice.1.Hosts.`, nextLevel: false },
    );
    const { inform, stderr } = await runOnce(acs, undefined);
    assert.deepEqual(inform?.deviceId, {
      manufacturer: "Huawei Technologies Co., Ltd.",
      oui: "202BC1",
      productClass: "BM632w",
      serialNumber: "8KA8WA1151100043",
    }, stderr);
    assert.equal(valueOf(inform, "DeviceInfo.SoftwareVersion"), "V100R001IRQC56B017");
    assert.equal(valueOf(inform, "DeviceInfo.HardwareVersion"), "40501");
    const values = acs.sent("GetParameterValuesResponse")[0];
    assert.ok(values?.method === "GetParameterValuesResponse");
    const info = new Map(values.parameterList.map((p) => [p.name.slice(IGD.length), p.value]));
    assert.equal(info.get("DeviceInfo.Manufacturer"), "Huawei Technologies Co., Ltd.");
    assert.equal(info.get("DeviceInfo.ManufacturerOUI"), "202BC1");
    assert.equal(info.get("DeviceInfo.ProductClass"), "BM632w");
    assert.equal(info.get("DeviceInfo.SerialNumber"), "8KA8WA1151100043");
    assert.equal(info.get("DeviceInfo.ModelName"), "BM632w");
    const names = acs.sent("GetParameterNamesResponse")[0];
    assert.ok(names?.method === "GetParameterNamesResponse" && names.parameterList.length > 6);
    const results = await validateWithXmllint(acs.sentDocuments());
    assert.deepEqual(results.filter((r) => !r.valid), []);
    assert.ok(results.length >= 3);
  } finally {
    await acs.close();
  }
});

Deno.test("cwmp cpe run --model huawei.csv lets the configured identity win over the dump's", async () => {
  const acs = createScriptedAcs();
  try {
    const { inform, stderr } = await runOnce(acs, { serialNumber: "SIM-0042", oui: "00d09e" });
    assert.deepEqual(inform?.deviceId, {
      manufacturer: "Huawei Technologies Co., Ltd.",
      oui: "00D09E",
      productClass: "BM632w",
      serialNumber: "SIM-0042",
    }, stderr);
    assert.equal(valueOf(inform, "DeviceInfo.SoftwareVersion"), "V100R001IRQC56B017");
    const results = await validateWithXmllint(acs.sentDocuments());
    assert.deepEqual(results.filter((r) => !r.valid), []);
  } finally {
    await acs.close();
  }
});
