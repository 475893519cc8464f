import assert from "node:assert/strict";
import type { ParameterValueStruct } from "../../protocol/rpc/values.ts";
import { createDefaultModel } from "../model/factory.ts";
import { faultOf } from "./_testing.ts";
import { handleSetParameterValues } from "./set_parameter_values.ts";

const IGD = "InternetGatewayDevice.";
const MS = `${IGD}ManagementServer.`;
const HOST = `${IGD}LANDevice.1.LANHostConfigManagement.`;

function spv(parameterList: ParameterValueStruct[], parameterKey = "key-1") {
  return { method: "SetParameterValues" as const, parameterList, parameterKey };
}

Deno.test("handleSetParameterValues() applies all values and the ParameterKey", async () => {
  const store = createDefaultModel("igd");
  const response = await handleSetParameterValues(
    spv([
      { name: `${MS}PeriodicInformInterval`, type: "unsignedInt", value: "300" },
      { name: `${MS}PeriodicInformEnable`, type: "boolean", value: "false" },
      { name: `${MS}URL`, type: "string", value: "http://acs.example/" },
      { name: `${HOST}DHCPLeaseTime`, type: "int", value: "-1" },
    ]),
    store,
  );
  assert.deepEqual(response, { method: "SetParameterValuesResponse", status: 0 });
  assert.equal(store.get(`${MS}PeriodicInformInterval`).value, "300");
  assert.equal(store.get(`${MS}PeriodicInformEnable`).value, "false");
  assert.equal(store.get(`${HOST}DHCPLeaseTime`).value, "-1");
  assert.equal(store.parameterKey, "key-1");
  assert.equal(store.get(`${MS}ParameterKey`).value, "key-1");
  assert.equal(store.pendingChanges().size, 0);
});

Deno.test("handleSetParameterValues() reports every faulty parameter in one 9003 and changes nothing", async () => {
  const store = createDefaultModel("igd");
  const before = store.snapshot();
  const cases: [ParameterValueStruct, number][] = [
    [{ name: `${MS}PeriodicInformInterval`, type: "unsignedInt", value: "0" }, 9007],
    [{ name: `${MS}Nope`, type: "string", value: "x" }, 9005],
    [{ name: MS, type: "string", value: "x" }, 9005],
    [{ name: `${IGD}DeviceInfo.SerialNumber`, type: "string", value: "x" }, 9008],
    [{ name: `${MS}ParameterKey`, type: "string", value: "x" }, 9008],
    [{ name: `${MS}PeriodicInformEnable`, type: "unsignedInt", value: "1" }, 9006],
    [{ name: `${MS}PeriodicInformEnable`, type: "string", value: "maybe" }, 9007],
    [{ name: `${MS}URL`, type: "string", value: "x".repeat(257) }, 9007],
    [{ name: `${IGD}IPPingDiagnostics.DiagnosticsState`, type: "string", value: "Complete" }, 9007],
    [
      { name: `${HOST}IPInterface.1.IPInterfaceAddressingType`, type: "string", value: "PPP" },
      9007,
    ],
    [{ name: `${MS}PeriodicInformTime`, type: "dateTime", value: "0000-00-00T00:00:00" }, 9007],
  ];
  const valid = { name: `${MS}Username`, type: "string" as const, value: "cpe" };
  for (const [entry, code] of cases) {
    const fault = await faultOf(() => handleSetParameterValues(spv([valid, entry]), store));
    assert.equal(fault.faultCode, 9003, entry.name);
    assert.deepEqual(
      fault.setParameterValuesFaults.map((f) => [f.parameterName, f.faultCode]),
      [[entry.name, code]],
      `${entry.name}=${entry.value}`,
    );
  }
  const all = await faultOf(() => handleSetParameterValues(spv(cases.map(([e]) => e)), store));
  assert.deepEqual(
    all.setParameterValuesFaults.map((f) => f.faultCode),
    // The second PeriodicInformEnable is a duplicate: 9003 (Invalid arguments).
    [9007, 9005, 9005, 9008, 9008, 9006, 9003, 9007, 9007, 9007, 9007],
  );
  assert.deepEqual(store.snapshot(), before);
  assert.equal(store.parameterKey, "");
});

Deno.test("handleSetParameterValues() answers Status 1 when the backend needs a reboot", async () => {
  const store = createDefaultModel("igd", {}, {
    backend: { write: (path) => ({ rebootRequired: path.endsWith("DomainName") }) },
  });
  const set = (name: string) =>
    handleSetParameterValues(spv([{ name, type: "string", value: "lan" }], name), store);
  assert.equal((await set(`${HOST}DomainName`)).status, 1);
  assert.equal((await set(`${MS}Username`)).status, 0);
  assert.equal(store.parameterKey, `${MS}Username`);
});

Deno.test("handleSetParameterValues() fails with 9002 and changes nothing when the backend refuses", async () => {
  const store = createDefaultModel("igd", {}, {
    backend: {
      write: () => {
        throw new Error("busy");
      },
    },
  });
  const fault = await faultOf(() =>
    handleSetParameterValues(spv([{ name: `${MS}URL`, type: "string", value: "http://x/" }]), store)
  );
  assert.equal(fault.faultCode, 9002);
  assert.equal(store.get(`${MS}URL`).value, "");
  assert.equal(store.parameterKey, "");
});
