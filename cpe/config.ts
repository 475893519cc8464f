/**
 * The agent's configuration file (`cwmp cpe run --config FILE`, JSON): the ACS and its
 * credentials, the device's identity, its data model, the state file, the Connection Request
 * listener, hooks and value backends. {@link parseAgentConfig} checks it field by field and
 * fills in defaults; a wrong field is a {@link ConfigError} naming it.
 *
 * @module
 */

import { CWMP_VERSIONS, type CwmpVersion } from "../protocol/soap/namespaces.ts";
import { type BackendSpec, parseBackendSpec } from "./config_values.ts";
import { isBuiltinModelName } from "./datamodel/loader.ts";
import {
  ConfigError,
  field,
  type Fields,
  optionalBoolean,
  optionalNumber,
  optionalString,
  requireString,
} from "./config_fields.ts";

export { ConfigError } from "./config_fields.ts";

/** The checked configuration, with defaults applied and paths resolved. */
export interface AgentConfig {
  acs: {
    url: string;
    username: string;
    password: string;
    /** PEM file of extra trusted CAs. */
    caFile?: string;
    /** PEM files of a client certificate and its key. */
    clientCert?: { certFile: string; keyFile: string };
    allowBasicOverHttp: boolean;
    /**
     * Seconds without an HTTP response after which the agent ends the session. The file must
     * give at least {@link MIN_SESSION_TIMEOUT_SECONDS} (spec 3.7.1.4: "not less than 30
     * seconds"); code that builds a configuration itself (tests) may set less.
     */
    timeoutSeconds: number;
  };
  cwmpVersion: CwmpVersion;
  /**
   * The identity fields the file (or a flag) gives; they win over the model's own. A device
   * dump (`model` a CSV) brings its own identity, which fills the fields not given here.
   */
  identity: Partial<IdentityFields>;
  /**
   * What fills the fields neither {@link identity} nor a device dump gives: `cwmp`, `000000`,
   * `Gateway`, and the host name as serial number (when the caller offers one).
   */
  defaultIdentity: Omit<IdentityFields, "serialNumber"> & { serialNumber?: string };
  /** A built-in model name (`igd`, `device2`), or the path of a CSV device dump. */
  model: string;
  stateFile: string;
  connectionRequest: {
    /** Address and port to listen on (`listen` of the file, `[HOST:]PORT`). */
    hostname: string;
    port: number;
    /** Host to put in ConnectionRequestURL (default: the listen host, or this host's address). */
    host?: string;
    username: string;
    password: string;
    rateLimit: { count: number; seconds: number };
  };
  periodicInform: { enabled: boolean; intervalSeconds: number; time: string };
  retry: { minWaitSeconds: number; multiplier: number; maxWaitSeconds: number };
  hooks: {
    reboot?: string;
    factoryReset?: string;
    /** Shell command per Download FileType, run with the downloaded file. */
    apply: Record<string, string>;
  };
  /**
   * `simulatedFirmware`: without a firmware apply hook, a firmware image starting with the line
   * `CWMP-SIM-FIRMWARE <version>` sets DeviceInfo.SoftwareVersion and reboots the agent; one
   * without it fails with 9018 (see `transfers/simulated_firmware.ts`).
   */
  downloads: { dir: string; maxBytes: number; simulatedFirmware: boolean };
  /** Value backends by parameter path. */
  values: Record<string, BackendSpec>;
  /** Seconds between re-reads of live values to detect changes (0: only before sessions). */
  pollSeconds: number;
  /** Recent log lines kept for Upload of the vendor log file. */
  logLines: number;
}

/**
 * The least `acs.timeoutSeconds` the file may give: a CPE ends a session after no HTTP
 * response "for a locally determined time period of not less than 30 seconds".
 *
 * @see TR-069 Issue 1, 3.7.1.4 Session Termination
 */
export const MIN_SESSION_TIMEOUT_SECONDS = 30;

/** The Inform's DeviceIdStruct (spec Table 34) as the configuration names it. */
export interface IdentityFields {
  manufacturer: string;
  oui: string;
  productClass: string;
  serialNumber: string;
}

/** Command-line flags that override the file (each names the flag in errors). */
export interface ConfigOverrides {
  /** `--acs URL`: acs.url. */
  acs?: string;
  /** `--state FILE`: stateFile. */
  state?: string;
  /** `--model NAME|FILE`: model. */
  model?: string;
  /** `--listen [HOST:]PORT`: connectionRequest.listen. */
  listen?: string;
  /** `--manufacturer`, `--oui`, `--product-class`, `--serial`: identity.*. */
  identity?: Partial<IdentityFields>;
  /** `--username`: acs.username. */
  username?: string;
  /** `--password`: acs.password. */
  password?: string;
}

/** The flag of each identity field, for errors. */
const IDENTITY_FLAGS: Readonly<Record<keyof IdentityFields, string>> = {
  manufacturer: "--manufacturer",
  oui: "--oui",
  productClass: "--product-class",
  serialNumber: "--serial",
};

/**
 * Checks a decoded configuration file.
 *
 * @param data What `JSON.parse` returned.
 * @param options `baseDir` resolves relative paths (the config file's directory); `overrides`
 * are the command-line flags, which win over the file; `defaultSerialNumber` (e.g. the host
 * name) stands in for a missing `identity.serialNumber`, which is otherwise required unless the
 * model is a device dump (which has its own).
 * @returns The configuration.
 * @throws {ConfigError} A field is missing or wrong; the message names it.
 *
 * @example Usage
 * ```ts
 * import { parseAgentConfig } from "./config.ts";
 * const config = parseAgentConfig({
 *   acs: { url: "http://acs.example:7547/" },
 *   identity: { oui: "00d09e", serialNumber: "42" },
 * }, { baseDir: "/etc/cwmp", overrides: { state: "/tmp/s.json" } });
 * if (config.identity.oui !== "00D09E" || config.stateFile !== "/tmp/s.json") {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function parseAgentConfig(
  data: unknown,
  options: { baseDir: string; overrides?: ConfigOverrides; defaultSerialNumber?: string },
): AgentConfig {
  const root = field(data, "", "object");
  const overrides = options.overrides ?? {};
  const resolve = (p: string): string => resolvePath(options.baseDir, p);
  const acs = field(root.acs ?? {}, "acs", "object");
  const url = overrides.acs ?? requireString(acs, "url", "acs");
  checkUrl(url, overrides.acs === undefined ? "acs.url" : "--acs");
  const model = overrides.model ?? modelOf(optionalString(root, "model", "", "igd"), resolve);
  const identity = readIdentity(
    field(root.identity ?? {}, "identity", "object"),
    overrides.identity ?? {},
  );
  const defaultIdentity: AgentConfig["defaultIdentity"] = {
    manufacturer: "cwmp",
    oui: "000000",
    productClass: "Gateway",
  };
  if (options.defaultSerialNumber !== undefined) {
    defaultIdentity.serialNumber = options.defaultSerialNumber;
  } else if (identity.serialNumber === undefined && isBuiltinModelName(model)) {
    // A device dump has its own serial number; a builtin model has none.
    throw new ConfigError("identity.serialNumber", "is required");
  }
  const version = optionalString(root, "cwmpVersion", "", "1.0");
  if (!(CWMP_VERSIONS as readonly string[]).includes(version)) {
    throw new ConfigError("cwmpVersion", `must be one of ${CWMP_VERSIONS.join(", ")}`);
  }
  return {
    acs: readAcs(acs, { url, overrides, resolve }),
    cwmpVersion: version as CwmpVersion,
    identity,
    defaultIdentity,
    model,
    stateFile: overrides.state ??
      resolve(optionalString(root, "stateFile", "", "cwmp-cpe-state.json")),
    connectionRequest: readConnectionRequest(
      field(root.connectionRequest ?? {}, "connectionRequest", "object"),
      overrides.listen,
    ),
    periodicInform: readPeriodic(field(root.periodicInform ?? {}, "periodicInform", "object")),
    retry: readRetry(field(root.retry ?? {}, "retry", "object")),
    hooks: readHooks(field(root.hooks ?? {}, "hooks", "object")),
    downloads: {
      dir: resolve(
        optionalString(
          field(root.downloads ?? {}, "downloads", "object"),
          "dir",
          "downloads",
          "downloads",
        ),
      ),
      maxBytes: optionalNumber(
        field(root.downloads ?? {}, "downloads", "object"),
        "maxBytes",
        "downloads",
        64 * 1024 * 1024,
        { min: 1, integer: true },
      ),
      simulatedFirmware: optionalBoolean(
        field(root.downloads ?? {}, "downloads", "object"),
        "simulatedFirmware",
        "downloads",
        false,
      ),
    },
    values: readValues(field(root.values ?? {}, "values", "object")),
    pollSeconds: optionalNumber(root, "pollSeconds", "", 0, { min: 0 }),
    logLines: optionalNumber(root, "logLines", "", 1000, { min: 1, integer: true }),
  };
}

function readIdentity(
  fields: Fields,
  flags: Partial<IdentityFields>,
): Partial<IdentityFields> {
  const identity: Partial<IdentityFields> = {};
  for (const name of ["manufacturer", "oui", "productClass", "serialNumber"] as const) {
    const flag = flags[name];
    if (flag === "") throw new ConfigError(IDENTITY_FLAGS[name], "must not be empty");
    const value = flag ?? optionalString(fields, name, "identity", "");
    if (value !== "") identity[name] = value;
  }
  if (identity.oui !== undefined) {
    identity.oui = identity.oui.toUpperCase();
    if (!/^[0-9A-F]{6}$/.test(identity.oui)) {
      throw new ConfigError(
        flags.oui === undefined ? "identity.oui" : IDENTITY_FLAGS.oui,
        "must be six hexadecimal digits, e.g. 00D09E",
      );
    }
  }
  return identity;
}

function readAcs(
  acs: Fields,
  options: { url: string; overrides: ConfigOverrides; resolve: (p: string) => string },
): AgentConfig["acs"] {
  const { url, overrides, resolve } = options;
  const out: AgentConfig["acs"] = {
    url,
    username: overrides.username ?? optionalString(acs, "username", "acs", ""),
    password: overrides.password ?? optionalString(acs, "password", "acs", ""),
    allowBasicOverHttp: optionalBoolean(acs, "allowBasicOverHttp", "acs", false),
    timeoutSeconds: optionalNumber(acs, "timeoutSeconds", "acs", MIN_SESSION_TIMEOUT_SECONDS, {
      min: MIN_SESSION_TIMEOUT_SECONDS,
    }),
  };
  const caFile = optionalString(acs, "caFile", "acs", "");
  if (caFile !== "") out.caFile = resolve(caFile);
  const cert = optionalString(acs, "clientCert", "acs", "");
  const key = optionalString(acs, "clientKey", "acs", "");
  if ((cert === "") !== (key === "")) {
    throw new ConfigError(
      cert === "" ? "acs.clientCert" : "acs.clientKey",
      "is needed with its pair",
    );
  }
  if (cert !== "") out.clientCert = { certFile: resolve(cert), keyFile: resolve(key) };
  return out;
}

function readConnectionRequest(
  cr: Fields,
  listenFlag: string | undefined,
): AgentConfig["connectionRequest"] {
  const limit = field(cr.rateLimit ?? {}, "connectionRequest.rateLimit", "object");
  const listen = listenFlag ?? optionalString(cr, "listen", "connectionRequest", "0.0.0.0:7547");
  const out: AgentConfig["connectionRequest"] = {
    ...parseListenAddress(
      listen,
      listenFlag === undefined ? "connectionRequest.listen" : "--listen",
    ),
    username: optionalString(cr, "username", "connectionRequest", ""),
    password: optionalString(cr, "password", "connectionRequest", ""),
    rateLimit: {
      count: optionalNumber(limit, "count", "connectionRequest.rateLimit", 20, {
        min: 1,
        integer: true,
      }),
      seconds: optionalNumber(limit, "seconds", "connectionRequest.rateLimit", 60, { min: 0.001 }),
    },
  };
  const host = optionalString(cr, "host", "connectionRequest", "");
  if (host !== "") out.host = host;
  return out;
}

function readPeriodic(p: Fields): AgentConfig["periodicInform"] {
  const time = optionalString(p, "time", "periodicInform", "");
  if (time !== "" && !Number.isFinite(Date.parse(time))) {
    throw new ConfigError("periodicInform.time", "must be a dateTime, e.g. 2026-01-01T00:00:00Z");
  }
  return {
    enabled: optionalBoolean(p, "enabled", "periodicInform", true),
    intervalSeconds: optionalNumber(p, "intervalSeconds", "periodicInform", 86_400, {
      min: 1,
      integer: true,
    }),
    time,
  };
}

function readRetry(r: Fields): AgentConfig["retry"] {
  return {
    minWaitSeconds: optionalNumber(r, "minWaitSeconds", "retry", 5, { min: 0.001 }),
    multiplier: optionalNumber(r, "multiplier", "retry", 2000, { min: 1000 }),
    maxWaitSeconds: optionalNumber(r, "maxWaitSeconds", "retry", 10_240, { min: 0.001 }),
  };
}

function readHooks(h: Fields): AgentConfig["hooks"] {
  const hooks: AgentConfig["hooks"] = { apply: {} };
  const reboot = optionalString(h, "reboot", "hooks", "");
  if (reboot !== "") hooks.reboot = reboot;
  const reset = optionalString(h, "factoryReset", "hooks", "");
  if (reset !== "") hooks.factoryReset = reset;
  const firmware = optionalString(h, "firmwareApply", "hooks", "");
  if (firmware !== "") hooks.apply["1 Firmware Upgrade Image"] = firmware;
  const apply = field(h.apply ?? {}, "hooks.apply", "object");
  for (const [fileType, command] of Object.entries(apply)) {
    if (typeof command !== "string" || command === "") {
      throw new ConfigError(`hooks.apply.${fileType}`, "must be a shell command");
    }
    hooks.apply[fileType] = command;
  }
  return hooks;
}

function readValues(values: Fields): Record<string, BackendSpec> {
  const out: Record<string, BackendSpec> = {};
  for (const [path, spec] of Object.entries(values)) {
    if (path === "" || path.endsWith(".")) {
      throw new ConfigError(`values.${path}`, "must name a parameter, not an object");
    }
    out[path] = parseBackendSpec(spec, `values.${path}`);
  }
  return out;
}

/**
 * Parses `[HOST:]PORT` (an IPv6 host in brackets); the host defaults to 0.0.0.0.
 *
 * @param value The text.
 * @param name The field or flag it came from, for the error.
 * @returns Host and port.
 * @throws {ConfigError} Not such an address.
 *
 * @example Usage
 * ```ts
 * import { parseListenAddress } from "./config.ts";
 * const { hostname, port } = parseListenAddress("[::1]:7547");
 * if (hostname !== "::1" || port !== 7547) throw new Error("unexpected");
 * ```
 */
export function parseListenAddress(
  value: string,
  name = "connectionRequest.listen",
): { hostname: string; port: number } {
  const match = /^(?:(\[[0-9A-Fa-f:.]+\]|[^:[\]]+):)?(\d{1,5})$/.exec(value.trim());
  const port = Number(match?.[2]);
  if (match === null || port > 65535) {
    throw new ConfigError(name, `'${value}' is not [HOST:]PORT, e.g. 0.0.0.0:7547`);
  }
  const host = match[1] ?? "0.0.0.0";
  return { hostname: host.startsWith("[") ? host.slice(1, -1) : host, port };
}

function checkUrl(url: string, name: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(name, `'${url}' is not a URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new ConfigError(name, `'${url}' is not an http or https URL`);
  }
}

// A CSV path in the file is relative to the file; a name ("igd", "device2") stays a name.
function modelOf(value: string, resolve: (p: string) => string): string {
  return value.includes("/") || value.toLowerCase().endsWith(".csv") ? resolve(value) : value;
}

function resolvePath(baseDir: string, path: string): string {
  if (path.startsWith("/")) return path;
  return `${baseDir.replace(/\/+$/, "")}/${path.replace(/^\.\//, "")}`;
}
