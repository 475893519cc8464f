/**
 * How the store's SQL reaches the database. The session hot path runs a small fixed set of
 * statements, so an executor keeps them prepared and commits the writes of many sessions
 * together (design.md section 8: the database layer, not XML or HTTP, decides the cost of a
 * session).
 *
 * - {@link createSyncExecutor}: the `libsql` package's synchronous API on its own connection to
 *   a `file:` database, every statement prepared once per connection. The fast path.
 * - {@link createClientExecutor}: through the `@libsql/client` of the drizzle database (any URL,
 *   and the only choice for `:memory:`, whose data lives on that one connection).
 *
 * @module
 */

import { type DbSynchronous, synchronousPragma } from "../db/client.ts";
import type { Client, InValue } from "@libsql/client";
import Database from "libsql";
import {
  createWriteQueue,
  type SqlStatement,
  type SqlValue,
  type WriteQueueOptions,
} from "./write_queue.ts";

// The part of a `libsql` prepared statement used here.
interface Prepared {
  run(...args: unknown[]): unknown;
  get(...args: unknown[]): unknown;
  all(...args: unknown[]): unknown[];
}

/** A row of a read, keyed by column name. */
export type SqlRow = Readonly<Record<string, unknown>>;

/** Runs the store's SQL. */
export interface SqlExecutor {
  /** Which implementation this is. */
  readonly kind: "sync" | "client";
  /** The rows of a read; it sees every write whose promise has resolved. */
  query(sql: string, args: readonly SqlValue[]): Promise<SqlRow[]>;
  /** The first row of a read, or undefined; cheaper than {@link query} for a likely miss. */
  first(sql: string, args: readonly SqlValue[]): Promise<SqlRow | undefined>;
  /** Commits statements in one transaction, maybe with other callers'; resolves once durable. */
  write(statements: readonly SqlStatement[]): Promise<void>;
  /** Waits for queued writes, then closes what the executor opened. */
  close(): Promise<void>;
}

/** Options of both executors. */
export interface ExecutorOptions extends WriteQueueOptions {
  /** Commit the writes of several callers together (default true). */
  groupCommit?: boolean;
}

/** Options of {@link createSyncExecutor}. */
export interface SyncExecutorOptions extends ExecutorOptions {
  /** How long a writer waits for another connection's lock, in ms (default 5000). */
  busyTimeoutMs?: number;
  /** SQLite's `synchronous` (default `full`; see `CreateDbOptions.synchronous`). */
  synchronous?: DbSynchronous;
}

/**
 * The local path of a `file:` URL (`file:cwmp.db`, `file:/abs/cwmp.db`, `file:///abs/cwmp.db`),
 * or undefined for any other URL (`:memory:`, remote).
 *
 * @example Usage
 * ```ts
 * import { localPathOf } from "./executor.ts";
 * if (localPathOf("file:///var/lib/cwmp.db") !== "/var/lib/cwmp.db") throw new Error("unexpected");
 * if (localPathOf("file:./cwmp.db") !== "./cwmp.db") throw new Error("unexpected");
 * if (localPathOf(":memory:") !== undefined) throw new Error("unexpected");
 * ```
 */
export function localPathOf(url: string): string | undefined {
  if (!url.startsWith("file:") || url === "file::memory:") return undefined;
  let path = url.slice("file:".length).replace(/[?#].*$/, "");
  if (path.startsWith("//")) path = path.slice(2).replace(/^localhost(?=\/)/, "");
  path = decodeURIComponent(path);
  return path === "" || path === ":memory:" ? undefined : path;
}

/**
 * An executor on a new synchronous connection to a local database file, already created and
 * migrated (e.g. by `createDb` and `migrateDb`).
 *
 * @param path The file's path (see {@link localPathOf}).
 * @param options Group commit and busy timeout.
 * @returns The executor; close it before the file is removed.
 */
export function createSyncExecutor(path: string, options: SyncExecutorOptions = {}): SqlExecutor {
  const db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 });
  db.exec("PRAGMA foreign_keys = ON");
  db.exec(`PRAGMA synchronous = ${synchronousPragma(options.synchronous)}`);
  // libsql 0.5 returns a stale row from get() on a statement last run with all() (after a
  // get()), so reads by get() and by all() never share a prepared statement.
  const prepared = { run: new Map<string, Prepared>(), get: new Map(), all: new Map() };
  function statement(sql: string, use: keyof typeof prepared = "run"): Prepared {
    const cache: Map<string, Prepared> = prepared[use];
    let found = cache.get(sql);
    if (found === undefined) {
      found = db.prepare(sql) as Prepared;
      cache.set(sql, found);
    }
    return found;
  }
  function commit(statements: readonly SqlStatement[]): void {
    db.exec("BEGIN IMMEDIATE");
    try {
      for (const s of statements) statement(s.sql).run(...s.args);
      db.exec("COMMIT");
    } catch (error) {
      if (db.inTransaction) db.exec("ROLLBACK");
      throw error;
    }
  }
  const write = writer(commit, options);
  return {
    kind: "sync",
    query: (sql, args) => Promise.resolve(statement(sql, "all").all(...args) as SqlRow[]),
    first: (sql, args) => Promise.resolve(statement(sql, "get").get(...args) as SqlRow | undefined),
    write: write.write,
    async close(): Promise<void> {
      await write.drain();
      for (const cache of Object.values(prepared)) cache.clear();
      db.close();
    },
  };
}

/**
 * An executor over a libSQL client (the drizzle database's `$client`): each transaction is one
 * `batch()`. Closing it leaves the client open.
 *
 * @param client The client.
 * @param options Group commit.
 * @returns The executor.
 */
export function createClientExecutor(client: Client, options: ExecutorOptions = {}): SqlExecutor {
  const write = writer(async (statements) => {
    await client.batch(
      statements.map((s) => ({ sql: s.sql, args: s.args as InValue[] })),
      "write",
    );
  }, options);
  return {
    kind: "client",
    async query(sql, args): Promise<SqlRow[]> {
      const result = await client.execute({ sql, args: args as InValue[] });
      return result.rows as unknown as SqlRow[];
    },
    async first(sql, args): Promise<SqlRow | undefined> {
      const result = await client.execute({ sql, args: args as InValue[] });
      return result.rows[0] as unknown as SqlRow | undefined;
    },
    write: write.write,
    close: write.drain,
  };
}

function writer(
  commit: (statements: readonly SqlStatement[]) => void | Promise<void>,
  options: ExecutorOptions,
): { write(statements: readonly SqlStatement[]): Promise<void>; drain(): Promise<void> } {
  if (options.groupCommit === false) {
    let last: Promise<void> = Promise.resolve();
    return {
      write(statements): Promise<void> {
        const done = Promise.resolve().then(() => commit(statements));
        last = done.catch(() => {});
        return done;
      },
      drain: () => last,
    };
  }
  const queue = createWriteQueue(commit, options);
  return { write: queue.write, drain: queue.drain };
}
