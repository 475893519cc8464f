import assert from "node:assert/strict";
import { createScriptedAcs, type ScriptedAcs } from "../../test/fixtures/scripted_acs.ts";
import { runShell } from "../backends/shell.ts";
import { fetchTransportFactory } from "../client/transport.ts";
import type { TransferRecord } from "../state.ts";
import { type DownloadDeps, performDownload } from "./download.ts";
import { performUpload, type UploadDeps } from "./upload.ts";

const FIRMWARE = new TextEncoder().encode("firmware image v2\n".repeat(100));

function record(acs: ScriptedAcs, overrides: Partial<TransferRecord> = {}): TransferRecord {
  return {
    id: 3,
    kind: "download",
    commandKey: "dl-1",
    fileType: "1 Firmware Upgrade Image",
    url: `${acs.url}/files/fw.bin`,
    username: "",
    password: "",
    fileSize: FIRMWARE.length,
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

async function withSetup(
  fn: (acs: ScriptedAcs, dir: string, deps: DownloadDeps) => Promise<void>,
): Promise<void> {
  const acs = createScriptedAcs();
  const dir = await Deno.makeTempDir({ prefix: "cwmp-transfer-" });
  const deps: DownloadDeps = {
    open: fetchTransportFactory(fetch),
    dir: `${dir}/downloads`,
    maxBytes: 1_000_000,
    applyHooks: {},
    run: runShell,
    now: () => Date.UTC(2026, 0, 1),
    randomHex: (n) => "ab".repeat(n),
  };
  try {
    await fn(acs, dir, deps);
  } finally {
    await acs.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("performDownload() fetches with Digest, stores under TargetFileName and runs the apply hook", async () => {
  await withSetup(async (acs, dir, deps) => {
    acs.serveFile("/files/fw.bin", {
      body: FIRMWARE,
      auth: { scheme: "Digest", username: "fs", password: "pw" },
    });
    const hooks = {
      "1 Firmware Upgrade Image":
        `cp "$CWMP_FILE" ${dir}/applied; echo "$CWMP_COMMAND_KEY" > ${dir}/key`,
    };
    const result = await performDownload(
      record(acs, { username: "fs", password: "pw", targetFileName: "image.bin" }),
      { ...deps, applyHooks: hooks },
      "1.0",
    );
    assert.deepEqual(result, {
      faultCode: 0,
      faultString: "",
      startTime: "2026-01-01T00:00:00Z",
      completeTime: "2026-01-01T00:00:00Z",
    });
    assert.deepEqual(await Deno.readFile(`${dir}/downloads/image.bin`), FIRMWARE);
    assert.deepEqual(await Deno.readFile(`${dir}/applied`), FIRMWARE);
    assert.equal(await Deno.readTextFile(`${dir}/key`), "dl-1\n");
  });
});

Deno.test("performDownload() maps failures to the codes of the session's namespace", async () => {
  await withSetup(async (acs, _dir, deps) => {
    acs.serveFile("/files/fw.bin", {
      body: FIRMWARE,
      auth: { scheme: "Basic", username: "fs", password: "pw" },
    });
    acs.serveFile("/files/short.bin", { body: FIRMWARE.slice(0, 10) });
    const cases: { overrides: Partial<TransferRecord>; v10: number; v12: number; text: RegExp }[] =
      [
        {
          overrides: { url: `${acs.url}/files/missing.bin` },
          v10: 9010,
          v12: 9016,
          text: /HTTP 404/,
        },
        {
          overrides: { username: "fs", password: "no" },
          v10: 9012,
          v12: 9012,
          text: /refused the credentials/,
        },
        { overrides: {}, v10: 9012, v12: 9012, text: /asks for credentials/ },
        {
          overrides: { url: `${acs.url}/files/short.bin` },
          v10: 9010,
          v12: 9017,
          text: /Received 10 bytes; FileSize is 1800/,
        },
        {
          overrides: { url: "http://127.0.0.1:1/files/x" },
          v10: 9010,
          v12: 9015,
          text: /Cannot reach the file server/,
        },
        {
          overrides: { fileSize: 2_000_000 },
          v10: 9010,
          v12: 9010,
          text: /exceeds the limit of 1000000/,
        },
      ];
    for (const c of cases) {
      const old = await performDownload(record(acs, c.overrides), deps, "1.0");
      const recent = await performDownload(record(acs, c.overrides), deps, "1.2");
      assert.equal(old.faultCode, c.v10, `${c.text} in 1.0`);
      assert.equal(recent.faultCode, c.v12, `${c.text} in 1.2`);
      assert.match(old.faultString, c.text);
    }
  });
});

Deno.test("performDownload() reports a failed apply hook and a body larger than allowed", async () => {
  await withSetup(async (acs, dir, deps) => {
    acs.serveFile("/files/fw.bin", { body: FIRMWARE });
    const failed = await performDownload(record(acs), {
      ...deps,
      applyHooks: { "1 Firmware Upgrade Image": "echo 'bad signature' >&2; exit 5" },
    }, "1.2");
    assert.equal(failed.faultCode, 9010);
    assert.equal(failed.faultString, "The apply hook exited with 5: bad signature");
    const big = await performDownload(
      record(acs, { fileSize: 0 }),
      { ...deps, maxBytes: 100 },
      "1.0",
    );
    assert.equal(big.faultCode, 9010);
    assert.match(big.faultString, /exceeds the limit of 100 bytes/);
    assert.deepEqual([...Deno.readDirSync(`${dir}/downloads`)].map((e) => e.name), ["fw.bin"]);
  });
});

Deno.test("performUpload() PUTs the vendor files with the server's credentials", async () => {
  await withSetup(async (acs) => {
    acs.serveFile("/files/up/cfg.json", {
      body: "",
      auth: { scheme: "Basic", username: "fs", password: "pw" },
    });
    const deps: UploadDeps = {
      open: fetchTransportFactory(fetch),
      content: (kind) => ({
        body: new TextEncoder().encode(kind === "config" ? "{}" : "line 1\n"),
        contentType: kind === "config" ? "application/json" : "text/plain",
      }),
      now: () => Date.UTC(2026, 0, 1),
      randomHex: (n) => "cd".repeat(n),
    };
    const base = record(acs, {
      kind: "upload",
      fileType: "1 Vendor Configuration File",
      url: `${acs.url}/files/up/cfg.json`,
      username: "fs",
      password: "pw",
    });
    assert.equal((await performUpload(base, deps, "1.0")).faultCode, 0);
    assert.equal(
      (await performUpload(
        { ...base, fileType: "2 Vendor Log File", url: `${acs.url}/files/up/log.txt` },
        deps,
        "1.0",
      )).faultCode,
      0,
    );
    assert.deepEqual(
      acs.uploads.map((
        u,
      ) => [u.path, new TextDecoder().decode(u.body), u.headers.get("content-type")]),
      [
        ["/files/up/cfg.json", "{}", "application/json"],
        ["/files/up/log.txt", "line 1\n", "text/plain"],
      ],
    );
    assert.equal((await performUpload({ ...base, password: "no" }, deps, "1.0")).faultCode, 9012);
    acs.serveFile("/files/up/ro", { body: "" });
    const unknown = await performUpload({ ...base, fileType: "X 00D09E Dump" }, deps, "1.0");
    assert.equal(unknown.faultCode, 9011);
    const dead = await performUpload({ ...base, url: "http://127.0.0.1:1/x" }, deps, "1.2");
    assert.equal(dead.faultCode, 9011);
  });
});
