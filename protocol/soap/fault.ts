/**
 * The SOAP Fault message with its `cwmp:Fault` detail (TR-069 3.5 and A.5).
 *
 * @module
 */

import type { FaultStruct } from "../errors.ts";
import type { XmlElement } from "../xml/types.ts";
import type { XmlNode } from "../xml/write.ts";
import { describeFaultCode, type SoapFaultCode } from "./fault_codes.ts";

/** A SOAP fault as sent in place of a response. */
export interface SoapFault {
  method: "Fault";
  /** Client (the requester was wrong) or Server (the responder failed). */
  faultCode: SoapFaultCode;
  /** "CWMP fault" per spec 3.5. */
  faultString: string;
  /** The `cwmp:Fault` detail; null when a peer sent a bare SOAP fault. */
  detail: FaultStruct | null;
}

/**
 * A SOAP fault for a CWMP fault code, with faultcode Client or Server as spec A.5 assigns it.
 *
 * @example Usage
 * ```ts
 * import { soapFault } from "./fault.ts";
 * const f = soapFault(9005, "Invalid parameter name");
 * if (f.faultCode !== "Client" || f.detail?.faultCode !== 9005) throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.5 Use of SOAP
 */
export function soapFault(
  code: number,
  faultString?: string,
  options: { setParameterValuesFaults?: FaultStruct["setParameterValuesFaults"] } = {},
): SoapFault {
  const info = describeFaultCode(code);
  return {
    method: "Fault",
    faultCode: info.soapFaultCode,
    faultString: "CWMP fault",
    detail: {
      faultCode: code,
      faultString: faultString ?? info.description,
      setParameterValuesFaults: options.setParameterValuesFaults ?? [],
    },
  };
}

/** Reads a SOAP `Fault` element; liberal about prefixes, case and missing parts. */
export function decodeSoapFault(element: XmlElement, warnings: string[]): SoapFault {
  const byName = (parent: XmlElement, name: string): XmlElement | undefined =>
    parent.children.find((c) => c.local.toLowerCase() === name.toLowerCase());
  const rawCode = byName(element, "faultcode")?.text.trim() ?? "";
  const local = rawCode.slice(rawCode.indexOf(":") + 1);
  const faultCode: SoapFaultCode = local === "Client" ? "Client" : "Server";
  if (local !== "Client" && local !== "Server") {
    warnings.push(`SOAP faultcode '${rawCode}' read as Server`);
  }
  const cwmpFault = byName(element, "detail")?.children.find((c) => c.local === "Fault");
  return {
    method: "Fault",
    faultCode,
    faultString: byName(element, "faultstring")?.text ?? "",
    detail: cwmpFault === undefined ? null : decodeFaultStruct(cwmpFault, warnings),
  };
}

function decodeFaultStruct(element: XmlElement, warnings: string[]): FaultStruct {
  const code = (e: XmlElement): number => {
    const text = e.children.find((c) => c.local === "FaultCode")?.text.trim() ?? "";
    const n = Number(text);
    if (text === "" || !Number.isSafeInteger(n)) {
      warnings.push(`Fault code '${text}' read as 9002`);
      return 9002;
    }
    return n;
  };
  const str = (e: XmlElement, name: string): string =>
    e.children.find((c) => c.local === name)?.text ?? "";
  return {
    faultCode: code(element),
    faultString: str(element, "FaultString"),
    setParameterValuesFaults: element.children
      .filter((c) => c.local === "SetParameterValuesFault")
      .map((c) => ({
        parameterName: str(c, "ParameterName").trim(),
        faultCode: code(c),
        faultString: str(c, "FaultString"),
      })),
  };
}

/** The `SOAP-ENV:Fault` element to write. */
export function encodeSoapFault(fault: SoapFault): XmlNode {
  const children: XmlNode[] = [
    { name: "faultcode", text: fault.faultCode },
    { name: "faultstring", text: fault.faultString },
  ];
  if (fault.detail !== null) {
    const d = fault.detail;
    children.push({
      name: "detail",
      children: [{
        name: "cwmp:Fault",
        children: [
          { name: "FaultCode", text: String(d.faultCode) },
          { name: "FaultString", text: d.faultString },
          ...d.setParameterValuesFaults.map((f) => ({
            name: "SetParameterValuesFault",
            children: [
              { name: "ParameterName", text: f.parameterName },
              { name: "FaultCode", text: String(f.faultCode) },
              { name: "FaultString", text: f.faultString },
            ],
          })),
        ],
      }],
    });
  }
  return { name: "SOAP-ENV:Fault", children };
}
