/**
 * Routes each ACS request to its handler: the agent's lifecycle handlers (Reboot, Download,
 * ScheduleInform, ...) or the model (parameter and object RPCs). A `CwmpFault` becomes the SOAP
 * fault of its code; a method the session's namespace lacks, or nobody handles, is fault 9000;
 * a bug in a handler is fault 9002 and one log line, never a crashed session.
 *
 * @module
 */

import { CwmpFault } from "../protocol/errors.ts";
import { codecFor, type CwmpMessage } from "../protocol/rpc/codecs.ts";
import { soapFault } from "../protocol/soap/fault.ts";
import { type CwmpVersion, versionAtLeast } from "../protocol/soap/namespaces.ts";
import type { AgentLog, CpeDevice } from "./agent_types.ts";
import { LIFECYCLE_HANDLERS, type LifecycleContext } from "./handlers_lifecycle/mod.ts";

/** Requests after which the model must be saved before the answer leaves. */
const MODEL_CHANGES: ReadonlySet<string> = new Set([
  "SetParameterValues",
  "SetParameterAttributes",
  "AddObject",
  "DeleteObject",
]);

/** What {@link dispatchRequest} needs. */
export interface DispatchContext {
  device: CpeDevice;
  lifecycle: LifecycleContext;
  version: CwmpVersion;
  log: AgentLog;
  /** Called after a request that changed the model. */
  modelChanged(): void;
}

/**
 * Answers one ACS request.
 *
 * @param request The request.
 * @param context The device, the lifecycle context and the namespace.
 * @returns Its response, or a SOAP fault.
 */
export async function dispatchRequest(
  request: CwmpMessage,
  context: DispatchContext,
): Promise<CwmpMessage> {
  const name = request.method === "Unsupported" ? request.name : request.method;
  if (!supportedIn(name, context.version)) return soapFault(9000);
  try {
    const handler = LIFECYCLE_HANDLERS[name];
    if (handler !== undefined) return handler(request, context.lifecycle);
    if (!context.device.methods.includes(name)) return soapFault(9000);
    try {
      return await context.device.handle(request);
    } finally {
      if (MODEL_CHANGES.has(name)) context.modelChanged();
    }
  } catch (error) {
    if (error instanceof CwmpFault) {
      return soapFault(error.faultCode, error.faultString, {
        setParameterValuesFaults: error.setParameterValuesFaults,
      });
    }
    const message = error instanceof Error ? error.message : String(error);
    context.log(`internal error answering ${name}: ${message}`);
    return soapFault(9002);
  }
}

/**
 * Every ACS request the agent answers in `version`, for GetRPCMethods.
 *
 * @param device The model (its methods).
 * @param version The namespace.
 * @returns Method names, lifecycle ones first.
 *
 * @example Usage
 * ```ts ignore
 * supportedMethods(device, "1.0"); // ["GetRPCMethods", "Reboot", ..., "GetParameterValues", ...]
 * ```
 */
export function supportedMethods(device: CpeDevice, version: CwmpVersion): string[] {
  const names = [...Object.keys(LIFECYCLE_HANDLERS), ...device.methods];
  return [...new Set(names)].filter((name) => supportedIn(name, version));
}

// A method whose response the namespace cannot carry is not supported in it.
function supportedIn(name: string, version: CwmpVersion): boolean {
  const codec = codecFor(`${name}Response`) ?? codecFor(name);
  return codec === undefined || versionAtLeast(version, codec.since);
}
