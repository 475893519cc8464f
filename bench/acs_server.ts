/**
 * The ACS as the load harness starts it (bench/acs_inform_load.ts): the same app and store as
 * `cwmp acs serve`, with the store's executor, group commit and the HTTP adapter chosen on the
 * command line, so they can be compared in one run.
 *
 *     deno run -A bench/acs_server.ts --db file:/tmp/acs.db [--adapter deno|node]
 *       [--executor sync|client] [--group-commit on|off] [--max-sessions N]
 *
 * Prints `listening PORT` on stdout once it serves on 127.0.0.1, and stops when stdin closes.
 *
 * @module
 */

import { serve as nodeServe } from "@hono/node-server";
import { createAcsApp } from "../acs/app.ts";
import { createDb } from "../acs/db/client.ts";
import { migrateDb } from "../acs/db/migrate.ts";
import { createDrizzleStore } from "../acs/store/drizzle_store.ts";

interface ServerArgs {
  db: string;
  adapter: "deno" | "node";
  executor: "sync" | "client";
  groupCommit: boolean;
  maxSessions: number;
}

function parseArgs(args: readonly string[]): ServerArgs {
  const value = (name: string, fallback: string): string => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] ?? fallback : fallback;
  };
  const adapter = value("adapter", "deno");
  const executor = value("executor", "sync");
  if (
    (adapter !== "deno" && adapter !== "node") || (executor !== "sync" && executor !== "client")
  ) {
    throw new Error("usage: --adapter deno|node --executor sync|client");
  }
  return {
    db: value("db", ":memory:"),
    adapter,
    executor,
    groupCommit: value("group-commit", "on") === "on",
    maxSessions: Number(value("max-sessions", "100000")),
  };
}

async function main(): Promise<void> {
  const args = parseArgs(Deno.args);
  const db = await createDb(args.db);
  await migrateDb(db);
  const store = createDrizzleStore(db, {
    url: args.db,
    executor: args.executor,
    groupCommit: args.groupCommit,
  });
  const app = createAcsApp({ store, maxSessions: args.maxSessions });
  let stop: () => Promise<void>;
  if (args.adapter === "deno") {
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.fetch);
    console.log(`listening ${server.addr.port}`);
    stop = () => server.shutdown();
  } else {
    const { promise, resolve } = Promise.withResolvers<number>();
    const server = nodeServe({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => {
      resolve(info.port);
    });
    console.log(`listening ${await promise}`);
    stop = () => new Promise((done) => server.close(() => done()));
  }
  // The harness closes our stdin to stop us.
  for await (const _ of Deno.stdin.readable) { /* wait for EOF */ }
  await stop();
  await store.close();
  db.$client.close();
}

if (import.meta.main) await main();
