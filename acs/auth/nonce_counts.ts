/**
 * Replay protection for stateless Digest nonces: the highest nonce count accepted per nonce,
 * in memory, bounded. Nonces themselves are verified by their HMAC (any process, any TCP
 * connection); only the counts live here, keyed by nonce rather than by socket, so a CPE that
 * answers a 401 on a new connection is counted like one that keeps its connection.
 *
 * @module
 */

/** Options of {@link createNonceCounts}. */
export interface NonceCountsOptions {
  /** How long a nonce is valid (its entry is kept that long after its last use). */
  ttlMs: number;
  /** Most nonces tracked (default 100 000); past it the least recently used are dropped. */
  maxEntries?: number;
}

/** What {@link NonceCounts.check} says about a nonce. */
export type NonceCountState =
  | { kind: "fresh" }
  | { kind: "seen"; lastCount: number }
  | { kind: "forgotten" };

/** The nonce counts accepted so far. */
export interface NonceCounts {
  /**
   * What is known of a nonce issued at `issuedAt`: never used, used up to a count, or
   * `forgotten`: older than an entry dropped to stay within bounds, so it cannot be checked
   * and must be treated as stale (the CPE then retries with a fresh nonce).
   */
  check(nonce: string, issuedAt: number, now: number): NonceCountState;
  /**
   * Records an accepted count (0 for a request without `qop`, which has none and may use its
   * nonce once). Two requests racing with one count: the second gets false.
   */
  commit(nonce: string, options: { count: number; issuedAt: number; now: number }): boolean;
  /** Nonces tracked. */
  readonly size: number;
}

interface Entry {
  count: number;
  issuedAt: number;
  expires: number;
}

/**
 * Creates an empty {@link NonceCounts}.
 *
 * @example A count is accepted once
 * ```ts
 * import { createNonceCounts } from "./nonce_counts.ts";
 * const counts = createNonceCounts({ ttlMs: 60_000 });
 * if (counts.check("n", 0, 0).kind !== "fresh") throw new Error("unexpected");
 * if (!counts.commit("n", { count: 1, issuedAt: 0, now: 0 })) throw new Error("unexpected");
 * if (counts.commit("n", { count: 1, issuedAt: 0, now: 1 })) throw new Error("unexpected");
 * const state = counts.check("n", 0, 2);
 * if (state.kind !== "seen" || state.lastCount !== 1) throw new Error("unexpected");
 * ```
 * @see RFC 7616 section 3.4 (nc) and TR-069 Issue 1, 3.4.4
 */
export function createNonceCounts(options: NonceCountsOptions): NonceCounts {
  const { ttlMs } = options;
  const maxEntries = options.maxEntries ?? 100_000;
  // Map order is the order of last use, so the oldest entries come first.
  const entries = new Map<string, Entry>();
  // Nonces issued at or before this time may have had an entry that was dropped early.
  let forgottenBefore = -Infinity;

  function prune(now: number): void {
    for (const [nonce, entry] of entries) {
      const expired = entry.expires <= now;
      if (!expired && entries.size <= maxEntries) break;
      entries.delete(nonce);
      if (!expired) forgottenBefore = Math.max(forgottenBefore, entry.issuedAt);
    }
  }

  return {
    check(nonce, issuedAt, now): NonceCountState {
      const entry = entries.get(nonce);
      if (entry !== undefined && entry.expires > now) {
        return { kind: "seen", lastCount: entry.count };
      }
      return issuedAt <= forgottenBefore ? { kind: "forgotten" } : { kind: "fresh" };
    },
    commit(nonce, { count, issuedAt, now }): boolean {
      const entry = entries.get(nonce);
      if (entry !== undefined && entry.expires > now && count <= entry.count) return false;
      entries.delete(nonce);
      entries.set(nonce, { count, issuedAt, expires: now + ttlMs });
      prune(now);
      return true;
    },
    get size(): number {
      return entries.size;
    },
  };
}
