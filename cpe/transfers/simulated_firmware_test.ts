import assert from "node:assert/strict";
import { createScriptedAcs, type ScriptedAcs } from "../../test/fixtures/scripted_acs.ts";
import type { CwmpMessage } from "../../protocol/rpc/codecs.ts";
import { startTestAgent } from "../agent_testing.ts";
import { runShell } from "../backends/shell.ts";
import { fetchTransportFactory } from "../client/transport.ts";
import type { TransferRecord } from "../state.ts";
import { type DownloadDeps, performDownload } from "./download.ts";
import { simulatedFirmwareVersion } from "./simulated_firmware.ts";

const text = (s: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(s);
const IMAGE = text("CWMP-SIM-FIRMWARE 2.0.7\n" + "\u0000\u0001binary".repeat(200));
const PLAIN = text("firmware image v2\n".repeat(50));

Deno.test("simulatedFirmwareVersion() reads the header line and refuses anything else", () => {
  assert.equal(simulatedFirmwareVersion(text("CWMP-SIM-FIRMWARE 1.2.3\n")), "1.2.3");
  assert.equal(simulatedFirmwareVersion(text("CWMP-SIM-FIRMWARE v2-beta\r\nrest")), "v2-beta");
  assert.equal(
    simulatedFirmwareVersion(text(`CWMP-SIM-FIRMWARE ${"9".repeat(64)}\n`)),
    "9".repeat(64),
  );
  for (
    const bad of [
      "CWMP-SIM-FIRMWARE 1.2.3", // no newline
      "CWMP-SIM-FIRMWARE \n", // no version
      "CWMP-SIM-FIRMWARE 1.2 3\n", // a space in the version
      `CWMP-SIM-FIRMWARE ${"9".repeat(65)}\n`, // longer than SoftwareVersion's 64
      "cwmp-sim-firmware 1.2.3\n", // the magic is case-sensitive
      " CWMP-SIM-FIRMWARE 1.2.3\n", // not at the start
      "CWMP-SIM-FIRMWARE 1.2.\u00e93\n", // not ASCII
      "",
    ]
  ) {
    assert.equal(simulatedFirmwareVersion(text(bad)), undefined, JSON.stringify(bad));
  }
});

function record(acs: ScriptedAcs, overrides: Partial<TransferRecord> = {}): TransferRecord {
  return {
    id: 1,
    kind: "download",
    commandKey: "fw",
    fileType: "1 Firmware Upgrade Image",
    url: `${acs.url}/files/fw.bin`,
    username: "",
    password: "",
    fileSize: 0,
    targetFileName: "",
    notBefore: 0,
    state: 2,
    startTime: "",
    completeTime: "",
    faultCode: 0,
    faultString: "",
    ...overrides,
  };
}

async function withFiles(
  fn: (acs: ScriptedAcs, deps: DownloadDeps, dir: string) => Promise<void>,
): Promise<void> {
  const acs = createScriptedAcs();
  const dir = await Deno.makeTempDir({ prefix: "cwmp-simfw-" });
  acs.serveFile("/files/fw.bin", { body: IMAGE });
  acs.serveFile("/files/plain.bin", { body: PLAIN });
  const deps: DownloadDeps = {
    open: fetchTransportFactory(fetch),
    dir: `${dir}/downloads`,
    maxBytes: 1_000_000,
    applyHooks: {},
    simulatedFirmware: true,
    run: runShell,
    now: () => Date.UTC(2026, 0, 1),
    randomHex: (n) => "ab".repeat(n),
  };
  try {
    await fn(acs, deps, dir);
  } finally {
    await acs.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("performDownload() with simulated firmware installs a headed image and refuses a plain one with 9018", async () => {
  await withFiles(async (acs, deps) => {
    const ok = await performDownload(record(acs), deps, "1.2");
    assert.deepEqual(ok, {
      faultCode: 0,
      faultString: "",
      startTime: "2026-01-01T00:00:00Z",
      completeTime: "2026-01-01T00:00:00Z",
      firmwareVersion: "2.0.7",
    });
    const plain = record(acs, { url: `${acs.url}/files/plain.bin` });
    const corrupted = await performDownload(plain, deps, "1.2");
    assert.equal(corrupted.faultCode, 9018);
    assert.match(corrupted.faultString, /CWMP-SIM-FIRMWARE <version>/);
    assert.equal(corrupted.firmwareVersion, undefined);
    // cwmp-1-0 has no 9018: the generic download failure.
    assert.equal((await performDownload(plain, deps, "1.0")).faultCode, 9010);
  });
});

Deno.test("performDownload() leaves firmware alone when it is off, when a hook applies it, and for other file types", async () => {
  await withFiles(async (acs, deps, dir) => {
    const plain = record(acs, { url: `${acs.url}/files/plain.bin` });
    const off = await performDownload(plain, { ...deps, simulatedFirmware: false }, "1.2");
    assert.equal(off.faultCode, 0);
    const webContent = await performDownload({ ...plain, fileType: "2 Web Content" }, deps, "1.2");
    assert.equal(webContent.faultCode, 0);
    assert.equal(webContent.firmwareVersion, undefined);
    const hooks = { "1 Firmware Upgrade Image": `cp "$CWMP_FILE" ${dir}/applied` };
    const hooked = await performDownload(record(acs), { ...deps, applyHooks: hooks }, "1.2");
    assert.equal(hooked.faultCode, 0);
    assert.equal(hooked.firmwareVersion, undefined, "the hook, not the simulation, applied it");
    assert.deepEqual(await Deno.readFile(`${dir}/applied`), IMAGE);
  });
});

function download(acs: ScriptedAcs, file: string, commandKey: string): CwmpMessage {
  return {
    method: "Download",
    commandKey,
    fileType: "1 Firmware Upgrade Image",
    url: `${acs.url}/files/${file}`,
    username: "",
    password: "",
    fileSize: 0,
    targetFileName: "",
    delaySeconds: 0,
    successUrl: "",
    failureUrl: "",
  };
}

Deno.test("agent with downloads.simulatedFirmware: the new SoftwareVersion, a reboot, then 1 BOOT + 7 TRANSFER COMPLETE + M Download", async () => {
  const acs = createScriptedAcs();
  acs.serveFile("/files/fw.bin", { body: IMAGE });
  acs.serveFile("/files/plain.bin", { body: PLAIN });
  const agent = await startTestAgent({
    acsUrl: `${acs.url}/acs`,
    config: { downloads: { simulatedFirmware: true } },
  });
  const version = "InternetGatewayDevice.DeviceInfo.SoftwareVersion";
  try {
    await acs.waitFor(() => acs.informs().length === 1 && acs.posts.at(-1)?.status === 204);
    const before = acs.informs()[0]?.parameterList.find((p) => p.name === version)?.value;
    assert.notEqual(before, "2.0.7");
    acs.enqueue(download(acs, "fw.bin", "fw-2"));
    agent.agent.requestConnection();
    await acs.waitFor(() => acs.sent("TransferComplete").length === 1);
    const informs = acs.informs();
    const after = informs.at(-1);
    // SoftwareVersion has active notification by default (the model's default attributes),
    // so the change is reported too.
    assert.deepEqual(
      after?.events.map((e) => `${e.eventCode}:${e.commandKey}`),
      ["1 BOOT:", "4 VALUE CHANGE:", "7 TRANSFER COMPLETE:", "M Download:fw-2"],
    );
    assert.equal(after?.parameterList.find((p) => p.name === version)?.value, "2.0.7");
    const [complete] = acs.sent("TransferComplete");
    assert.ok(complete?.method === "TransferComplete");
    assert.equal(complete.commandKey, "fw-2");
    assert.equal(complete.faultStruct.faultCode, 0);
    assert.ok(agent.logs.some((l) => l.includes("installed software version 2.0.7")));
    await acs.waitFor(() => acs.posts.at(-1)?.status === 204);

    // A firmware file without the header: fault 9018 (cwmp-1-0 sessions get 9010), no reboot.
    acs.enqueue(download(acs, "plain.bin", "fw-bad"));
    agent.agent.requestConnection();
    await acs.waitFor(() => acs.sent("TransferComplete").length === 2);
    const failed = acs.sent("TransferComplete")[1];
    assert.ok(failed?.method === "TransferComplete");
    assert.equal(failed.faultStruct.faultCode, agent.config.cwmpVersion === "1.0" ? 9010 : 9018);
    const last = acs.informs().at(-1);
    assert.ok(!last?.events.some((e) => e.eventCode === "1 BOOT"), "no reboot after a refusal");
    assert.equal(last?.parameterList.find((p) => p.name === version)?.value, "2.0.7");
  } finally {
    await agent.stop();
    await acs.close();
  }
  // The installed version is in the saved model, as any value is.
  const state = JSON.parse(await Deno.readTextFile(`${agent.dir}/state.json`));
  await Deno.remove(agent.dir, { recursive: true });
  assert.equal(state.model.values[version], "2.0.7");
});
