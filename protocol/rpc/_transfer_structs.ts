/**
 * Pieces shared by the file-transfer and software-module codecs: trimmed names, dateTimes that
 * default to the Unknown Time, the FaultStruct of TransferComplete, Deployment Unit operation
 * results, and the liberal reading of elements the schema repeats.
 *
 * @module
 */

import { LocalProtocolError, RemoteProtocolError } from "../errors.ts";
import { type CwmpVersion, XSI } from "../soap/namespaces.ts";
import type { XmlElement } from "../xml/types.ts";
import type { XmlNode } from "../xml/write.ts";
import { booleanNode, textNode } from "./_build.ts";
import {
  attributeNS,
  optionalBoolean,
  optionalText,
  requireChild,
  requireInt,
  requireText,
} from "./_read.ts";
import type { Codec, DecodeContext, EncodeContext } from "./codec.ts";
import { isValidDateTime, UNKNOWN_TIME } from "./values.ts";

/** The text of a required name, URL or enumeration child, white space around it removed. */
export function requireTrimmed(element: XmlElement, name: string): string {
  return requireText(element, name).trim();
}

/** The trimmed text of an optional name, URL or enumeration child; "" when absent. */
export function optionalTrimmed(element: XmlElement, name: string): string {
  return optionalText(element, name).trim();
}

/**
 * A dateTime child. Absent or empty means not known (the spec asks for StartTime and
 * CompleteTime only once a transfer is done) and reads as the Unknown Time; an invalid text is
 * kept as it came, with a warning.
 */
export function readTime(element: XmlElement, name: string, context: DecodeContext): string {
  const raw = optionalText(element, name).trim();
  if (raw === "") return UNKNOWN_TIME;
  if (!isValidDateTime(raw)) {
    context.warnings.push(`Invalid ${name} '${raw}' in ${element.local} kept as raw text`);
  }
  return raw;
}

/** A dateTime element; an invalid time (kept from a device) is sent as the Unknown Time. */
export function timeNode(name: string, value: string): XmlNode {
  return textNode(name, isValidDateTime(value) ? value : UNKNOWN_TIME);
}

/** The element `name` with `value`, or nothing when `value` is empty (an optional element). */
export function nonEmptyNode(name: string, value: string): XmlNode[] {
  return value === "" ? [] : [textNode(name, value)];
}

/** The local part of an element's `xsi:type` (any prefix, or none), or undefined. */
export function xsiTypeName(element: XmlElement): string | undefined {
  let value = attributeNS(element, XSI, "type");
  // Some peers write `type=` with an undeclared or wrong prefix; the local name is enough.
  if (value === undefined) value = element.attributes.find((a) => a.local === "type")?.value;
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed.slice(trimmed.indexOf(":") + 1);
}

/**
 * The items of an element the schema repeats once per item (`<Operations>`, `<Results>`). The
 * SOAP-array form some peers write, one such element wrapping items named after their type
 * (`<Operations><InstallOpStruct>…`), is read too.
 */
export function repeatedItems(
  element: XmlElement,
  name: string,
  itemTypes: readonly string[],
): XmlElement[] {
  const lower = name.toLowerCase();
  const items: XmlElement[] = [];
  for (const child of element.children) {
    if (child.local.toLowerCase() !== lower) continue;
    const isArray = child.children.some((c) => itemTypes.includes(c.local)) ||
      child.attributes.some((a) => a.local === "arrayType");
    items.push(...(isArray ? child.children : [child]));
  }
  return items;
}

/**
 * FaultStruct of TransferComplete and AutonomousTransferComplete (spec A.3.3.2 Table 38).
 * FaultCode 0 means the transfer succeeded. The schemas allow other codes per namespace:
 * cwmp-1-0 only 9001, 9002, 9010, 9011, 9012; cwmp-1-1 also 9014 to 9899; cwmp-1-2 9001,
 * 9002, 9010 to 9012, 9014 to 9020 and 9033 to 9899.
 */
export interface TransferFaultStruct {
  faultCode: number;
  /** Empty when FaultCode is 0. */
  faultString: string;
}

/**
 * The fault of one Deployment Unit operation (DeploymentUnitFaultStruct of cwmp-1-2):
 * FaultCode 0 means the operation succeeded.
 */
export interface DeploymentUnitFaultStruct {
  faultCode: number;
  faultString: string;
}

/** Reads a FaultStruct-shaped child: FaultCode required, FaultString defaulting to "". */
export function readFaultStruct(element: XmlElement, name: string): TransferFaultStruct {
  const fault = requireChild(element, name);
  return {
    faultCode: requireInt(fault, "FaultCode"),
    faultString: optionalText(fault, "FaultString"),
  };
}

const TRANSFER_FAULTS_1_0 = [0, 9001, 9002, 9010, 9011, 9012];
const TRANSFER_FAULTS_1_1 = [...TRANSFER_FAULTS_1_0, 9014, 9015, 9016, 9017, 9018, 9019];

/**
 * Whether a TransferComplete FaultCode exists in the schema of `version` (see
 * {@link TransferFaultStruct}); an agent maps other failures to 9010 or 9011 in older sessions.
 *
 * @example Usage
 * ```ts
 * import { isTransferFaultCodeAllowed } from "./_transfer_structs.ts";
 * if (isTransferFaultCodeAllowed(9015, "1.0") || !isTransferFaultCodeAllowed(9015, "1.1")) {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function isTransferFaultCodeAllowed(code: number, version: CwmpVersion): boolean {
  if (version === "1.0") return TRANSFER_FAULTS_1_0.includes(code);
  const vendor = code >= 9800 && code <= 9899;
  if (version === "1.1") {
    return TRANSFER_FAULTS_1_1.includes(code) || (code >= 9020 && code <= 9799) || vendor;
  }
  return TRANSFER_FAULTS_1_1.includes(code) || code === 9020 || (code >= 9033 && code <= 9799) ||
    vendor;
}

/**
 * A FaultStruct-shaped element: FaultCode then FaultString. With a context (TransferComplete
 * and AutonomousTransferComplete), a FaultCode the namespace's schema lacks is refused.
 */
export function faultStructNode(
  name: string,
  fault: TransferFaultStruct,
  context?: EncodeContext,
): XmlNode {
  if (context !== undefined && !isTransferFaultCodeAllowed(fault.faultCode, context.version)) {
    throw new LocalProtocolError(
      `Cannot encode ${name}: FaultCode ${fault.faultCode} does not exist in cwmp-${context.version}`,
    );
  }
  return {
    name,
    children: [textNode("FaultCode", fault.faultCode), textNode("FaultString", fault.faultString)],
  };
}

/** The state of a Deployment Unit after an operation. */
export type DeploymentUnitState = "Installed" | "Uninstalled" | "Failed";

const DEPLOYMENT_UNIT_STATES: readonly DeploymentUnitState[] = [
  "Installed",
  "Uninstalled",
  "Failed",
];

/** OpResultStruct (cwmp-1-2): the result of one operation on a Deployment Unit. */
export interface OpResultStruct {
  /** UUID of the affected Deployment Unit. */
  uuid: string;
  /** Path of the DeploymentUnit object, e.g. `Device.SoftwareModules.DeploymentUnit.1`. */
  deploymentUnitRef: string;
  version: string;
  currentState: DeploymentUnitState;
  /** Whether the Deployment Unit resolved all its dependencies. */
  resolved: boolean;
  /** Paths of the Execution Units created, removed or remaining (comma-separated on the wire). */
  executionUnitRefList: string[];
  /** dateTime; the Unknown Time when not known. */
  startTime: string;
  completeTime: string;
  fault: DeploymentUnitFaultStruct;
}

/** Reads the children of a `Results` element as an {@link OpResultStruct}. */
export function readOpResult(item: XmlElement, context: DecodeContext): OpResultStruct {
  return {
    uuid: requireTrimmed(item, "UUID"),
    deploymentUnitRef: optionalTrimmed(item, "DeploymentUnitRef"),
    version: optionalText(item, "Version"),
    currentState: readDeploymentUnitState(item),
    resolved: optionalBoolean(item, "Resolved", false),
    executionUnitRefList: optionalText(item, "ExecutionUnitRefList").split(",")
      .map((ref) => ref.trim()).filter((ref) => ref !== ""),
    startTime: readTime(item, "StartTime", context),
    completeTime: readTime(item, "CompleteTime", context),
    fault: readFaultStruct(item, "Fault"),
  };
}

/** The children of a `Results` element, in the order of OpResultStruct. */
export function opResultNodes(result: OpResultStruct): XmlNode[] {
  return [
    textNode("UUID", result.uuid),
    textNode("DeploymentUnitRef", result.deploymentUnitRef),
    textNode("Version", result.version),
    textNode("CurrentState", result.currentState),
    booleanNode("Resolved", result.resolved),
    textNode("ExecutionUnitRefList", result.executionUnitRefList.join(",")),
    timeNode("StartTime", result.startTime),
    timeNode("CompleteTime", result.completeTime),
    faultStructNode("Fault", result.fault),
  ];
}

function readDeploymentUnitState(item: XmlElement): DeploymentUnitState {
  const raw = requireTrimmed(item, "CurrentState");
  const state = DEPLOYMENT_UNIT_STATES.find((s) => s.toLowerCase() === raw.toLowerCase());
  if (state === undefined) {
    throw new RemoteProtocolError(
      `Cannot decode ${item.local}: CurrentState '${raw}' is not Installed, Uninstalled or Failed`,
    );
  }
  return state;
}

/** Status and times of a DownloadResponse or UploadResponse (spec Tables 28 and 50). */
export interface TransferStatus {
  /** 0: completed (and applied); 1: not yet, a TransferComplete will follow. */
  status: number;
  /** dateTime; the Unknown Time `0001-01-01T00:00:00Z` while the transfer is not done. */
  startTime: string;
  completeTime: string;
}

/** The codec shared by DownloadResponse and UploadResponse, which differ only in name. */
export function transferStatusCodec<K extends string>(
  method: K,
): Codec<{ method: K } & TransferStatus> {
  return {
    since: "1.0",
    encode(m) {
      return [
        textNode("Status", m.status),
        timeNode("StartTime", m.startTime),
        timeNode("CompleteTime", m.completeTime),
      ];
    },
    decode(element, context) {
      return {
        method,
        status: requireInt(element, "Status"),
        startTime: readTime(element, "StartTime", context),
        completeTime: readTime(element, "CompleteTime", context),
      };
    },
  };
}

/**
 * The arguments Download, Upload and ScheduleDownload open with, in schema order
 * (spec A.3.2.8 Table 27, A.4.1.5 Table 49).
 */
export interface TransferTarget {
  /** Echoed in TransferComplete and the queued-transfer lists. */
  commandKey: string;
  /** e.g. `1 Firmware Upgrade Image`, `1 Vendor Configuration File`, or `X <OUI> <name>`. */
  fileType: string;
  url: string;
  /** Empty when the file server needs no authentication. */
  username: string;
  password: string;
}

/** CommandKey, FileType, URL, Username, Password. */
export function transferTargetNodes(m: TransferTarget): XmlNode[] {
  return [
    textNode("CommandKey", m.commandKey),
    textNode("FileType", m.fileType),
    textNode("URL", m.url),
    textNode("Username", m.username),
    textNode("Password", m.password),
  ];
}

/** Reads CommandKey, FileType and URL (both required), Username and Password. */
export function readTransferTarget(element: XmlElement): TransferTarget {
  return {
    commandKey: optionalText(element, "CommandKey"),
    fileType: requireTrimmed(element, "FileType"),
    url: requireTrimmed(element, "URL"),
    username: optionalText(element, "Username"),
    password: optionalText(element, "Password"),
  };
}
