/**
 * Error classes shared by the protocol core.
 *
 * The taxonomy separates who is at fault: {@link XmlSyntaxError} and {@link XmlLimitError} for
 * bytes that are not acceptable XML, {@link RemoteProtocolError} for a peer that broke CWMP,
 * {@link LocalProtocolError} for our own misuse of the API, and {@link CwmpFault} for a fault
 * that travels on the wire (spec A.5).
 *
 * @module
 */

/**
 * Text that is not well-formed XML, or uses a forbidden construct (DOCTYPE, entities).
 *
 * @example Usage
 * ```ts
 * import { XmlSyntaxError } from "./errors.ts";
 * const e = new XmlSyntaxError("Cannot parse XML: unclosed tag", { line: 3, column: 7 });
 * if (e.line !== 3 || !(e instanceof SyntaxError)) throw new Error("unexpected");
 * ```
 */
export class XmlSyntaxError extends SyntaxError {
  /** 1-based line of the offending character. */
  readonly line: number;
  /** 1-based column of the offending character. */
  readonly column: number;

  constructor(message: string, position: { line: number; column: number }) {
    super(`${message} (line ${position.line}, column ${position.column})`);
    this.name = "XmlSyntaxError";
    this.line = position.line;
    this.column = position.column;
  }
}

/** Which parser limit an {@link XmlLimitError} reports. */
export type XmlLimit = "bodySize" | "depth" | "elements" | "attributes" | "textLength";

/**
 * Input that exceeds one of the parser's configured limits (a hostile or broken peer).
 *
 * @example Usage
 * ```ts
 * import { XmlLimitError } from "./errors.ts";
 * const e = new XmlLimitError("depth", 64);
 * if (e.limit !== "depth" || !(e instanceof RangeError)) throw new Error("unexpected");
 * ```
 */
export class XmlLimitError extends RangeError {
  /** The limit that was exceeded. */
  readonly limit: XmlLimit;
  /** The configured maximum. */
  readonly max: number;

  constructor(limit: XmlLimit, max: number) {
    super(`Cannot parse XML: ${limit} exceeds the limit of ${max}`);
    this.name = "XmlLimitError";
    this.limit = limit;
    this.max = max;
  }
}

/**
 * The peer sent well-formed XML that breaks CWMP: a missing element, a wrong type, a
 * message out of order. The ACS answers it with a SOAP fault or HTTP 400.
 *
 * @example Usage
 * ```ts
 * import { RemoteProtocolError } from "./errors.ts";
 * const e = new RemoteProtocolError("Cannot decode Inform: missing DeviceId");
 * if (e.faultCode !== 8003) throw new Error("unexpected");
 * ```
 */
export class RemoteProtocolError extends Error {
  /** The CWMP fault code that best answers this violation (spec A.5.2: 8003 invalid arguments). */
  readonly faultCode: number;

  constructor(message: string, options: { faultCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "RemoteProtocolError";
    this.faultCode = options.faultCode ?? 8003;
  }
}

/**
 * Our own code asked the protocol core for something impossible (a bug, not the peer's fault).
 *
 * @example Usage
 * ```ts
 * import { LocalProtocolError } from "./errors.ts";
 * const e = new LocalProtocolError("Cannot send GetParameterValues: session is closed");
 * if (e.name !== "LocalProtocolError") throw new Error("unexpected");
 * ```
 */
export class LocalProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LocalProtocolError";
  }
}

/** One entry of a SetParameterValues fault (spec 3.5 and A.5). */
export interface SetParameterValuesFaultEntry {
  parameterName: string;
  faultCode: number;
  faultString: string;
}

/** The `cwmp:Fault` detail of a SOAP fault (spec A.5). */
export interface FaultStruct {
  faultCode: number;
  faultString: string;
  setParameterValuesFaults: SetParameterValuesFaultEntry[];
}

/**
 * A CWMP fault to send to, or received from, the peer (spec A.5).
 *
 * @example Usage
 * ```ts
 * import { CwmpFault } from "./errors.ts";
 * const f = new CwmpFault(9005, "Invalid parameter name");
 * if (f.toFaultStruct().faultCode !== 9005) throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.5 Fault Handling
 */
export class CwmpFault extends Error {
  readonly faultCode: number;
  readonly faultString: string;
  readonly setParameterValuesFaults: SetParameterValuesFaultEntry[];

  constructor(
    faultCode: number,
    faultString: string,
    options: { setParameterValuesFaults?: SetParameterValuesFaultEntry[] } = {},
  ) {
    super(`CWMP fault ${faultCode}: ${faultString}`);
    this.name = "CwmpFault";
    this.faultCode = faultCode;
    this.faultString = faultString;
    this.setParameterValuesFaults = options.setParameterValuesFaults ?? [];
  }

  /** The structure carried in the SOAP fault's `detail`. */
  toFaultStruct(): FaultStruct {
    return {
      faultCode: this.faultCode,
      faultString: this.faultString,
      setParameterValuesFaults: this.setParameterValuesFaults,
    };
  }
}
