import { useState } from "react";
import { App, Button, Form, Input, Modal, Rate, Space, Tag } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { fireSummonsEvent, type Summons } from "../../../../../common/contract/whistle.contract.js";
import type { SummonsStatus } from "../../../../../common/whistle.js";
import { call } from "../../../api/client.js";
import { applyApiError } from "../../../shared/api-errors.js";
import { whistleChanged } from "./whistle-queries.js";

type UserSummonsEvent = "checkIn" | "report" | "rate" | "cancel";
const USER_EVENTS: readonly UserSummonsEvent[] = ["checkIn", "report", "rate", "cancel"];

const STATUS_COLOURS: Record<SummonsStatus, string> = {
  summoned: "blue",
  overdue: "red",
  checkedIn: "cyan",
  reported: "green",
  rated: "default",
  cancelled: "default",
};

export function SummonsStatusTag({ status }: { status: SummonsStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOURS[status]} data-testid="summons-status">{t(`status.${status}`)}</Tag>;
}

interface Values {
  note?: string;
  rating?: number;
  reason?: string;
}

function SummonsEventModal({ s, event, onClose }: { s: Summons; event: UserSummonsEvent; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const fire = useMutation({
    mutationFn: (v: Values) =>
      call(fireSummonsEvent, { params: { id: s.id }, body: { event, note: v.note?.trim() || undefined, rating: v.rating, reason: v.reason?.trim() || undefined } }),
    onSuccess: async (w) => {
      await whistleChanged(qc, w);
      message.success(t("whistleUi.eventDone", { event: t(`event.${event}`) }));
      onClose();
    },
    onError: (err) => void message.error(applyApiError(form, err, ["note", "rating", "reason"])),
  });
  return (
    <Modal
      open
      title={`${t(`event.${event}`)}：${s.departmentName}`}
      okText={t(`event.${event}`)}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ danger: event === "cancel", "data-testid": "summons-submit" }}
      confirmLoading={fire.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => fire.mutate(v)}>
        {event === "checkIn" && <p>{t("whistleUi.checkInConfirm", { title: s.whistleTitle })}</p>}
        {event === "report" && (
          <Form.Item name="note" label={t("whistleUi.report")} rules={[{ required: true, min: 2, message: t("whistle.reportRequired") }]}>
            <Input.TextArea data-testid="summons-note" rows={4} maxLength={2000} showCount />
          </Form.Item>
        )}
        {event === "rate" && (
          <>
            <Form.Item name="rating" label={t("whistleUi.rating")} rules={[{ required: true, message: t("whistle.badRating") }]}>
              <Rate data-testid="summons-rating" />
            </Form.Item>
            <Form.Item name="note" label={t("whistleUi.comment")}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </>
        )}
        {event === "cancel" && (
          <Form.Item name="reason" label={t("whistleUi.cancelReason")} rules={[{ required: true, min: 2, message: t("whistle.reasonRequired") }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** Buttons for the events the server lists on this summons for this user. */
export function SummonsActions({ s, size }: { s: Summons; size?: "large" | "middle" | "small" }) {
  const { t } = useTranslation();
  const [event, setEvent] = useState<UserSummonsEvent | null>(null);
  const events = USER_EVENTS.filter((e) => s.events.includes(e));
  if (events.length === 0) return null;
  return (
    <Space wrap>
      {events.map((e) => (
        <Button
          key={e}
          size={size}
          type={e === "checkIn" || e === "report" ? "primary" : "default"}
          danger={e === "cancel"}
          data-testid={`summons-${e}-${s.departmentName}`}
          onClick={() => setEvent(e)}
        >
          {t(`event.${e}`)}
        </Button>
      ))}
      {event && <SummonsEventModal s={s} event={event} onClose={() => setEvent(null)} />}
    </Space>
  );
}
