/**
 * The pure CWMP protocol core shared by the ACS and the CPE agent: XML, SOAP envelopes, every
 * RPC codec, value types and faults. No IO, clocks or randomness (design.md section 2).
 *
 * ```ts
 * import { decodeEnvelopes, encodeEnvelope } from "./mod.ts";
 * const xml = encodeEnvelope(
 *   { method: "GetParameterValues", parameterNames: ["InternetGatewayDevice.DeviceInfo."] },
 *   { version: "1.0", headers: { id: "1" } },
 * );
 * const [envelope] = decodeEnvelopes(xml).envelopes;
 * if (envelope?.message?.method !== "GetParameterValues") throw new Error("unexpected");
 * ```
 *
 * @module
 */

export * from "./errors.ts";
export { parseXml, type ParseXmlOptions } from "./xml/parse.ts";
export { type DecodedText, decodeXmlBytes } from "./xml/charset.ts";
export { escapeXml, writeXml, type XmlNode } from "./xml/write.ts";
export {
  DEFAULT_XML_LIMITS,
  type XmlAttribute,
  type XmlElement,
  type XmlLimits,
} from "./xml/types.ts";
export {
  type DecodedBody,
  decodeEnvelopes,
  type DecodeEnvelopesOptions,
  encodeEnvelope,
  type EncodeEnvelopeOptions,
  type Envelope,
} from "./soap/envelope.ts";
export { type SoapHeaders } from "./soap/headers.ts";
export { type SoapFault, soapFault } from "./soap/fault.ts";
export {
  describeFaultCode,
  type FaultCodeInfo,
  isKnownFaultCode,
  type SoapFaultCode,
} from "./soap/fault_codes.ts";
export {
  CWMP_VERSIONS,
  cwmpNamespace,
  type CwmpVersion,
  SOAP_ENC,
  SOAP_ENV,
  versionAtLeast,
  versionOfNamespace,
  XSD,
  XSI,
} from "./soap/namespaces.ts";
export {
  codecFor,
  CODECS,
  type CwmpMessage,
  isRpcMethod,
  type RpcMessage,
  type RpcMethod,
  type UnsupportedMessage,
} from "./rpc/codecs.ts";
export type { Codec, CodecTable, DecodeContext } from "./rpc/codec.ts";
export {
  canonicalValue,
  formatValue,
  isValidDateTime,
  type ParameterValueStruct,
  parseValue,
  UNKNOWN_TIME,
  VALUE_TYPES,
  type ValueType,
} from "./rpc/values.ts";
export type { DeviceIdStruct, EventStruct, Inform, InformResponse } from "./rpc/inform.ts";
export type { GetParameterValues, GetParameterValuesResponse } from "./rpc/get_parameter_values.ts";
export * from "./auth/mod.ts";
export * from "./session/mod.ts";
