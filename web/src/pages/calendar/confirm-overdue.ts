import type { TFunction } from "i18next";
import { ApiError } from "../../api/client.js";

/** What `confirmOverdue` needs of antd's `App.useApp().modal`. */
interface Confirmer {
  confirm(props: { title: string; content: string; okText: string; okButtonProps: { danger: boolean }; onOk: () => void; onCancel: () => void }): unknown;
}

/** The refusal of a calendar change that would make open deadlines overdue at once (calendar.service.ts). */
export function isOverdueRefusal(err: unknown): err is ApiError {
  return err instanceof ApiError && err.code === "CONFLICT" && "confirmOverdue" in err.fields;
}

/**
 * Runs a calendar write; when the server refuses it because open deadlines would fall due at once,
 * shows the admin how many and runs it again confirmed if they agree. Null when they decline
 * (nothing was saved).
 */
export async function withOverdueConfirm<T>(modal: Confirmer, t: TFunction, run: (confirm: boolean) => Promise<T>): Promise<T | null> {
  try {
    return await run(false);
  } catch (err) {
    if (!isOverdueRefusal(err)) throw err;
    const agreed = await new Promise<boolean>((resolve) => {
      modal.confirm({
        title: t("calendarUi.confirmOverdueTitle"),
        content: err.fields.confirmOverdue ?? err.message,
        okText: t("calendarUi.confirmOverdueOk"),
        okButtonProps: { danger: true },
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      });
    });
    return agreed ? run(true) : null;
  }
}
