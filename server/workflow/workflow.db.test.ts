import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestContext, type TestContext } from "../../test/helpers/context.js";
import { unitByCode } from "../../test/helpers/factories.js";
import { openDatabase, queryRows, type Db } from "../db/client.js";
import { systemActor, type Actor } from "../platform/actor.js";
import { applyEvent, historyOf, startTimers, type Workflow } from "./apply.js";
import type { WorkflowEntity } from "./machine.js";
import { sweep } from "./sweeper.js";

/** A small ticket workflow over a scratch table, to exercise the helper end to end. */
type S = "open" | "village" | "town" | "closed";
type E = "escalate" | "close";
type Ticket = WorkflowEntity<S> & { level: number };
const HOUR = 3600_000;

const ticketWorkflow: Workflow<S, E, Ticket> = {
  name: "testTicket",
  entityType: "testTicket",
  transitions: [
    { from: ["open"], event: "escalate", to: "village", by: { system: true } },
    { from: ["village"], event: "escalate", to: "town", by: { system: true } },
    { from: ["open", "village", "town"], event: "close", to: "closed", by: { permission: "org.manage" } },
  ],
  async load(tx, id, lock) {
    const rows = await queryRows<{ id: string; status: S; path: string; level: number }>(
      tx,
      lock ? sql`SELECT * FROM test_tickets WHERE id = ${id} FOR UPDATE` : sql`SELECT * FROM test_tickets WHERE id = ${id}`,
    );
    return rows[0] ?? null;
  },
  async save(tx, entity, to) {
    const level = to === "village" ? 1 : to === "town" ? 2 : entity.level;
    await tx.execute(sql`UPDATE test_tickets SET status = ${to}, level = ${level} WHERE id = ${entity.id}`);
    return { ...entity, status: to, level };
  },
  timers(entity, at) {
    if (entity.status === "closed" || entity.status === "town") return [];
    return [
      { kind: "notify", level: "yellow", dueAt: new Date(at.getTime() + HOUR / 2) },
      { kind: "event", event: "escalate", dueAt: new Date(at.getTime() + HOUR) },
    ];
  },
  async onNotify(tx, entity, level) {
    await tx.execute(sql`INSERT INTO test_notes (ticket_id, level) VALUES (${entity.id}, ${level})`);
  },
};

let ctx: TestContext;
let path: string;
let townAdmin: Actor;

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.db.execute(sql`CREATE TABLE test_tickets (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), status text NOT NULL, path text NOT NULL, level int NOT NULL DEFAULT 0)`);
  await ctx.db.execute(sql`CREATE TABLE test_notes (ticket_id uuid NOT NULL, level text NOT NULL)`);
  const village = await unitByCode(ctx.db, "440514109210");
  path = village.path;
  const town = await unitByCode(ctx.db, "440514109");
  townAdmin = {
    kind: "user",
    userId: "00000000-0000-4000-8000-000000000001",
    username: "t",
    displayName: "T",
    grants: [{ id: "g", role: "townAdmin", orgUnitId: town.id, scopePath: town.path, scopeLevel: "town", scopeName: "红场镇", divisionCode: null, departmentId: null }],
  };
});
afterAll(() => ctx.close());

async function newTicket(db: Db = ctx.db): Promise<Ticket> {
  return db.transaction(async (tx) => {
    const [row] = await queryRows<Ticket>(tx, sql`INSERT INTO test_tickets (status, path) VALUES ('open', ${path}) RETURNING *`);
    if (!row) throw new Error("insert failed");
    await startTimers(tx, ticketWorkflow, row, ctx.clock.now());
    return row;
  });
}

describe("applyEvent", () => {
  it("writes the state, a history row, the audit record, and replaces the timers", async () => {
    const t = await newTicket();
    const closed = await applyEvent(ctx, ticketWorkflow, t.id, "close", townAdmin, { note: "done" });
    expect(closed.status).toBe("closed");
    const history = await historyOf(ctx.db, "testTicket", t.id);
    expect(history).toMatchObject([{ fromState: "open", toState: "closed", event: "close", note: "done", actorName: "t" }]);
    const audit = await queryRows<{ action: string }>(ctx.db, sql`SELECT action FROM audit_log WHERE entity_id = ${t.id}`);
    expect(audit.map((a) => a.action)).toEqual(["testTicket.close"]);
    const pending = await queryRows<{ n: number | string }>(ctx.db, sql`SELECT count(*) AS n FROM workflow_timers WHERE entity_id = ${t.id} AND fired_at IS NULL`);
    expect(Number(pending[0]?.n)).toBe(0);
  });

  it("refuses an out-of-order event and a system-only event from a user, writing nothing", async () => {
    const t = await newTicket();
    await applyEvent(ctx, ticketWorkflow, t.id, "close", townAdmin, {});
    await expect(applyEvent(ctx, ticketWorkflow, t.id, "close", townAdmin, {})).rejects.toMatchObject({ code: "INVALID_TRANSITION" });
    const t2 = await newTicket();
    await expect(applyEvent(ctx, ticketWorkflow, t2.id, "escalate", townAdmin, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await historyOf(ctx.db, "testTicket", t2.id)).toEqual([]);
  });

  it("answers NOT_FOUND for an entity outside the actor's scope", async () => {
    const t = await newTicket();
    const elsewhere: Actor = { ...townAdmin, kind: "user", grants: [{ ...(townAdmin.kind === "user" ? townAdmin.grants[0]! : ({} as never)), scopePath: "/nowhere/" }] } as Actor;
    await expect(applyEvent(ctx, ticketWorkflow, t.id, "close", elsewhere, {})).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("the deadline sweeper", () => {
  it("warns, then escalates one level per timeout, with a moved clock", async () => {
    const t = await newTicket();
    ctx.clock.advance(HOUR / 2 + 1);
    await sweep(ctx, [ticketWorkflow]);
    const notes = await queryRows<{ level: string }>(ctx.db, sql`SELECT level FROM test_notes WHERE ticket_id = ${t.id}`);
    expect(notes.map((n) => n.level)).toEqual(["yellow"]);
    ctx.clock.advance(HOUR / 2);
    await sweep(ctx, [ticketWorkflow]);
    expect((await ticketWorkflow.load(ctx.db, t.id, false))?.status).toBe("village");
    ctx.clock.advance(HOUR + 1);
    await sweep(ctx, [ticketWorkflow]);
    const after = await ticketWorkflow.load(ctx.db, t.id, false);
    expect(after).toMatchObject({ status: "town", level: 2 });
    ctx.clock.advance(10 * HOUR);
    await sweep(ctx, [ticketWorkflow]);
    const history = await historyOf(ctx.db, "testTicket", t.id);
    expect(history.map((h) => `${h.fromState}>${h.toState}:${h.actorName}`)).toEqual(["open>village:system:sweeper", "village>town:system:sweeper"]);
  });

  it("marks a timer stale when the entity moved on before it fell due", async () => {
    const t = await newTicket();
    await applyEvent(ctx, ticketWorkflow, t.id, "close", townAdmin, {});
    ctx.clock.advance(2 * HOUR);
    const r = await sweep(ctx, [ticketWorkflow]);
    expect(r.applied).toBe(0);
    expect((await ticketWorkflow.load(ctx.db, t.id, false))?.status).toBe("closed");
  });

  it("does not fire a timer a restart left pending because another transaction held it", async () => {
    // The state a restart leaves when its SKIP LOCKED cancel passed over a timer that a calendar
    // recompute (or a sweeper) had locked: the old set still pending beside the restart's new set.
    const t = await newTicket();
    ctx.clock.advance(HOUR / 6);
    await ctx.db.transaction((tx) => startTimers(tx, ticketWorkflow, t, ctx.clock.now()));
    ctx.clock.advance(HOUR - HOUR / 6 + 1); // the old escalation is due, the new one is not
    const r = await sweep(ctx, [ticketWorkflow]);
    expect(r).toMatchObject({ applied: 0, notified: 1, stale: 2 });
    expect((await ticketWorkflow.load(ctx.db, t.id, false))?.status).toBe("open");
    const notes = await queryRows<{ level: string }>(ctx.db, sql`SELECT level FROM test_notes WHERE ticket_id = ${t.id}`);
    expect(notes.map((n) => n.level)).toEqual(["yellow"]);
    ctx.clock.advance(HOUR / 6);
    await sweep(ctx, [ticketWorkflow]);
    expect((await ticketWorkflow.load(ctx.db, t.id, false))?.status).toBe("village");
  });

  it("applies each escalation exactly once when several sweepers run at once", async () => {
    const tickets = await Promise.all(Array.from({ length: 40 }, () => newTicket()));
    ctx.clock.advance(HOUR + 1);
    // A second handle on the same database stands for a second app process (PostgreSQL);
    // PGlite has one connection, so there the two sweeps interleave on it.
    const other = ctx.handle.kind === "postgresql" && ctx.config ? await openSecondHandle() : null;
    try {
      const results = await Promise.all([
        sweep({ db: ctx.db, clock: ctx.clock }, [ticketWorkflow], { batch: 7 }),
        sweep({ db: other?.db ?? ctx.db, clock: ctx.clock }, [ticketWorkflow], { batch: 7 }),
      ]);
      expect(results.reduce((n, r) => n + r.errors, 0)).toBe(0);
      for (const t of tickets) {
        const history = await historyOf(ctx.db, "testTicket", t.id);
        expect(history.filter((h) => h.toState === "village")).toHaveLength(1);
      }
    } finally {
      await other?.close();
    }
  });
});

async function openSecondHandle() {
  const [row] = await queryRows<{ db: string }>(ctx.db, sql`SELECT current_database() AS db`);
  const url = new URL(process.env.TEST_DATABASE_URL ?? "");
  url.pathname = `/${row?.db ?? ""}`;
  return openDatabase({ dataDir: "", databaseUrl: url.toString(), poolSize: 3 });
}

it("keeps the system actor name stable", () => {
  expect(systemActor("sweeper")).toEqual({ kind: "system", name: "sweeper" });
});
