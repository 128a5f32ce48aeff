/**
 * What lets more than one intake batch be in flight in one process (PostgreSQL; PGlite keeps one,
 * having one connection). A batch decides each report on counts read in its transaction, which
 * cannot see another batch's appeals until that batch commits; so this process keeps, in memory:
 * - the appeals each batch is about to file, per grid, added to the counts the next batch reads,
 *   so two batches cannot each let a grid's last slot through (`createIntakeLedger`);
 * - the idempotency keys in flight: a report whose key another batch is filing waits for it and
 *   goes in a later batch, which finds that appeal and answers with it (`pickBatch`).
 * No I/O here; intake-batch.ts and fileMany (intake.service.ts) drive it.
 */

/** One filing transaction's part in the ledger. */
export interface LedgerTicket {
  /** Call just before the batch's look-up statement goes out: it may miss commits from here on. */
  lookupStarting(): void;
  /** The appeals the other live batches reserved, per grid: add them to the database's counts. */
  othersReserved(): Map<string, number>;
  /** This batch's new appeals per grid (call in the same synchronous step as the decisions). */
  reserve(perGrid: ReadonlyMap<string, number>): void;
  /** The transaction ended: committed (its appeals are in the database) or not (none are). */
  finish(committed: boolean): void;
}

interface Ticket {
  lookupSeq: number | null;
  decided: boolean;
  commitSeq: number | null;
  grids: Map<string, number>;
}

/**
 * The per-grid reservations of the batches in flight. A committed batch's reservation is kept
 * until no batch whose look-up started before that commit is still deciding: such a batch may
 * have read its counts before the commit, and without the reservation it would miss those
 * appeals both ways. Kept a little longer than needed, a reservation counts an appeal the
 * database also counts — a report refused early, never a grid over its limit.
 */
export function createIntakeLedger() {
  let seq = 0;
  const live = new Set<Ticket>();
  function collect(): void {
    for (const t of live) {
      const commit = t.commitSeq;
      if (commit === null) continue;
      let needed = false;
      for (const o of live) if (!o.decided && o.lookupSeq !== null && o.lookupSeq < commit) needed = true;
      if (!needed) live.delete(t);
    }
  }
  return {
    begin(): LedgerTicket {
      const t: Ticket = { lookupSeq: null, decided: false, commitSeq: null, grids: new Map() };
      live.add(t);
      return {
        lookupStarting() {
          t.lookupSeq = ++seq;
        },
        othersReserved() {
          const sum = new Map<string, number>();
          for (const o of live) if (o !== t) for (const [g, n] of o.grids) sum.set(g, (sum.get(g) ?? 0) + n);
          return sum;
        },
        reserve(perGrid) {
          t.grids = new Map(perGrid);
          t.decided = true;
          collect();
        },
        finish(committed) {
          t.decided = true;
          if (committed) t.commitSeq = ++seq;
          else live.delete(t);
          collect();
        },
      };
    },
    /** Batches whose reservations are still held (for tests). */
    size(): number {
      return live.size;
    },
  };
}

export type IntakeLedger = ReturnType<typeof createIntakeLedger>;

/**
 * Takes up to `max` reports from `pending` (in order) whose idempotency key no batch in flight
 * holds, and holds their keys; the rest stay in `pending`, in order. The same key twice in the
 * batch taken is fine: fileMany files it once.
 */
export function pickBatch<T extends { input: { idempotencyKey?: string | undefined } }>(pending: T[], held: Set<string>, max: number): T[] {
  const batch: T[] = [];
  const rest: T[] = [];
  const mine = new Set<string>();
  for (const w of pending) {
    const key = w.input.idempotencyKey;
    if (batch.length >= max || (key !== undefined && held.has(key) && !mine.has(key))) {
      rest.push(w);
      continue;
    }
    batch.push(w);
    if (key !== undefined && !held.has(key)) {
      held.add(key);
      mine.add(key);
    }
  }
  pending.splice(0, pending.length, ...rest);
  return batch;
}

/** Appeals per grid among the grid ids given (null: a grid-less Open311 request). */
export function gridTally(gridIds: Iterable<string | null | undefined>): Map<string, number> {
  const n = new Map<string, number>();
  for (const id of gridIds) if (id) n.set(id, (n.get(id) ?? 0) + 1);
  return n;
}

/** Whether `pickBatch` would take anything now. */
export function canPick(pending: readonly { input: { idempotencyKey?: string | undefined } }[], held: ReadonlySet<string>): boolean {
  return pending.some((w) => w.input.idempotencyKey === undefined || !held.has(w.input.idempotencyKey));
}
