/**
 * `cwmp set DEVICE PATH=VALUE[:TYPE]...`: SetParameterValues on one device, through the ACS.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import type { ParameterValueStruct, ValueType } from "../../protocol/rpc/values.ts";
import { canonicalValue, VALUE_TYPES } from "../../protocol/rpc/values.ts";
import { examplesHelp } from "../command.ts";
import { UsageError } from "../errors.ts";
import type { CliIo } from "../io.ts";
import type { NbiClient, NbiDeviceDetail } from "../nbi_client.ts";
import { clientOf, type NbiContext, type NbiDeps, runNbiAction, segment } from "../nbi_command.ts";
import { type RpcCommandOptions, runRpc, withRpcOptions } from "../rpc_task.ts";

/** The parsed command line of `cwmp set`. */
export interface SetOptions extends RpcCommandOptions {
  device: string;
  /** `PATH=VALUE` or `PATH=VALUE:TYPE`. */
  assignments: string[];
  /** The ParameterKey to set with the values (default: the task id). */
  parameterKey?: string;
}

/** One parsed `PATH=VALUE[:TYPE]`; `type` is undefined when not given. */
export interface Assignment {
  name: string;
  value: string;
  type: ValueType | undefined;
}

/**
 * Registers `set` on the program.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerSet(program: Command, context: NbiContext): void {
  withRpcOptions(
    program.command("set")
      .summary("write parameter values of a device")
      .description(
        "Set parameter values on a device (SetParameterValues) through the ACS, all in one " +
          "request. Each assignment is PATH=VALUE or PATH=VALUE:TYPE; TYPE is string, int, " +
          "unsignedInt, long, unsignedLong, boolean, dateTime or base64, with or without " +
          "'xsd:'. Without TYPE, the type the ACS last saw for the parameter is used, else " +
          "string. A value that itself ends in ':string' or another type name needs its TYPE " +
          "written after it. Prints whether the device applied the values or will after a " +
          "reboot.",
      )
      .argument("<DEVICE>", "device id")
      .argument("<PATH=VALUE[:TYPE]...>", "assignments")
      .option("--parameter-key <KEY>", "ParameterKey to set with the values (default: task id)"),
  )
    .addHelpText(
      "after",
      examplesHelp([
        {
          command:
            "cwmp set GW-1 InternetGatewayDevice.ManagementServer.PeriodicInformInterval=300",
          description: "Set one value, with the type the ACS knows for it",
        },
        {
          command: "cwmp set GW-1 Device.WiFi.SSID.1.SSID=home Device.WiFi.SSID.1.Enable=1:boolean",
          description: "Set two values in one request, one with an explicit type",
        },
      ]),
    )
    .action((device, assignments, options) =>
      runNbiAction(() => run({ ...options, device, assignments }, context.io, context.deps), {
        command: "set",
        context,
      })
    );
}

/**
 * Parses `PATH=VALUE[:TYPE]`.
 *
 * @param text The assignment as typed.
 * @returns Name, value and the type when given.
 * @throws {UsageError} No `=`, an empty or partial path.
 *
 * @example Usage
 * ```ts
 * import { parseAssignment } from "./param_set.ts";
 * const a = parseAssignment("A.Port=8080:xsd:unsignedInt");
 * if (a.name !== "A.Port" || a.value !== "8080" || a.type !== "unsignedInt") {
 *   throw new Error("unexpected");
 * }
 * if (parseAssignment("A.URL=http://acs:7547/").value !== "http://acs:7547/") {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function parseAssignment(text: string): Assignment {
  const eq = text.indexOf("=");
  const name = eq < 0 ? "" : text.slice(0, eq).trim();
  if (eq < 0 || name === "") {
    throw new UsageError(`invalid assignment '${text}': expected PATH=VALUE[:TYPE]`);
  }
  if (name.endsWith(".")) {
    throw new UsageError(`invalid assignment '${text}': ${name} is an object, not a parameter`);
  }
  const rest = text.slice(eq + 1);
  const colon = rest.lastIndexOf(":");
  // The type may itself be written `xsd:TYPE`, so look for that prefix before the last colon.
  for (const prefix of ["xsd:", ""]) {
    const at = prefix === "" ? colon : rest.toLowerCase().lastIndexOf(`:${prefix}`);
    if (at < 0) continue;
    const type = typeOf(rest.slice(at + 1 + prefix.length));
    if (type !== undefined) return { name, value: rest.slice(0, at), type };
  }
  return { name, value: rest, type: undefined };
}

function typeOf(text: string): ValueType | undefined {
  return VALUE_TYPES.find((t) => t.toLowerCase() === text.toLowerCase());
}

/**
 * Sets the values and prints the device's status.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch and clock.
 * @returns 0 when the device applied them, 1 on a fault or timeout.
 * @throws {UsageError} A malformed assignment or a value not of its type.
 */
export async function run(opts: SetOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  const assignments = opts.assignments.map(parseAssignment);
  const untyped = assignments.filter((a) => a.type === undefined).map((a) => a.name);
  const known = untyped.length === 0
    ? new Map<string, string>()
    : await knownTypes(clientOf(opts, io, deps), opts.device, untyped);
  const parameterList = assignments.map((a) => typedValue(a, known));
  return runRpc(
    {
      command: "set",
      device: opts.device,
      request: {
        method: "SetParameterValues",
        parameterList,
        parameterKey: opts.parameterKey ?? "",
      },
      render: (result) => [
        result["status"] === 1
          ? "applied; the device commits the change after a reboot (status 1)"
          : "applied (status 0)",
      ],
    },
    opts,
    { io, deps },
  );
}

function typedValue(a: Assignment, known: ReadonlyMap<string, string>): ParameterValueStruct {
  const type = a.type ?? typeOf(known.get(a.name) ?? "string") ?? "string";
  const value = canonicalValue(type, a.value);
  if (value === undefined) {
    throw new UsageError(`invalid value '${a.value}' for ${a.name}: not a valid ${type}`);
  }
  return { name: a.name, value, type };
}

// The types the ACS stored from the device's answers, for assignments that give none.
async function knownTypes(
  client: NbiClient,
  device: string,
  names: readonly string[],
): Promise<Map<string, string>> {
  const types = new Map<string, string>();
  for (const name of new Set(names)) {
    const { body } = await client.json<NbiDeviceDetail>(`/api/devices/${segment(device)}`, {
      query: { prefix: name },
    });
    const found = body.parameters.find((p) => p.path === name);
    if (found?.type != null) types.set(name, found.type);
  }
  return types;
}
