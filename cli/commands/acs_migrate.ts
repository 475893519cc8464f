/**
 * `cwmp acs migrate [--db URL]`: create or bring the ACS database up to date without serving
 * (`acs serve` does the same at start). Useful before pointing several ACS processes at one
 * remote database, or to see which migrations a release brings.
 *
 * @module
 */

import type { Command, CommandUnknownOpts } from "@commander-js/extra-typings";
import { type CommandContext, examplesHelp, runAction } from "../command.ts";
import { ExitCode, UsageError } from "../errors.ts";
import type { CliIo } from "../io.ts";
import { writeResult } from "../output.ts";

/** Options of `acs migrate`. */
export interface AcsMigrateOptions {
  /** Database URL. */
  db: string;
  /** Token of a remote libSQL database (default: $CWMP_DB_AUTH_TOKEN). */
  authToken?: string;
  json?: boolean;
}

/**
 * Registers `acs migrate`, creating the `acs` group if no other command has.
 *
 * @param program The root command.
 * @param context IO and the exit-code sink.
 */
export function registerAcsMigrate(program: Command, context: CommandContext): void {
  const acs: CommandUnknownOpts = program.commands.find((c) => c.name() === "acs") ??
    program.command("acs").summary("run and manage the ACS").description(
      "The auto-configuration server: CWMP endpoint, device store and task queue.",
    );
  acs.command("migrate")
    .summary("create or update the database")
    .description(
      "Apply the database migrations this version of cwmp embeds, then exit. Prints the ones " +
        "applied (none when the database was up to date).",
    )
    .option("--db <URL>", "database: file:PATH, libsql://..., http(s)://...", "file:./cwmp.db")
    .option("--auth-token <TOKEN>", "token of a remote libSQL database (or $CWMP_DB_AUTH_TOKEN)")
    .option("--json", "print JSON")
    .addHelpText(
      "after",
      examplesHelp([
        { command: "cwmp acs migrate", description: "Bring ./cwmp.db up to date" },
        {
          command: "cwmp acs migrate --db libsql://acs.example.org --auth-token $T",
          description: "Prepare a remote database",
        },
      ]),
    )
    .action((options) =>
      runAction(() => run(options, context.io), { command: "acs migrate", context })
    );
}

/**
 * Migrates the database and prints what was applied.
 *
 * @param opts The database and output options.
 * @param io Standard streams and environment.
 * @returns 0.
 * @throws {UsageError} A bad --db, or a remote database that refuses the token.
 *
 * @example Usage
 * ```ts
 * import { run } from "./acs_migrate.ts";
 * let out = "";
 * const io = {
 *   stdout: { write: (text: string) => void (out += text) },
 *   stderr: { write: (_text: string) => {} },
 *   readStdin: () => Promise.resolve(new Uint8Array()),
 *   readFile: () => Promise.reject(new Error("no files")),
 *   env: () => undefined,
 *   isTerminal: { stdin: false, stdout: false, stderr: false },
 * };
 * if ((await run({ db: ":memory:", json: true }, io)) !== 0) throw new Error("unexpected");
 * if (JSON.parse(out).applied.length === 0) throw new Error(out);
 * ```
 */
export async function run(opts: AcsMigrateOptions, io: CliIo): Promise<number> {
  // Loaded here, not with the CLI (see acs_serve.ts).
  const [{ createDb, DbUrlError }, { migrateDb }] = await Promise.all([
    import("../../acs/db/client.ts"),
    import("../../acs/db/migrate.ts"),
  ]);
  const authToken = opts.authToken ?? io.env("CWMP_DB_AUTH_TOKEN");
  let db;
  try {
    db = await createDb(opts.db, authToken === undefined || authToken === "" ? {} : { authToken });
  } catch (error) {
    if (error instanceof DbUrlError) throw new UsageError(error.message);
    throw error;
  }
  try {
    const { applied } = await migrateDb(db);
    writeResult(io, { db: opts.db, applied }, {
      json: opts.json ?? false,
      text: () =>
        applied.length === 0
          ? [`${opts.db} is up to date`]
          : applied.map((tag) => `applied ${tag}`),
    });
    return ExitCode.ok;
  } finally {
    db.$client.close();
  }
}
