/**
 * A preset's software version, when the device reports another: queue a Download of the
 * firmware file, unless a Download is already open for the device, and give up after three
 * Downloads for the same version that did not bring the device to it.
 *
 * @module
 */

import type { AcsLog } from "../cwmp/context.ts";
import type { AcsDb } from "../db/client.ts";
import { enqueueTask } from "../tasks/enqueue.ts";
import type { ProvisionStep } from "./engine.ts";
import { downloadTasks, firmwareFile } from "./store.ts";
import type { DeviceView } from "./types.ts";

/** Downloads of one version before provisioning gives up on it. */
export const MAX_FIRMWARE_DOWNLOADS = 3;

/** What became of the step. */
export interface FirmwareOutcome {
  /** A Download task was queued. */
  queued: boolean;
  /** Why the preset is given up; null when it is not. */
  fault: string | null;
}

/**
 * The CommandKey of provisioning's Downloads of a version (at most 32 characters, A.3.2.8).
 *
 * @example
 * ```ts
 * import { firmwareCommandKey } from "./firmware.ts";
 * if (firmwareCommandKey("2.0") !== "preset 2.0") throw new Error("unexpected");
 * ```
 */
export function firmwareCommandKey(version: string): string {
  return `preset ${version}`.slice(0, 32);
}

/**
 * Acts on a firmware step.
 *
 * @param deps Database, clock, log and the ACS's public URL.
 * @param target The device and the origin its session reached the ACS at.
 * @param step The step.
 * @param device The device (OUI and product class choose the file).
 * @returns Whether a task was queued, or why the preset is given up.
 * @see TR-069 Issue 1, A.3.2.8 Download
 */
export async function queueFirmware(
  deps: { db: AcsDb; now(): number; log: AcsLog; publicUrl?: string | undefined },
  target: { deviceId: string; acsOrigin?: string | undefined },
  step: Extract<ProvisionStep, { kind: "firmware" }>,
  device: DeviceView,
): Promise<FirmwareOutcome> {
  const commandKey = firmwareCommandKey(step.version);
  const tasks = await downloadTasks(deps.db, target.deviceId, commandKey);
  if (tasks.open) return { queued: false, fault: null };
  if (tasks.withKey >= MAX_FIRMWARE_DOWNLOADS) {
    return {
      queued: false,
      fault: `Software version ${step.version} not reached after ${tasks.withKey} Downloads`,
    };
  }
  const file = await firmwareFile(deps.db, step, device);
  if (file === undefined) {
    const which = step.file === undefined ? `for version ${step.version}` : `"${step.file}"`;
    return { queued: false, fault: `Cannot find the firmware file ${which}` };
  }
  const base = deps.publicUrl ?? target.acsOrigin;
  if (base === undefined) {
    return { queued: false, fault: "Cannot build the firmware URL: the ACS's URL is unknown" };
  }
  await enqueueTask(deps.db, {
    deviceId: target.deviceId,
    request: {
      method: "Download",
      commandKey,
      fileType: file.fileType,
      url: new URL(`/files/${encodeURIComponent(file.name)}`, base).href,
      username: "",
      password: "",
      fileSize: file.size,
      targetFileName: "",
      delaySeconds: 0,
      successUrl: "",
      failureUrl: "",
    },
    now: new Date(deps.now()),
  });
  deps.log("info", `${target.deviceId}: queued Download of ${file.name} for ${step.version}`);
  return { queued: true, fault: null };
}
