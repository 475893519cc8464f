import assert from "node:assert/strict";
import type { SetParameterAttributesStruct } from "../../protocol/rpc/set_parameter_attributes.ts";
import { createDefaultModel } from "../model/factory.ts";
import { faultOf } from "./_testing.ts";
import { handleGetParameterAttributes } from "./get_parameter_attributes.ts";
import { handleSetParameterAttributes } from "./set_parameter_attributes.ts";

const IGD = "InternetGatewayDevice.";
const HOST = `${IGD}LANDevice.1.LANHostConfigManagement.`;

function entry(
  name: string,
  notification: number | undefined,
  accessList?: string[],
): SetParameterAttributesStruct {
  return {
    name,
    notificationChange: notification !== undefined,
    notification: (notification ?? 0) as SetParameterAttributesStruct["notification"],
    accessListChange: accessList !== undefined,
    accessList: accessList ?? [],
  };
}

Deno.test("SetParameterAttributes then GetParameterAttributes round-trip", () => {
  const store = createDefaultModel("igd");
  const response = handleSetParameterAttributes({
    method: "SetParameterAttributes",
    parameterList: [entry(`${HOST}MinAddress`, 2, []), entry(`${HOST}MaxAddress`, 1)],
  }, store);
  assert.deepEqual(response, { method: "SetParameterAttributesResponse" });
  const get = (...parameterNames: string[]) =>
    handleGetParameterAttributes({ method: "GetParameterAttributes", parameterNames }, store)
      .parameterList;
  assert.deepEqual(get(`${HOST}MinAddress`, `${HOST}MaxAddress`, `${HOST}DomainName`), [
    { name: `${HOST}MinAddress`, notification: 2, accessList: [] },
    { name: `${HOST}MaxAddress`, notification: 1, accessList: ["Subscriber"] },
    { name: `${HOST}DomainName`, notification: 0, accessList: ["Subscriber"] },
  ]);
  assert.equal(get(`${HOST}IPInterface.`).length, 4);
  assert.equal(get("").length, store.parameterNames("").length);
});

Deno.test("SetParameterAttributes on a partial path skips the parameters that refuse", () => {
  const store = createDefaultModel("igd");
  handleSetParameterAttributes({
    method: "SetParameterAttributes",
    parameterList: [entry(`${IGD}DeviceInfo.`, 2, ["Subscriber", "Subscriber"])],
  }, store);
  const attrs = store.getAttributes([`${IGD}DeviceInfo.`]);
  const by = (name: string) => attrs.find((a) => a.name === `${IGD}DeviceInfo.${name}`);
  assert.deepEqual(by("Description"), {
    name: `${IGD}DeviceInfo.Description`,
    notification: 2,
    accessList: ["Subscriber"],
  });
  assert.equal(by("UpTime")?.notification, 0); // canDeny: a continuously varying value
  assert.equal(by("HardwareVersion")?.notification, 0); // forced inform
  assert.equal(by("SoftwareVersion")?.notification, 2); // Inform on Change
});

Deno.test("SetParameterAttributes is all or nothing and faults per spec", async () => {
  const store = createDefaultModel("igd");
  const before = store.snapshot();
  const cases: [SetParameterAttributesStruct, number][] = [
    [entry(`${IGD}DeviceInfo.UpTime`, 2), 9009],
    [entry(`${IGD}DeviceInfo.SoftwareVersion`, 0), 9009],
    [entry(`${IGD}DeviceInfo.SpecVersion`, 1), 9009],
    [entry(`${IGD}ManagementServer.ParameterKey`, 2), 9009],
    [entry(`${HOST}MinAddress`, 4), 9009],
    [entry(`${HOST}Nope`, 1), 9005],
    [entry(`${HOST}MinAddress.`, 1), 9005],
    [entry(`${HOST}MinAddress`, undefined, ["Operator"]), 9003],
  ];
  for (const [bad, code] of cases) {
    const fault = await faultOf(() =>
      handleSetParameterAttributes({
        method: "SetParameterAttributes",
        parameterList: [entry(`${HOST}MaxAddress`, 1, []), bad],
      }, store)
    );
    assert.equal(fault.faultCode, code, bad.name);
  }
  assert.deepEqual(store.snapshot(), before);
  // Asking a forced parameter for what it already does is fine; so is turning a statistic off.
  handleSetParameterAttributes({
    method: "SetParameterAttributes",
    parameterList: [
      entry(`${IGD}DeviceInfo.SoftwareVersion`, 2),
      entry(`${IGD}DeviceInfo.UpTime`, 1),
      entry(`${IGD}DeviceInfo.UpTime`, 0),
    ],
  }, store);
  assert.equal(store.getAttributes([`${IGD}DeviceInfo.UpTime`])[0]?.notification, 0);
});

Deno.test("GetParameterAttributes faults 9005 for an unknown name", async () => {
  const store = createDefaultModel("device2");
  const fault = await faultOf(() =>
    handleGetParameterAttributes({
      method: "GetParameterAttributes",
      parameterNames: ["Device.DeviceInfo.UpTime", "Device.Nope."],
    }, store)
  );
  assert.equal(fault.faultCode, 9005);
});
