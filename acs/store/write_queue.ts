/**
 * Group commit: the writes of several sessions, each a list of statements, committed in one
 * transaction. Each caller's promise settles once its own statements are committed (or have
 * failed), so an HTTP answer that awaits it goes out only after the data is durable
 * (design.md invariant 4), while the cost of a commit (an fsync in WAL mode) is shared.
 *
 * @module
 */

/** One SQL statement with positional arguments. */
export interface SqlStatement {
  sql: string;
  args: readonly SqlValue[];
}

/** A value bound to a statement parameter. */
export type SqlValue = string | number | null;

/** Commits statements in one transaction, all or nothing. */
export type CommitFn = (statements: readonly SqlStatement[]) => void | Promise<void>;

/** Options of {@link createWriteQueue}. */
export interface WriteQueueOptions {
  /**
   * How long the first write of a batch waits for others, in ms (default 0: the next turn of
   * the event loop, which collects whatever the requests in progress queue meanwhile).
   */
  delayMs?: number;
  /** Callers per transaction; a full batch commits at once (default 256). */
  maxCallers?: number;
}

/** The queue; see {@link createWriteQueue}. */
export interface WriteQueue {
  /** Queues statements; resolves once they are committed. */
  write(statements: readonly SqlStatement[]): Promise<void>;
  /** Resolves when everything queued so far has been committed or has failed. */
  drain(): Promise<void>;
  /** Callers waiting for a commit. */
  readonly pending: number;
}

interface Waiter {
  statements: readonly SqlStatement[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Creates a group-commit queue over a commit function. One transaction at a time; writes
 * queued while one commits go into the next. When a shared transaction fails, each caller's
 * statements are retried in a transaction of their own, so one bad write fails only its caller.
 *
 * @param commit Runs statements in one transaction.
 * @param options Batching window and size.
 * @returns The queue.
 *
 * @example Two writes, one transaction
 * ```ts
 * import { createWriteQueue, type SqlStatement } from "./write_queue.ts";
 * const transactions: SqlStatement[][] = [];
 * const queue = createWriteQueue((statements) => void transactions.push([...statements]));
 * await Promise.all([
 *   queue.write([{ sql: "INSERT INTO t VALUES (?)", args: [1] }]),
 *   queue.write([{ sql: "INSERT INTO t VALUES (?)", args: [2] }]),
 * ]);
 * if (transactions.length !== 1 || transactions[0]?.length !== 2) throw new Error("unexpected");
 * ```
 */
export function createWriteQueue(commit: CommitFn, options: WriteQueueOptions = {}): WriteQueue {
  const delayMs = options.delayMs ?? 0;
  const maxCallers = options.maxCallers ?? 256;
  let waiting: Waiter[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let committing: Promise<void> = Promise.resolve();
  let busy = false;

  function schedule(): void {
    if (busy || timer !== undefined || waiting.length === 0) return;
    if (waiting.length >= maxCallers) {
      committing = run();
      return;
    }
    timer = setTimeout(() => {
      timer = undefined;
      committing = run();
    }, delayMs);
  }

  async function run(): Promise<void> {
    busy = true;
    const batch = waiting.slice(0, maxCallers);
    waiting = waiting.slice(batch.length);
    try {
      await commitBatch(commit, batch);
    } finally {
      busy = false;
      schedule();
    }
  }

  return {
    write(statements): Promise<void> {
      if (statements.length === 0) return Promise.resolve();
      const { promise, resolve, reject } = Promise.withResolvers<void>();
      waiting.push({ statements, resolve, reject });
      if (waiting.length >= maxCallers && timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
      }
      schedule();
      return promise;
    },
    async drain(): Promise<void> {
      while (waiting.length > 0 || busy) {
        if (timer !== undefined) {
          clearTimeout(timer);
          timer = undefined;
          committing = run();
        }
        await committing;
      }
    },
    get pending(): number {
      return waiting.length;
    },
  };
}

async function commitBatch(commit: CommitFn, batch: readonly Waiter[]): Promise<void> {
  try {
    await commit(batch.flatMap((w) => w.statements));
    for (const waiter of batch) waiter.resolve();
    return;
  } catch (error) {
    if (batch.length === 1) {
      batch[0]?.reject(error);
      return;
    }
  }
  // Someone's statement failed; find whose by committing each caller alone.
  for (const waiter of batch) {
    try {
      await commit(waiter.statements);
      waiter.resolve();
    } catch (error) {
      waiter.reject(error);
    }
  }
}
