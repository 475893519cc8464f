import assert from "node:assert/strict";
import { CwmpFault } from "../protocol/errors.ts";
import { compileDataModel } from "./datamodel/compile.ts";
import { loadBuiltinModel } from "./datamodel/loader.ts";
import { CsvModelError, parseCsv, parseDeviceCsv } from "./csv_model.ts";
import { createDefaultModel, loadDeviceTemplate } from "./model/factory.ts";

const HUAWEI = new URL("../../shared/cwmp/corpus/huawei-bm632w/data_model.csv", import.meta.url);
const IGD = "InternetGatewayDevice.";

Deno.test("parseDeviceCsv() reads the Huawei BM632w dump: 210 objects, 796 parameters", async () => {
  const text = await Deno.readTextFile(HUAWEI);
  const device = parseDeviceCsv(text, { referenceFor: () => loadBuiltinModel("igd") });
  assert.deepEqual(device.rows, { objects: 210, parameters: 796 });
  assert.deepEqual(device.identity, {
    manufacturer: "Huawei Technologies Co., Ltd.",
    oui: "202BC1",
    productClass: "BM632w",
    serialNumber: "8KA8WA1151100043",
  });
  // The four DeviceID rows are the Inform's identity, not parameters of the tree.
  assert.equal(Object.keys(device.values).length, 792);
  assert.deepEqual(device.warnings, []);
  const model = compileDataModel(device.spec);
  assert.equal(model.name, "InternetGatewayDevice:csv");
  const table = (path: string) => model.objects.get(path);
  assert.equal(table(`${IGD}LANDevice.{i}.`)?.writable, false);
  assert.equal(table(`${IGD}LANDevice.{i}.`)?.numEntriesParameter, "LANDeviceNumberOfEntries");
  const wlan = table(`${IGD}LANDevice.{i}.WLANConfiguration.{i}.`);
  assert.equal(wlan?.numEntriesParameter, "LANWLANConfigurationNumberOfEntries");
  // Empty tables: writable with nothing below, or known as tables to the reference model.
  assert.equal(
    table(`${IGD}LANDevice.{i}.LANHostConfigManagement.DHCPStaticAddress.{i}.`)?.writable,
    true,
  );
  const ppp = table(`${IGD}WANDevice.{i}.WANConnectionDevice.{i}.WANPPPConnection.{i}.`);
  assert.equal(ppp?.multiInstance, true);
  assert.equal(table(`${IGD}Layer2Bridging.X_HUAWEI_VLAN.`)?.multiInstance, false);
  const info = table(`${IGD}DeviceInfo.`)?.parameterIndex;
  assert.equal(info?.get("UpTime")?.syntax.type, "unsignedInt");
  assert.equal(info?.get("ProvisioningCode")?.writable, true);
  assert.equal(info?.get("SoftwareVersion")?.activeNotify, "forceEnabled");
  assert.equal(info?.get("SpecVersion")?.forcedInform, true);
});

Deno.test("createDefaultModel(csv) impersonates the dumped device", async () => {
  const text = await Deno.readTextFile(HUAWEI);
  const store = createDefaultModel(text);
  assert.equal(store.deviceId().serialNumber, "8KA8WA1151100043");
  const all = store.names("", false);
  assert.equal(all.filter((n) => !n.name.endsWith(".")).length, 792);
  assert.equal(all.filter((n) => n.name.endsWith(".")).length, 210);
  assert.equal(store.get(`${IGD}DeviceInfo.UpTime`).value, "213138");
  const host = `${IGD}LANDevice.1.Hosts.Host.`;
  assert.equal(store.get(`${IGD}LANDevice.1.Hosts.HostNumberOfEntries`).value, "6");
  assert.equal(store.kindOf(`${host}6.`), "object");
  const pool = `${IGD}LANDevice.1.LANHostConfigManagement.DHCPConditionalServingPool.`;
  assert.equal(store.addObject(pool, { source: "acs" }), 5);
  const again = createDefaultModel(text, { serialNumber: "SIM-0001" });
  assert.equal(again.deviceId().serialNumber, "SIM-0001");
  assert.equal(again.get(`${IGD}DeviceInfo.SerialNumber`).value, "SIM-0001");
  assert.equal(again.deviceId().oui, "202BC1");
  const inform = await again.prepareInform();
  assert.equal(inform.valueChange, false);
  assert.ok(inform.parameterList.some((p) => p.name === `${IGD}DeviceInfo.SoftwareVersion`));
});

Deno.test("parseDeviceCsv() handles quoting, root-only models and values that do not fit", () => {
  const device = parseDeviceCsv([
    "Parameter,Object,Writable,Value,Value type",
    "Acme.,true,false,,",
    'Acme.Note,false,true,"a, ""quoted""',
    'line",xsd:string',
    "Acme.Count,false,false,n/a,xsd:unsignedInt",
    "Acme.When,false,false,0000-00-00T00:00:00,xsd:dateTime",
    "Acme.Blob,false,false,AAAA,xsd:base64Binary",
    "Acme.Odd,false,false,x,vendor:thing",
    "",
  ].join("\r\n"));
  assert.deepEqual(device.values, {
    "Acme.Note": 'a, "quoted"\r\nline',
    "Acme.Count": "n/a",
    "Acme.When": "0000-00-00T00:00:00",
    "Acme.Blob": "AAAA",
    "Acme.Odd": "x",
  });
  const types = device.spec.objects[0]?.parameters.map((p) => `${p.name}:${p.syntax.type}`);
  assert.deepEqual(types, [
    "Note:string",
    "Count:string",
    "When:dateTime",
    "Blob:base64",
    "Odd:string",
  ]);
  assert.equal(device.warnings.length, 1);
  assert.match(device.warnings[0] ?? "", /^line 5: Acme\.Count/);
});

Deno.test("parseDeviceCsv() takes the identity from DeviceInfo where DeviceID rows are missing", () => {
  const device = parseDeviceCsv([
    "Parameter,Object,Writable,Value,Value type",
    "DeviceID.SerialNumber,false,false,ID-SN,xsd:string",
    "Device.DeviceInfo.Manufacturer,false,false,Acme,xsd:string",
    "Device.DeviceInfo.ManufacturerOUI,false,false,00D09E,xsd:string",
    "Device.DeviceInfo.ProductClass,false,false,,xsd:string",
    "Device.DeviceInfo.SerialNumber,false,false,INFO-SN,xsd:string",
  ].join("\n"));
  // DeviceID rows win; an empty DeviceInfo value says nothing.
  assert.deepEqual(device.identity, { serialNumber: "ID-SN", manufacturer: "Acme", oui: "00D09E" });
});

Deno.test("parseDeviceCsv() refuses malformed dumps with the line", () => {
  const header = "Parameter,Object,Writable,Value,Value type";
  const cases: [string, number, RegExp][] = [
    ["Name,Value\nA,1", 1, /header/],
    [`${header}\nA,true,false,,\nA.B,false,maybe,1,xsd:int`, 3, /maybe/],
    [`${header}\nA,true,false,,\nA.B,false,false,1`, 3, /4 fields/],
    [`${header}\nA,true,false,,\nB.C,false,false,1,xsd:int`, 3, /not under A/],
    [`${header}\nA,true,false,,\nA..B,false,false,1,xsd:int`, 3, /bad parameter name/],
    [
      `${header}\nA,true,false,,\nA.T,true,true,,\nA.T.1,true,true,,\nA.T.X,false,false,1,xsd:int`,
      3,
      /instances and named/,
    ],
    [`${header}\nA,true,false,,\nA.B,false,false,"open`, 3, /unterminated/],
    [`${header}\nTop,false,false,1,xsd:int`, 2, /has no object/],
    [header, 1, /no data-model rows/],
  ];
  for (const [text, line, message] of cases) {
    assert.throws(() => parseDeviceCsv(text), (e: unknown) => {
      assert.ok(e instanceof CsvModelError, String(e));
      assert.equal(e.line, line, text);
      assert.match(e.message, message);
      return true;
    });
  }
});

Deno.test("parseCsv() counts lines across quoted line breaks", () => {
  const records = parseCsv('a,"b\nc"\nd,e\r\nf');
  assert.deepEqual(records, [
    { fields: ["a", "b\nc"], line: 1 },
    { fields: ["d", "e"], line: 3 },
    { fields: ["f"], line: 4 },
  ]);
});

Deno.test("createDefaultModel() refuses CSV text that is not a dump", () => {
  assert.throws(() => createDefaultModel("igd2"), CsvModelError);
  assert.ok(!(new CsvModelError("x", 1) instanceof CwmpFault));
});

Deno.test("loadDeviceTemplate() loads a dump once for many independent devices", async () => {
  const template = loadDeviceTemplate(await Deno.readTextFile(HUAWEI));
  const a = createDefaultModel(template, { serialNumber: "A" });
  const b = createDefaultModel(template, { serialNumber: "B" });
  assert.equal(a.model, b.model);
  a.set(`${IGD}DeviceInfo.UpTime`, "1");
  a.addObject(`${IGD}Layer3Forwarding.Forwarding.`);
  assert.equal(b.get(`${IGD}DeviceInfo.UpTime`).value, "213138");
  assert.equal(b.kindOf(`${IGD}Layer3Forwarding.Forwarding.1.`), undefined);
  assert.deepEqual([a.deviceId().serialNumber, b.deviceId().serialNumber], ["A", "B"]);
  assert.equal(loadDeviceTemplate("igd").dump, undefined);
});
