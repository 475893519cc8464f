/**
 * `cwmp set-attrs DEVICE PATH=NOTIFY... [--access subscriber|none]`: SetParameterAttributes on
 * one device, through the ACS.
 *
 * @module
 */

import { type Command, Option } from "@commander-js/extra-typings";
import type { Notification } from "../../protocol/rpc/_structs.ts";
import type { SetParameterAttributesStruct } from "../../protocol/rpc/set_parameter_attributes.ts";
import { examplesHelp } from "../command.ts";
import { UsageError } from "../errors.ts";
import type { CliIo } from "../io.ts";
import { type NbiContext, type NbiDeps, runNbiAction } from "../nbi_command.ts";
import { type RpcCommandOptions, runRpc, withRpcOptions } from "../rpc_task.ts";
import { NOTIFICATION_NAMES } from "./param_attrs.ts";

/** The parsed command line of `cwmp set-attrs`. */
export interface SetAttrsOptions extends RpcCommandOptions {
  device: string;
  /** `PATH=NOTIFY`: off, passive, active, 0 to 6, or keep. */
  assignments: string[];
  /** Replace every path's access list: `subscriber` lets the subscriber write, `none` not. */
  access?: "subscriber" | "none";
}

/**
 * Registers `set-attrs` on the program.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerSetAttrs(program: Command, context: NbiContext): void {
  withRpcOptions(
    program.command("set-attrs")
      .summary("change parameter attributes")
      .description(
        "Change parameter attributes on a device (SetParameterAttributes), all in one " +
          "request. Each argument is PATH=NOTIFY: NOTIFY is off, passive or active (or 0, 1, " +
          "2; 3 to 6 are CWMP 1.4's lightweight kinds), or keep to leave the notification " +
          "as it is. --access replaces the access list of every PATH given: subscriber lets " +
          "the subscriber write the parameter too, none lets only the ACS.",
      )
      .argument("<DEVICE>", "device id")
      .argument("<PATH=NOTIFY...>", "parameter (or partial path) and notification")
      .addOption(
        new Option("--access <WHO>", "replace the access lists").choices(
          ["subscriber", "none"] as const,
        ),
      ),
  )
    .addHelpText(
      "after",
      examplesHelp([
        {
          command: "cwmp set-attrs GW-1 InternetGatewayDevice.DeviceInfo.SoftwareVersion=active",
          description: "Have the device report software version changes at once",
        },
        {
          command: "cwmp set-attrs GW-1 Device.WiFi.SSID.1.SSID=keep --access none",
          description: "Let only the ACS change the SSID, keeping its notification",
        },
      ]),
    )
    .action((device, assignments, options) =>
      runNbiAction(() => run({ ...options, device, assignments }, context.io, context.deps), {
        command: "set-attrs",
        context,
      })
    );
}

/**
 * Parses `PATH=NOTIFY` into a SetParameterAttributesStruct.
 *
 * @param text The argument as typed.
 * @param access The `--access` option.
 * @returns The struct.
 * @throws {UsageError} Malformed, or neither the notification nor the access list changes.
 *
 * @example Usage
 * ```ts
 * import { parseAttribute } from "./param_set_attrs.ts";
 * const s = parseAttribute("A.B=active", undefined);
 * if (!s.notificationChange || s.notification !== 2 || s.accessListChange) {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function parseAttribute(
  text: string,
  access: "subscriber" | "none" | undefined,
): SetParameterAttributesStruct {
  const eq = text.lastIndexOf("=");
  const name = eq < 0 ? "" : text.slice(0, eq).trim();
  const notify = text.slice(eq + 1).trim().toLowerCase();
  if (eq < 0 || name === "") {
    throw new UsageError(`invalid attribute '${text}': expected PATH=NOTIFY, e.g. A.B=active`);
  }
  const keep = notify === "keep";
  const byName = NOTIFICATION_NAMES.indexOf(notify);
  const value = /^[0-6]$/.test(notify) ? Number(notify) : byName;
  if (!keep && value < 0) {
    throw new UsageError(
      `invalid notification '${notify}' for ${name}: expected off, passive, active, 0-6 or keep`,
    );
  }
  if (keep && access === undefined) {
    throw new UsageError(`${name}=keep changes nothing: give --access too`);
  }
  return {
    name,
    notificationChange: !keep,
    notification: (keep ? 0 : value) as Notification,
    accessListChange: access !== undefined,
    accessList: access === "subscriber" ? ["Subscriber"] : [],
  };
}

/**
 * Changes the attributes and prints that they were.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch and clock.
 * @returns 0 when the device applied them, 1 on a fault or timeout.
 * @throws {UsageError} A malformed argument.
 */
export function run(opts: SetAttrsOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  const parameterList = opts.assignments.map((a) => parseAttribute(a, opts.access));
  return runRpc(
    {
      command: "set-attrs",
      device: opts.device,
      request: { method: "SetParameterAttributes", parameterList },
      render: () => [`attributes of ${parameterList.length} path(s) changed`],
    },
    opts,
    { io, deps },
  );
}
