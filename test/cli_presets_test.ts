import assert from "node:assert/strict";
import { createTestNbi } from "../acs/nbi/_testing.ts";
import type { NbiPreset } from "../cli/provisioning_types.ts";
import {
  createFakeProvisioning,
  type FakeProvisioning,
  SERVER,
  TOKEN,
} from "./fixtures/cli/fake_provisioning.ts";
import { runInMemory } from "./fixtures/cli/run.ts";

function cwmp(fake: FakeProvisioning, args: string[], files: Record<string, string> = {}) {
  return runInMemory([...args, "--server", SERVER, "--token", TOKEN], {
    deps: fake.deps,
    files,
    stdin: files["-"] ?? "",
  });
}

function preset(id: string, fields: Partial<NbiPreset> = {}): NbiPreset {
  return {
    id,
    description: "",
    enabled: true,
    weight: 0,
    precondition: {},
    events: [],
    schedule: null,
    desired: {},
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    ...fields,
  };
}

Deno.test("cwmp presets list prints a table of summaries; --json the page", async () => {
  const fake = createFakeProvisioning();
  fake.presets.set(
    "wifi",
    preset("wifi", {
      weight: 10,
      events: ["1 BOOT", "0 BOOTSTRAP"],
      precondition: { oui: "00D09E", tag: ["lab"], notTag: ["eu"], param: ["A.B>3"] },
      desired: {
        values: [{ name: "A.SSID", value: "x" }, { name: "A.Key", value: "y" }],
        tags: { add: ["wifi"], remove: ["new"] },
        softwareVersion: { version: "2.1" },
      },
    }),
  );
  fake.presets.set("all", preset("all", { enabled: false, desired: { refresh: [] } }));
  const run = await cwmp(fake, ["presets", "list"]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(
    run.stdout,
    "ID    ENABLED  WEIGHT  EVENTS              PRECONDITION                      DESIRED\n" +
      "all   no       0       -                   -                                 -\n" +
      "wifi  yes      10      1 BOOT,0 BOOTSTRAP  oui=00D09E tag=lab !tag=eu A.B>3  " +
      "2 values, tags +wifi -new, software 2.1\n",
  );
  assert.equal(run.stderr, "2 presets\n");
  const json = await cwmp(fake, ["presets", "list", "--json"]);
  assert.equal(json.stderr, "");
  const doc = JSON.parse(json.stdout);
  assert.equal(doc.version, 1);
  assert.equal(doc.total, 2);
  assert.deepEqual(doc.items[1], fake.presets.get("wifi"));
});

Deno.test("cwmp presets show prints the preset; --json what put --file takes back", async () => {
  const fake = createFakeProvisioning();
  fake.presets.set(
    "nightly",
    preset("nightly", {
      description: "firmware at night",
      schedule: { cron: "0 2 * * *", durationSeconds: 7200 },
      desired: { softwareVersion: { version: "2.1", file: "fw.bin" } },
    }),
  );
  const show = await cwmp(fake, ["presets", "show", "nightly"]);
  assert.equal(show.code, 0, show.stderr);
  assert.match(show.stdout, /^description: +firmware at night$/m);
  assert.match(show.stdout, /^schedule: +0 2 \* \* \* \(UTC\) for 7200 s$/m);
  assert.match(show.stdout, /^precondition: every device$/m);
  assert.match(show.stdout, /^events: +every session$/m);
  assert.match(show.stdout, /^desired:\n {2}\{\n {4}"softwareVersion": \{$/m);

  const json = await cwmp(fake, ["presets", "show", "nightly", "--json"]);
  const put = await cwmp(fake, ["presets", "put", "nightly", "--file", "-"], {
    "-": json.stdout.replace('"description": "firmware at night"', '"description": "later"'),
  });
  assert.equal(put.code, 0, put.stderr);
  assert.equal(put.stdout, "replaced preset nightly\n");
  assert.equal(fake.presets.get("nightly")?.description, "later");
  assert.deepEqual(fake.presets.get("nightly")?.desired, {
    softwareVersion: { version: "2.1", file: "fw.bin" },
  });

  const other = await cwmp(fake, ["presets", "put", "other", "--file", "p.json"], {
    "p.json": json.stdout,
  });
  assert.equal(other.code, 2);
  assert.equal(other.stderr, "cwmp presets put: p.json holds preset 'nightly', not 'other'\n");

  const missing = await cwmp(fake, ["presets", "show", "nope"]);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, "cwmp presets show: not found: Cannot find preset nope\n");
});

Deno.test("cwmp presets put builds the preset from flags", async () => {
  const fake = createFakeProvisioning();
  const run = await cwmp(fake, [
    "presets",
    "put",
    "lab-wifi",
    "--description",
    "lab Wi-Fi",
    "--weight",
    "-5",
    "--event",
    "boot",
    "--event",
    "0",
    "--event",
    "M Download",
    "--schedule",
    "0 2 * * *",
    "--duration",
    "2h",
    "--device",
    "00D09E-IGD-1",
    "--where",
    "Device.WiFi.SSID.1.SSID!=lab",
    "--tag",
    "lab",
    "--not-tag",
    "eu",
    "--product-class",
    "IGD",
    "--current-version",
    "2.0",
    "--set",
    "Device.WiFi.SSID.1.SSID=lab",
    "--set",
    "Device.WiFi.SSID.1.Enable=1:boolean",
    "--add-tag",
    "wifi-set",
    "--remove-tag",
    "new",
    "--software-version",
    "2.1",
    "--firmware-file",
    "fw-2.1.bin",
    "--refresh",
    "Device.WiFi.:1h",
    "--refresh",
    "Device.DeviceInfo.UpTime:0",
    "--disabled",
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, "created preset lab-wifi\n");
  const sent = fake.received.at(-1);
  assert.equal(sent?.method, "PUT");
  assert.equal(sent?.path, "/api/presets/lab-wifi");
  assert.deepEqual(sent?.body, {
    description: "lab Wi-Fi",
    enabled: false,
    weight: -5,
    precondition: {
      id: "00D09E-IGD-1",
      productClass: "IGD",
      softwareVersion: "2.0",
      tag: ["lab"],
      notTag: ["eu"],
      param: ["Device.WiFi.SSID.1.SSID!=lab"],
    },
    events: ["1 BOOT", "0 BOOTSTRAP", "M Download"],
    schedule: { cron: "0 2 * * *", durationSeconds: 7200 },
    desired: {
      values: [
        { name: "Device.WiFi.SSID.1.SSID", value: "lab" },
        { name: "Device.WiFi.SSID.1.Enable", value: "true", type: "boolean" },
      ],
      tags: { add: ["wifi-set"], remove: ["new"] },
      softwareVersion: { version: "2.1", file: "fw-2.1.bin" },
      refresh: [
        { path: "Device.WiFi.", maxAgeSeconds: 3600 },
        { path: "Device.DeviceInfo.UpTime", maxAgeSeconds: 0 },
      ],
    },
  });

  const again = await cwmp(fake, ["presets", "put", "lab-wifi", "--add-tag", "x", "--json"]);
  assert.equal(again.code, 0, again.stderr);
  const doc = JSON.parse(again.stdout);
  assert.equal(doc.created, false);
  assert.equal(doc.preset.enabled, true);
  assert.deepEqual(doc.preset.desired, { tags: { add: ["x"] } });
});

Deno.test("cwmp presets put exits 2 with one line on bad input, sending nothing", async () => {
  const fake = createFakeProvisioning();
  const cases: [string[], Record<string, string>, RegExp][] = [
    [["--where", "Device.X"], {}, /^invalid --where 'Device\.X': expected PATH<op>VALUE/],
    [["--event", "reboot", "--add-tag", "x"], {}, /^invalid --event 'reboot'/],
    [["--schedule", "0 2 * * *", "--add-tag", "x"], {}, /^give --schedule and --duration/],
    [["--where", "A.B=1"], {}, /^nothing desired: give --set/],
    [["--set", "Device.X=maybe:boolean"], {}, /^invalid value 'maybe' for Device\.X/],
    [["--refresh", "Device.X"], {}, /^invalid --refresh 'Device\.X': expected PATH:MAXAGE/],
    [["--refresh", "Device.X:soon"], {}, /^invalid --refresh 'soon'/],
    [["--weight", "1.5", "--add-tag", "x"], {}, /^invalid --weight '1\.5'/],
    [
      ["--set", "Device..X=1"],
      {},
      /^invalid preset: desired\.values\.0\.name: expected a parameter name/,
    ],
    [["--firmware-file", "a.bin", "--add-tag", "x"], {}, /^--firmware-file needs/],
    [
      ["--file", "p.json", "--tag", "lab"],
      { "p.json": "{}" },
      /^--file gives the whole preset: drop the query flags$/,
    ],
    [
      ["--file", "p.json"],
      { "p.json": '{\n  "desired": x\n}' },
      /^p\.json: line 2, column 14: Cannot parse JSON: Unexpected token 'x'$/,
    ],
    [
      ["--file", "p.json"],
      { "p.json": '{"desired": {}, "colour": "blue"}' },
      /^invalid preset in p\.json: Unrecognized key: "colour"$/,
    ],
    [["--file", "gone.json"], {}, /^cannot read gone\.json: No such file$/],
  ];
  for (const [flags, files, expected] of cases) {
    const run = await cwmp(fake, ["presets", "put", "p", ...flags], files);
    assert.equal(run.code, 2, flags.join(" "));
    assert.equal(run.stdout, "");
    const line = run.stderr.trimEnd().replace(/^cwmp presets put: /, "");
    assert.match(line, expected, flags.join(" "));
    assert.equal(run.stderr.split("\n").length, 2, run.stderr);
  }
  const badId = await cwmp(fake, ["presets", "put", "a b", "--add-tag", "x"]);
  assert.equal(badId.code, 2);
  assert.match(badId.stderr, /^cwmp presets put: invalid preset id 'a b'/);
  assert.equal(fake.received.length, 0);
});

Deno.test("cwmp presets enable/disable put the preset back changed; delete removes it", async () => {
  const fake = createFakeProvisioning();
  fake.presets.set("p", preset("p", { weight: 3, desired: { tags: { add: ["a"] } } }));
  const disable = await cwmp(fake, ["presets", "disable", "p"]);
  assert.equal(disable.code, 0, disable.stderr);
  assert.equal(disable.stdout, "preset p is disabled\n");
  assert.deepEqual(fake.received.map((r) => r.method), ["GET", "PUT"]);
  assert.deepEqual(fake.received[1]?.body, {
    description: "",
    enabled: false,
    weight: 3,
    precondition: {},
    events: [],
    schedule: null,
    desired: { tags: { add: ["a"] } },
  });
  const again = await cwmp(fake, ["presets", "disable", "p"]);
  assert.equal(again.stdout, "preset p was already disabled\n");
  assert.equal(fake.received.length, 3);
  const enable = await cwmp(fake, ["presets", "enable", "p", "--json"]);
  assert.equal(JSON.parse(enable.stdout).preset.enabled, true);

  const deleted = await cwmp(fake, ["presets", "delete", "p"]);
  assert.equal(deleted.code, 0);
  assert.equal(deleted.stdout, "deleted preset p\n");
  assert.equal(fake.presets.size, 0);
  const missing = await cwmp(fake, ["presets", "delete", "p"]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^cwmp presets delete: not found: Cannot find preset p\n$/);
  const noToken = await runInMemory(["presets", "list", "--server", SERVER], { deps: fake.deps });
  assert.equal(noToken.code, 1);
  assert.match(noToken.stderr, /not authorized: .*\(give --token or set CWMP_TOKEN\)/);
});

Deno.test("cwmp presets commands against the real NBI app", async () => {
  let changes = 0;
  const t = await createTestNbi({ onPresetsChanged: () => void changes++ });
  try {
    const fetch = (request: Request): Promise<Response> => Promise.resolve(t.nbi.request(request));
    const cli = (args: string[], token = t.token) =>
      runInMemory([...args, "--server", "http://nbi.test", "--token", token], {
        deps: { fetch },
      });
    const put = await cli([
      "presets",
      "put",
      "inform",
      "--event",
      "BOOTSTRAP",
      "--set",
      "InternetGatewayDevice.ManagementServer.PeriodicInformInterval=300:unsignedInt",
      "--weight",
      "5",
    ]);
    assert.equal(put.code, 0, put.stderr);
    assert.equal(put.stdout, "created preset inform\n");
    assert.equal(changes, 1);
    const list = await cli(["presets", "list"]);
    assert.match(list.stdout, /^inform +yes +5 +0 BOOTSTRAP +- +1 value$/m);
    assert.equal((await cli(["presets", "disable", "inform"])).code, 0);
    const shown = JSON.parse((await cli(["presets", "show", "inform", "--json"])).stdout);
    assert.equal(shown.preset.enabled, false);
    assert.deepEqual(shown.preset.desired.values, [{
      name: "InternetGatewayDevice.ManagementServer.PeriodicInformInterval",
      value: "300",
      type: "unsignedInt",
    }]);
    const readOnly = await cli(["presets", "delete", "inform"], t.readOnlyToken);
    assert.equal(readOnly.code, 1);
    assert.match(readOnly.stderr, /^cwmp presets delete: not authorized: Token 'ro' is read-only/);
    assert.equal((await cli(["presets", "delete", "inform"])).code, 0);
    assert.equal(changes, 3);
    assert.equal((await cli(["presets", "list"])).stderr, "no presets\n");
  } finally {
    t.close();
  }
});
