import assert from "node:assert/strict";
import {
  type Answer,
  createFakeNbi,
  type FakeNbi,
  SERVER,
  TOKEN,
} from "./fixtures/cli/fake_nbi.ts";
import { type CliRun, runInMemory } from "./fixtures/cli/run.ts";

const DEVICE = "00D09E-IGD-0123";
const ENV = { CWMP_SERVER: SERVER, CWMP_TOKEN: TOKEN };

function cwmp(fake: FakeNbi, args: string[], options: { stderrIsTerminal?: boolean } = {}) {
  return runInMemory(args, { env: ENV, deps: fake.deps, ...options });
}

function answer(fake: FakeNbi, method: string, a: Answer): void {
  fake.answers.set(method, a);
}

function lastTaskBody(fake: FakeNbi): {
  request: Record<string, unknown>;
  timeout: number;
  connectionRequest: boolean;
} {
  const post = fake.received.findLast((r) => r.method === "POST" && r.path.endsWith("/tasks"));
  assert.ok(post, "no task was queued");
  return post.body as never;
}

function assertOk(run: CliRun): void {
  assert.equal(run.code, 0, `exit ${run.code}: ${run.stderr}`);
}

const GPV_RESULT = {
  method: "GetParameterValuesResponse",
  parameterList: [
    { name: "InternetGatewayDevice.DeviceInfo.SoftwareVersion", value: "1.0.3", type: "string" },
    { name: "InternetGatewayDevice.DeviceInfo.UpTime", value: "42", type: "unsignedInt" },
  ],
};

Deno.test("cwmp get prints PATH VALUE TYPE and queues GetParameterValues with a connection request", async () => {
  const fake = createFakeNbi();
  answer(fake, "GetParameterValues", { result: GPV_RESULT });
  const run = await cwmp(fake, ["get", DEVICE, "InternetGatewayDevice.DeviceInfo."]);
  assertOk(run);
  assert.equal(
    run.stdout,
    "PATH                                              VALUE  TYPE\n" +
      "InternetGatewayDevice.DeviceInfo.SoftwareVersion  1.0.3  string\n" +
      "InternetGatewayDevice.DeviceInfo.UpTime           42     unsignedInt\n",
  );
  assert.equal(run.stderr, "");
  assert.deepEqual(lastTaskBody(fake), {
    request: {
      method: "GetParameterValues",
      parameterNames: ["InternetGatewayDevice.DeviceInfo."],
    },
    connectionRequest: true,
    timeout: 5,
  });
  assert.equal(fake.received[0]?.authorization, `Bearer ${TOKEN}`);
  assert.equal(fake.received[0]?.path, `/api/devices/${DEVICE}/tasks`);
});

Deno.test("cwmp get --json prints the task with the device's response", async () => {
  const fake = createFakeNbi();
  answer(fake, "GetParameterValues", { result: GPV_RESULT });
  const run = await cwmp(fake, ["get", DEVICE, "A.", "--json"]);
  assertOk(run);
  const json = JSON.parse(run.stdout);
  assert.equal(json.version, 1);
  assert.equal(json.task.state, "done");
  assert.equal(json.task.deviceId, DEVICE);
  assert.deepEqual(json.task.result, GPV_RESULT);
});

Deno.test("cwmp get exits 1 with the fault code and string when the device faults", async () => {
  const fake = createFakeNbi();
  answer(fake, "GetParameterValues", { fault: { code: 9005, string: "Invalid parameter name" } });
  const run = await cwmp(fake, ["get", DEVICE, "No.Such.Thing"]);
  assert.equal(run.code, 1);
  assert.equal(run.stdout, "");
  assert.equal(
    run.stderr,
    `cwmp get: ${DEVICE} answered GetParameterValues with fault 9005: Invalid parameter name\n`,
  );
  const json = await cwmp(fake, ["get", DEVICE, "No.Such.Thing", "--json"]);
  assert.equal(json.code, 1);
  assert.equal(JSON.parse(json.stdout).task.fault.code, 9005);
});

Deno.test("cwmp get reports a fault the ACS will retry at once, not at the deadline", async () => {
  const fake = createFakeNbi();
  answer(fake, "GetParameterValues", {
    fault: { code: 9002, string: "Internal error" },
    retried: true,
  });
  const started = fake.clock.now;
  const run = await cwmp(fake, ["get", DEVICE, "A.B", "--timeout", "60"]);
  assert.equal(run.code, 1);
  assert.equal(
    run.stderr,
    `cwmp get: ${DEVICE} answered GetParameterValues with fault 9002: Internal error; the ACS ` +
      "will retry task 1 (cwmp tasks cancel 1 drops it)\n",
  );
  assert.equal(lastTaskBody(fake).timeout, 5);
  // The API's long poll holds a pending task for its 5 s; the CLI waits no longer than that.
  assert.ok(fake.clock.now - started <= 5000, `waited ${fake.clock.now - started} ms`);
});

Deno.test("cwmp get times out after --timeout, says the task stays queued, and exits 1", async () => {
  const fake = createFakeNbi();
  answer(fake, "GetParameterValues", { pending: true });
  const started = fake.clock.now;
  const run = await cwmp(fake, ["get", DEVICE, "A.B", "--timeout", "5"]);
  assert.equal(run.code, 1);
  assert.equal(run.stdout, "");
  assert.equal(
    run.stderr,
    `cwmp get: timed out after 5 s waiting for ${DEVICE}; task 1 (GetParameterValues) stays ` +
      "queued (see cwmp tasks show 1)\n",
  );
  assert.equal(lastTaskBody(fake).timeout, 5);
  assert.ok(fake.clock.now - started >= 5000 && fake.clock.now - started < 6000);
  assert.equal(fake.tasks.get(1)?.state, "pending");
});

Deno.test("cwmp get polls the task after the long poll until the device answers", async () => {
  const fake = createFakeNbi();
  answer(fake, "GetParameterValues", { after: 3, result: GPV_RESULT });
  // The fake's long poll returns at once as `running`; the CLI then polls within its deadline.
  const run = await cwmp(fake, ["get", DEVICE, "A.", "--timeout", "10"]);
  assertOk(run);
  assert.match(run.stdout, /UpTime +42 +unsignedInt/);
  assert.equal(fake.polls.get(1), 3);
});

Deno.test("cwmp get --no-wait prints the task id and asks for no wait", async () => {
  const fake = createFakeNbi();
  answer(fake, "GetParameterValues", { pending: true });
  const run = await cwmp(fake, ["get", DEVICE, "A.", "--no-wait"]);
  assertOk(run);
  assert.equal(run.stdout, "1\n");
  assert.equal(lastTaskBody(fake).timeout, 0);
  const json = await cwmp(fake, ["get", DEVICE, "A.", "--no-wait", "--json"]);
  assert.equal(JSON.parse(json.stdout).task.id, 2);
});

Deno.test("cwmp get --no-connection-request queues for the next Inform", async () => {
  const fake = createFakeNbi();
  const run = await cwmp(fake, ["get", DEVICE, "A.", "--no-connection-request"]);
  assertOk(run);
  assert.equal(lastTaskBody(fake).connectionRequest, false);
});

Deno.test("cwmp get warns on stderr when the connection request failed", async () => {
  const fake = createFakeNbi();
  fake.connectionRequest = { ok: false, error: "connect ECONNREFUSED" };
  answer(fake, "GetParameterValues", { pending: true });
  const run = await cwmp(fake, ["get", DEVICE, "A.", "--timeout", "1"]);
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /^cwmp get: warning: the connection request to 00D09E-IGD-0123 failed \(connect ECONNREFUSED\); the task waits for the device's next Inform\n/,
  );
});

Deno.test("cwmp get shows a spinner on stderr only when stderr is a terminal", async () => {
  const fake = createFakeNbi();
  const quiet = await cwmp(fake, ["get", DEVICE, "A."]);
  assert.equal(quiet.stderr, "");
  const tty = await cwmp(fake, ["get", DEVICE, "A."], { stderrIsTerminal: true });
  assertOk(tty);
  assert.ok(tty.stderr.includes("\r\x1b[K| waiting for 00D09E-IGD-0123 (0 s)"), tty.stderr);
  assert.ok(tty.stderr.endsWith("\r\x1b[K"), "the progress line is erased");
});

Deno.test("cwmp get: usage errors exit 2 with one line", async () => {
  const fake = createFakeNbi();
  const cases: [string[], RegExp][] = [
    [["get", DEVICE], /^cwmp: error: missing required argument 'PATH'\n$/],
    [
      ["get", DEVICE, "A.", "--timeout", "soon"],
      /^cwmp get: invalid --timeout 'soon': expected a whole number from 1\n$/,
    ],
    [["get", DEVICE, "A.", "--server", "acs.test"], /^cwmp get: invalid server URL 'acs.test'/],
  ];
  for (const [args, stderr] of cases) {
    const run = await cwmp(fake, args);
    assert.equal(run.code, 2, args.join(" "));
    assert.match(run.stderr, stderr);
    assert.equal(run.stdout, "");
  }
  assert.equal(fake.received.length, 0);
});

Deno.test("API commands: no token, unknown device, a 500 and an unreachable ACS exit 1 with one line", async () => {
  const fake = createFakeNbi();
  const noToken = await runInMemory(["get", DEVICE, "A."], {
    env: { CWMP_SERVER: SERVER },
    deps: fake.deps,
  });
  assert.equal(noToken.code, 1);
  assert.equal(
    noToken.stderr,
    "cwmp get: not authorized: missing or unknown API token (give --token or set CWMP_TOKEN)\n",
  );
  const badToken = await cwmp(fake, ["get", DEVICE, "A.", "--token", "wrong"]);
  assert.equal(badToken.stderr, "cwmp get: not authorized: missing or unknown API token\n");
  const unknown = await cwmp(fake, ["get", "NOPE", "A."]);
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stderr, "cwmp get: not found: unknown device NOPE\n");
  fake.failNext = `/api/devices/${DEVICE}/tasks`;
  const broken = await cwmp(fake, ["reboot", DEVICE]);
  assert.equal(broken.code, 1);
  assert.equal(broken.stderr, "cwmp reboot: the ACS answered 500: database is locked\n");
  const away = await cwmp(fake, ["get", DEVICE, "A.", "--server", "http://127.0.0.1:9"]);
  assert.equal(away.code, 1);
  assert.equal(
    away.stderr,
    "cwmp get: cannot reach the ACS at http://127.0.0.1:9: Connection refused\n",
  );
});

Deno.test("cwmp set uses the stored type, an explicit :TYPE, and prints the status", async () => {
  const fake = createFakeNbi();
  answer(fake, "SetParameterValues", {
    result: { method: "SetParameterValuesResponse", status: 0 },
  });
  const run = await cwmp(fake, [
    "set",
    DEVICE,
    "InternetGatewayDevice.ManagementServer.PeriodicInformInterval=300",
    "InternetGatewayDevice.X.Enable=true:boolean",
    "InternetGatewayDevice.X.Port=8080:xsd:unsignedInt",
    "InternetGatewayDevice.X.URL=http://h:80/a",
  ]);
  assertOk(run);
  assert.equal(run.stdout, "applied (status 0)\n");
  assert.deepEqual(lastTaskBody(fake).request, {
    method: "SetParameterValues",
    parameterList: [
      {
        name: "InternetGatewayDevice.ManagementServer.PeriodicInformInterval",
        value: "300",
        type: "unsignedInt",
      },
      { name: "InternetGatewayDevice.X.Enable", value: "true", type: "boolean" },
      { name: "InternetGatewayDevice.X.Port", value: "8080", type: "unsignedInt" },
      { name: "InternetGatewayDevice.X.URL", value: "http://h:80/a", type: "string" },
    ],
    parameterKey: "",
  });
  answer(fake, "SetParameterValues", {
    result: { method: "SetParameterValuesResponse", status: 1 },
  });
  const later = await cwmp(fake, ["set", DEVICE, "A.B=x:string", "--parameter-key", "k1"]);
  assert.equal(later.stdout, "applied; the device commits the change after a reboot (status 1)\n");
  assert.equal(lastTaskBody(fake).request["parameterKey"], "k1");
});

Deno.test("cwmp set: a bad assignment or a value not of its type exits 2 before queueing", async () => {
  const fake = createFakeNbi();
  const cases: [string, string][] = [
    ["A.B", "cwmp set: invalid assignment 'A.B': expected PATH=VALUE[:TYPE]\n"],
    ["A.B.=1", "cwmp set: invalid assignment 'A.B.=1': A.B. is an object, not a parameter\n"],
    ["A.B=-1:unsignedInt", "cwmp set: invalid value '-1' for A.B: not a valid unsignedInt\n"],
    [
      "InternetGatewayDevice.ManagementServer.PeriodicInformInterval=often",
      "cwmp set: invalid value 'often' for " +
      "InternetGatewayDevice.ManagementServer.PeriodicInformInterval: not a valid unsignedInt\n",
    ],
  ];
  for (const [assignment, stderr] of cases) {
    const run = await cwmp(fake, ["set", DEVICE, assignment]);
    assert.equal(run.code, 2, assignment);
    assert.equal(run.stderr, stderr);
  }
  assert.equal(fake.tasks.size, 0);
});

Deno.test("cwmp set exits 1 with the parameter faults of a SetParameterValues fault", async () => {
  const fake = createFakeNbi();
  answer(fake, "SetParameterValues", {
    fault: {
      code: 9003,
      string: "Invalid arguments",
      parameterFaults: [{ parameterName: "A.B", faultCode: 9008, faultString: "not writable" }],
    },
  });
  const run = await cwmp(fake, ["set", DEVICE, "A.B=1:int"]);
  assert.equal(run.code, 1);
  assert.equal(
    run.stderr,
    `cwmp set: ${DEVICE} answered SetParameterValues with fault 9003: Invalid arguments ` +
      "(A.B: 9008 not writable)\n",
  );
});

Deno.test("cwmp names prints PATH WRITABLE and passes --next-level", async () => {
  const fake = createFakeNbi();
  answer(fake, "GetParameterNames", {
    result: {
      method: "GetParameterNamesResponse",
      parameterList: [
        { name: "InternetGatewayDevice.DeviceInfo.", writable: false },
        { name: "InternetGatewayDevice.ManagementServer.", writable: true },
      ],
    },
  });
  const run = await cwmp(fake, ["names", DEVICE, "InternetGatewayDevice.", "--next-level"]);
  assertOk(run);
  assert.equal(
    run.stdout,
    "PATH                                     WRITABLE\n" +
      "InternetGatewayDevice.DeviceInfo.        no\n" +
      "InternetGatewayDevice.ManagementServer.  yes\n",
  );
  assert.deepEqual(lastTaskBody(fake).request, {
    method: "GetParameterNames",
    parameterPath: "InternetGatewayDevice.",
    nextLevel: true,
  });
});

Deno.test("cwmp attrs prints PATH NOTIFICATION ACCESS", async () => {
  const fake = createFakeNbi();
  answer(fake, "GetParameterAttributes", {
    result: {
      method: "GetParameterAttributesResponse",
      parameterList: [
        { name: "A.B", notification: 2, accessList: [] },
        { name: "A.C", notification: 0, accessList: ["Subscriber"] },
      ],
    },
  });
  const run = await cwmp(fake, ["attrs", DEVICE, "A.B", "A.C"]);
  assertOk(run);
  assert.equal(
    run.stdout,
    "PATH  NOTIFICATION  ACCESS\nA.B   2 active      -\nA.C   0 off         Subscriber\n",
  );
  assert.deepEqual(lastTaskBody(fake).request, {
    method: "GetParameterAttributes",
    parameterNames: ["A.B", "A.C"],
  });
});

Deno.test("cwmp set-attrs sends notification and access changes", async () => {
  const fake = createFakeNbi();
  const run = await cwmp(fake, ["set-attrs", DEVICE, "A.B=active", "A.C=keep", "--access", "none"]);
  assertOk(run);
  assert.equal(run.stdout, "attributes of 2 path(s) changed\n");
  assert.deepEqual(lastTaskBody(fake).request, {
    method: "SetParameterAttributes",
    parameterList: [
      {
        name: "A.B",
        notificationChange: true,
        notification: 2,
        accessListChange: true,
        accessList: [],
      },
      {
        name: "A.C",
        notificationChange: false,
        notification: 0,
        accessListChange: true,
        accessList: [],
      },
    ],
  });
  const bad = await cwmp(fake, ["set-attrs", DEVICE, "A.B=loud"]);
  assert.equal(bad.code, 2);
  assert.equal(
    bad.stderr,
    "cwmp set-attrs: invalid notification 'loud' for A.B: expected off, passive, active, 0-6 or keep\n",
  );
  const noop = await cwmp(fake, ["set-attrs", DEVICE, "A.B=keep"]);
  assert.equal(noop.code, 2);
  assert.equal(noop.stderr, "cwmp set-attrs: A.B=keep changes nothing: give --access too\n");
});

Deno.test("cwmp add prints the new instance; cwmp delete checks OBJ.N.", async () => {
  const fake = createFakeNbi();
  answer(fake, "AddObject", {
    result: { method: "AddObjectResponse", instanceNumber: 3, status: 0 },
  });
  const add = await cwmp(fake, ["add", DEVICE, "IGD.LANDevice.1.WLANConfiguration."]);
  assertOk(add);
  assert.equal(add.stdout, "IGD.LANDevice.1.WLANConfiguration.3.\n");
  assert.deepEqual(lastTaskBody(fake).request, {
    method: "AddObject",
    objectName: "IGD.LANDevice.1.WLANConfiguration.",
    parameterKey: "",
  });
  const noDot = await cwmp(fake, ["add", DEVICE, "IGD.X"]);
  assert.equal(noDot.code, 2);
  assert.equal(noDot.stderr, "cwmp add: invalid object 'IGD.X': an object name ends in a dot\n");

  answer(fake, "DeleteObject", { result: { method: "DeleteObjectResponse", status: 1 } });
  const del = await cwmp(fake, ["delete", DEVICE, "IGD.X.3.", "--json"]);
  assertOk(del);
  assert.equal(JSON.parse(del.stdout).task.result.status, 1);
  const plain = await cwmp(fake, ["delete", DEVICE, "IGD.X.3."]);
  assert.equal(plain.stdout, "deleted IGD.X.3. (committed after a reboot, status 1)\n");
  const notInstance = await cwmp(fake, ["delete", DEVICE, "IGD.X."]);
  assert.equal(notInstance.code, 2);
  assert.match(notInstance.stderr, /^cwmp delete: invalid instance 'IGD\.X\.': expected OBJ\.N\./);
});

Deno.test("cwmp reboot, factory-reset, rpc-methods and schedule-inform send their requests", async () => {
  const fake = createFakeNbi();
  const reboot = await cwmp(fake, ["reboot", DEVICE, "--command-key", "rb1"]);
  assertOk(reboot);
  assert.equal(reboot.stdout, `${DEVICE} is rebooting\n`);
  assert.deepEqual(lastTaskBody(fake).request, { method: "Reboot", commandKey: "rb1" });

  const reset = await cwmp(fake, ["factory-reset", DEVICE]);
  assertOk(reset);
  assert.equal(reset.stdout, `${DEVICE} is resetting to factory defaults\n`);
  assert.deepEqual(lastTaskBody(fake).request, { method: "FactoryReset" });

  answer(fake, "GetRPCMethods", {
    result: { method: "GetRPCMethodsResponse", methodList: ["GetRPCMethods", "Reboot"] },
  });
  const methods = await cwmp(fake, ["rpc-methods", DEVICE]);
  assert.equal(methods.stdout, "GetRPCMethods\nReboot\n");

  const inform = await cwmp(fake, ["schedule-inform", DEVICE, "--delay", "60"]);
  assertOk(inform);
  assert.equal(inform.stdout, `${DEVICE} will Inform in 60 s\n`);
  assert.deepEqual(lastTaskBody(fake).request, {
    method: "ScheduleInform",
    delaySeconds: 60,
    commandKey: "",
  });
  const noDelay = await cwmp(fake, ["schedule-inform", DEVICE]);
  assert.equal(noDelay.code, 2);
  assert.equal(noDelay.stderr, "cwmp: error: required option '--delay <SECONDS>' not specified\n");
  const zero = await cwmp(fake, ["schedule-inform", DEVICE, "--delay", "0"]);
  assert.equal(zero.code, 2);
});

Deno.test("cwmp download sends a Download from --url, or from an ACS file with --file", async () => {
  const fake = createFakeNbi();
  answer(fake, "Download", {
    result: {
      method: "DownloadResponse",
      status: 1,
      startTime: "0001-01-01T00:00:00Z",
      completeTime: "0001-01-01T00:00:00Z",
    },
  });
  const run = await cwmp(fake, [
    "download",
    DEVICE,
    "--url",
    "http://fw.test/a.bin",
    "--type",
    "firmware",
    "--size",
    "1024",
  ]);
  assertOk(run);
  assert.equal(
    run.stdout,
    "download accepted; the device reports its end with TransferComplete (status 1)\n",
  );
  assert.deepEqual(lastTaskBody(fake).request, {
    method: "Download",
    commandKey: "",
    fileType: "1 Firmware Upgrade Image",
    url: "http://fw.test/a.bin",
    username: "",
    password: "",
    fileSize: 1024,
    targetFileName: "",
    delaySeconds: 0,
    successUrl: "",
    failureUrl: "",
  });

  fake.files.set(1, {
    id: 1,
    name: "gw-2.1.bin",
    type: "1 Firmware Upgrade Image",
    size: 7,
    createdAt: "2026-01-01T00:00:00.000Z",
    url: "/files/gw-2.1.bin",
    content: new Uint8Array(7),
  });
  const fromAcs = await cwmp(fake, ["download", DEVICE, "--file", "1"]);
  assertOk(fromAcs);
  const request = lastTaskBody(fake).request;
  // The path is resolved against the URL the device reaches the ACS at.
  assert.equal(request["url"], "http://acs.test:7547/files/gw-2.1.bin");
  assert.equal(request["fileSize"], 7);
  assert.equal(request["fileType"], "1 Firmware Upgrade Image");

  const neither = await cwmp(fake, ["download", DEVICE, "--type", "firmware"]);
  assert.equal(neither.code, 2);
  assert.equal(neither.stderr, "cwmp download: give one of --url and --file\n");
  const badType = await cwmp(fake, ["download", DEVICE, "--url", "http://x/", "--type", "image"]);
  assert.equal(badType.code, 2);
  assert.match(
    badType.stderr,
    /^cwmp download: invalid --type 'image': expected firmware, web, config/,
  );
});

Deno.test("cwmp upload sends an Upload with an empty URL for the ACS to fill", async () => {
  const fake = createFakeNbi();
  answer(fake, "Upload", {
    result: {
      method: "UploadResponse",
      status: 0,
      startTime: "2026-01-01T00:00:01Z",
      completeTime: "2026-01-01T00:00:02Z",
    },
  });
  const run = await cwmp(fake, ["upload", DEVICE, "--type", "log"]);
  assertOk(run);
  assert.equal(
    run.stdout,
    "upload completed (started 2026-01-01T00:00:01Z, completed 2026-01-01T00:00:02Z)\n",
  );
  assert.deepEqual(lastTaskBody(fake).request, {
    method: "Upload",
    commandKey: "",
    fileType: "2 Vendor Log File",
    url: "",
    username: "",
    password: "",
    delaySeconds: 0,
  });
  const noType = await cwmp(fake, ["upload", DEVICE]);
  assert.equal(noType.code, 2);
});

Deno.test("a task that expired or was cancelled exits 1 and says so", async () => {
  const fake = createFakeNbi();
  answer(fake, "Reboot", { end: "expired" });
  const expired = await cwmp(fake, ["reboot", DEVICE]);
  assert.equal(expired.code, 1);
  assert.equal(
    expired.stderr,
    `cwmp reboot: task 1 (Reboot) expired before ${DEVICE} answered it\n`,
  );
  answer(fake, "Reboot", { end: "cancelled" });
  const cancelled = await cwmp(fake, ["reboot", DEVICE]);
  assert.equal(cancelled.code, 1);
  assert.equal(cancelled.stderr, "cwmp reboot: task 2 (Reboot) was cancelled\n");
});

Deno.test("main.ts: an ACS that refuses connections is one stderr line and exit 1", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close();
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", "get", DEVICE, "A.", "--server", `http://127.0.0.1:${port}`],
    cwd: new URL("../", import.meta.url),
    env: { NO_COLOR: "1", CWMP_TOKEN: TOKEN },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(output.code, 1);
  assert.equal(new TextDecoder().decode(output.stdout), "");
  assert.equal(
    new TextDecoder().decode(output.stderr),
    `cwmp get: cannot reach the ACS at http://127.0.0.1:${port}: Connection refused\n`,
  );
});
