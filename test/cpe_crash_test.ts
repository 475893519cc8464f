/**
 * The agent as a real process (`deno run -A main.ts cpe run --config ...`), killed with
 * SIGKILL between a Download's Status 1 and its TransferComplete, then restarted: the
 * TransferComplete and `M Download` reach the ACS exactly once, and SIGTERM ends it cleanly.
 */

import assert from "node:assert/strict";
import { createScriptedAcs, type ScriptedAcs } from "./fixtures/scripted_acs.ts";
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
