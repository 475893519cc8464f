import assert from "node:assert/strict";
import { CwmpFault } from "../../protocol/errors.ts";
import { createDefaultModel } from "./factory.ts";
import { type ModelSnapshot, ModelStateError } from "./snapshot.ts";
import type { ModelStore } from "./store.ts";

const IGD = "InternetGatewayDevice.";
const IP_IF = `${IGD}LANDevice.1.LANHostConfigManagement.IPInterface.`;
const IP_COUNT = `${IGD}LANDevice.1.LANHostConfigManagement.IPInterfaceNumberOfEntries`;

function faultCode(fn: () => unknown): number {
  try {
    fn();
  } catch (e) {
    if (e instanceof CwmpFault) return e.faultCode;
    throw e;
  }
  assert.fail("expected a CwmpFault");
}

function value(store: ModelStore, path: string): string {
  return store.get(path).value;
}

Deno.test("createDefaultModel() keeps every NumberOfEntries true", () => {
  const store = createDefaultModel("igd");
  const expected: Record<string, string> = {
    [`${IGD}LANDeviceNumberOfEntries`]: "1",
    [`${IGD}WANDeviceNumberOfEntries`]: "1",
    [`${IGD}LANDevice.1.LANWLANConfigurationNumberOfEntries`]: "1",
    [`${IGD}LANDevice.1.LANEthernetInterfaceNumberOfEntries`]: "1",
    [IP_COUNT]: "1",
    [`${IGD}WANDevice.1.WANConnectionNumberOfEntries`]: "1",
    [`${IGD}WANDevice.1.WANConnectionDevice.1.WANIPConnectionNumberOfEntries`]: "1",
    [`${IGD}WANDevice.1.WANConnectionDevice.1.WANPPPConnectionNumberOfEntries`]: "0",
  };
  for (const [path, count] of Object.entries(expected)) {
    assert.equal(value(store, path), count, path);
  }
  // Fixed-size tables (minEntries 4 and 10) are filled.
  const wlan = `${IGD}LANDevice.1.WLANConfiguration.1.`;
  assert.equal(store.kindOf(`${wlan}WEPKey.4.`), "object");
  assert.equal(store.kindOf(`${wlan}PreSharedKey.10.`), "object");
  assert.equal(store.kindOf(`${wlan}WEPKey.5.`), undefined);
  assert.equal(store.pendingChanges().size, 0);
});

Deno.test("addObject() and deleteObject() never reuse an instance number", () => {
  const store = createDefaultModel("igd");
  assert.equal(store.addObject(IP_IF), 2);
  assert.equal(value(store, IP_COUNT), "2");
  store.deleteObject(`${IP_IF}2.`);
  assert.equal(value(store, IP_COUNT), "1");
  assert.equal(store.addObject(IP_IF), 3);
  store.deleteObject(`${IP_IF}3.`);
  store.deleteObject(`${IP_IF}1.`);
  assert.equal(value(store, IP_COUNT), "0");
  const restored = createDefaultModel("igd");
  restored.restore(JSON.parse(JSON.stringify(store.snapshot())));
  assert.equal(restored.addObject(IP_IF), 4);
  assert.equal(value(restored, IP_COUNT), "1");
  // New instances start from the defaults, with the Alias-free IGD model's initial values.
  assert.equal(value(restored, `${IP_IF}4.Enable`), "false");
});

Deno.test("addObject() and deleteObject() fault on bad paths and read-only tables", () => {
  const store = createDefaultModel("igd");
  const cases: [() => unknown, number][] = [
    [() => store.addObject(`${IGD}DeviceInfo.`), 9005],
    [() => store.addObject(`${IGD}LANDevice.1.LANHostConfigManagement.IPInterface`), 9005],
    [() => store.addObject(`${IGD}Nope.`), 9005],
    [() => store.addObject(`${IGD}LANDevice.`), 9001],
    [() => store.deleteObject(`${IP_IF}9.`), 9005],
    [() => store.deleteObject(`${IP_IF}1`), 9005],
    [() => store.deleteObject(IP_IF), 9005],
    [() => store.deleteObject(`${IP_IF}01.`), 9005],
    [() => store.deleteObject(IGD), 9005],
    [() => store.deleteObject(`${IGD}LANDevice.1.`), 9001],
    [() => store.deleteObject(`${IGD}LANDevice.1.WLANConfiguration.1.WEPKey.1.`), 9001],
  ];
  for (const [fn, code] of cases) assert.equal(faultCode(fn), code, fn.toString());
});

Deno.test("snapshot() and restore() round-trip values, attributes, counters and ParameterKey", async () => {
  const store = createDefaultModel("device2", { serialNumber: "S1" });
  const ip = store.addObject("Device.IP.Interface.", { source: "acs", parameterKey: "pk" });
  store.deleteObject(`Device.IP.Interface.${ip}.`);
  store.ensureObject("Device.PPP.Interface.5.");
  store.ensureObject("Device.PPP.Interface.5.PPPoE.");
  store.set("Device.DeviceInfo.HostName", "gw");
  store.setAttributes([{
    name: "Device.DeviceInfo.HostName",
    notificationChange: true,
    notification: 1,
    accessListChange: true,
    accessList: [],
  }]);
  store.set("Device.DeviceInfo.HostName", "gw2");
  const snapshot = JSON.parse(JSON.stringify(store.snapshot())) as ModelSnapshot;
  const restored = createDefaultModel("device2", { serialNumber: "S1" });
  assert.deepEqual(restored.restore(snapshot), { warnings: [] });
  assert.deepEqual(restored.snapshot(), snapshot);
  assert.equal(restored.parameterKey, "pk");
  assert.equal(restored.kindOf("Device.PPP.Interface.5.PPPoE."), "object");
  assert.equal(restored.addObject("Device.PPP.Interface."), 6);
  assert.deepEqual(restored.getAttributes(["Device.DeviceInfo.HostName"]), [
    { name: "Device.DeviceInfo.HostName", notification: 1, accessList: [] },
  ]);
  const inform = await restored.prepareInform();
  assert.ok(inform.valueChange);
  assert.ok(inform.parameterList.some((p) => p.name === "Device.DeviceInfo.HostName"));
});

Deno.test("exportSnapshot() leaves out hidden values and keeps the rest of snapshot()", () => {
  const store = createDefaultModel("igd", {}, {
    managementServer: { password: "acs-pw", connectionRequestPassword: "cr-pw" },
  });
  const wlan = `${IGD}LANDevice.1.WLANConfiguration.1.`;
  store.set(`${wlan}KeyPassphrase`, "wifi-pw");
  const full = store.snapshot();
  const exported = store.exportSnapshot();
  const hidden = [
    `${IGD}ManagementServer.Password`,
    `${IGD}ManagementServer.ConnectionRequestPassword`,
    `${wlan}KeyPassphrase`,
  ];
  for (const path of hidden) {
    assert.ok(path in full.values, path);
    assert.ok(!(path in exported.values), path);
  }
  assert.doesNotMatch(JSON.stringify(exported), /acs-pw|cr-pw|wifi-pw/);
  const visible = Object.keys(full.values).filter((p) => store.parameterSpec(p)?.hidden !== true);
  assert.deepEqual(Object.keys(exported.values), visible);
  assert.deepEqual({ ...exported, values: {} }, { ...full, values: {} });
});

Deno.test("restore() refuses foreign or malformed state and keeps the current one", () => {
  const store = createDefaultModel("igd");
  store.addObject(IP_IF);
  const before = store.snapshot();
  const device2 = createDefaultModel("device2").snapshot();
  const bad: unknown[] = [
    null,
    [],
    { ...before, format: 2 },
    { ...before, values: { [`${IGD}DeviceInfo.UpTime`]: 5 } },
    { ...before, counters: { [IP_IF]: 0 } },
    { ...before, objects: "x" },
    { ...before, attributes: { [`${IGD}DeviceInfo.UpTime`]: { notification: 3, accessList: [] } } },
    { ...before, pending: { [`${IGD}DeviceInfo.UpTime`]: 0 } },
    device2,
  ];
  for (const input of bad) assert.throws(() => store.restore(input), ModelStateError);
  assert.deepEqual(store.snapshot(), before);
});

Deno.test("restore() skips what the model lacks, with warnings", () => {
  const store = createDefaultModel("igd");
  const snapshot = store.snapshot();
  snapshot.objects.push(`${IGD}Nope.1.`, `${IGD}LANDevice.x.`);
  snapshot.values[`${IGD}DeviceInfo.Nope`] = "1";
  snapshot.values[`${IGD}ManagementServer.PeriodicInformInterval`] = "soon";
  snapshot.counters[`${IGD}Nope.`] = 3;
  const { warnings } = store.restore(snapshot);
  assert.equal(warnings.length, 5);
  assert.equal(value(store, `${IGD}ManagementServer.PeriodicInformInterval`), "1");
});

Deno.test("ensureObject() creates instances and optional objects on the device's authority", () => {
  const store = createDefaultModel("igd");
  store.ensureObject(`${IGD}LANDevice.7.`);
  assert.equal(value(store, `${IGD}LANDeviceNumberOfEntries`), "2");
  store.ensureObject(`${IGD}LANDevice.7.`);
  assert.equal(value(store, `${IGD}LANDeviceNumberOfEntries`), "2");
  store.ensureObject(`${IGD}WANDevice.1.WANDSLInterfaceConfig.`);
  assert.equal(store.kindOf(`${IGD}WANDevice.1.WANDSLInterfaceConfig.Stats.Total.`), "object");
  for (
    const path of [`${IGD}Nope.1.`, `${IGD}LANDevice.0.`, `${IGD}DeviceInfo`, `${IGD}LANDevice.`]
  ) {
    assert.equal(faultCode(() => store.ensureObject(path)), 9005, path);
  }
});

Deno.test("set() and get() check names and types", () => {
  const store = createDefaultModel("igd");
  store.set(`${IGD}DeviceInfo.UpTime`, " 12 ");
  assert.deepEqual(store.get(`${IGD}DeviceInfo.UpTime`), {
    name: `${IGD}DeviceInfo.UpTime`,
    type: "unsignedInt",
    value: "12",
  });
  assert.equal(faultCode(() => store.set(`${IGD}DeviceInfo.UpTime`, "-1")), 9007);
  assert.equal(faultCode(() => store.set(`${IGD}DeviceInfo.`, "1")), 9005);
  assert.equal(faultCode(() => store.get(`${IGD}DeviceInfo`)), 9005);
  assert.equal(faultCode(() => store.parameterNames(`${IGD}Nope.`)), 9005);
  assert.equal(store.parameterNames(`${IGD}DeviceInfo.UpTime`).length, 1);
  assert.equal(store.parameterNames("").length, store.parameterNames(IGD).length);
});
