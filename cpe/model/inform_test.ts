import assert from "node:assert/strict";
import { CwmpFault } from "../../protocol/errors.ts";
import type { ValueBackend } from "./backend.ts";
import type { ModelEvent } from "./backend.ts";
import { createDefaultModel } from "./factory.ts";
import type { ModelStore } from "./store.ts";

const IGD = "InternetGatewayDevice.";
const WAN = `${IGD}WANDevice.1.WANConnectionDevice.1.`;
const HOST = `${IGD}LANDevice.1.LANHostConfigManagement.`;

function notify(store: ModelStore, name: string, notification: number): void {
  store.setAttributes([{
    name,
    notificationChange: true,
    notification: notification as 0 | 1 | 2,
    accessListChange: false,
    accessList: [],
  }]);
}

function names(list: { name: string }[]): string[] {
  return list.map((p) => p.name);
}

Deno.test("prepareInform() carries Table 33, with the default connection's ExternalIPAddress", async () => {
  const store = createDefaultModel("igd");
  store.ensureObject(`${WAN}WANPPPConnection.1.`);
  store.ensureObject(`${IGD}WANDevice.1.WANConnectionDevice.2.WANIPConnection.1.`);
  const inform = await store.prepareInform();
  assert.deepEqual(names(inform.parameterList), [
    `${IGD}DeviceInfo.HardwareVersion`,
    `${IGD}DeviceInfo.SoftwareVersion`,
    `${IGD}DeviceInfo.SpecVersion`,
    `${IGD}DeviceInfo.ProvisioningCode`,
    `${IGD}ManagementServer.ParameterKey`,
    `${IGD}ManagementServer.ConnectionRequestURL`,
    `${WAN}WANIPConnection.1.ExternalIPAddress`,
  ]);
  assert.equal(inform.valueChange, false);
  store.deleteObject(`${WAN}WANIPConnection.1.`, { source: "acs" });
  const next = await store.prepareInform();
  assert.equal(next.parameterList.at(-1)?.name, `${WAN}WANPPPConnection.1.ExternalIPAddress`);
});

Deno.test("local changes are notified per attribute; the ACS's own changes never", async () => {
  const store = createDefaultModel("igd");
  const events: ModelEvent[] = [];
  store.subscribe((e) => events.push(e));
  const passive = `${HOST}MinAddress`;
  const active = `${HOST}MaxAddress`;
  const off = `${HOST}DomainName`;
  notify(store, passive, 1);
  notify(store, active, 2);
  store.set(off, "lan");
  store.set(passive, "192.168.1.2");
  store.set(active, "192.168.1.3");
  await store.applyValues([{ name: `${HOST}DNSServers`, value: "1.1.1.1" }], { parameterKey: "" });
  assert.deepEqual(
    events.map((e) => e.type === "change" ? [e.path.slice(HOST.length), e.source, e.notify] : []),
    [
      ["DomainName", "local", 0],
      ["MinAddress", "local", 1],
      ["MaxAddress", "local", 2],
      ["DNSServers", "acs", 0],
    ],
  );
  assert.deepEqual([...store.pendingChanges()], [[passive, 1], [active, 2]]);
  const inform = await store.prepareInform();
  assert.ok(inform.valueChange);
  assert.deepEqual(names(inform.parameterList).slice(-2), [passive, active]);
  // A change after the Inform was built stays pending once that Inform is acknowledged.
  store.set(passive, "192.168.1.4");
  store.acknowledgeInform(inform.mark);
  assert.deepEqual([...store.pendingChanges()], [[passive, 1]]);
  // The ACS overwriting a pending change makes it moot.
  await store.applyValues([{ name: passive, value: "192.168.1.5" }], { parameterKey: "k" });
  assert.equal(store.pendingChanges().size, 0);
  assert.equal((await store.prepareInform()).valueChange, false);
});

Deno.test("Inform-on-Change parameters are active without any attribute", async () => {
  const store = createDefaultModel("igd");
  const url = `${IGD}ManagementServer.ConnectionRequestURL`;
  store.set(url, "http://192.0.2.1:7547/cr", { source: "config" });
  assert.equal(store.pendingChanges().size, 0);
  store.set(url, "http://192.0.2.2:7547/cr");
  assert.deepEqual([...store.pendingChanges()], [[url, 2]]);
  const inform = await store.prepareInform();
  assert.equal(inform.parameterList.filter((p) => p.name === url).length, 1);
});

Deno.test("attribute and object changes drop pending changes they make moot", () => {
  const store = createDefaultModel("igd");
  const ip = `${HOST}IPInterface.1.IPInterfaceIPAddress`;
  notify(store, `${HOST}IPInterface.`, 1);
  store.set(ip, "10.0.0.1");
  store.set(`${HOST}MinAddress`, "10.0.0.2");
  assert.equal(store.pendingChanges().size, 1);
  notify(store, `${HOST}MinAddress`, 2);
  store.set(`${HOST}MinAddress`, "10.0.0.3");
  store.deleteObject(`${HOST}IPInterface.1.`, { source: "acs" });
  assert.deepEqual([...store.pendingChanges().keys()], [`${HOST}MinAddress`]);
  notify(store, HOST, 0);
  assert.equal(store.pendingChanges().size, 0);
});

Deno.test("the backend supplies values, hidden ones read empty, bad answers keep the stored value", async () => {
  let uptime: unknown = "77";
  const backend: ValueBackend = {
    read: (path) => {
      if (path.endsWith("DeviceInfo.UpTime")) {
        if (uptime instanceof Error) throw uptime;
        return uptime as string;
      }
      return path.endsWith("ManagementServer.Password") ? "secret" : undefined;
    },
  };
  const store = createDefaultModel("igd", {}, { backend });
  const events: ModelEvent[] = [];
  store.subscribe((e) => events.push(e));
  const read = async (): Promise<string[]> =>
    (await store.readValues([`${IGD}DeviceInfo.UpTime`, `${IGD}ManagementServer.Password`]))
      .map((p) => p.value);
  assert.deepEqual(await read(), ["77", ""]);
  assert.equal(store.get(`${IGD}ManagementServer.Password`).value, "secret");
  uptime = "-5";
  assert.deepEqual(await read(), ["77", ""]);
  uptime = new Error("probe failed");
  assert.deepEqual(await read(), ["77", ""]);
  const errors = events.filter((e) => e.type === "backend-error");
  assert.deepEqual(errors.map((e) => e.type === "backend-error" ? e.message : ""), [
    "'-5' is not a unsignedInt",
    "probe failed",
  ]);
  notify(store, `${IGD}DeviceInfo.UpTime`, 1);
  uptime = "78";
  assert.equal(await store.refresh(), 1);
  assert.deepEqual([...store.pendingChanges()], [[`${IGD}DeviceInfo.UpTime`, 1]]);
});

Deno.test("applyValues() reports a reboot and undoes backend writes when one is refused", async () => {
  const written: string[] = [];
  const backend: ValueBackend = {
    write: (path, value) => {
      if (value === "refuse") throw new Error("read-only file system");
      written.push(`${path.slice(HOST.length)}=${value}`);
      return path.endsWith("DomainName") ? { rebootRequired: true } : undefined;
    },
  };
  const store = createDefaultModel("igd", {}, { backend });
  const status = await store.applyValues([
    { name: `${HOST}DomainName`, value: "home" },
    { name: `${HOST}MinAddress`, value: "192.168.1.100" },
  ], { parameterKey: "k1" });
  assert.equal(status, 1);
  assert.deepEqual(written, ["DomainName=home"]);
  written.length = 0;
  await assert.rejects(
    store.applyValues([
      { name: `${HOST}DomainName`, value: "office" },
      { name: `${HOST}DNSServers`, value: "refuse" },
    ], { parameterKey: "k2" }),
    (e: unknown) => e instanceof CwmpFault && e.faultCode === 9002,
  );
  assert.deepEqual(written, ["DomainName=office", "DomainName=home"]);
  assert.equal(store.get(`${HOST}DomainName`).value, "home");
  assert.equal(store.parameterKey, "k1");
});

Deno.test("a backend read that outlives its object records nothing", async () => {
  let release: (value: string) => void = () => {};
  const store = createDefaultModel("igd", {}, {
    backend: {
      read: (path) =>
        path.endsWith("IPInterface.1.IPInterfaceIPAddress")
          ? new Promise<string>((resolve) => (release = resolve))
          : undefined,
    },
  });
  const ip = `${HOST}IPInterface.1.IPInterfaceIPAddress`;
  notify(store, ip, 2);
  const reading = store.readValues([ip]);
  await Promise.resolve();
  store.deleteObject(`${HOST}IPInterface.1.`, { source: "acs" });
  release("10.9.9.9");
  await reading;
  assert.equal(store.pendingChanges().size, 0);
  const inform = await store.prepareInform();
  assert.ok(!inform.parameterList.some((p) => p.name === ip));
});
