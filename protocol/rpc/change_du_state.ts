/**
 * ChangeDUState and its response (TR-069 Amendment 3, A.4.1.10): the ACS installs, updates or
 * uninstalls Deployment Units (software modules).
 *
 * cwmp-1-2.xsd carries each operation in its own `Operations` element of the abstract type
 * OperationStruct, the concrete type named by `xsi:type` (`cwmp:InstallOpStruct`,
 * `cwmp:UpdateOpStruct`, `cwmp:UninstallOpStruct`).
 *
 * @module
 */

import { RemoteProtocolError } from "../errors.ts";
import type { XmlElement } from "../xml/types.ts";
import type { XmlNode } from "../xml/write.ts";
import { optionalText } from "./_read.ts";
import { textNode } from "./_build.ts";
import {
  nonEmptyNode,
  optionalTrimmed,
  repeatedItems,
  requireTrimmed,
  xsiTypeName,
} from "./_transfer_structs.ts";
import type { Codec } from "./codec.ts";

/** InstallOpStruct: install a Deployment Unit. Empty strings are left out on the wire. */
export interface InstallOpStruct {
  type: "InstallOpStruct";
  /** Where to fetch the Deployment Unit (at most 1024 characters). */
  url: string;
  /** UUID to give the Deployment Unit; empty lets the CPE choose. */
  uuid: string;
  /** Empty when the file server needs no authentication. */
  username: string;
  password: string;
  /** Path of the Execution Environment, e.g. `Device.SoftwareModules.ExecEnv.1.`; may be empty. */
  executionEnvRef: string;
}

/** UpdateOpStruct: update one Deployment Unit, or all when UUID and URL are empty. */
export interface UpdateOpStruct {
  type: "UpdateOpStruct";
  uuid: string;
  /** Which version to update when several are installed; may be empty. */
  version: string;
  url: string;
  username: string;
  password: string;
}

/** UninstallOpStruct: uninstall a Deployment Unit. */
export interface UninstallOpStruct {
  type: "UninstallOpStruct";
  uuid: string;
  /** Which version to uninstall; empty uninstalls all versions. */
  version: string;
  executionEnvRef: string;
}

/** One operation of ChangeDUState; `type` is the `xsi:type` of its `Operations` element. */
export type OperationStruct = InstallOpStruct | UpdateOpStruct | UninstallOpStruct;

/** ChangeDUState (cwmp-1-2). */
export interface ChangeDUState {
  method: "ChangeDUState";
  /** At least one. */
  operations: OperationStruct[];
  /** Echoed in DUStateChangeComplete. */
  commandKey: string;
}

/** ChangeDUStateResponse: no arguments. */
export interface ChangeDUStateResponse {
  method: "ChangeDUStateResponse";
}

const OPERATION_TYPES: readonly OperationStruct["type"][] = [
  "InstallOpStruct",
  "UpdateOpStruct",
  "UninstallOpStruct",
];

/**
 * Codec of ChangeDUState. Decoding also reads the SOAP-array form some peers write (one
 * `Operations` element wrapping `InstallOpStruct`… items); an operation whose type is missing
 * or unknown is an error rather than a guess.
 *
 * @example Usage
 * ```ts
 * import { changeDuStateCodec } from "./change_du_state.ts";
 * const [op, key] = changeDuStateCodec.encode({
 *   method: "ChangeDUState",
 *   operations: [{
 *     type: "UninstallOpStruct",
 *     uuid: "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
 *     version: "",
 *     executionEnvRef: "",
 *   }],
 *   commandKey: "du-1",
 * });
 * if (op?.attributes?.["xsi:type"] !== "cwmp:UninstallOpStruct" || key?.text !== "du-1") {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Amendment 3, A.4.1.10 ChangeDUState
 */
export const changeDuStateCodec: Codec<ChangeDUState> = {
  since: "1.2",
  encode(m) {
    return [
      ...m.operations.map((op) => ({
        name: "Operations",
        attributes: { "xsi:type": `cwmp:${op.type}` },
        children: operationChildren(op),
      })),
      textNode("CommandKey", m.commandKey),
    ];
  },
  decode(element) {
    const items = repeatedItems(element, "Operations", OPERATION_TYPES);
    if (items.length === 0) {
      throw new RemoteProtocolError("Cannot decode ChangeDUState: missing Operations");
    }
    return {
      method: "ChangeDUState",
      operations: items.map(readOperation),
      commandKey: optionalText(element, "CommandKey"),
    };
  },
};

function operationChildren(op: OperationStruct): XmlNode[] {
  switch (op.type) {
    case "InstallOpStruct":
      return [
        textNode("URL", op.url),
        ...nonEmptyNode("UUID", op.uuid),
        ...nonEmptyNode("Username", op.username),
        ...nonEmptyNode("Password", op.password),
        ...nonEmptyNode("ExecutionEnvRef", op.executionEnvRef),
      ];
    case "UpdateOpStruct":
      return [
        ...nonEmptyNode("UUID", op.uuid),
        ...nonEmptyNode("Version", op.version),
        ...nonEmptyNode("URL", op.url),
        ...nonEmptyNode("Username", op.username),
        ...nonEmptyNode("Password", op.password),
      ];
    case "UninstallOpStruct":
      return [
        textNode("UUID", op.uuid),
        ...nonEmptyNode("Version", op.version),
        ...nonEmptyNode("ExecutionEnvRef", op.executionEnvRef),
      ];
  }
}

function readOperation(item: XmlElement): OperationStruct {
  const name = xsiTypeName(item) ?? item.local;
  const type = OPERATION_TYPES.find((t) => t.toLowerCase() === name.toLowerCase());
  switch (type) {
    case "InstallOpStruct":
      return {
        type,
        url: requireTrimmed(item, "URL"),
        uuid: optionalTrimmed(item, "UUID"),
        username: optionalText(item, "Username"),
        password: optionalText(item, "Password"),
        executionEnvRef: optionalTrimmed(item, "ExecutionEnvRef"),
      };
    case "UpdateOpStruct":
      return {
        type,
        uuid: optionalTrimmed(item, "UUID"),
        version: optionalText(item, "Version"),
        url: optionalTrimmed(item, "URL"),
        username: optionalText(item, "Username"),
        password: optionalText(item, "Password"),
      };
    case "UninstallOpStruct":
      return {
        type,
        uuid: requireTrimmed(item, "UUID"),
        version: optionalText(item, "Version"),
        executionEnvRef: optionalTrimmed(item, "ExecutionEnvRef"),
      };
    case undefined:
      throw new RemoteProtocolError(
        `Cannot decode ChangeDUState: Operations has unknown type '${name}'`,
      );
  }
}

/**
 * Codec of ChangeDUStateResponse.
 *
 * @example Usage
 * ```ts
 * import { changeDuStateResponseCodec } from "./change_du_state.ts";
 * if (changeDuStateResponseCodec.since !== "1.2") throw new Error("unexpected");
 * ```
 * @see TR-069 Amendment 3, A.4.1.10 ChangeDUState
 */
export const changeDuStateResponseCodec: Codec<ChangeDUStateResponse> = {
  since: "1.2",
  encode() {
    return [];
  },
  decode() {
    return { method: "ChangeDUStateResponse" };
  },
};
