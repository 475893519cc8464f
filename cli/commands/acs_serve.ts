/**
 * `cwmp acs serve [--listen [HOST:]PORT] [--api-listen [HOST:]PORT] [--db URL] [--cpe-auth MODE]
 * [--cert FILE --key FILE [--client-ca FILE]] [--secret-file FILE]`: run the ACS until SIGINT
 * or SIGTERM.
 *
 * @module
 */

import type { Command, CommandUnknownOpts } from "@commander-js/extra-typings";
// The ACS (libSQL's native client, drizzle, hono) loads when this command runs, not with the
// CLI: `cwmp cpe run` on a gateway never needs it (BENCHMARKS.md, CPE agent on ARM64).
import type { LogLevel } from "../../acs/app.ts";
import type { CpeAuthMode } from "../../acs/auth/gate.ts";
import type { AcsTlsOptions } from "../../acs/serve.ts";
import { type CommandContext, examplesHelp, runAction } from "../command.ts";
import { ExitCode, oneLine, UsageError } from "../errors.ts";
import type { CliIo } from "../io.ts";

/** The parsed command line of `cwmp acs serve`. */
export interface AcsServeOptions {
  /** `[HOST:]PORT` of the CWMP listener. */
  listen: string;
  /** `[HOST:]PORT` of the northbound API (the command line's default 127.0.0.1:7557); absent:
   * no API. */
  apiListen?: string;
  /** Database URL. */
  db: string;
  /** Token of a remote libSQL database (default: $CWMP_DB_AUTH_TOKEN). */
  authToken?: string;
  /** Require device credentials to download files. */
  filesAuth?: boolean;
  /** CPE authentication mode (default `first-contact`). */
  cpeAuth?: string;
  /** PEM certificate chain file: serve HTTPS. */
  cert?: string;
  /** PEM private key file. */
  key?: string;
  /** PEM file of the CAs of CPE certificates: verify CPE certificates (mTLS). */
  clientCa?: string;
  /** With `clientCa`: refuse CPEs without a certificate. */
  requireClientCert?: boolean;
  /** File with the server secret (16 bytes or more). */
  secretFile?: string;
  /** Sessions in progress above which a new session gets 503 (default 2000). */
  maxSessions?: string;
  /** Retry-After of that 503, in seconds (default 30). */
  retryAfter?: string;
  /** NextURL of every KickedResponse (default: the CPE's own Next). */
  kickedNextUrl?: string;
  /** The CWMP listener as devices reach it (uploads without a URL go there). */
  publicUrl?: string;
  /** SQLite `synchronous` of a `file:` database: `full` (default) or `normal`. */
  dbSync?: string;
  /** False with `--no-bootstrap-policy`. */
  bootstrapPolicy?: boolean;
  /** PeriodicInformInterval the bootstrap policy sets, in seconds (default 3600). */
  periodicInformInterval?: string;
}

/** What `run` waits on; tests replace the signal wait. */
export interface AcsServeDeps {
  /** Resolves when the server should stop (default: SIGINT or SIGTERM). */
  waitForStop(): Promise<unknown>;
}

const DEFAULT_HOST = "0.0.0.0";
const DEFAULT_PORT = 7547;
const DEFAULT_API_HOST = "127.0.0.1";
const DEFAULT_API_PORT = 7557;

/**
 * Registers `acs serve` on the program, creating the `acs` group if no other command has.
 *
 * @param program The root command.
 * @param context IO and the exit-code sink.
 */
export function registerAcsServe(program: Command, context: CommandContext): void {
  const acs: CommandUnknownOpts = program.commands.find((c) => c.name() === "acs") ??
    program.command("acs").summary("run and manage the ACS").description(
      "The auto-configuration server: CWMP endpoint, device store and task queue.",
    );
  acs.command("serve")
    .summary("run the ACS")
    .description(
      "Serve CWMP (TR-069) to CPEs until SIGINT or SIGTERM. The database is created and " +
        "migrated at start. One line on stderr says where it listens; warnings and errors " +
        "follow on stderr (everything with CWMP_DEBUG=1).",
    )
    .option("--listen <[HOST:]PORT>", "CWMP listener address", `${DEFAULT_HOST}:${DEFAULT_PORT}`)
    .option(
      "--api-listen <[HOST:]PORT>",
      "northbound API address (host defaults to 127.0.0.1)",
      `${DEFAULT_API_HOST}:${DEFAULT_API_PORT}`,
    )
    .option(
      "--db <URL>",
      "database: file:PATH, :memory:, libsql://..., http(s)://...",
      "file:./cwmp.db",
    )
    .option("--auth-token <TOKEN>", "token of a remote libSQL database (or $CWMP_DB_AUTH_TOKEN)")
    .option(
      "--db-sync <full|normal>",
      "file: database: full syncs every commit to disk; normal survives a crash of the ACS " +
        "but may lose the last commits on a power cut, for less CPU per session",
      "full",
    )
    .option("--files-auth", "require device credentials (Digest) to download files")
    .option(
      "--cpe-auth <MODE>",
      "CPE authentication: open, first-contact (unknown devices get credentials), strict",
      "first-contact",
    )
    .option("--cert <FILE>", "PEM certificate chain: serve CWMP over HTTPS (needs --key)")
    .option("--key <FILE>", "PEM private key of --cert")
    .option("--client-ca <FILE>", "PEM CAs of CPE certificates: verify those CPEs present (mTLS)")
    .option("--require-client-cert", "with --client-ca: refuse CPEs without a certificate")
    .option(
      "--secret-file <FILE>",
      "server secret for nonces and stored passwords (default: kept in the database)",
    )
    .option("--max-sessions <N>", "sessions in progress above which new ones get 503", "2000")
    .option("--retry-after <SECONDS>", "Retry-After sent with that 503", "30")
    .option("--kicked-next-url <URL>", "NextURL of every KickedResponse (default: the CPE's Next)")
    .option(
      "--public-url <URL>",
      "the CWMP listener as devices reach it, for uploads without a URL (default: each " +
        "device's ManagementServer.URL)",
    )
    .option(
      "--periodic-inform-interval <SECONDS>",
      "PeriodicInformInterval the bootstrap policy sets on a new device",
      "3600",
    )
    .option(
      "--no-bootstrap-policy",
      "leave new devices' periodic Informs as they are (presets still apply)",
    )
    .addHelpText(
      "after",
      examplesHelp([
        { command: "cwmp acs serve", description: "Serve on 0.0.0.0:7547 with ./cwmp.db" },
        {
          command: "cwmp acs serve --cert acs.pem --key acs.key --listen 7548",
          description: "Serve HTTPS on port 7548",
        },
        {
          command: "cwmp acs serve --listen 127.0.0.1:17547 --db file:/tmp/acs.db",
          description: "Serve on loopback with another database",
        },
      ]),
    )
    .action((options) =>
      runAction(() => run({ ...options, listen: options.listen, db: options.db }, context.io), {
        command: "acs serve",
        context,
      })
    );
}

/**
 * Parses `[HOST:]PORT`; an IPv6 host goes in brackets (`[::1]:7547`).
 *
 * @param value The option's value.
 * @returns Host and port; the host defaults to 0.0.0.0.
 * @throws {UsageError} Not a valid address.
 *
 * @example Usage
 * ```ts
 * import { parseListen } from "./acs_serve.ts";
 * const { hostname, port } = parseListen("[::1]:8080");
 * if (hostname !== "::1" || port !== 8080) throw new Error("unexpected");
 * if (parseListen("7547").hostname !== "0.0.0.0") throw new Error("unexpected");
 * ```
 */
export function parseListen(value: string): { hostname: string; port: number } {
  const match = /^(?:(\[[0-9A-Fa-f:.]+\]|[^:[\]]+):)?(\d{1,5})$/.exec(value.trim());
  const port = Number(match?.[2]);
  if (match === null || port > 65535) {
    throw new UsageError(`invalid --listen '${value}': expected [HOST:]PORT, e.g. 0.0.0.0:7547`);
  }
  const host = match[1] ?? DEFAULT_HOST;
  return { hostname: host.startsWith("[") ? host.slice(1, -1) : host, port };
}

/**
 * Serves the ACS until stopped.
 *
 * @param opts The parsed command line.
 * @param io Where to write the listening line and the log.
 * @param deps What to wait for before stopping.
 * @returns 0 after a clean stop; 1 when the listener cannot be opened.
 * @throws {UsageError} A bad --listen or --db.
 */
export async function run(
  opts: AcsServeOptions,
  io: CliIo,
  deps?: AcsServeDeps,
): Promise<number> {
  const [
    { DbUrlError },
    { CPE_AUTH_MODES },
    { ListenError, serveAcs, waitForShutdownSignal },
    { DEFAULT_BOOTSTRAP_POLICY },
  ] = await Promise.all([
    import("../../acs/db/client.ts"),
    import("../../acs/auth/gate.ts"),
    import("../../acs/serve.ts"),
    import("../../acs/provisioning/bootstrap_policy.ts"),
  ]);
  const waitForStop = deps?.waitForStop ?? waitForShutdownSignal;
  const { hostname, port } = parseListen(opts.listen);
  const publicUrl = opts.publicUrl === undefined ? undefined : parsePublicUrl(opts.publicUrl);
  const listenApi = opts.apiListen === undefined ? undefined : parseApiListen(opts.apiListen);
  const api = listenApi === undefined
    ? undefined
    : { ...listenApi, ...(publicUrl === undefined ? {} : { app: { publicUrl } }) };
  const authToken = opts.authToken ?? io.env("CWMP_DB_AUTH_TOKEN");
  const mode = parseCpeAuth(opts.cpeAuth ?? "first-contact", CPE_AUTH_MODES);
  const tls = await readTls(opts, io);
  const secret = opts.secretFile === undefined
    ? undefined
    : await readOption(io, "--secret-file", opts.secretFile);
  if (secret !== undefined && secret.byteLength < 16) {
    throw new UsageError(`--secret-file ${opts.secretFile} holds fewer than 16 bytes`);
  }
  const app = {
    maxSessions: positiveInteger("--max-sessions", opts.maxSessions ?? "2000"),
    retryAfterSeconds: positiveInteger("--retry-after", opts.retryAfter ?? "30"),
    ...(opts.kickedNextUrl === undefined ? {} : { kickedNextUrl: opts.kickedNextUrl }),
  };
  const debug = io.env("CWMP_DEBUG") === "1";
  const log = (level: LogLevel, message: string): void => {
    if (debug || level === "warn" || level === "error") {
      io.stderr.write(`cwmp acs: ${level}: ${oneLine(message)}\n`);
    }
  };
  let server;
  try {
    server = await serveAcs({
      hostname,
      port,
      dbUrl: opts.db,
      dbSynchronous: parseDbSync(opts.dbSync ?? "full"),
      ...(authToken === undefined || authToken === "" ? {} : { authToken }),
      log,
      ...(api === undefined ? {} : { api }),
      ...(opts.filesAuth ? { files: { requireAuth: true } } : {}),
      cpeAuth: { mode, ...(secret === undefined ? {} : { secret }) },
      ...(tls === undefined ? {} : { tls }),
      app,
      provisioning: {
        bootstrap: opts.bootstrapPolicy === false ? null : {
          ...DEFAULT_BOOTSTRAP_POLICY,
          periodicInformIntervalSeconds: positiveInteger(
            "--periodic-inform-interval",
            opts.periodicInformInterval ?? "3600",
          ),
        },
      },
    });
  } catch (error) {
    if (error instanceof DbUrlError) throw new UsageError(error.message);
    if (!(error instanceof ListenError)) throw error;
    io.stderr.write(`cwmp acs serve: ${oneLine(error.message)}\n`);
    return ExitCode.failed;
  }
  const host = server.hostname.includes(":") ? `[${server.hostname}]` : server.hostname;
  const scheme = server.tls ? "https" : "http";
  io.stderr.write(`cwmp acs: listening on ${scheme}://${host}:${server.port} (db ${opts.db})\n`);
  if (server.api !== undefined) {
    const apiHost = server.api.hostname.includes(":")
      ? `[${server.api.hostname}]`
      : server.api.hostname;
    io.stderr.write(`cwmp acs: API on http://${apiHost}:${server.api.port}\n`);
    // Without a token nobody can use the API: say how to make one.
    if (!server.api.hasToken) {
      io.stderr.write(
        `cwmp acs: no API token exists; create one with: cwmp acs token create --db ${opts.db}\n`,
      );
    }
  }
  try {
    await waitForStop();
  } finally {
    await server.shutdown();
  }
  return ExitCode.ok;
}

/**
 * Parses the `--api-listen` value: `[HOST:]PORT`, the host defaulting to 127.0.0.1 (the API
 * is for operators, not for CPEs).
 *
 * @param value The option's value.
 * @returns Host and port.
 * @throws {UsageError} Not a valid address.
 *
 * @example Usage
 * ```ts
 * import { parseApiListen } from "./acs_serve.ts";
 * if (parseApiListen("8080").hostname !== "127.0.0.1") throw new Error("unexpected");
 * ```
 */
export function parseApiListen(value: string): { hostname: string; port: number } {
  try {
    const parsed = parseListen(value);
    return /^\s*\d+\s*$/.test(value) ? { ...parsed, hostname: DEFAULT_API_HOST } : parsed;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new UsageError(
      `invalid --api-listen '${value}': expected [HOST:]PORT, e.g. 127.0.0.1:7557`,
    );
  }
}

function parsePublicUrl(value: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new UsageError(
      `invalid --public-url '${value}': expected an http(s) URL, e.g. https://acs.example:7547/`,
    );
  }
  return url.href;
}

function positiveInteger(flag: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`invalid ${flag} '${value}': expected a whole number from 1`);
  }
  return n;
}

function parseCpeAuth(value: string, modes: readonly CpeAuthMode[]): CpeAuthMode {
  const mode = modes.find((m) => m === value);
  if (mode === undefined) {
    throw new UsageError(`invalid --cpe-auth '${value}': expected ${modes.join(", ")}`);
  }
  return mode;
}

async function readTls(opts: AcsServeOptions, io: CliIo): Promise<AcsTlsOptions | undefined> {
  if (opts.cert === undefined && opts.key === undefined) {
    if (opts.clientCa !== undefined || opts.requireClientCert) {
      throw new UsageError("--client-ca and --require-client-cert need --cert and --key");
    }
    return undefined;
  }
  if (opts.cert === undefined || opts.key === undefined) {
    throw new UsageError("--cert and --key go together");
  }
  if (opts.requireClientCert && opts.clientCa === undefined) {
    throw new UsageError("--require-client-cert needs --client-ca");
  }
  const text = async (flag: string, path: string): Promise<string> =>
    new TextDecoder().decode(await readOption(io, flag, path));
  return {
    cert: await text("--cert", opts.cert),
    key: await text("--key", opts.key),
    ...(opts.clientCa === undefined ? {} : { clientCa: await text("--client-ca", opts.clientCa) }),
    ...(opts.requireClientCert ? { requireClientCert: true } : {}),
  };
}

async function readOption(io: CliIo, flag: string, path: string): Promise<Uint8Array> {
  try {
    return await io.readFile(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`cannot read ${flag} ${path}: ${reason}`);
  }
}

function parseDbSync(value: string): "full" | "normal" {
  if (value === "full" || value === "normal") return value;
  throw new UsageError(`invalid --db-sync '${value}': expected full or normal`);
}
