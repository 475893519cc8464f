/**
 * The agent as a real process (`deno run -A main.ts cpe run --config ...`), killed with
 * SIGKILL in the windows where durable state matters, then restarted (design.md invariant 5):
 *
 * - between a Download's Status 1 and its TransferComplete: the TransferComplete and
 *   `M Download` reach the ACS exactly once;
 * - after the Download finished, with its TransferComplete sent but not acknowledged: it is
 *   sent again and acknowledged once, and the file is not fetched again;
 * - while the reboot hook runs (M Reboot pending, 1 BOOT not yet recorded), and again with the
 *   Inform after the restart unanswered: `1 BOOT` and `M Reboot` are acknowledged once and the
 *   hook never runs twice.
 *
 * SIGTERM ends the last process cleanly each time.
 */

import assert from "node:assert/strict";
import type { CwmpMessage } from "../protocol/rpc/codecs.ts";
import {
  createScriptedAcs,
  type RecordedPost,
  type ScriptedAcs,
  type ScriptStep,
} from "./fixtures/scripted_acs.ts";
import { validateWithXmllint } from "./xmllint.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

function spawnAgent(config: string): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "cpe", "run", "--config", config],
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
}

async function stderrOf(child: Deno.ChildProcess): Promise<string> {
  return new TextDecoder().decode(await new Response(child.stderr).bytes());
}

function methodsOf(acs: ScriptedAcs): string[] {
  return acs.posts.flatMap((p) => p.envelopes.map((e) => e.message?.method ?? ""));
}

Deno.test("agent delivers TransferComplete and M Download once after a kill -9 mid-transfer", async () => {
  const acs = createScriptedAcs();
  const dir = await Deno.makeTempDir({ prefix: "cwmp-crash-" });
  const children: Deno.ChildProcess[] = [];
  const hold = Promise.withResolvers<void>();
  try {
    const firmware = new TextEncoder().encode("firmware v9\n".repeat(64));
    acs.serveFile("/files/fw.bin", { body: firmware, hold: hold.promise });
    const config = `${dir}/cpe.json`;
    await Deno.writeTextFile(
      config,
      JSON.stringify({
        acs: { url: `${acs.url}/acs` },
        identity: {
          manufacturer: "Acme",
          oui: "00D09E",
          productClass: "GW",
          serialNumber: "CRASH1",
        },
        stateFile: "state.json",
        connectionRequest: { listen: "127.0.0.1:0" },
        periodicInform: { enabled: false },
        retry: { minWaitSeconds: 0.05 },
      }),
    );
    acs.enqueue({
      method: "Download",
      commandKey: "dl-crash",
      fileType: "1 Firmware Upgrade Image",
      url: `${acs.url}/files/fw.bin`,
      username: "",
      password: "",
      fileSize: firmware.length,
      targetFileName: "",
      delaySeconds: 0,
      successUrl: "",
      failureUrl: "",
    });

    const first = spawnAgent(config);
    children.push(first);
    await acs.waitFor(() => acs.fileRequests.length === 1, 30_000);
    assert.ok(methodsOf(acs).includes("DownloadResponse"), "Status 1 was sent before the transfer");
    first.kill("SIGKILL");
    const killed = await first.status;
    assert.equal(killed.signal, "SIGKILL");
    await stderrOf(first);
    const saved = JSON.parse(await Deno.readTextFile(`${dir}/state.json`));
    assert.deepEqual(saved.transfers.map((t: { state: number }) => t.state), [2]);
    hold.resolve();

    const second = spawnAgent(config);
    children.push(second);
    await acs.waitFor(() => acs.sent("TransferComplete").length === 1, 30_000);
    await acs.waitFor(() => acs.posts.at(-1)?.status === 204, 10_000);
    second.kill("SIGTERM");
    const stopped = await second.status;
    const log = await stderrOf(second);
    assert.equal(stopped.code, 0, log);
    // (4 VALUE CHANGE too: the new process listens on another port, ConnectionRequestURL changed.)
    assert.match(
      log,
      /cwmp cpe: session ok: events=1 BOOT,4 VALUE CHANGE,7 TRANSFER COMPLETE,M Download rpcs=0 in \d+ ms/,
    );

    const completes = acs.sent("TransferComplete");
    assert.equal(completes.length, 1);
    assert.ok(
      completes[0]?.method === "TransferComplete" && completes[0].faultStruct.faultCode === 0,
    );
    const withDownload = acs.informs().filter((i) =>
      i.events.some((e) => e.eventCode === "M Download")
    );
    assert.equal(withDownload.length, 1);
    assert.equal(
      withDownload[0]?.events.find((e) => e.eventCode === "M Download")?.commandKey,
      "dl-crash",
    );
    assert.deepEqual(await Deno.readFile(`${dir}/downloads/fw.bin`), firmware);
    const state = JSON.parse(await Deno.readTextFile(`${dir}/state.json`));
    assert.deepEqual(state.transfers, []);
    assert.deepEqual(state.pendingEvents, []);
    const results = await validateWithXmllint(acs.sentDocuments());
    assert.deepEqual(results.filter((r) => !r.valid), []);
  } finally {
    hold.resolve();
    for (const child of children) {
      try {
        child.kill("SIGKILL");
      } catch {
        // already gone
      }
    }
    await acs.close();
    await Deno.remove(dir, { recursive: true });
  }
});

function writeConfig(
  path: string,
  acs: ScriptedAcs,
  extra: Record<string, unknown> = {},
): Promise<void> {
  return Deno.writeTextFile(
    path,
    JSON.stringify({
      acs: { url: `${acs.url}/acs` },
      identity: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: "CRASH2" },
      stateFile: "state.json",
      connectionRequest: { listen: "127.0.0.1:0" },
      periodicInform: { enabled: false },
      retry: { minWaitSeconds: 0.05 },
      ...extra,
    }),
  );
}

/**
 * A step that lets every POST through until one matches, and holds that one's answer until
 * `release` settles (the agent is killed meanwhile); then it answers 503, so the record shows
 * the request was never acknowledged. It stays first in the script until it matched.
 */
function holdFirst(
  acs: ScriptedAcs,
  matches: (post: RecordedPost) => boolean,
  release: Promise<void>,
): ScriptStep {
  const step: ScriptStep = async (post) => {
    if (!matches(post)) {
      acs.script(step);
      return undefined;
    }
    await release;
    return new Response(null, { status: 503 });
  };
  return step;
}

async function killHard(child: Deno.ChildProcess): Promise<void> {
  child.kill("SIGKILL");
  assert.equal((await child.status).signal, "SIGKILL");
  await stderrOf(child);
}

async function stopCleanly(child: Deno.ChildProcess): Promise<string> {
  child.kill("SIGTERM");
  const status = await child.status;
  const log = await stderrOf(child);
  assert.equal(status.code, 0, log);
  return log;
}

function eventCodes(message: CwmpMessage | null | undefined): string[] {
  return message?.method === "Inform"
    ? message.events.map((e) =>
      e.commandKey === "" ? e.eventCode : `${e.eventCode}:${e.commandKey}`
    )
    : [];
}

/** Informs the ACS answered with an InformResponse: their events were delivered. */
function acknowledgedInforms(acs: ScriptedAcs): string[][] {
  return acs.posts
    .filter((p) => p.envelopes[0]?.message?.method === "Inform" && p.status === 200)
    .map((p) => eventCodes(p.envelopes[0]?.message));
}

function killAll(children: Deno.ChildProcess[]): void {
  for (const child of children) {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
}

Deno.test("agent sends an unacknowledged TransferComplete again after a kill -9, without fetching the file again", async () => {
  const acs = createScriptedAcs();
  const dir = await Deno.makeTempDir({ prefix: "cwmp-crash-tc-" });
  const children: Deno.ChildProcess[] = [];
  const release = Promise.withResolvers<void>();
  try {
    const firmware = new TextEncoder().encode("firmware v10\n".repeat(64));
    acs.serveFile("/files/fw10.bin", { body: firmware });
    const config = `${dir}/cpe.json`;
    await writeConfig(config, acs);
    acs.enqueue({
      method: "Download",
      commandKey: "dl-tc",
      fileType: "1 Firmware Upgrade Image",
      url: `${acs.url}/files/fw10.bin`,
      username: "",
      password: "",
      fileSize: firmware.length,
      targetFileName: "",
      delaySeconds: 0,
      successUrl: "",
      failureUrl: "",
    });
    const isTransferComplete = (p: RecordedPost): boolean =>
      p.envelopes[0]?.message?.method === "TransferComplete";
    acs.script(holdFirst(acs, isTransferComplete, release.promise));

    const first = spawnAgent(config);
    children.push(first);
    await acs.waitFor(() => acs.posts.some(isTransferComplete), 30_000);
    // The Inform of that session was acknowledged; the TransferComplete is not.
    assert.deepEqual(acknowledgedInforms(acs).at(-1), ["7 TRANSFER COMPLETE", "M Download:dl-tc"]);
    const saved = JSON.parse(await Deno.readTextFile(`${dir}/state.json`));
    assert.deepEqual(
      saved.transfers.map((t: { state: number; faultCode: number }) => [t.state, t.faultCode]),
      [[3, 0]],
    );
    await killHard(first);
    release.resolve();

    const second = spawnAgent(config);
    children.push(second);
    await acs.waitFor(() => acs.sent("TransferComplete").length === 2, 30_000);
    await acs.waitFor(() => acs.posts.at(-1)?.status === 204, 10_000);
    const log = await stopCleanly(second);
    assert.match(log, /session ok: events=1 BOOT,4 VALUE CHANGE,7 TRANSFER COMPLETE,M Download /);

    assert.equal(acs.fileRequests.length, 1, "the finished download is not fetched again");
    const completes = acs.sent("TransferComplete");
    for (const complete of completes) {
      assert.ok(complete.method === "TransferComplete");
      assert.equal(complete.commandKey, "dl-tc");
      assert.equal(complete.faultStruct.faultCode, 0);
    }
    // Same transfer, same times: the record on disk, not a second run.
    assert.equal(
      completes[0]?.method === "TransferComplete" && completes[1]?.method === "TransferComplete" &&
        completes[0].startTime === completes[1].startTime &&
        completes[0].completeTime === completes[1].completeTime,
      true,
    );
    // Acknowledged once: only the last TransferComplete got its response to a live agent.
    assert.deepEqual(
      acs.posts.filter((p) => p.envelopes[0]?.message?.method === "TransferComplete")
        .map((p) => p.status),
      [503, 200],
    );
    assert.equal(
      acknowledgedInforms(acs).filter((codes) => codes.includes("M Download:dl-tc")).length,
      2,
      "once before the kill (without the TransferComplete acknowledged) and once after",
    );
    const state = JSON.parse(await Deno.readTextFile(`${dir}/state.json`));
    assert.deepEqual(state.transfers, []);
    assert.deepEqual(state.pendingEvents, []);
    assert.deepEqual(await Deno.readFile(`${dir}/downloads/fw10.bin`), firmware);
    const results = await validateWithXmllint(acs.sentDocuments());
    assert.deepEqual(results.filter((r) => !r.valid), []);
  } finally {
    release.resolve();
    killAll(children);
    await acs.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("agent delivers 1 BOOT and M Reboot once after kills during the reboot hook and before the InformResponse", async () => {
  const acs = createScriptedAcs();
  const dir = await Deno.makeTempDir({ prefix: "cwmp-crash-reboot-" });
  const children: Deno.ChildProcess[] = [];
  const release = Promise.withResolvers<void>();
  const marker = `${dir}/hook-runs`;
  const hookPid = `${dir}/hook-pid`;
  try {
    const config = `${dir}/cpe.json`;
    // The hook records its run, then "reboots" slowly: the agent is killed while it runs.
    await writeConfig(config, acs, {
      hooks: { reboot: `echo $$ > ${hookPid}; echo ran >> ${marker}; exec sleep 20` },
    });
    acs.enqueue({ method: "Reboot", commandKey: "rb-crash" });

    const first = spawnAgent(config);
    children.push(first);
    await acs.waitFor(() => {
      try {
        return Deno.readTextFileSync(marker) === "ran\n";
      } catch {
        return false;
      }
    }, 30_000);
    const during = JSON.parse(await Deno.readTextFile(`${dir}/state.json`));
    assert.equal(during.pendingAction, "none", "the intent is cleared before the hook runs");
    assert.deepEqual(during.pendingEvents, [{ eventCode: "M Reboot", commandKey: "rb-crash" }]);
    await killHard(first);
    Deno.kill(Number(await Deno.readTextFile(hookPid)), "SIGKILL");

    // The Inform after the restart gets no answer before the next kill.
    const rebootInform = (p: RecordedPost): boolean =>
      eventCodes(p.envelopes[0]?.message).includes("M Reboot:rb-crash");
    acs.script(holdFirst(acs, rebootInform, release.promise));
    const second = spawnAgent(config);
    children.push(second);
    await acs.waitFor(() => acs.posts.some(rebootInform), 30_000);
    await killHard(second);
    release.resolve();

    const third = spawnAgent(config);
    children.push(third);
    await acs.waitFor(() => acknowledgedInforms(acs).length === 2, 30_000);
    await acs.waitFor(() => acs.posts.at(-1)?.status === 204, 10_000);
    await stopCleanly(third);

    const sentWithReboot = acs.informs().filter((i) =>
      i.events.some((e) => e.eventCode === "M Reboot")
    );
    assert.equal(sentWithReboot.length, 2, "sent before the second kill and after it");
    const acknowledged = acknowledgedInforms(acs);
    assert.deepEqual(acknowledged[0], ["0 BOOTSTRAP", "1 BOOT"]);
    assert.ok(acknowledged[1]?.includes("1 BOOT") && acknowledged[1].includes("M Reboot:rb-crash"));
    assert.equal(acknowledged.filter((codes) => codes.includes("M Reboot:rb-crash")).length, 1);
    assert.equal(await Deno.readTextFile(marker), "ran\n", "the hook ran once");
    const state = JSON.parse(await Deno.readTextFile(`${dir}/state.json`));
    assert.deepEqual(state.pendingEvents, []);
    assert.equal(state.pendingAction, "none");
    const results = await validateWithXmllint(acs.sentDocuments());
    assert.deepEqual(results.filter((r) => !r.valid), []);
  } finally {
    release.resolve();
    killAll(children);
    await acs.close();
    await Deno.remove(dir, { recursive: true });
  }
});
