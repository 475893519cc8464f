import assert from "node:assert/strict";
import meta from "../deno.json" with { type: "json" };
import { formatInternalError } from "../cli/errors.ts";
import { runCli } from "../cli/mod.ts";
import { createMemoryIo } from "./fixtures/cli/memory_io.ts";
import { corpusFiles, runInMemory } from "./fixtures/cli/run.ts";

const ROOT = new URL("../", import.meta.url);
const SNAPSHOTS = new URL("fixtures/cli/", import.meta.url);

// Help is snapshot-tested; `UPDATE_SNAPSHOTS=1 deno test -A test/cli_main_test.ts` rewrites it.
async function assertHelpSnapshot(args: string[], name: string): Promise<string> {
  const run = await runInMemory(args);
  assert.equal(run.code, 0, args.join(" "));
  assert.equal(run.stderr, "");
  const file = new URL(`help_${name}.txt`, SNAPSHOTS);
  if (Deno.env.get("UPDATE_SNAPSHOTS") === "1") Deno.writeTextFileSync(file, run.stdout);
  assert.equal(run.stdout, Deno.readTextFileSync(file), `help of '${args.join(" ")}' changed`);
  return run.stdout;
}

Deno.test("cwmp --help, decode --help and encode --help show USAGE, OPTIONS and EXAMPLES", async () => {
  const cases: [string[], string][] = [
    [["--help"], "cwmp"],
    [["decode", "--help"], "decode"],
    [["encode", "--help"], "encode"],
  ];
  for (const [args, name] of cases) {
    const help = await assertHelpSnapshot(args, name);
    for (const section of ["USAGE:", "OPTIONS:", "EXAMPLES:"]) {
      assert.match(help, new RegExp(`^${section}`, "m"), `${name} help lacks ${section}`);
    }
  }
});

Deno.test("cwmp -h, help COMMAND and COMMAND -h print the same help to stdout", async () => {
  assert.equal((await runInMemory(["-h"])).stdout, (await runInMemory(["--help"])).stdout);
  const decodeHelp = (await runInMemory(["decode", "--help"])).stdout;
  for (const args of [["decode", "-h"], ["help", "decode"]]) {
    const run = await runInMemory(args);
    assert.equal(run.code, 0, args.join(" "));
    assert.equal(run.stdout, decodeHelp);
  }
});

Deno.test("cwmp --version prints the version of deno.json", async () => {
  const run = await runInMemory(["--version"]);
  assert.equal(run.code, 0);
  assert.equal(run.stdout, `${meta.version}\n`);
});

Deno.test("cwmp with an unknown command exits 2 with one line", async () => {
  const run = await runInMemory(["frobnicate"]);
  assert.equal(run.code, 2);
  assert.equal(run.stdout, "");
  assert.equal(run.stderr, "cwmp: error: unknown command 'frobnicate'\n");
  const typo = await runInMemory(["decod"]);
  assert.equal(typo.stderr, "cwmp: error: unknown command 'decod' (Did you mean decode?)\n");
});

Deno.test("cwmp with an unknown option or too many arguments exits 2 with one line", async () => {
  const cases: [string[], string][] = [
    [["decode", "--frob"], "cwmp: error: unknown option '--frob'\n"],
    [["--frob"], "cwmp: error: unknown option '--frob'\n"],
    [
      ["decode", "--content-type"],
      "cwmp: error: option '--content-type <TYPE>' argument missing\n",
    ],
  ];
  for (const [args, stderr] of cases) {
    const run = await runInMemory(args);
    assert.equal(run.code, 2, args.join(" "));
    assert.equal(run.stdout, "");
    assert.equal(run.stderr, stderr);
  }
  const extra = await runInMemory(["decode", "a", "b"]);
  assert.equal(extra.code, 2);
  assert.match(extra.stderr, /^cwmp: error: too many arguments for 'decode'[^\n]*\n$/);
});

Deno.test("cwmp without a command shows its help on stderr and exits 2", async () => {
  const run = await runInMemory([]);
  assert.equal(run.code, 2);
  assert.equal(run.stdout, "");
  assert.match(run.stderr, /^USAGE: cwmp /);
});

Deno.test("runCli() lets an unexpected error through for main.ts to report", async () => {
  const memory = createMemoryIo();
  const io = {
    ...memory.io,
    readStdin: (): Promise<Uint8Array> => Promise.reject(new TypeError("bug")),
  };
  await assert.rejects(runCli(["decode", "-"], io), TypeError);
  assert.equal(memory.stderr(), "");
});

Deno.test("formatInternalError() is one line, with the stack only when debugging", () => {
  const error = new Error("boom\nsecond line");
  assert.equal(
    formatInternalError(error, { debug: false }),
    "cwmp: internal error: boom second line\n",
  );
  assert.equal(formatInternalError("text", { debug: false }), "cwmp: internal error: text\n");
  const debug = formatInternalError(error, { debug: true });
  assert.ok(debug.startsWith("cwmp: internal error: boom second line\nError: boom"));
  assert.match(debug, /at /);
});

async function spawnCwmp(
  args: string[],
  stdin: Uint8Array,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(stdin);
  await writer.close();
  const output = await child.output();
  const text = new TextDecoder();
  return {
    code: output.code,
    stdout: text.decode(output.stdout),
    stderr: text.decode(output.stderr),
  };
}

Deno.test("main.ts exits 2 with one stderr line for malformed XML on stdin", async () => {
  const body = new TextEncoder().encode("<soap:Envelope>\n  <soap:Body>\n");
  const run = await spawnCwmp(["decode", "-"], body);
  assert.equal(run.code, 2);
  assert.equal(run.stdout, "");
  assert.equal(run.stderr.split("\n").length, 2, `not one line: ${run.stderr}`);
  assert.match(run.stderr, /^cwmp decode: line 1, column \d+: Cannot parse XML: /);
});

Deno.test("main.ts exits 0 and prints JSON for a corpus file on stdin", async () => {
  const file = corpusFiles().find((f) => f.name.endsWith("t_SpeedTouch-780_Inform.xml"));
  assert.ok(file);
  const run = await spawnCwmp(["decode", "-"], Deno.readFileSync(file.path));
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, "");
  const json = JSON.parse(run.stdout);
  assert.equal(json.version, 1);
  assert.equal(json.envelopes[0].message.method, "Inform");
});
