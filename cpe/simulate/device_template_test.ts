import assert from "node:assert/strict";
import { parseAgentConfig } from "../config.ts";
import { loadDeviceTemplate } from "../model/mod.ts";
import { deviceConfig, generatedValues } from "./device_template.ts";

Deno.test("generatedValues() picks the model's own paths and their notifications", () => {
  const igd = generatedValues(loadDeviceTemplate("igd"), false);
  assert.deepEqual(Object.keys(igd.values).sort(), [
    "InternetGatewayDevice.DeviceInfo.UpTime",
    "InternetGatewayDevice.WANDevice.1.WANCommonInterfaceConfig.TotalBytesReceived",
  ]);
  assert.deepEqual(igd.notifications.map((n) => [n.name, n.notification]), [
    ["InternetGatewayDevice.WANDevice.1.WANCommonInterfaceConfig.TotalBytesReceived", 1],
  ]);
  const device2 = generatedValues(loadDeviceTemplate("device2"), true);
  assert.deepEqual(device2.notifications.map((n) => [n.name, n.notification]), [
    ["Device.IP.Interface.1.Stats.BytesReceived", 1],
    ["Device.WiFi.Radio.1.Channel", 2],
  ]);
});

Deno.test("deviceConfig() shares everything but the serial number, downloads and state file", () => {
  const shared = parseAgentConfig({
    acs: { url: "http://acs.invalid/" },
    identity: { serialNumber: "x", oui: "00d09e" },
  }, { baseDir: "/" });
  const one = deviceConfig(shared, { serialNumber: "S1", downloadsDir: "/d/S1", stateFile: "m" });
  assert.deepEqual(one.identity, { oui: "00D09E", serialNumber: "S1" });
  assert.equal(one.downloads.dir, "/d/S1");
  assert.equal(one.acs, shared.acs);
  assert.equal(one.values, shared.values);
  assert.equal(shared.identity.serialNumber, "x");
});
