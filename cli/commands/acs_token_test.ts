import assert from "node:assert/strict";
import type { CliIo } from "../io.ts";
import { runCli } from "../mod.ts";

function memoryIo(): { io: CliIo; stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    stdout: { write: (text: string) => void stdout.push(text) },
    stderr: { write: (text: string) => void stderr.push(text) },
    readStdin: () => Promise.resolve(new Uint8Array()),
    readFile: () => Promise.reject(new Error("no files")),
    env: () => undefined,
    isTerminal: { stdin: false, stdout: false, stderr: false },
  };
  return { io, stdout, stderr };
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { io, stdout, stderr } = memoryIo();
  const code = await runCli(args, io);
  return { code, out: stdout.join(""), err: stderr.join("") };
}

Deno.test("acs token create, list and revoke work on the database", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-token-" });
  const db = `file:${dir}/acs.db`;
  try {
    const created = await cli(["acs", "token", "create", "--db", db, "--name", "ops"]);
    assert.equal(created.code, 0, created.err);
    assert.match(created.out, /^cwmp_[A-Za-z0-9_-]{43}\n$/);
    assert.match(created.err, /token 1 \(ops\); it is not shown again/);
    const json = await cli(["acs", "token", "create", "--db", db, "--read-only", "--json"]);
    const second = JSON.parse(json.out);
    assert.equal(second.id, 2);
    assert.equal(second.name, "token");
    assert.equal(second.readOnly, true);
    assert.match(second.token, /^cwmp_/);
    const listed = await cli(["acs", "token", "list", "--db", db]);
    assert.equal(listed.code, 0);
    const lines = listed.out.trimEnd().split("\n");
    assert.match(lines[0] ?? "", /^ID\s+NAME\s+ACCESS\s+CREATED\s+LAST USED\s+REVOKED$/);
    assert.match(lines[1] ?? "", /^1\s+ops\s+read-write\s+\S+\s+-\s+-$/);
    assert.match(lines[2] ?? "", /^2\s+token\s+read-only/);
    assert.ok(!listed.out.includes(second.token));
    const revoked = await cli(["acs", "token", "revoke", "1", "--db", db]);
    assert.equal(revoked.code, 0);
    assert.equal(revoked.out, "revoked token 1 (ops)\n");
    const after = JSON.parse((await cli(["acs", "token", "list", "--db", db, "--json"])).out);
    assert.equal(after.tokens[0].revokedAt === null, false);
    assert.equal(after.tokens[1].revokedAt, null);
    const unknown = await cli(["acs", "token", "revoke", "9", "--db", db]);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.err, "cwmp acs token revoke: Cannot revoke token 9: no such token\n");
    const bad = await cli(["acs", "token", "revoke", "x", "--db", db]);
    assert.equal(bad.code, 2);
    const badDb = await cli(["acs", "token", "list", "--db", "cwmp.db"]);
    assert.equal(badDb.code, 2);
    assert.match(badDb.err, /^cwmp acs token list: Cannot open database cwmp\.db/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
