import assert from "node:assert/strict";
import { createAgentBackend } from "./mod.ts";
import { runShell } from "./shell.ts";

Deno.test("createAgentBackend() reads and writes through shell commands", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-backend-" });
  try {
    await Deno.writeTextFile(`${dir}/led`, "on\n");
    const backend = createAgentBackend({
      "Device.X.Led": {
        kind: "command",
        read: `cat ${dir}/led`,
        write: `printf %s "$CWMP_VALUE" > ${dir}/led`,
      },
      "Device.X.Path": { kind: "command", read: "echo $CWMP_PARAMETER" },
      "Device.X.Broken": { kind: "command", read: "echo oops >&2; exit 3", write: "exit 4" },
    }, { run: runShell, now: Date.now, random: Math.random });
    assert.deepEqual(backend.paths, ["Device.X.Led", "Device.X.Path", "Device.X.Broken"]);
    assert.equal(await backend.read("Device.X.Led"), "on");
    assert.deepEqual(await backend.write("Device.X.Led", "off"), { rebootRequired: false });
    assert.equal(await Deno.readTextFile(`${dir}/led`), "off");
    assert.equal(await backend.read("Device.X.Path"), "Device.X.Path");
    await backend.write("Device.X.Path", "ignored: no write command");
    await assert.rejects(
      () => backend.read("Device.X.Broken"),
      /^Error: read command of Device.X.Broken exited with 3: oops$/,
    );
    await assert.rejects(
      () => backend.write("Device.X.Broken", "1"),
      /write command of Device.X.Broken exited with 4/,
    );
    assert.equal(await backend.read("Device.Other"), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("createAgentBackend() reports a write that needs a reboot: exit code 10 or rebootRequired", async () => {
  const backend = createAgentBackend({
    "Device.X.Exit10": { kind: "command", write: 'test "$CWMP_VALUE" = later && exit 10; true' },
    "Device.X.Flagged": { kind: "command", write: "true", rebootRequired: true },
    "Device.X.Static": { kind: "static", value: "a" },
  }, { run: runShell, now: Date.now, random: Math.random });
  assert.deepEqual(await backend.write("Device.X.Exit10", "later"), { rebootRequired: true });
  assert.deepEqual(await backend.write("Device.X.Exit10", "now"), { rebootRequired: false });
  assert.deepEqual(await backend.write("Device.X.Flagged", "1"), { rebootRequired: true });
  assert.deepEqual(await backend.write("Device.X.Static", "b"), { rebootRequired: false });
  assert.deepEqual(await backend.write("Device.Other", "x"), { rebootRequired: false });
});

Deno.test("runShell() kills a command past its time limit", async () => {
  const result = await runShell("sleep 5", { timeoutMs: 100 });
  assert.equal(result.code, -1);
});

Deno.test("createAgentBackend() walks randomly within bounds and keeps a static value the ACS set", async () => {
  const randoms = [0.99, 0.99, 0.99, 0, 0, 0, 0, 0];
  const backend = createAgentBackend({
    "Device.T": { kind: "randomWalk", start: 8, min: 0, max: 10, step: 2, integer: true },
    "Device.S": { kind: "static", value: "a" },
  }, {
    run: () => Promise.reject(new Error("no shell")),
    now: () => 0,
    random: () => randoms.shift() ?? 0.5,
  });
  const seen: string[] = [];
  for (let i = 0; i < 8; i++) seen.push(await backend.read("Device.T") ?? "");
  assert.deepEqual(seen, ["10", "10", "10", "8", "6", "4", "2", "0"]);
  await backend.write("Device.S", "b");
  assert.equal(await backend.read("Device.S"), "b");
});
