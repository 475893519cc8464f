/**
 * Opening the ACS database: `createDb(url)` for an embedded `file:` database, an in-memory one
 * or a remote libSQL server.
 *
 * @module
 */

import { type Client, createClient } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import * as schema from "./schema/mod.ts";

/** The ACS database: drizzle over a libSQL client (`db.$client`). */
export type AcsDb = LibSQLDatabase<typeof schema> & { $client: Client };

/** Options of {@link createDb}. */
export interface CreateDbOptions {
  /** Token of a remote libSQL server (`libsql://`, `http(s)://`, `ws(s)://`). */
  authToken?: string;
  /** How long a local writer waits for another connection's lock (default 5000 ms). */
  busyTimeoutMs?: number;
  /**
   * SQLite's `synchronous` of a `file:` database in WAL mode (default `full`: every commit is
   * on disk before it returns). `normal` syncs at checkpoints only: a commit survives the
   * process being killed, but the last ones may be lost if the machine loses power.
   */
  synchronous?: DbSynchronous;
}

/** SQLite `synchronous` settings the ACS offers. */
export type DbSynchronous = "full" | "normal";

/**
 * A database URL that cannot be used, with a reason for a human.
 *
 * @example Usage
 * ```ts
 * import { DbUrlError } from "./client.ts";
 * const e = new DbUrlError("cwmp.db", "use file:cwmp.db for a local file");
 * if (!e.message.startsWith("Cannot open database cwmp.db:")) throw new Error("unexpected");
 * ```
 */
export class DbUrlError extends Error {
  /** The URL as given. */
  readonly url: string;

  /**
   * Creates the error.
   *
   * @param url The URL as given.
   * @param reason Why it cannot be used.
   */
  constructor(url: string, reason: string) {
    super(`Cannot open database ${withoutToken(url)}: ${reason}`);
    this.name = "DbUrlError";
    this.url = url;
  }
}

const REMOTE_SCHEMES = ["libsql:", "http:", "https:", "ws:", "wss:"];

/**
 * Opens a database. Nothing is created or migrated; call `migrateDb` next.
 *
 * - `file:PATH`: an embedded database, switched to WAL mode so that readers never wait for a
 *   session's write.
 * - `:memory:`: a private in-memory database (tests).
 * - `libsql://`, `http://`, `https://`, `ws://`, `wss://`: a remote libSQL server.
 *
 * @param url The database URL.
 * @param options Remote token and local busy timeout.
 * @returns The drizzle database; close it with `db.$client.close()`.
 * @throws {DbUrlError} The URL has an unsupported form, or the database cannot be opened.
 *
 * @example Usage
 * ```ts
 * import { createDb } from "./client.ts";
 * const db = await createDb(":memory:");
 * const result = await db.$client.execute("select 1 as one");
 * if (result.rows[0]?.one !== 1) throw new Error("unexpected");
 * db.$client.close();
 * ```
 */
export async function createDb(url: string, options: CreateDbOptions = {}): Promise<AcsDb> {
  const kind = urlKind(url);
  let client: Client;
  try {
    client = createClient({
      url,
      ...(options.authToken === undefined ? {} : { authToken: options.authToken }),
      ...(kind === "remote" ? {} : { timeout: options.busyTimeoutMs ?? 5000 }),
    });
  } catch (error) {
    throw new DbUrlError(url, reasonOf(error));
  }
  try {
    if (kind === "file") {
      await client.execute("PRAGMA journal_mode = WAL");
      await client.execute(`PRAGMA synchronous = ${synchronousPragma(options.synchronous)}`);
    }
    await client.execute("PRAGMA foreign_keys = ON");
  } catch (error) {
    client.close();
    throw new DbUrlError(url, reasonOf(error));
  }
  return drizzle(client, { schema });
}

function urlKind(url: string): "file" | "memory" | "remote" {
  if (url === ":memory:" || url === "file::memory:") return "memory";
  if (url.startsWith("file:")) {
    if (url.length === "file:".length) throw new DbUrlError(url, "the file name is missing");
    return "file";
  }
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0]?.toLowerCase();
  if (scheme !== undefined && REMOTE_SCHEMES.includes(scheme)) return "remote";
  const hint = scheme === undefined ? `; for a local file use file:${url}` : "";
  throw new DbUrlError(
    url,
    `expected file:PATH, :memory:, libsql://, http(s):// or ws(s)://${hint}`,
  );
}

// A token in the URL (`?authToken=`, which @libsql/client accepts) must not reach a log line.
function withoutToken(url: string): string {
  return url.replace(/([?&]authToken=)[^&#]*/gi, "$1***");
}

// A remote server refusing the token shows only as "Server returned HTTP status 401".
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const status = (error as { cause?: { status?: unknown } } | null)?.cause?.status;
  return status === 401 ? `${message} (the auth token is missing or wrong)` : message;
}

/**
 * The PRAGMA value of a {@link DbSynchronous} setting.
 *
 * @example
 * ```ts
 * import { synchronousPragma } from "./client.ts";
 * if (synchronousPragma("normal") !== "NORMAL" || synchronousPragma(undefined) !== "FULL") {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function synchronousPragma(setting: DbSynchronous | undefined): "FULL" | "NORMAL" {
  return setting === "normal" ? "NORMAL" : "FULL";
}
