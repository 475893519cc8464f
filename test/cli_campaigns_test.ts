import assert from "node:assert/strict";
import { createTestNbi } from "../acs/nbi/_testing.ts";
import { devices } from "../acs/db/schema/devices.ts";
import type { NbiCampaign } from "../cli/provisioning_types.ts";
import {
  createFakeProvisioning,
  type FakeProvisioning,
  sampleCampaign,
  SERVER,
  TOKEN,
} from "./fixtures/cli/fake_provisioning.ts";
import { runInMemory } from "./fixtures/cli/run.ts";

function cwmp(
  fake: FakeProvisioning,
  args: string[],
  options: { files?: Record<string, string>; tty?: boolean } = {},
) {
  return runInMemory([...args, "--server", SERVER, "--token", TOKEN], {
    deps: fake.deps,
    files: options.files ?? {},
    stdin: options.files?.["-"] ?? "",
    stderrIsTerminal: options.tty ?? false,
  });
}

const counts = (c: Partial<NbiCampaign["counts"]>): NbiCampaign["counts"] => ({
  total: 4,
  pending: 0,
  in_progress: 0,
  done: 0,
  faulted: 0,
  skipped: 0,
  ...c,
});

Deno.test("cwmp campaigns create builds the campaign from flags", async () => {
  const fake = createFakeProvisioning();
  const run = await cwmp(fake, [
    "campaigns",
    "create",
    "--name",
    "fw 2.1",
    "--firmware",
    "fw-2.1.bin",
    "--software-version",
    "2.1",
    "--oui",
    "00D09E",
    "--tag",
    "lab",
    "--where",
    "Device.DeviceInfo.UpTime>600",
    "--batch-size",
    "50",
    "--concurrency",
    "10",
    "--window",
    "0 1 * * *",
    "--window-duration",
    "4h",
    "--failure-threshold",
    "5",
    "--device-timeout",
    "30m",
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(
    run.stdout,
    "created campaign 1 (draft): firmware fw-2.1.bin (2.1), devices oui=00D09E tag=lab " +
      "Device.DeviceInfo.UpTime>600\n",
  );
  assert.equal(run.stderr, "start it with: cwmp campaigns start 1\n");
  const sent = fake.received.at(-1);
  assert.equal(sent?.method, "POST");
  assert.equal(sent?.path, "/api/campaigns");
  assert.deepEqual(sent?.body, {
    name: "fw 2.1",
    action: { kind: "firmware", file: "fw-2.1.bin", softwareVersion: "2.1" },
    target: {
      query: { oui: "00D09E", tag: ["lab"], param: ["Device.DeviceInfo.UpTime>600"] },
    },
    batchSize: 50,
    concurrency: 10,
    window: { cron: "0 1 * * *", durationSeconds: 14400 },
    failureThreshold: 5,
    deviceTimeoutSeconds: 1800,
    start: false,
  });

  const listed = await cwmp(fake, [
    "campaigns",
    "create",
    "--name",
    "ntp",
    "--set",
    "A.NTPServer1=ntp.example.net",
    "--set",
    "A.Enable=true:boolean",
    "--devices-file",
    "ids.txt",
    "--batch-percent",
    "12.5",
    "--start",
    "--json",
  ], { files: { "ids.txt": "# lab\nGW-1\nGW-2, GW-3\n\nGW-1\n" } });
  assert.equal(listed.code, 0, listed.stderr);
  assert.equal(listed.stderr, "");
  const doc = JSON.parse(listed.stdout);
  assert.equal(doc.campaign.state, "running");
  assert.deepEqual(fake.received.at(-1)?.body, {
    name: "ntp",
    action: {
      kind: "setValues",
      values: [
        { name: "A.NTPServer1", value: "ntp.example.net" },
        { name: "A.Enable", value: "true", type: "boolean" },
      ],
    },
    target: { devices: ["GW-1", "GW-2", "GW-3"] },
    batchPercent: 12.5,
    concurrency: 50,
    window: null,
    failureThreshold: null,
    deviceTimeoutSeconds: 3600,
    start: true,
  });

  const reboot = await cwmp(fake, [
    "campaigns",
    "create",
    "--name",
    "r",
    "--reboot",
    "--devices",
    "GW-1,GW-2",
  ]);
  assert.match(reboot.stdout, /^created campaign 3 \(draft\): reboot, 2 listed devices\n$/);
  const all = await cwmp(fake, [
    "campaigns",
    "create",
    "--name",
    "r",
    "--factory-reset",
    "--all-devices",
  ]);
  assert.match(all.stdout, /: factory reset, every device\n$/);
  assert.deepEqual((fake.received.at(-1)?.body as { target: unknown }).target, { query: {} });
});

Deno.test("cwmp campaigns create --file takes the whole campaign; --name and --start override", async () => {
  const fake = createFakeProvisioning();
  const file = JSON.stringify({
    name: "template",
    action: { kind: "reboot" },
    target: { devices: ["GW-1"] },
    concurrency: 3,
  });
  const run = await cwmp(fake, [
    "campaigns",
    "create",
    "--file",
    "c.json",
    "--name",
    "retry 2",
    "--start",
  ], { files: { "c.json": file } });
  assert.equal(run.code, 0, run.stderr);
  const body = fake.received.at(-1)?.body as Record<string, unknown>;
  assert.equal(body["name"], "retry 2");
  assert.equal(body["start"], true);
  assert.equal(body["concurrency"], 3);
});

Deno.test("cwmp campaigns create exits 2 with one line on bad input, sending nothing", async () => {
  const fake = createFakeProvisioning();
  const target = ["--devices", "GW-1"];
  const cases: [string[], Record<string, string>, RegExp][] = [
    [["--reboot", ...target], {}, /^give --name \(or --file\)$/],
    [["--name", "n", ...target], {}, /^no action: give --reboot/],
    [["--name", "n", "--reboot", "--factory-reset", ...target], {}, /^give one action, not/],
    [["--name", "n", "--reboot"], {}, /^no target: give query flags/],
    [["--name", "n", "--reboot", "--tag", "a", ...target], {}, /^give one target, not the query/],
    [["--name", "n", "--reboot", "--software-version", "2", ...target], {}, /goes with --firmware/],
    [["--name", "n", "--reboot", "--devices", " , "], {}, /^--devices is empty$/],
    [["--name", "n", "--reboot", "--devices-file", "f"], { f: "# none\n" }, /^no device ids in f$/],
    [["--name", "n", "--reboot", "--devices-file", "g"], {}, /^--devices-file: cannot read g/],
    [["--name", "n", "--reboot", "--where", "X", ...target], {}, /^give one target/],
    [["--name", "n", "--reboot", "--where", "X"], {}, /^invalid --where 'X'/],
    [["--name", "n", "--reboot", "--window", "0 1 * * *", ...target], {}, /^give --window and/],
    [["--name", "n", "--reboot", "--batch-size", "0", ...target], {}, /^invalid --batch-size '0'/],
    [["--name", "n", "--reboot", "--batch-percent", "150", ...target], {}, /--batch-percent '150'/],
    [
      ["--name", "n", "--reboot", "--batch-size", "5", "--batch-percent", "5", ...target],
      {},
      /^invalid campaign: give batchSize or batchPercent, not both$/,
    ],
    [
      ["--name", "n", "--reboot", "--device-timeout", "5", ...target],
      {},
      /^invalid campaign: deviceTimeoutSeconds: /,
    ],
    [
      ["--file", "c.json", "--reboot"],
      { "c.json": "{}" },
      /^--file gives the whole campaign: drop --reboot$/,
    ],
    [
      ["--file", "c.json"],
      { "c.json": '{"name": "n", "action": {"kind": "upgrade"}, "target": {"devices": ["a"]}}' },
      /^invalid campaign in c\.json: action/,
    ],
  ];
  for (const [flags, files, expected] of cases) {
    const run = await cwmp(fake, ["campaigns", "create", ...flags], { files });
    assert.equal(run.code, 2, flags.join(" "));
    const line = run.stderr.trimEnd().replace(/^cwmp campaigns create: /, "");
    assert.match(line, expected, `${flags.join(" ")}: ${run.stderr}`);
    assert.equal(run.stderr.split("\n").length, 2, run.stderr);
  }
  assert.equal(fake.received.length, 0);
});

Deno.test("cwmp campaigns list, show and devices print tables and lines", async () => {
  const fake = createFakeProvisioning();
  fake.campaigns.set(7, sampleCampaign({ counts: counts({ done: 2, faulted: 1, pending: 1 }) }));
  fake.campaigns.set(
    8,
    sampleCampaign({
      id: 8,
      name: "reboot lab",
      action: { kind: "reboot" },
      state: "draft",
      startedAt: null,
      counts: counts({ total: 0 }),
      currentBatch: null,
      batches: 0,
    }),
  );
  const list = await cwmp(fake, ["campaigns", "list"]);
  assert.equal(list.code, 0, list.stderr);
  assert.equal(
    list.stdout,
    "ID  NAME        ACTION                     STATE    DONE  FAULTED  UPDATED\n" +
      "8   reboot lab  reboot                     draft    0/0   0        2026-01-01T00:00:00.000Z\n" +
      "7   fw 2.1      firmware fw-2.1.bin (2.1)  running  3/4   1        2026-01-01T00:00:00.000Z\n",
  );
  assert.equal(list.stderr, "campaigns 1-2 of 2\n");
  const paused = await cwmp(fake, ["campaigns", "list", "--state", "paused", "--json"]);
  assert.equal(fake.received.at(-1)?.query.get("state"), "paused");
  assert.deepEqual(JSON.parse(paused.stdout), { version: 1, total: 0, items: [] });
  const badState = await cwmp(fake, ["campaigns", "list", "--state", "done"]);
  assert.equal(badState.code, 2);

  const show = await cwmp(fake, ["campaigns", "show", "7"]);
  assert.equal(show.code, 0, show.stderr);
  assert.match(show.stdout, /^target: +devices oui=00D09E$/m);
  assert.match(show.stdout, /^progress: +batch 1\/2$/m);
  assert.match(show.stdout, /^batch size: +2 devices$/m);
  assert.match(show.stdout, /^pauses after: 1 faulted$/m);
  assert.match(
    show.stdout,
    /^devices: +4 \(pending 1, in progress 0, done 2, faulted 1, skipped 0\)$/m,
  );
  const draft = await cwmp(fake, ["campaigns", "show", "8"]);
  assert.doesNotMatch(draft.stdout, /^progress:/m);
  assert.doesNotMatch(draft.stdout, /^started:/m);
  assert.match(draft.stdout, /^devices: +chosen when it starts$/m);
  const bad = await cwmp(fake, ["campaigns", "show", "x7"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^cwmp campaigns show: invalid campaign id 'x7'/);
  const missing = await cwmp(fake, ["campaigns", "show", "99"]);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, "cwmp campaigns show: not found: Cannot find campaign 99\n");

  fake.devices.set(7, [
    {
      deviceId: "GW-1",
      batch: 0,
      state: "done",
      taskId: 11,
      reason: null,
      startedAt: "2026-01-01T00:00:00.000Z",
      finishedAt: "2026-01-01T00:05:00.000Z",
    },
    {
      deviceId: "GW-2",
      batch: 1,
      state: "faulted",
      taskId: 12,
      reason: "9010 download failed",
      startedAt: "2026-01-01T00:00:00.000Z",
      finishedAt: "2026-01-01T00:06:00.000Z",
    },
    {
      deviceId: "GW-3",
      batch: 1,
      state: "pending",
      taskId: null,
      reason: null,
      startedAt: null,
      finishedAt: null,
    },
  ]);
  const devices = await cwmp(fake, ["campaigns", "devices", "7"]);
  assert.equal(devices.code, 0, devices.stderr);
  assert.equal(
    devices.stdout,
    "DEVICE  BATCH  STATE    TASK  FINISHED                  REASON\n" +
      "GW-1    1      done     11    2026-01-01T00:05:00.000Z\n" +
      "GW-2    2      faulted  12    2026-01-01T00:06:00.000Z  9010 download failed\n" +
      "GW-3    2      pending  -     -\n",
  );
  assert.equal(devices.stderr, "devices 1-3 of 3\n");
  const faulted = await cwmp(fake, ["campaigns", "devices", "7", "--state", "faulted", "--json"]);
  assert.deepEqual(JSON.parse(faulted.stdout).items.map((d: { deviceId: string }) => d.deviceId), [
    "GW-2",
  ]);
  assert.equal(fake.received.at(-1)?.query.get("state"), "faulted");
});

Deno.test("cwmp campaigns start|pause|resume|cancel|delete; 409 exits 1 with the reason", async () => {
  const fake = createFakeProvisioning();
  fake.campaigns.set(7, sampleCampaign({ state: "draft" }));
  for (
    const [action, state] of [["start", "running"], ["pause", "paused"], ["resume", "running"]]
  ) {
    const run = await cwmp(fake, ["campaigns", action ?? "", "7"]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `campaign 7 is ${state}\n`);
    assert.equal(fake.received.at(-1)?.path, `/api/campaigns/7/${action}`);
    assert.equal(fake.received.at(-1)?.method, "POST");
  }
  const conflict = await cwmp(fake, ["campaigns", "start", "7"]);
  assert.equal(conflict.code, 1);
  assert.equal(
    conflict.stderr,
    "cwmp campaigns start: the ACS answered 409: Cannot start campaign 7: it is running\n",
  );
  const cancel = await cwmp(fake, ["campaigns", "cancel", "7", "--json"]);
  assert.equal(JSON.parse(cancel.stdout).campaign.state, "cancelled");
  const deleted = await cwmp(fake, ["campaigns", "delete", "7"]);
  assert.equal(deleted.stdout, "deleted campaign 7\n");
  assert.equal(fake.received.at(-1)?.method, "DELETE");
  assert.equal(fake.campaigns.size, 0);
});

function script(fake: FakeProvisioning, steps: Partial<NbiCampaign>[]): void {
  fake.campaigns.set(7, sampleCampaign());
  fake.script.set(7, steps.map((s) => sampleCampaign(s)));
}

Deno.test("cwmp campaigns watch without a terminal: a line per change, exit 0 when none faulted", async () => {
  const fake = createFakeProvisioning();
  const running = { counts: counts({ pending: 2, in_progress: 2 }) };
  script(fake, [
    running,
    running,
    { counts: counts({ pending: 0, in_progress: 2, done: 2 }), currentBatch: 1 },
    {
      state: "finished",
      reason: "every device settled",
      counts: counts({ done: 3, skipped: 1 }),
      currentBatch: 1,
    },
  ]);
  const run = await cwmp(fake, ["campaigns", "watch", "7", "--interval", "2"]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, "");
  assert.equal(
    run.stdout,
    "2026-01-01T00:00:00.000Z campaign 7 running: 0/4 settled (pending 2, in progress 2, done " +
      "0, faulted 0, skipped 0), batch 1/2\n" +
      "2026-01-01T00:00:04.000Z campaign 7 running: 2/4 settled (pending 0, in progress 2, done " +
      "2, faulted 0, skipped 0), batch 2/2\n" +
      "2026-01-01T00:00:06.000Z campaign 7 finished: 4/4 settled (pending 0, in progress 0, done " +
      "3, faulted 0, skipped 1), batch 2/2; every device settled\n",
  );
  assert.equal(fake.received.filter((r) => r.method === "GET").length, 4);
});

Deno.test("cwmp campaigns watch exits 1 when devices faulted, or at a pause unless --follow-paused", async () => {
  const fake = createFakeProvisioning();
  script(fake, [{ state: "cancelled", counts: counts({ done: 1, faulted: 2, skipped: 1 }) }]);
  const faulted = await cwmp(fake, ["campaigns", "watch", "7"]);
  assert.equal(faulted.code, 1);
  assert.equal(
    faulted.stderr,
    "cwmp campaigns watch: campaign 7 cancelled with 2 devices faulted\n",
  );

  const reason = "failure threshold reached: 1 faulted";
  script(fake, [{}, { state: "paused", reason, counts: counts({ faulted: 1, pending: 3 }) }]);
  const paused = await cwmp(fake, ["campaigns", "watch", "7"]);
  assert.equal(paused.code, 1);
  assert.equal(paused.stderr, `cwmp campaigns watch: campaign 7 is paused: ${reason}\n`);
  assert.match(paused.stdout, /campaign 7 paused: 1\/4 settled .*; failure threshold reached/);

  script(fake, [
    { state: "paused", reason, counts: counts({ faulted: 1, pending: 3 }) },
    { state: "running", counts: counts({ faulted: 1, pending: 3 }) },
    { state: "finished", counts: counts({ faulted: 1, done: 3 }) },
  ]);
  const followed = await cwmp(fake, ["campaigns", "watch", "7", "--follow-paused", "--json"]);
  assert.equal(followed.code, 1);
  const doc = JSON.parse(followed.stdout);
  assert.equal(doc.campaign.state, "finished");
  // With --json the change lines go to stderr, then the reason for the exit code.
  const lines = followed.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 4, followed.stderr);
  assert.match(lines[0] ?? "", / campaign 7 paused: /);
  assert.equal(lines[3], "cwmp campaigns watch: campaign 7 finished with 1 device faulted");
});

Deno.test("cwmp campaigns watch on a terminal redraws one line with a bar, then prints the outcome", async () => {
  const fake = createFakeProvisioning();
  fake.campaigns.set(7, sampleCampaign());
  fake.script.set(7, [
    sampleCampaign({ counts: counts({ pending: 2, in_progress: 1, done: 1 }) }),
    { status: 503 },
    sampleCampaign({ state: "finished", counts: counts({ done: 4 }), currentBatch: 1 }),
  ]);
  const run = await cwmp(fake, ["campaigns", "watch", "7"], { tty: true });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(
    run.stdout,
    "campaign 7 finished: 4/4 settled (pending 0, in progress 0, done 4, faulted 0, skipped 0), " +
      "batch 2/2\n",
  );
  const erase = "\r\x1b[K";
  assert.equal(
    run.stderr,
    `${erase}campaign 7 running [#####...............]  25% pending 2 | in progress 1 | done 1 | ` +
      "faulted 0 | skipped 0 | batch 1/2 (0 s)" +
      `${erase}cwmp campaigns watch: the ACS answered 503: database is locked; retrying\n` +
      `${erase}campaign 7 finished [####################] 100% pending 0 | in progress 0 | done ` +
      `4 | faulted 0 | skipped 0 | batch 2/2 (2 s)${erase}`,
  );
});

Deno.test("cwmp campaigns watch --timeout gives up with exit 1; bad options exit 2", async () => {
  const fake = createFakeProvisioning();
  fake.campaigns.set(7, sampleCampaign({ state: "draft", currentBatch: null, batches: 0 }));
  const run = await cwmp(fake, ["campaigns", "watch", "7", "--timeout", "1m", "--interval", "10"]);
  assert.equal(run.code, 1);
  assert.equal(run.stderr, "cwmp campaigns watch: timed out after 60 s; campaign 7 is draft\n");
  assert.equal(run.stdout.split("\n").length, 2, run.stdout);
  assert.equal(fake.received.length, 7);
  for (const flags of [["--interval", "0"], ["--timeout", "soon"], ["--interval", "x"]]) {
    const bad = await cwmp(fake, ["campaigns", "watch", "7", ...flags]);
    assert.equal(bad.code, 2, flags.join(" "));
  }
  const gone = await cwmp(fake, ["campaigns", "watch", "99"]);
  assert.equal(gone.code, 1);
  assert.equal(gone.stderr, "cwmp campaigns watch: not found: Cannot find campaign 99\n");
});

Deno.test("cwmp campaigns commands against the real NBI app", async () => {
  const t = await createTestNbi();
  try {
    const time = new Date(Date.UTC(2026, 0, 1));
    await t.acs.db.insert(devices).values(["GW-1", "GW-2", "GW-3"].map((id) => ({
      id: `00D09E-${id}`,
      manufacturer: "Acme",
      oui: "00D09E",
      productClass: "GW",
      serialNumber: id,
      cwmpVersion: "1.0",
      firstInform: time,
      lastInform: time,
    })));
    const fetch = (request: Request): Promise<Response> => Promise.resolve(t.nbi.request(request));
    const cli = (args: string[]) =>
      runInMemory([...args, "--server", "http://nbi.test", "--token", t.token], {
        deps: { fetch, sleep: () => Promise.resolve() },
      });
    const created = await cli([
      "campaigns",
      "create",
      "--name",
      "reboot gw",
      "--reboot",
      "--oui",
      "00D09E",
      "--product-class",
      "GW",
      "--batch-size",
      "1",
      "--failure-threshold",
      "1",
    ]);
    assert.equal(created.code, 0, created.stderr);
    const [, id = ""] = /^created campaign (\d+) \(draft\): reboot, devices oui=00D09E class=GW\n$/
      .exec(created.stdout) ?? [];
    assert.notEqual(id, "", created.stdout);
    assert.match(
      (await cli(["campaigns", "show", id])).stdout,
      /^devices: +chosen when it starts$/m,
    );

    assert.equal((await cli(["campaigns", "start", id])).stdout, `campaign ${id} is running\n`);
    const list = await cli(["campaigns", "list", "--state", "running"]);
    assert.match(list.stdout, new RegExp(`^${id} +reboot gw +reboot +running +0/3 +0 `, "m"));
    const show = await cli(["campaigns", "show", id]);
    assert.match(show.stdout, /^progress: +batch 1\/3$/m);
    assert.match(show.stdout, /^devices: +3 \(pending 3,/m);
    const listed = await cli(["campaigns", "devices", id, "--state", "pending"]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^00D09E-GW-3 +3 +pending +- +-$/m);
    assert.equal(listed.stderr, "devices 1-3 of 3\n");

    assert.match((await cli(["campaigns", "pause", id])).stdout, /is paused/);
    const conflict = await cli(["campaigns", "start", id]);
    assert.equal(conflict.code, 1);
    assert.match(conflict.stderr, /^cwmp campaigns start: the ACS answered 409: /);
    const paused = await cli(["campaigns", "watch", id]);
    assert.equal(paused.code, 1);
    assert.match(paused.stderr, new RegExp(`^cwmp campaigns watch: campaign ${id} is paused`));

    assert.match((await cli(["campaigns", "resume", id])).stdout, /is running/);
    assert.match((await cli(["campaigns", "cancel", id])).stdout, /is cancelled/);
    const watched = await cli(["campaigns", "watch", id]);
    assert.equal(watched.code, 0, watched.stderr);
    assert.match(
      watched.stdout,
      new RegExp(`campaign ${id} cancelled: 3/3 settled .*skipped 3\\)`),
    );
    const json = JSON.parse((await cli(["campaigns", "show", id, "--json"])).stdout);
    assert.equal(json.campaign.counts.skipped, 3);

    assert.equal((await cli(["campaigns", "delete", id])).stdout, `deleted campaign ${id}\n`);
    assert.equal((await cli(["campaigns", "show", id])).code, 1);
  } finally {
    t.close();
  }
});
