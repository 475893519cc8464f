/**
 * The error of campaign operations: what the API answers with 400, 404 or 409.
 *
 * @module
 */

/**
 * What kind of refusal: `invalid` input (400), `not_found` (404), or a `conflict` with the
 * campaign's state (409), e.g. resuming a running campaign.
 */
export type CampaignErrorKind = "invalid" | "not_found" | "conflict";

/**
 * A campaign operation that cannot be done, with the reason.
 *
 * @example Usage
 * ```ts
 * import { CampaignError } from "./errors.ts";
 * const e = new CampaignError("conflict", "Cannot resume campaign 3: it is running");
 * if (e.kind !== "conflict" || e.name !== "CampaignError") throw new Error("unexpected");
 * ```
 */
export class CampaignError extends Error {
  readonly kind: CampaignErrorKind;

  /**
   * Creates the error.
   *
   * @param kind What kind of refusal.
   * @param message The whole message, e.g. "Cannot start campaign 3: it is finished".
   */
  constructor(kind: CampaignErrorKind, message: string) {
    super(message);
    this.name = "CampaignError";
    this.kind = kind;
  }
}
