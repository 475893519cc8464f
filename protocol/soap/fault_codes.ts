/**
 * The fault codes of TR-069 A.5 with their descriptions and SOAP faultcode (Client or Server).
 *
 * @module
 */

/** Who caused a fault, in SOAP terms (spec 3.5): the requester (Client) or the responder (Server). */
export type SoapFaultCode = "Client" | "Server";

/** One row of the spec's fault tables. */
export interface FaultCodeInfo {
  code: number;
  description: string;
  soapFaultCode: SoapFaultCode;
}

const TABLE: readonly FaultCodeInfo[] = [
  { code: 8000, description: "Method not supported", soapFaultCode: "Server" },
  { code: 8001, description: "Request denied (no reason specified)", soapFaultCode: "Server" },
  { code: 8002, description: "Internal error", soapFaultCode: "Server" },
  { code: 8003, description: "Invalid arguments", soapFaultCode: "Client" },
  { code: 8004, description: "Resources exceeded", soapFaultCode: "Server" },
  { code: 8005, description: "Retry request", soapFaultCode: "Server" },
  { code: 9000, description: "Method not supported", soapFaultCode: "Server" },
  { code: 9001, description: "Request denied (no reason specified)", soapFaultCode: "Server" },
  { code: 9002, description: "Internal error", soapFaultCode: "Server" },
  { code: 9003, description: "Invalid arguments", soapFaultCode: "Client" },
  { code: 9004, description: "Resources exceeded", soapFaultCode: "Server" },
  { code: 9005, description: "Invalid parameter name", soapFaultCode: "Client" },
  { code: 9006, description: "Invalid parameter type", soapFaultCode: "Client" },
  { code: 9007, description: "Invalid parameter value", soapFaultCode: "Client" },
  { code: 9008, description: "Attempt to set a non-writable parameter", soapFaultCode: "Client" },
  { code: 9009, description: "Notification request rejected", soapFaultCode: "Server" },
  { code: 9010, description: "Download failure", soapFaultCode: "Server" },
  { code: 9011, description: "Upload failure", soapFaultCode: "Server" },
  {
    code: 9012,
    description: "File transfer server authentication failure",
    soapFaultCode: "Server",
  },
  { code: 9013, description: "Unsupported protocol for file transfer", soapFaultCode: "Server" },
  // Later amendments (cwmp-1-1 and cwmp-1-2 schemas).
  {
    code: 9014,
    description: "Download failure: unable to join multicast group",
    soapFaultCode: "Server",
  },
  {
    code: 9015,
    description: "Download failure: unable to contact file server",
    soapFaultCode: "Server",
  },
  { code: 9016, description: "Download failure: unable to access file", soapFaultCode: "Server" },
  {
    code: 9017,
    description: "Download failure: unable to complete download",
    soapFaultCode: "Server",
  },
  { code: 9018, description: "Download failure: file corrupted", soapFaultCode: "Server" },
  {
    code: 9019,
    description: "Download failure: file authentication failure",
    soapFaultCode: "Server",
  },
  {
    code: 9020,
    description: "Download failure: unable to complete download within specified time windows",
    soapFaultCode: "Server",
  },
  {
    code: 9021,
    description: "Cancelation of file transfer not permitted in current transfer state",
    soapFaultCode: "Client",
  },
  { code: 9022, description: "Invalid UUID format", soapFaultCode: "Client" },
  { code: 9023, description: "Unknown execution environment", soapFaultCode: "Client" },
  { code: 9024, description: "Disabled execution environment", soapFaultCode: "Server" },
  {
    code: 9025,
    description: "Deployment unit to execution environment mismatch",
    soapFaultCode: "Server",
  },
  { code: 9026, description: "Duplicate deployment unit", soapFaultCode: "Server" },
  { code: 9027, description: "System resources exceeded", soapFaultCode: "Server" },
  { code: 9028, description: "Unknown deployment unit", soapFaultCode: "Client" },
  { code: 9029, description: "Invalid deployment unit state", soapFaultCode: "Server" },
  {
    code: 9030,
    description: "Invalid deployment unit update: downgrade not permitted",
    soapFaultCode: "Server",
  },
  {
    code: 9031,
    description: "Invalid deployment unit update: version not specified",
    soapFaultCode: "Client",
  },
  {
    code: 9032,
    description: "Invalid deployment unit update: version already exists",
    soapFaultCode: "Server",
  },
];

const BY_CODE: ReadonlyMap<number, FaultCodeInfo> = new Map(TABLE.map((row) => [row.code, row]));

/**
 * Describes a fault code: the spec's row, or a vendor range (8800-8899 ACS, 9800-9899 CPE).
 *
 * @example Usage
 * ```ts
 * import { describeFaultCode } from "./fault_codes.ts";
 * if (describeFaultCode(9005).soapFaultCode !== "Client") throw new Error("unexpected");
 * if (describeFaultCode(9850).description !== "Vendor defined fault") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.5 Fault Handling, Tables 58 and 59
 */
export function describeFaultCode(code: number): FaultCodeInfo {
  const row = BY_CODE.get(code);
  if (row !== undefined) return row;
  if ((code >= 8800 && code <= 8899) || (code >= 9800 && code <= 9899)) {
    return { code, description: "Vendor defined fault", soapFaultCode: "Server" };
  }
  return { code, description: "Unknown fault", soapFaultCode: "Server" };
}

/**
 * Whether a fault code is defined by the spec or lies in a vendor range.
 *
 * @example Usage
 * ```ts
 * import { isKnownFaultCode } from "./fault_codes.ts";
 * if (!isKnownFaultCode(8005) || isKnownFaultCode(1234)) throw new Error("unexpected");
 * ```
 */
export function isKnownFaultCode(code: number): boolean {
  return describeFaultCode(code).description !== "Unknown fault";
}
