import assert from "node:assert/strict";
import { createDefaultModel } from "../model/factory.ts";
import { faultOf } from "./_testing.ts";
import { handleGetParameterValues } from "./get_parameter_values.ts";

const IGD = "InternetGatewayDevice.";

Deno.test("handleGetParameterValues() expands names, partial paths and the empty path", async () => {
  const store = createDefaultModel("igd", { serialNumber: "SN9" }, {
    managementServer: { password: "pw", url: "http://acs.example/cwmp" },
  });
  const get = async (...parameterNames: string[]) =>
    (await handleGetParameterValues({ method: "GetParameterValues", parameterNames }, store))
      .parameterList;
  assert.deepEqual(await get(`${IGD}DeviceInfo.SerialNumber`), [
    { name: `${IGD}DeviceInfo.SerialNumber`, type: "string", value: "SN9" },
  ]);
  const ms = await get(`${IGD}ManagementServer.`);
  assert.equal(ms.length, 13);
  assert.deepEqual(ms.find((p) => p.name.endsWith(".URL")), {
    name: `${IGD}ManagementServer.URL`,
    type: "string",
    value: "http://acs.example/cwmp",
  });
  assert.equal(ms.find((p) => p.name.endsWith(".Password"))?.value, "");
  assert.deepEqual(ms.find((p) => p.name.endsWith(".PeriodicInformInterval")), {
    name: `${IGD}ManagementServer.PeriodicInformInterval`,
    type: "unsignedInt",
    value: "3600",
  });
  assert.equal((await get("")).length, store.parameterNames("").length);
  assert.equal(
    (await get(`${IGD}LANDevice.`)).length,
    store.parameterNames(`${IGD}LANDevice.1.`).length,
  );
  assert.deepEqual(await get(), []);
  const both = await get(`${IGD}DeviceInfo.UpTime`, `${IGD}DeviceInfo.UpTime`);
  assert.equal(both.length, 2);
});

Deno.test("handleGetParameterValues() faults 9005 when any name is invalid", async () => {
  const store = createDefaultModel("device2");
  for (
    const name of [
      "Device.DeviceInfo.Nope",
      "Device.DeviceInfo",
      "Device.IP.Interface.9.",
      "InternetGatewayDevice.",
      "Device.DeviceInfo.UpTime.",
    ]
  ) {
    const fault = await faultOf(() =>
      handleGetParameterValues({
        method: "GetParameterValues",
        parameterNames: ["Device.DeviceInfo.UpTime", name],
      }, store)
    );
    assert.equal(fault.faultCode, 9005, name);
    assert.match(fault.faultString, /Invalid parameter name/);
  }
});
