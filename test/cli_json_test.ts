import assert from "node:assert/strict";
import { createFakeNbi, SERVER, TOKEN } from "./fixtures/cli/fake_nbi.ts";
import { runInMemory } from "./fixtures/cli/run.ts";

const DEVICE = "00D09E-IGD-0123";

Deno.test("every API command's --json is one { version: 1, ... } document on stdout", async () => {
  const fake = createFakeNbi();
  fake.faults.set(1, {
    id: 1,
    deviceId: DEVICE,
    taskId: 1,
    code: 9002,
    string: "Internal error",
    createdAt: "2026-01-01T00:00:00.000Z",
  });
  const files = { "fw.bin": new Uint8Array([1, 2]) };
  // Each command line with the keys of its document besides `version`, in order.
  const cases: [string[], string[]][] = [
    [["get", DEVICE, "A.B"], ["task"]],
    [["set", DEVICE, "A.B=1:int"], ["task"]],
    [["names", DEVICE, "A."], ["task"]],
    [["attrs", DEVICE, "A.B"], ["task"]],
    [["set-attrs", DEVICE, "A.B=passive"], ["task"]],
    [["add", DEVICE, "A."], ["task"]],
    [["delete", DEVICE, "A.1."], ["task"]],
    [["reboot", DEVICE], ["task"]],
    [["factory-reset", DEVICE], ["task"]],
    [["rpc-methods", DEVICE], ["task"]],
    [["schedule-inform", DEVICE, "--delay", "5"], ["task"]],
    [["download", DEVICE, "--url", "http://f/x", "--type", "config"], ["task"]],
    [["upload", DEVICE, "--type", "config"], ["task"]],
    [["reboot", DEVICE, "--no-wait"], ["task"]],
    [["devices", "list"], ["total", "items"]],
    [["devices", "show", DEVICE], ["device"]],
    [["devices", "tag", DEVICE, "x"], ["device", "tag", "tagged"]],
    [["devices", "untag", DEVICE, "x"], ["device", "tag", "tagged"]],
    [["tasks", "list"], ["total", "items"]],
    [["tasks", "show", "1"], ["task"]],
    [["tasks", "retry", "1"], ["task"]],
    [["tasks", "cancel", "1"], ["task"]],
    [["faults", "list"], ["total", "items"]],
    [["faults", "show", "1"], ["fault"]],
    [["faults", "clear", "1"], ["cleared"]],
    [["files", "upload", "fw.bin", "--type", "firmware"], ["file"]],
    [["files", "list"], ["total", "items"]],
    [["files", "download", "1", "-o", "out.bin"], ["saved"]],
    [["files", "delete", "1"], ["deleted"]],
    [["devices", "delete", DEVICE], ["deleted"]],
  ];
  for (const [args, keys] of cases) {
    const run = await runInMemory([...args, "--json", "--server", SERVER, "--token", TOKEN], {
      deps: fake.deps,
      files,
    });
    assert.equal(run.code, 0, `${args.join(" ")}: ${run.stderr}`);
    assert.equal(run.stderr, "", args.join(" "));
    const json = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(json), ["version", ...keys], args.join(" "));
    assert.equal(json.version, 1);
  }
});
