/**
 * `cwmp acs token create|list|revoke`: manage the bearer tokens of the ACS's northbound API,
 * directly in its database (like `acs serve --db`).
 *
 * @module
 */

import type { Command, CommandUnknownOpts } from "@commander-js/extra-typings";
// The ACS's database code loads when a token command runs, not with the CLI (see acs_serve.ts).
import type { AcsDb } from "../../acs/db/client.ts";
import type { ApiTokenInfo } from "../../acs/nbi/tokens.ts";
import { type CommandContext, examplesHelp, runAction } from "../command.ts";
import { ExitCode, oneLine, UsageError } from "../errors.ts";
import type { CliIo } from "../io.ts";
import { writeResult } from "../output.ts";

const DEFAULT_DB = "file:./cwmp.db";

/** Options of `acs token create`. */
export interface TokenCreateOptions {
  db: string;
  name?: string;
  readOnly?: boolean;
  json?: boolean;
}

/** Options of `acs token list`. */
export interface TokenListOptions {
  db: string;
  json?: boolean;
}

/** Options of `acs token revoke`. */
export interface TokenRevokeOptions {
  db: string;
  json?: boolean;
}

/**
 * Registers `acs token` and its subcommands, creating the `acs` group if no other command has.
 *
 * @param program The root command.
 * @param context IO and the exit-code sink.
 */
export function registerAcsToken(program: Command, context: CommandContext): void {
  const acs: CommandUnknownOpts = program.commands.find((c) => c.name() === "acs") ??
    program.command("acs").summary("run and manage the ACS").description(
      "The auto-configuration server: CWMP endpoint, device store and task queue.",
    );
  const token = acs.command("token").summary("manage API tokens").description(
    "Bearer tokens of the northbound API (--api-listen of acs serve). Only a hash is stored: " +
      "a token is shown once, when created.",
  );
  const dbOption = [
    "--db <URL>",
    "database: file:PATH, :memory:, libsql://...",
    DEFAULT_DB,
  ] as const;
  token.command("create")
    .summary("create a token and print it")
    .option(...dbOption)
    .option("--name <NAME>", "what the token is for", "token")
    .option("--read-only", "allow GET requests only")
    .option("--json", "print JSON")
    .addHelpText(
      "after",
      examplesHelp([
        { command: "cwmp acs token create --name ops", description: "A read-write token" },
        {
          command: "cwmp acs token create --name grafana --read-only",
          description: "A token for dashboards",
        },
      ]),
    )
    .action((options) =>
      runAction(() => runCreate(options, context.io), { command: "acs token create", context })
    );
  token.command("list")
    .summary("list tokens (never their secrets)")
    .option(...dbOption)
    .option("--json", "print JSON")
    .addHelpText(
      "after",
      examplesHelp([
        { command: "cwmp acs token list", description: "Every token, revoked ones included" },
        {
          command: "cwmp acs token list --db file:/var/lib/cwmp/cwmp.db --json",
          description: "As JSON, from another database",
        },
      ]),
    )
    .action((options) =>
      runAction(() => runList(options, context.io), { command: "acs token list", context })
    );
  token.command("revoke")
    .summary("revoke a token")
    .argument("<ID>", "the token's id (see acs token list)")
    .option(...dbOption)
    .option("--json", "print JSON")
    .addHelpText(
      "after",
      examplesHelp([{ command: "cwmp acs token revoke 3", description: "Token 3 stops working" }]),
    )
    .action((id, options) =>
      runAction(() => runRevoke(id, options, context.io), { command: "acs token revoke", context })
    );
}

/**
 * Creates a token and prints it (stdout) with a reminder that it is shown once (stderr).
 *
 * @returns 0.
 * @throws {UsageError} A bad --db or --name.
 */
export async function runCreate(opts: TokenCreateOptions, io: CliIo): Promise<number> {
  return await withDb(opts.db, async (db, { createApiToken, ApiTokenError }) => {
    let created;
    try {
      created = await createApiToken(db, {
        ...(opts.name === undefined ? {} : { name: opts.name }),
        readOnly: opts.readOnly ?? false,
      });
    } catch (error) {
      if (error instanceof ApiTokenError) throw new UsageError(error.message);
      throw error;
    }
    writeResult(io, { token: created.token, ...jsonInfo(created.info) }, {
      json: opts.json ?? false,
      text: () => [created.token],
    });
    io.stderr.write(
      `cwmp acs token create: token ${created.info.id} (${created.info.name}` +
        `${created.info.readOnly ? ", read-only" : ""}); it is not shown again\n`,
    );
    return ExitCode.ok;
  });
}

/**
 * Lists the tokens.
 *
 * @returns 0.
 * @throws {UsageError} A bad --db.
 */
export async function runList(opts: TokenListOptions, io: CliIo): Promise<number> {
  return await withDb(opts.db, async (db, { listApiTokens }) => {
    const tokens = await listApiTokens(db);
    writeResult(io, { tokens: tokens.map(jsonInfo) }, {
      json: opts.json ?? false,
      text: () =>
        table(
          ["ID", "NAME", "ACCESS", "CREATED", "LAST USED", "REVOKED"],
          tokens.map((t) => [
            String(t.id),
            t.name,
            t.readOnly ? "read-only" : "read-write",
            t.createdAt.toISOString(),
            t.lastUsedAt?.toISOString() ?? "-",
            t.revokedAt?.toISOString() ?? "-",
          ]),
        ),
    });
    return ExitCode.ok;
  });
}

/**
 * Revokes a token.
 *
 * @returns 0; 1 when no token has this id.
 * @throws {UsageError} A bad id or --db.
 */
export async function runRevoke(id: string, opts: TokenRevokeOptions, io: CliIo): Promise<number> {
  if (!/^\d+$/.test(id)) throw new UsageError(`invalid ID '${id}': expected a token id number`);
  return await withDb(opts.db, async (db, { revokeApiToken, ApiTokenError }) => {
    try {
      const info = await revokeApiToken(db, Number(id));
      writeResult(io, jsonInfo(info), {
        json: opts.json ?? false,
        text: () => [`revoked token ${info.id} (${info.name})`],
      });
      return ExitCode.ok;
    } catch (error) {
      if (!(error instanceof ApiTokenError)) throw error;
      io.stderr.write(`cwmp acs token revoke: ${oneLine(error.message)}\n`);
      return ExitCode.failed;
    }
  });
}

// Aligned columns, two spaces apart; the last one is not padded.
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? "").length)));
  return all.map((row) =>
    row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ")
      .trimEnd()
  );
}

type TokenModule = typeof import("../../acs/nbi/tokens.ts");

async function withDb(
  url: string,
  work: (db: AcsDb, tokens: TokenModule) => Promise<number>,
): Promise<number> {
  const [{ createDb, DbUrlError }, { migrateDb }, tokens] = await Promise.all([
    import("../../acs/db/client.ts"),
    import("../../acs/db/migrate.ts"),
    import("../../acs/nbi/tokens.ts"),
  ]);
  let db: AcsDb;
  try {
    db = await createDb(url);
  } catch (error) {
    if (error instanceof DbUrlError) throw new UsageError(error.message);
    throw error;
  }
  try {
    await migrateDb(db);
    return await work(db, tokens);
  } finally {
    db.$client.close();
  }
}

function jsonInfo(info: ApiTokenInfo): Record<string, unknown> {
  return {
    id: info.id,
    name: info.name,
    readOnly: info.readOnly,
    createdAt: info.createdAt.toISOString(),
    lastUsedAt: info.lastUsedAt?.toISOString() ?? null,
    revokedAt: info.revokedAt?.toISOString() ?? null,
  };
}
