/**
 * `cwmp cpe run`: a run against the scripted ACS that stops cleanly, and the exit codes and
 * one-line messages of what cannot run (design.md section 6).
 */

import assert from "node:assert/strict";
import { run } from "../cli/commands/cpe_run.ts";
import { createMemoryIo } from "./fixtures/cli/memory_io.ts";
import { runInMemory } from "./fixtures/cli/run.ts";
import { createScriptedAcs } from "./fixtures/scripted_acs.ts";
import { validateWithXmllint } from "./xmllint.ts";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-cpe-cli-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function config(acsUrl: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    acs: { url: acsUrl },
    identity: { oui: "00D09E", serialNumber: "CLI1" },
    stateFile: "state.json",
    connectionRequest: { listen: "127.0.0.1:0" },
    periodicInform: { enabled: false },
    ...extra,
  });
}

Deno.test("cwmp cpe run informs, logs one line per session and exits 0 when stopped", async () => {
  const acs = createScriptedAcs();
  try {
    await withDir(async (dir) => {
      await Deno.writeTextFile(`${dir}/cpe.json`, config("http://ignored.invalid/"));
      const memory = createMemoryIo();
      const stop = Promise.withResolvers<void>();
      const running = run(
        { config: `${dir}/cpe.json`, acs: `${acs.url}/acs`, model: "device2" },
        memory.io,
        { stop: stop.promise },
      );
      await acs.waitFor(() => acs.posts.some((p) => p.status === 204), 10_000);
      stop.resolve();
      assert.equal(await running, 0);
      const lines = memory.stderr().trimEnd().split("\n");
      assert.match(
        lines[0] ?? "",
        /^cwmp cpe: started: ACS http:\/\/127\.0\.0\.1:\d+\/acs, connection requests at http:\/\/127\.0\.0\.1:\d+\/cr\/[0-9a-f]+$/,
      );
      assert.match(
        lines[1] ?? "",
        /^cwmp cpe: warning: connection requests are not authenticated \(ConnectionRequestUsername is empty\): anyone who reaches http:\/\/127\.0\.0\.1:\d+\/cr\/[0-9a-f]+ can start sessions, up to 20 in 60 s$/,
      );
      assert.match(
        lines[2] ?? "",
        /^cwmp cpe: session ok: events=0 BOOTSTRAP,1 BOOT rpcs=0 in \d+ ms$/,
      );
      assert.equal(lines.at(-1), "cwmp cpe: stopped");
      assert.equal(memory.stdout(), "");
      const inform = acs.informs()[0];
      assert.ok(inform?.parameterList.some((p) => p.name === "Device.DeviceInfo.SoftwareVersion"));
      assert.equal(inform?.deviceId.serialNumber, "CLI1");
      assert.ok((await Deno.stat(`${dir}/state.json`)).isFile);
      const results = await validateWithXmllint(acs.sentDocuments());
      assert.deepEqual(results.filter((r) => !r.valid), []);
      assert.ok(results.length > 0);
    });
  } finally {
    await acs.close();
  }
});

Deno.test("cwmp cpe run flags win over the file: listen address, identity, ACS credentials", async () => {
  // The ACS accepts only the flags' credentials; the file's are wrong.
  const acs = createScriptedAcs({
    auth: { scheme: "Digest", username: "flag-user", password: "flag-pw" },
  });
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = taken.addr.port;
  taken.close();
  try {
    await withDir(async (dir) => {
      await Deno.writeTextFile(
        `${dir}/cpe.json`,
        config(`${acs.url}/acs`, {
          acs: { url: `${acs.url}/acs`, username: "file-user", password: "file-pw" },
          identity: {
            manufacturer: "FileCo",
            oui: "00D09E",
            productClass: "FileBox",
            serialNumber: "FILE1",
          },
        }),
      );
      const memory = createMemoryIo();
      const stop = Promise.withResolvers<void>();
      const running = run(
        {
          config: `${dir}/cpe.json`,
          listen: `127.0.0.1:${port}`,
          manufacturer: "FlagCo",
          oui: "00aabb",
          productClass: "FlagBox",
          serial: "FLAG1",
          username: "flag-user",
          password: "flag-pw",
        },
        memory.io,
        { stop: stop.promise },
      );
      await acs.waitFor(() => acs.posts.some((p) => p.status === 204), 10_000);
      stop.resolve();
      assert.equal(await running, 0, memory.stderr());
      const inform = acs.informs().at(-1);
      assert.deepEqual(inform?.deviceId, {
        manufacturer: "FlagCo",
        oui: "00AABB",
        productClass: "FlagBox",
        serialNumber: "FLAG1",
      });
      const crUrl = inform?.parameterList.find((p) => p.name.endsWith("ConnectionRequestURL"));
      assert.match(crUrl?.value ?? "", new RegExp(`^http://127\\.0\\.0\\.1:${port}/cr/`));
      assert.match(memory.stderr(), /^cwmp cpe: session ok: events=0 BOOTSTRAP,1 BOOT /m);
      // The first attempt was challenged; the answer carried the flags' user name.
      const authorized = acs.posts.filter((p) => p.headers.get("authorization") !== null);
      assert.ok(authorized.length > 0);
      for (const post of authorized) {
        assert.match(post.headers.get("authorization") ?? "", /username="flag-user"/);
      }
      const results = await validateWithXmllint(acs.sentDocuments());
      assert.deepEqual(results.filter((r) => !r.valid), []);
    });
  } finally {
    await acs.close();
  }
});

Deno.test("cwmp cpe run exits 2 with one line for a wrong configuration, model or state", async () => {
  await withDir(async (dir) => {
    const cases: { files: Record<string, string>; args: string[]; line: RegExp }[] = [
      {
        files: {},
        args: ["--config", `${dir}/none.json`],
        line: /^cwmp cpe run: Cannot read config .*none\.json: No such file$/,
      },
      {
        files: { "bad.json": "{ acs:" },
        args: ["--config", `${dir}/bad.json`],
        line: /^cwmp cpe run: Cannot read config .*bad\.json: not JSON/,
      },
      {
        files: { "c.json": "{}" },
        args: ["--config", `${dir}/c.json`],
        line: /^cwmp cpe run: Cannot use the configuration: 'acs\.url' is required$/,
      },
      {
        files: { "c.json": config("ftp://x/") },
        args: ["--config", `${dir}/c.json`],
        line: /'acs\.url' 'ftp:\/\/x\/' is not an http or https URL$/,
      },
      {
        files: { "c.json": config("http://acs.invalid/") },
        args: ["--config", `${dir}/c.json`, "--model", `${dir}/missing.csv`],
        line: /^cwmp cpe run: Cannot read model .*missing\.csv: No such file$/,
      },
      {
        files: { "c.json": config("http://acs.invalid/"), "m.csv": "not,a,dump\n" },
        args: ["--config", `${dir}/c.json`, "--model", `${dir}/m.csv`],
        line: /^cwmp cpe run: Cannot load the model .*m\.csv: /,
      },
      {
        files: { "c.json": config("http://acs.invalid/") },
        args: ["--config", `${dir}/c.json`, "--oui", "xyz"],
        line: /^cwmp cpe run: Cannot use the configuration: '--oui' must be six hexadecimal digits/,
      },
      {
        files: { "c.json": config("http://acs.invalid/") },
        args: ["--config", `${dir}/c.json`, "--product-class", ""],
        line: /^cwmp cpe run: Cannot use the configuration: '--product-class' must not be empty$/,
      },
      {
        files: { "c.json": config("http://acs.invalid/") },
        args: ["--config", `${dir}/c.json`, "--listen", "nowhere"],
        line:
          /^cwmp cpe run: Cannot use the configuration: '--listen' 'nowhere' is not \[HOST:\]PORT/,
      },
      {
        files: { "c.json": config("http://acs.invalid/"), "state.json": "{ torn" },
        args: ["--config", `${dir}/c.json`],
        line: /^cwmp cpe run: Cannot read state .*state\.json: not JSON/,
      },
    ];
    for (const c of cases) {
      for (const [name, text] of Object.entries(c.files)) {
        await Deno.writeTextFile(`${dir}/${name}`, text);
      }
      const result = await runInMemory(["cpe", "run", ...c.args]);
      assert.equal(result.code, 2, `${c.line}: ${result.stderr}`);
      assert.match(result.stderr.trimEnd(), c.line);
      assert.equal(result.stderr.trimEnd().split("\n").length, 1, result.stderr);
      for (const name of Object.keys(c.files)) await Deno.remove(`${dir}/${name}`);
    }
  });
});

Deno.test("cwmp cpe run exits 1 when the connection request port is taken", async () => {
  await withDir(async (dir) => {
    const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    try {
      await Deno.writeTextFile(
        `${dir}/c.json`,
        config("http://127.0.0.1:9/", {
          connectionRequest: { listen: `127.0.0.1:${taken.addr.port}` },
        }),
      );
      const result = await runInMemory(["cpe", "run", "--config", `${dir}/c.json`]);
      assert.equal(result.code, 1);
      assert.equal(
        result.stderr,
        `cwmp cpe run: Cannot listen for connection requests on 127.0.0.1:${taken.addr.port}: Address already in use\n`,
      );
    } finally {
      taken.close();
    }
  });
});
