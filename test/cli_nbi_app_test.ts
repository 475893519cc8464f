/**
 * The CLI against the real northbound API app in memory (`createNbiApp` over the CWMP app's
 * database), its `request` as the CLI's fetch: the shapes the fake of the other CLI tests
 * assumes are the API's own.
 */

import assert from "node:assert/strict";
import { createTestNbi, type TestNbi } from "../acs/nbi/_testing.ts";
import type { CwmpMessage } from "../protocol/rpc/codecs.ts";
import { soapFault } from "../protocol/soap/fault.ts";
import { defaultAnswer, runSession } from "./fixtures/acs_cpe.ts";
import { runInMemory } from "./fixtures/cli/run.ts";

const DEVICE = "00D09E-GW-1";

function cli(t: TestNbi, files: Record<string, Uint8Array> = {}) {
  const fetch = (request: Request): Promise<Response> => Promise.resolve(t.nbi.request(request));
  return (args: string[]) =>
    runInMemory([...args, "--server", "http://nbi.test", "--token", t.token], {
      deps: { fetch, writeFile: (path, data) => Promise.resolve(void (files[path] = data)) },
      files,
    });
}

// One session of the device, answering each request with `answer` (default: a success).
function session(t: TestNbi, answer: (request: CwmpMessage) => CwmpMessage = defaultAnswer) {
  return runSession(t.acs.app, { answer });
}

Deno.test("CLI listings and device commands work against the real NBI app", async () => {
  const t = await createTestNbi();
  try {
    await session(t);
    const cwmp = cli(t);
    const list = await cwmp(["devices", "list"]);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^ID +PRODUCT CLASS +SOFTWARE +LAST INFORM +TAGS\n00D09E-GW-1 +GW /);
    assert.equal(list.stderr, "devices 1-1 of 1\n");
    const filtered = await cwmp(["devices", "list", "--oui", "00D09E", "--tag", "lab", "--json"]);
    assert.deepEqual(JSON.parse(filtered.stdout), { version: 1, total: 0, items: [] });

    assert.equal((await cwmp(["devices", "tag", DEVICE, "lab"])).code, 0);
    const tagged = JSON.parse((await cwmp(["devices", "list", "--tag", "lab", "--json"])).stdout);
    assert.deepEqual(tagged.items.map((d: { id: string }) => d.id), [DEVICE]);
    assert.equal((await cwmp(["devices", "untag", DEVICE, "lab"])).code, 0);

    const show = await cwmp(["devices", "show", DEVICE]);
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, new RegExp(`^id: +${DEVICE}$`, "m"));
    assert.match(show.stdout, /^PATH +VALUE +TYPE +WRITABLE$/m);
    const missing = await cwmp(["devices", "show", "NOPE"]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^cwmp devices show: not found: .*NOPE/);

    const badParam = await cwmp(["devices", "list", "--sort", "serial"]);
    assert.equal(badParam.code, 2);
    assert.match(badParam.stderr, /^cwmp devices list: the ACS rejected the request: /);

    const queued = await cwmp(["reboot", DEVICE, "--no-wait", "--no-connection-request"]);
    assert.equal(queued.code, 0, queued.stderr);
    const id = queued.stdout.trim();
    assert.match(id, /^\d+$/);
    const tasks = await cwmp(["tasks", "list", "--state", "pending"]);
    assert.match(tasks.stdout, new RegExp(`^${id} +${DEVICE} +Reboot +pending +0 `, "m"));
    const shown = await cwmp(["tasks", "show", id, "--json"]);
    assert.equal(JSON.parse(shown.stdout).task.request.method, "Reboot");
    const cancelled = await cwmp(["tasks", "cancel", id]);
    assert.equal(cancelled.stdout, `task ${id} (Reboot) is cancelled\n`);
    const again = await cwmp(["tasks", "cancel", id]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^cwmp tasks cancel: the ACS answered 409: /);
    const retried = await cwmp(["tasks", "retry", id]);
    assert.equal(retried.stdout, `task ${id} (Reboot) is pending\n`);
    assert.equal((await cwmp(["tasks", "cancel", id])).code, 0);

    const files: Record<string, Uint8Array> = { "gw-2.1.bin": new Uint8Array([7, 7, 7]) };
    const withFiles = cli(t, files);
    const stored = await withFiles([
      "files",
      "upload",
      "gw-2.1.bin",
      "--type",
      "firmware",
      "--software-version",
      "2.1",
    ]);
    assert.equal(stored.code, 0, stored.stderr);
    const fileId = /^stored file (\d+): gw-2\.1\.bin \(3 bytes\) at \S+$/.exec(stored.stdout.trim())
      ?.[1];
    assert.ok(fileId, stored.stdout);
    const fileList = await withFiles(["files", "list", "--type", "firmware"]);
    assert.match(fileList.stdout, /^\d+ +gw-2\.1\.bin +1 Firmware Upgrade Image +3 +2\.1 /m);
    const saved = await withFiles(["files", "download", fileId, "-o", "copy.bin"]);
    assert.equal(saved.code, 0, saved.stderr);
    assert.deepEqual(files["copy.bin"], new Uint8Array([7, 7, 7]));
    const noHost = await withFiles(["download", DEVICE, "--file", fileId, "--no-wait"]);
    assert.equal(noHost.code, 2);
    assert.match(noHost.stderr, /has no known ManagementServer\.URL: give --acs-url /);
    const download = await withFiles([
      "download",
      DEVICE,
      "--file",
      fileId,
      "--acs-url",
      "http://acs.test:7547/cwmp",
      "--no-wait",
    ]);
    assert.equal(download.code, 0, download.stderr);
    const downloadTask = JSON.parse(
      (await withFiles(["tasks", "show", download.stdout.trim(), "--json"])).stdout,
    ).task;
    assert.equal(downloadTask.request.url, "http://acs.test:7547/files/gw-2.1.bin");
    assert.equal(downloadTask.request.fileSize, 3);
    assert.equal((await withFiles(["files", "delete", fileId])).stdout, `deleted file ${fileId}\n`);

    const unauthorized = await runInMemory(["devices", "list", "--server", "http://nbi.test"], {
      deps: { fetch: (request) => Promise.resolve(t.nbi.request(request)) },
    });
    assert.equal(unauthorized.code, 1);
    assert.match(unauthorized.stderr, /^cwmp devices list: not authorized: .*\(give --token/);
  } finally {
    t.close();
  }
});

Deno.test("cwmp get and set wait for the device's session through the real NBI app", async () => {
  const t = await createTestNbi();
  try {
    await session(t);
    const cwmp = cli(t);
    const path = "InternetGatewayDevice.DeviceInfo.SoftwareVersion";
    const get = cwmp(["get", DEVICE, path, "--no-connection-request"]);
    // The device connects while the CLI waits in the API's long poll.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await session(t);
    const done = await get;
    assert.equal(done.code, 0, done.stderr);
    assert.equal(
      done.stdout,
      `PATH${" ".repeat(path.length - 2)}VALUE${
        " ".repeat(
          `value of ${path}`.length - 3,
        )
      }TYPE\n${path}  value of ${path}  string\n`,
    );

    const set = cwmp(["set", DEVICE, `${path}=2.0`, "--no-connection-request", "--json"]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const seen = await session(t);
    const result = await set;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).task.state, "done");
    const request = seen.requests[0];
    assert.equal(request?.method, "SetParameterValues");
    assert.deepEqual(request.parameterList, [{ name: path, value: "2.0", type: "string" }]);

    const faulted = cwmp(["get", DEVICE, "X.Y", "--no-connection-request", "--timeout", "20"]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await session(t, () => soapFault(9005, "Invalid parameter name"));
    const fault = await faulted;
    assert.equal(fault.code, 1);
    assert.match(
      fault.stderr,
      /^cwmp get: 00D09E-GW-1 answered GetParameterValues with fault 9005: Invalid parameter name/,
    );
    const faults = await cwmp(["faults", "list", "--device", DEVICE]);
    assert.equal(faults.code, 0, faults.stderr);
    const row = /^(\d+) +00D09E-GW-1 +(\d+) +9005 +Invalid parameter name /m.exec(faults.stdout);
    assert.ok(row, faults.stdout);
    const faultId = row[1] ?? "";
    const shown = await cwmp(["faults", "show", faultId]);
    assert.match(shown.stdout, /^fault: +9005 Invalid parameter name$/m);
    const cleared = await cwmp(["faults", "clear", faultId, "--retry"]);
    assert.equal(cleared.code, 0, cleared.stderr);
    assert.equal(cleared.stdout, `cleared fault ${faultId}; its task is queued again\n`);
    const task = JSON.parse((await cwmp(["tasks", "show", row[2] ?? "", "--json"])).stdout).task;
    assert.equal(task.state, "pending");
  } finally {
    t.close();
  }
});
