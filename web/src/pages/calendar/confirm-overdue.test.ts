import { describe, expect, it, vi } from "vitest";
import type { TFunction } from "i18next";
import { ApiError } from "../../api/client.js";
import { withOverdueConfirm } from "./confirm-overdue.js";

const t = ((key: string) => key) as unknown as TFunction;
const refusal = () => new ApiError("CONFLICT", "refused", 409, { confirmOverdue: "此修改将使 2 个未到期的办理期限…" });

/** A modal that answers the confirmation with `answer`, recording what it showed. */
function modal(answer: boolean) {
  const shown: string[] = [];
  return {
    shown,
    confirm: (p: { content: string; onOk: () => void; onCancel: () => void }) => {
      shown.push(p.content);
      if (answer) p.onOk();
      else p.onCancel();
    },
  };
}

describe("withOverdueConfirm", () => {
  it("runs once, unconfirmed, when the server accepts", async () => {
    const run = vi.fn(async (confirm: boolean) => ({ confirm }));
    const m = modal(true);
    expect(await withOverdueConfirm(m, t, run)).toEqual({ confirm: false });
    expect(run).toHaveBeenCalledTimes(1);
    expect(m.shown).toEqual([]);
  });

  it("asks with the server's message and runs again confirmed when the admin agrees", async () => {
    const run = vi.fn(async (confirm: boolean) => {
      if (!confirm) throw refusal();
      return "saved";
    });
    const m = modal(true);
    expect(await withOverdueConfirm(m, t, run)).toBe("saved");
    expect(run.mock.calls).toEqual([[false], [true]]);
    expect(m.shown).toEqual(["此修改将使 2 个未到期的办理期限…"]);
  });

  it("saves nothing more when the admin declines", async () => {
    const run = vi.fn(async () => {
      throw refusal();
    });
    expect(await withOverdueConfirm(modal(false), t, run)).toBeNull();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it("passes every other error on", async () => {
    const other = new ApiError("CONFLICT", "other", 409, { date: "x" });
    await expect(withOverdueConfirm(modal(true), t, () => Promise.reject(other))).rejects.toBe(other);
  });
});
