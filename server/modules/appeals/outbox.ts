import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import type { Clock } from "../../platform/clock.js";
import type { PiiCipher } from "../../platform/pii.js";
import type { NotifierKind } from "../../../common/appeals.js";
import { NOTIFIER_SECRET_CONTEXT, NOTIFIER_URL_CONTEXT } from "./appeals-deps.js";
import type { Notifier } from "./notifier.js";

export interface OutboxResult {
  sent: number;
  failed: number;
  deferred: number;
}

interface Claimed {
  id: string;
  config_id: string;
  title: string;
  body: string;
  attempts: number;
  kind: NotifierKind;
  url_cipher: string;
  secret_cipher: string | null;
  per_minute: number;
}

const MAX_ATTEMPTS = 8;
const LEASE_MS = 5 * 60_000;

/** Retry after 30 s, 1, 2, 4 … minutes (capped at an hour). */
export function backoffMs(attempts: number): number {
  return Math.min(3600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Delivers due outbox messages. Rows are claimed with SKIP LOCKED and leased (next attempt
 * pushed 5 minutes out) in a short transaction, sent outside any transaction, then marked; so
 * several processes can run this at once and a crash mid-send only delays a retry. Each channel
 * sends at most `per_minute` messages in any 60 s (WeCom and DingTalk robots allow 20; DingTalk
 * mutes a robot for 10 minutes beyond that): over the limit a message waits for the window.
 */
export async function deliverOutbox(deps: { db: Db; clock: Clock; pii: PiiCipher }, notifier: Notifier, batch = 50): Promise<OutboxResult> {
  const result: OutboxResult = { sent: 0, failed: 0, deferred: 0 };
  const now = deps.clock.now();
  const claimed = await deps.db.transaction(async (tx) => {
    const rows = await queryRows<Claimed>(
      tx,
      sql`SELECT o.id, o.config_id, o.title, o.body, o.attempts, c.kind, c.url_cipher, c.secret_cipher, c.per_minute
          FROM notification_outbox o JOIN notifier_configs c ON c.id = o.config_id
          WHERE o.status = 'pending' AND o.next_attempt_at <= ${now}
          ORDER BY o.next_attempt_at, o.created_at LIMIT ${batch} FOR UPDATE OF o SKIP LOCKED`,
    );
    if (rows.length) {
      await tx.execute(sql`UPDATE notification_outbox SET next_attempt_at = ${new Date(now.getTime() + LEASE_MS)}
        WHERE id IN (${sql.join(rows.map((r) => sql`${r.id}::uuid`), sql`, `)})`);
    }
    return rows;
  });
  const windowStart = new Date(now.getTime() - 60_000);
  const sentInWindow = new Map<string, number>();
  for (const m of claimed) {
    if (!sentInWindow.has(m.config_id)) {
      const [r] = await queryRows<{ n: number | string }>(deps.db, sql`SELECT count(*) AS n FROM notification_outbox WHERE config_id = ${m.config_id} AND sent_at > ${windowStart}`);
      sentInWindow.set(m.config_id, Number(r?.n ?? 0));
    }
    const used = sentInWindow.get(m.config_id) ?? 0;
    if (used >= m.per_minute) {
      result.deferred++;
      await deps.db.execute(sql`UPDATE notification_outbox SET next_attempt_at = ${new Date(now.getTime() + 60_000)} WHERE id = ${m.id}`);
      continue;
    }
    try {
      await notifier.send(
        {
          kind: m.kind,
          url: deps.pii.decrypt(m.url_cipher, NOTIFIER_URL_CONTEXT),
          secret: m.secret_cipher ? deps.pii.decrypt(m.secret_cipher, NOTIFIER_SECRET_CONTEXT) : null,
        },
        { title: m.title, body: m.body },
        now,
      );
      sentInWindow.set(m.config_id, used + 1);
      result.sent++;
      await deps.db.execute(sql`UPDATE notification_outbox SET status = 'sent', sent_at = ${now}, attempts = attempts + 1, last_error = NULL WHERE id = ${m.id}`);
    } catch (err) {
      result.failed++;
      const attempts = m.attempts + 1;
      const message = err instanceof Error ? err.message.slice(0, 200) : "error";
      await deps.db.execute(sql`UPDATE notification_outbox SET attempts = ${attempts}, last_error = ${message},
        status = ${attempts >= MAX_ATTEMPTS ? "failed" : "pending"}, next_attempt_at = ${new Date(now.getTime() + backoffMs(attempts))} WHERE id = ${m.id}`);
    }
  }
  return result;
}

/** Runs the outbox every `intervalMs` in this process; returns a stop function. */
export function startOutbox(deps: { db: Db; clock: Clock; pii: PiiCipher }, notifier: Notifier, intervalMs = 10_000): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped) return;
    running = running.then(() => deliverOutbox(deps, notifier)).catch((err: unknown) => console.error("[outbox]", err));
  }, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
