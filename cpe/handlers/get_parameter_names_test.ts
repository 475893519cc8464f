import assert from "node:assert/strict";
import type { ParameterInfoStruct } from "../../protocol/rpc/get_parameter_names.ts";
import { createDefaultModel } from "../model/factory.ts";
import { faultOf } from "./_testing.ts";
import { handleGetParameterNames } from "./get_parameter_names.ts";

const IGD = "InternetGatewayDevice.";
const IP_IF = `${IGD}LANDevice.1.LANHostConfigManagement.IPInterface.`;
const store = createDefaultModel("igd");

function names(parameterPath: string, nextLevel: boolean): ParameterInfoStruct[] {
  return handleGetParameterNames({ method: "GetParameterNames", parameterPath, nextLevel }, store)
    .parameterList;
}

Deno.test("handleGetParameterNames() with NextLevel true lists one level", () => {
  assert.deepEqual(names("", true), [{ name: IGD, writable: false }]);
  const top = names(IGD, true);
  assert.deepEqual(top.slice(0, 2), [
    { name: `${IGD}LANDeviceNumberOfEntries`, writable: false },
    { name: `${IGD}WANDeviceNumberOfEntries`, writable: false },
  ]);
  assert.ok(top.some((n) => n.name === `${IGD}DeviceInfo.` && !n.writable));
  assert.ok(top.some((n) => n.name === `${IGD}LANDevice.` && !n.writable));
  assert.ok(top.every((n) => n.name.slice(IGD.length).replace(/\.$/, "").indexOf(".") < 0));
  assert.deepEqual(names(`${IGD}LANDevice.`, true), [{
    name: `${IGD}LANDevice.1.`,
    writable: false,
  }]);
  assert.deepEqual(names(IP_IF, true), [{ name: `${IP_IF}1.`, writable: true }]);
  assert.deepEqual(names(`${IP_IF}1.`, true).map((n) => n.name.slice(IP_IF.length + 2)), [
    "Enable",
    "IPInterfaceIPAddress",
    "IPInterfaceSubnetMask",
    "IPInterfaceAddressingType",
  ]);
});

Deno.test("handleGetParameterNames() with NextLevel false lists the whole branch", () => {
  const all = names("", false);
  assert.deepEqual(all[0], { name: IGD, writable: false });
  const parameters = all.filter((n) => !n.name.endsWith("."));
  assert.deepEqual(parameters.map((n) => n.name), store.parameterNames(""));
  assert.equal(new Set(all.map((n) => n.name)).size, all.length);
  assert.deepEqual(names(IP_IF, false).slice(0, 3), [
    { name: IP_IF, writable: true },
    { name: `${IP_IF}1.`, writable: true },
    { name: `${IP_IF}1.Enable`, writable: true },
  ]);
  assert.deepEqual(names(`${IGD}ManagementServer.URL`, false), [
    { name: `${IGD}ManagementServer.URL`, writable: true },
  ]);
  assert.deepEqual(names(`${IGD}DeviceInfo.SerialNumber`, false), [
    { name: `${IGD}DeviceInfo.SerialNumber`, writable: false },
  ]);
});

Deno.test("handleGetParameterNames() faults on bad paths", async () => {
  const cases: [string, boolean, number][] = [
    [`${IGD}DeviceInfo.SerialNumber`, true, 9003],
    [`${IGD}Nope.`, false, 9005],
    [`${IGD}DeviceInfo`, true, 9005],
    [`${IGD}DeviceInfo.SerialNumber.`, false, 9005],
    ["Device.", true, 9005],
    [`${IGD}LANDevice.2.`, true, 9005],
    [`${IGD}LANDevice.01.`, true, 9005],
    ["InternetGatewayDevice", false, 9005],
  ];
  for (const [path, nextLevel, code] of cases) {
    const fault = await faultOf(() => names(path, nextLevel));
    assert.equal(fault.faultCode, code, path);
  }
});
