import assert from "node:assert/strict";
import { parseXml } from "../protocol/xml/parse.ts";
import { decodeDataModelSpec } from "../cpe/datamodel/codec.ts";
import { DEVICE_2_19 } from "../cpe/datamodel/device_2_19.gen.ts";
import { IGD_1_0 } from "../cpe/datamodel/igd_1_0.gen.ts";
import type { DataModelSpec, ParameterSpec } from "../cpe/datamodel/types.ts";
import { dataTypeTable, readSyntax } from "./datamodel_syntax.ts";
import { readBbfModel } from "./datamodel_xml.ts";
import {
  DATAMODELS_DIR,
  expandInternalEntities,
  generateDataModelModules,
} from "./gen_datamodel.ts";

const ROOT = new URL("../", import.meta.url);

function param(spec: DataModelSpec, path: string): ParameterSpec {
  const dot = path.lastIndexOf(".");
  const object = spec.objects.find((o) => o.path === path.slice(0, dot + 1));
  const found = object?.parameters.find((p) => p.name === path.slice(dot + 1));
  assert.ok(found, path);
  return found;
}

Deno.test("generateDataModelModules() reproduces the committed modules", async () => {
  const { modules, warnings } = generateDataModelModules((file) =>
    Deno.readTextFileSync(new URL(file, DATAMODELS_DIR))
  );
  assert.deepEqual(modules.map((m) => m.model), ["InternetGatewayDevice:1.0", "Device:2.19"]);
  for (const m of modules) {
    const committed = await Deno.readTextFile(new URL(m.path, ROOT));
    assert.ok(committed === m.content, `${m.path} is stale: run deno task datamodel:generate`);
  }
  // Only the two empty dateTime defaults of IGD:1.14 (read for notification rules) are dropped.
  assert.equal(warnings.length, 2);
  assert.ok(warnings.every((w) => w.includes("is not a dateTime")));
});

Deno.test("IGD:1.0 module carries Appendix B with Table 33 and canDeny", () => {
  const igd = decodeDataModelSpec(IGD_1_0);
  assert.equal(igd.name, "InternetGatewayDevice:1.0");
  assert.equal(igd.objects.length, 50);
  const ms = "InternetGatewayDevice.ManagementServer.";
  assert.deepEqual(param(igd, `${ms}PeriodicInformInterval`).syntax, {
    type: "unsignedInt",
    base: "unsignedInt",
    ranges: [{ min: "1" }],
  });
  assert.equal(param(igd, `${ms}Password`).hidden, true);
  assert.equal(param(igd, `${ms}ParameterKey`).writable, false);
  assert.equal(param(igd, `${ms}ParameterKey`).forcedInform, true);
  assert.equal(param(igd, `${ms}ConnectionRequestURL`).activeNotify, "forceEnabled");
  assert.equal(param(igd, "InternetGatewayDevice.DeviceInfo.SpecVersion").forcedInform, true);
  assert.equal(param(igd, "InternetGatewayDevice.DeviceInfo.SpecVersion").activeNotify, "normal");
  assert.equal(param(igd, "InternetGatewayDevice.DeviceInfo.UpTime").activeNotify, "canDeny");
  const lan = igd.objects.find((o) => o.path === "InternetGatewayDevice.LANDevice.{i}.");
  assert.equal(lan?.numEntriesParameter, "LANDeviceNumberOfEntries");
  const wep = igd.objects.find((o) => o.path.endsWith("WEPKey.{i}."));
  assert.deepEqual([wep?.minEntries, wep?.maxEntries], [4, 4]);
  const ping = param(igd, "InternetGatewayDevice.IPPingDiagnostics.DiagnosticsState");
  assert.deepEqual(ping.syntax.readOnlyValues, ["None", "Complete", "Error_CannotResolveHostName"]);
  const mac = param(igd, "InternetGatewayDevice.LANDevice.{i}.Hosts.Host.{i}.MACAddress");
  assert.deepEqual(mac.syntax.patterns, [
    "",
    "([0-9A-Fa-f][0-9A-Fa-f]:){5}([0-9A-Fa-f][0-9A-Fa-f])",
  ]);
});

Deno.test("Device:2.19 module maps named types, lists and defaults", () => {
  const device = decodeDataModelSpec(DEVICE_2_19);
  assert.equal(device.name, "Device:2.19");
  assert.ok(device.objects.length > 800);
  const parameters = device.objects.reduce((n, o) => n + o.parameters.length, 0);
  assert.ok(parameters > 7000, `${parameters} parameters`);
  assert.ok(!device.objects.some((o) => o.path === "Device.Services.StorageService.{i}.X"));
  const bytes = param(device, "Device.Ethernet.Interface.{i}.Stats.BytesSent");
  assert.deepEqual(bytes.syntax, { type: "unsignedLong", base: "unsignedLong" });
  assert.equal(bytes.activeNotify, "canDeny");
  const alias = param(device, "Device.IP.Interface.{i}.Alias");
  assert.deepEqual(alias.syntax.lengths, [{ max: 64 }]);
  const ipv4 = param(device, "Device.IP.Interface.{i}.IPv4Address.{i}.IPAddress");
  assert.deepEqual(ipv4.syntax.lengths, [{ max: 15 }]);
  assert.equal(ipv4.syntax.patterns?.length, 2);
  const enable = param(device, "Device.DHCPv4.Client.{i}.Enable");
  assert.equal(enable.default, "false");
  const dns = param(device, "Device.DHCPv4.Client.{i}.DNSServers");
  assert.equal(dns.syntax.type, "string");
  assert.ok(dns.syntax.list !== undefined);
  const url = param(device, "Device.ManagementServer.ConnectionRequestURL");
  assert.deepEqual([url.forcedInform, url.activeNotify], [true, "forceDefaultEnabled"]);
  const size = new TextEncoder().encode(DEVICE_2_19).length;
  assert.ok(size < 1_000_000, `${size} bytes`);
});

Deno.test("readSyntax() resolves base chains and refines facets", () => {
  const [doc] = parseXml(`<document>
    <dataType name="IPAddress"><string><size maxLength="45"/></string></dataType>
    <dataType name="IPv4Address" base="IPAddress"><size maxLength="15"/></dataType>
    <dataType name="Pair"><list minItems="2" maxItems="2"/><unsignedInt/></dataType>
    <s1><dataType ref="IPv4Address"/><default type="object" value="1.2.3.4"/></s1>
    <s2 hidden="true"><dataType ref="Pair"><range maxInclusive="9"/></dataType></s2>
    <s3><string><pattern value="\\i\\c*"/></string></s3>
    <s4><int/><default type="factory" value="x"/><default type="implementation" value="-3"/></s4>
  </document>`);
  assert.ok(doc);
  const types = dataTypeTable([doc]);
  const warnings: string[] = [];
  const read = (local: string) => {
    const el = doc.children.find((c) => c.local === local);
    assert.ok(el);
    return readSyntax(el, types, { where: local, warnings });
  };
  assert.deepEqual(read("s1"), {
    syntax: { type: "string", base: "string", lengths: [{ max: 15 }] },
    default: "1.2.3.4",
    hidden: false,
  });
  assert.deepEqual(read("s2"), {
    syntax: {
      type: "string",
      base: "unsignedInt",
      ranges: [{ max: "9" }],
      list: { minItems: 2, maxItems: 2 },
    },
    hidden: true,
  });
  assert.equal(read("s3").syntax.patterns, undefined);
  assert.equal(read("s4").default, "-3");
  assert.equal(warnings.length, 2);
  const [empty] = parseXml('<syntax><units value="s"/></syntax>');
  assert.ok(empty);
  assert.throws(() => readSyntax(empty, types, { where: "x", warnings }), /no type/);
});

Deno.test("readBbfModel() leaves out deleted items and objects without a parent", () => {
  const [doc] = parseXml(`<document><model name="Acme:1.0">
    <object name="Acme." access="readOnly" minEntries="1" maxEntries="1">
      <parameter name="A" access="readWrite"><syntax><boolean/></syntax></parameter>
      <parameter name="Gone" access="readOnly" status="deleted"><syntax><int/></syntax></parameter>
      <parameter name="PortNumberOfEntries" access="readOnly"><syntax><unsignedInt/></syntax></parameter>
    </object>
    <object name="Acme.Port.{i}." access="readWrite" minEntries="0" maxEntries="unbounded"
      numEntriesParameter="PortNumberOfEntries"/>
    <object name="Acme.Old." access="readOnly" status="deleted"/>
    <object name="Acme.Old.Child." access="readOnly"/>
  </model></document>`);
  assert.ok(doc);
  const warnings: string[] = [];
  const spec = readBbfModel(doc, { types: new Map(), warnings });
  assert.deepEqual(spec.objects.map((o) => o.path), ["Acme.", "Acme.Port.{i}."]);
  assert.deepEqual(spec.objects[0]?.parameters.map((p) => p.name), ["A", "PortNumberOfEntries"]);
  assert.equal(spec.objects[1]?.maxEntries, undefined);
  assert.equal(spec.objects[1]?.numEntriesParameter, "PortNumberOfEntries");
  assert.deepEqual(warnings, ["Acme.Old.Child.: parent Acme.Old. is not in the model, left out"]);
});

Deno.test("expandInternalEntities() replaces a literal DOCTYPE by its expansion", () => {
  const text = `<?xml version="1.0"?>
<!DOCTYPE x [
  <!ENTITY octet "(25[0-5]|1?\\d?\\d)"> <!-- 0 to 255 -->
  <!ENTITY dot "\\.">
]>
<a p="&octet;&dot;&amp;"/>`;
  const [root] = parseXml(expandInternalEntities(text));
  assert.equal(root?.attributes[0]?.value, "(25[0-5]|1?\\d?\\d)\\.&");
  assert.equal(expandInternalEntities("<a/>"), "<a/>");
  assert.throws(
    () => expandInternalEntities('<!DOCTYPE x [<!ENTITY e "<b/>">]><a/>'),
    /not a literal/,
  );
});
