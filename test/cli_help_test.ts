import assert from "node:assert/strict";
import { runInMemory } from "./fixtures/cli/run.ts";

const SNAPSHOTS = new URL("fixtures/cli/", import.meta.url);

// The subcommands a help text lists under COMMANDS, without `help`.
function subcommands(help: string): string[] {
  const section = /^COMMANDS:\n((?: {2}.*\n)+)/m.exec(help)?.[1] ?? "";
  // A wrapped summary continues on a line indented further; a command's line has two spaces.
  return section.split("\n").map((line) => /^ {2}(\S+)/.exec(line)?.[1] ?? "")
    .filter((name) => name !== "" && name !== "help");
}

async function helpOf(path: string[]): Promise<string> {
  const run = await runInMemory([...path, "--help"]);
  assert.equal(run.code, 0, path.join(" "));
  assert.equal(run.stderr, "");
  return run.stdout;
}

async function leafCommands(path: string[] = []): Promise<string[][]> {
  assert.ok(path.length <= 3, `commands nested too deep: ${path.join(" ")}`);
  const children = subcommands(await helpOf(path));
  if (children.length === 0) return [path];
  const leaves: string[][] = [];
  for (const child of children) leaves.push(...await leafCommands([...path, child]));
  return leaves;
}

// The commands that work through the ACS's API, and completions.
const API_COMMANDS = [
  "get",
  "set",
  "names",
  "attrs",
  "set-attrs",
  "add",
  "delete",
  "reboot",
  "factory-reset",
  "rpc-methods",
  "download",
  "upload",
  "schedule-inform",
  "devices list",
  "devices show",
  "devices delete",
  "devices tag",
  "devices untag",
  "tasks list",
  "tasks show",
  "tasks cancel",
  "tasks retry",
  "faults list",
  "faults show",
  "faults clear",
  "files list",
  "files upload",
  "files download",
  "files delete",
  "presets list",
  "presets show",
  "presets put",
  "presets delete",
  "presets enable",
  "presets disable",
  "campaigns list",
  "campaigns show",
  "campaigns create",
  "campaigns start",
  "campaigns pause",
  "campaigns resume",
  "campaigns cancel",
  "campaigns delete",
  "campaigns devices",
  "campaigns watch",
  "completions",
];

Deno.test("every API command's help has USAGE, OPTIONS and EXAMPLES", async () => {
  const names = (await leafCommands()).map((p) => p.join(" "));
  for (const expected of API_COMMANDS) {
    assert.ok(names.includes(expected), `no command ${expected}`);
  }
  for (const name of API_COMMANDS) {
    const path = name.split(" ");
    const help = await helpOf(path);
    for (const section of ["USAGE:", "OPTIONS:", "EXAMPLES:"]) {
      assert.match(help, new RegExp(`^${section}`, "m"), `${path.join(" ")} lacks ${section}`);
    }
    assert.match(
      help,
      new RegExp(`^  cwmp ${path.join(" ")}\\b`, "m"),
      `${path.join(" ")} example`,
    );
  }
});

Deno.test("cwmp get --help matches its snapshot", async () => {
  const help = await helpOf(["get"]);
  const file = new URL("help_get.txt", SNAPSHOTS);
  if (Deno.env.get("UPDATE_SNAPSHOTS") === "1") Deno.writeTextFileSync(file, help);
  assert.equal(help, Deno.readTextFileSync(file), "help of 'get' changed");
  for (
    const option of [
      "--server <URL>",
      "--token <TOKEN>",
      "--json",
      "--timeout <SECONDS>",
      "--no-wait",
    ]
  ) {
    assert.ok(help.includes(option), option);
  }
});

Deno.test("cwmp presets put --help and campaigns create --help match their snapshots", async () => {
  for (const path of [["presets", "put"], ["campaigns", "create"]]) {
    const help = await helpOf(path);
    const file = new URL(`help_${path.join("_")}.txt`, SNAPSHOTS);
    if (Deno.env.get("UPDATE_SNAPSHOTS") === "1") Deno.writeTextFileSync(file, help);
    assert.equal(help, Deno.readTextFileSync(file), `help of '${path.join(" ")}' changed`);
  }
});

async function which(name: string): Promise<boolean> {
  try {
    const { code } = await new Deno.Command("sh", { args: ["-c", `command -v ${name}`] })
      .output();
    return code === 0;
  } catch {
    return false;
  }
}

Deno.test("cwmp completions prints a script for each shell naming every top-level command", async () => {
  const topLevel = subcommands(await helpOf([]));
  assert.ok(topLevel.length >= 15, topLevel.join(" "));
  for (const shell of ["bash", "zsh", "fish"]) {
    const run = await runInMemory(["completions", shell]);
    assert.equal(run.code, 0, shell);
    assert.equal(run.stderr, "");
    for (const command of topLevel) {
      assert.match(run.stdout, new RegExp(`\\b${command}\\b`), `${shell} lacks ${command}`);
    }
    for (const option of ["--next-level", "--product-class", "--no-wait"]) {
      assert.ok(run.stdout.includes(option.slice(shell === "fish" ? 2 : 0)), `${shell}: ${option}`);
    }
    // A shell that is installed must accept the script's syntax.
    if (await which(shell)) {
      const dir = Deno.makeTempDirSync();
      const file = `${dir}/cwmp.${shell}`;
      Deno.writeTextFileSync(file, run.stdout);
      const check = await new Deno.Command(shell, { args: ["-n", file], stderr: "piped" })
        .output();
      Deno.removeSync(dir, { recursive: true });
      assert.equal(check.code, 0, `${shell} -n: ${new TextDecoder().decode(check.stderr)}`);
    }
  }
  const bad = await runInMemory(["completions", "powershell"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^cwmp: error: command-argument value 'powershell' is invalid/);
});

Deno.test("the bash completion script completes subcommands and options", async () => {
  if (!(await which("bash"))) return;
  const script = (await runInMemory(["completions", "bash"])).stdout;
  const complete = async (line: string): Promise<string[]> => {
    const words = line.split(" ");
    const program = [
      script,
      `COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")})`,
      `COMP_CWORD=${words.length - 1}`,
      "_cwmp",
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join("\n");
    const out = await new Deno.Command("bash", { args: ["-c", program] }).output();
    return new TextDecoder().decode(out.stdout).split("\n").filter((w) => w !== "");
  };
  assert.deepEqual(await complete("cwmp dev"), ["devices"]);
  assert.deepEqual((await complete("cwmp devices ")).sort(), [
    "--help",
    "delete",
    "list",
    "show",
    "tag",
    "untag",
  ]);
  assert.deepEqual(await complete("cwmp devices list --product"), ["--product-class"]);
  assert.deepEqual(await complete("cwmp get GW-1 --next"), []);
  assert.deepEqual(await complete("cwmp names GW-1 --next"), ["--next-level"]);
  assert.deepEqual((await complete("cwmp presets ")).sort(), [
    "--help",
    "delete",
    "disable",
    "enable",
    "list",
    "put",
    "show",
  ]);
  assert.deepEqual(await complete("cwmp campaigns w"), ["watch"]);
  assert.deepEqual(await complete("cwmp campaigns watch 7 --follow"), ["--follow-paused"]);
  assert.deepEqual(await complete("cwmp campaigns create --batch-p"), ["--batch-percent"]);
});
