/**
 * SetParameterValues on the CPE side (TR-069 A.3.2.1).
 *
 * @module
 */

import { CwmpFault, type SetParameterValuesFaultEntry } from "../../protocol/errors.ts";
import type {
  SetParameterValues,
  SetParameterValuesResponse,
} from "../../protocol/rpc/set_parameter_values.ts";
import type { ModelStore } from "../model/store.ts";
import { checkValue } from "../model/validate.ts";

/**
 * Answers SetParameterValues atomically. Every entry is checked before anything changes, and
 * every entry in error is reported in one fault 9003 with a SetParameterValuesFault each: 9005
 * invalid name (also an object path), 9008 not writable, 9006 wrong type, 9007 value outside the
 * range, enumeration, length or pattern, or not parsable; 9003 for a name given twice. When all
 * are valid the backend applies them, all values change together and the ParameterKey is set.
 *
 * @returns Status 0, or 1 when a backend says a value takes effect after a reboot.
 * @throws {CwmpFault} 9003 with the per-parameter faults; 9002 when the backend refuses.
 *
 * @example Usage
 * ```ts
 * import { CwmpFault } from "../../protocol/errors.ts";
 * import { createDefaultModel } from "../model/factory.ts";
 * import { handleSetParameterValues } from "./set_parameter_values.ts";
 * const store = createDefaultModel("igd");
 * try {
 *   await handleSetParameterValues({
 *     method: "SetParameterValues",
 *     parameterKey: "k",
 *     parameterList: [
 *       { name: "InternetGatewayDevice.ManagementServer.PeriodicInformInterval", type: "unsignedInt", value: "0" },
 *       { name: "InternetGatewayDevice.DeviceInfo.SerialNumber", type: "string", value: "x" },
 *     ],
 *   }, store);
 *   throw new Error("unexpected");
 * } catch (e) {
 *   if (!(e instanceof CwmpFault) || e.faultCode !== 9003) throw e;
 *   const codes = e.setParameterValuesFaults.map((f) => f.faultCode).join(",");
 *   if (codes !== "9007,9008" || store.parameterKey !== "") throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.3.2.1 SetParameterValues and A.5.1
 */
export async function handleSetParameterValues(
  request: SetParameterValues,
  store: ModelStore,
): Promise<SetParameterValuesResponse> {
  const faults: SetParameterValuesFaultEntry[] = [];
  const changes: { name: string; value: string }[] = [];
  const seen = new Set<string>();
  for (const entry of request.parameterList) {
    const fault = (faultCode: number, faultString: string): void => {
      faults.push({ parameterName: entry.name, faultCode, faultString });
    };
    if (seen.has(entry.name)) {
      fault(9003, "Invalid arguments: parameter given more than once");
      continue;
    }
    seen.add(entry.name);
    const spec = store.parameterSpec(entry.name);
    if (spec === undefined) {
      fault(9005, "Invalid parameter name");
      continue;
    }
    if (!spec.writable) {
      fault(9008, "Attempt to set a non-writable parameter");
      continue;
    }
    const checked = checkValue(spec, entry, { fromAcs: true });
    if (checked.ok) changes.push({ name: entry.name, value: checked.value });
    else fault(checked.faultCode, checked.faultString);
  }
  if (faults.length > 0) {
    throw new CwmpFault(9003, "Invalid arguments", { setParameterValuesFaults: faults });
  }
  const status = await store.applyValues(changes, { parameterKey: request.parameterKey });
  return { method: "SetParameterValuesResponse", status };
}
