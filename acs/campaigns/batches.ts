/**
 * Pacing a campaign: how many devices a batch holds, and which batch each device is in.
 *
 * @module
 */

/** How a campaign sizes its batches: a size, a percentage of the target, or neither (one). */
export interface BatchPacing {
  batchSize?: number | null | undefined;
  batchPercent?: number | null | undefined;
}

/**
 * The number of devices per batch: `batchSize`, else `batchPercent` of the target rounded
 * up, else the whole target; at least 1.
 *
 * @param total Devices in the target.
 * @param pacing The campaign's batch size or percentage.
 * @returns Devices per batch.
 *
 * @example 10% of 95 devices is 9.5, so batches of 10
 * ```ts
 * import { batchSizeOf } from "./batches.ts";
 * if (batchSizeOf(95, { batchPercent: 10 }) !== 10) throw new Error("unexpected");
 * if (batchSizeOf(0, { batchPercent: 10 }) !== 1) throw new Error("unexpected");
 * ```
 */
export function batchSizeOf(total: number, pacing: BatchPacing): number {
  if (pacing.batchSize !== undefined && pacing.batchSize !== null) {
    return Math.max(1, pacing.batchSize);
  }
  if (pacing.batchPercent === undefined || pacing.batchPercent === null) return Math.max(1, total);
  // Rounded to a millionth first, so that 200 * 7 / 100 is 14 and not 14.000000000000002.
  const exact = Math.round(total * pacing.batchPercent * 10_000) / 1_000_000;
  return Math.max(1, Math.ceil(exact));
}

/**
 * The 0-based batch of the device at `index` of the ordered target.
 *
 * @param index The device's place in the target (0-based).
 * @param size Devices per batch ({@link batchSizeOf}).
 * @returns The batch number.
 *
 * @example Usage
 * ```ts
 * import { batchOf } from "./batches.ts";
 * if (batchOf(49, 50) !== 0 || batchOf(50, 50) !== 1) throw new Error("unexpected");
 * ```
 */
export function batchOf(index: number, size: number): number {
  return Math.floor(index / size);
}
