import assert from "node:assert/strict";
import { createDefaultModel } from "../model/factory.ts";
import { faultOf } from "./_testing.ts";
import { handleAddObject } from "./add_object.ts";
import { handleDeleteObject } from "./delete_object.ts";

const IGD = "InternetGatewayDevice.";
const WAN = `${IGD}WANDevice.1.WANConnectionDevice.`;

Deno.test("AddObject and DeleteObject number instances once and set the ParameterKey", () => {
  const store = createDefaultModel("igd");
  const add = (objectName: string, parameterKey: string) =>
    handleAddObject({ method: "AddObject", objectName, parameterKey }, store);
  const del = (objectName: string, parameterKey: string) =>
    handleDeleteObject({ method: "DeleteObject", objectName, parameterKey }, store);
  assert.deepEqual(add(WAN, "a1"), { method: "AddObjectResponse", instanceNumber: 2, status: 0 });
  assert.equal(store.parameterKey, "a1");
  assert.equal(store.get(`${IGD}WANDevice.1.WANConnectionNumberOfEntries`).value, "2");
  // The new instance has its defaults and its own (empty) tables.
  assert.equal(store.get(`${WAN}2.WANIPConnectionNumberOfEntries`).value, "0");
  assert.deepEqual(add(`${WAN}2.WANPPPConnection.`, "a2").instanceNumber, 1);
  assert.deepEqual(del(`${WAN}2.`, "d1"), { method: "DeleteObjectResponse", status: 0 });
  assert.equal(store.parameterKey, "d1");
  assert.equal(store.kindOf(`${WAN}2.WANPPPConnection.1.`), undefined);
  assert.equal(add(WAN, "a3").instanceNumber, 3);
  assert.equal(store.get(`${IGD}WANDevice.1.WANConnectionNumberOfEntries`).value, "2");
  // Notification and AccessList of new parameters are the spec's defaults.
  assert.deepEqual(store.getAttributes([`${WAN}3.WANIPConnectionNumberOfEntries`]), [
    { name: `${WAN}3.WANIPConnectionNumberOfEntries`, notification: 0, accessList: ["Subscriber"] },
  ]);
});

Deno.test("AddObject and DeleteObject fault without touching the ParameterKey", async () => {
  const store = createDefaultModel("igd");
  const cases: [string, () => unknown, number][] = [
    ["add to a singleton", () => store.addObject(`${IGD}DeviceInfo.`), 9005],
    ["add to an instance", () => store.addObject(`${WAN}1.`), 9005],
    ["add without dot", () => store.addObject(WAN.slice(0, -1)), 9005],
    ["add to a parameter", () => store.addObject(`${IGD}DeviceInfo.UpTime`), 9005],
    ["add to a read-only table", () => store.addObject(`${IGD}WANDevice.`), 9001],
  ];
  for (const [name, fn, code] of cases) assert.equal((await faultOf(fn)).faultCode, code, name);
  const deletes: [string, number][] = [
    [`${WAN}9.`, 9005],
    [WAN, 9005],
    [`${WAN}1`, 9005],
    [`${IGD}DeviceInfo.`, 9005],
    [`${IGD}WANDevice.1.`, 9001],
  ];
  for (const [objectName, code] of deletes) {
    const fault = await faultOf(() =>
      handleDeleteObject({ method: "DeleteObject", objectName, parameterKey: "x" }, store)
    );
    assert.equal(fault.faultCode, code, objectName);
  }
  const fault = await faultOf(() =>
    handleAddObject(
      { method: "AddObject", objectName: `${IGD}LANDevice.`, parameterKey: "x" },
      store,
    )
  );
  assert.equal(fault.faultCode, 9001);
  assert.equal(store.parameterKey, "");
});

Deno.test("AddObject refuses a full table with 9004", async () => {
  const store = createDefaultModel("device2");
  // IPLayerCapacityAuthCode.{i}. holds 1 (the XSD's default minEntries) to 256 instances.
  const table = "Device.IP.Diagnostics.IPLayerCapacityMetrics.IPLayerCapacityAuthCode.";
  assert.equal(store.kindOf(`${table}1.`), "object");
  for (let i = 2; i <= 256; i++) assert.equal(store.addObject(table), i);
  assert.equal((await faultOf(() => store.addObject(table))).faultCode, 9004);
  store.deleteObject(`${table}1.`);
  assert.equal(store.addObject(table), 257);
});
