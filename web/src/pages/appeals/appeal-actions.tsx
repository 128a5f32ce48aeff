import { useState } from "react";
import { App, Button, Form, Input, InputNumber, Modal, Space } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { appeals } from "../../../../common/contract/index.js";
import { USER_EVENTS, type AppealDetail } from "../../../../common/contract/appeals.contract.js";
import { call } from "../../api/client.js";
import { applyApiError, errorMessage } from "../../shared/api-errors.js";
import { OrgTreeSelect } from "../../shared/org-tree-select.js";
import { appealChanged } from "./appeal-queries.js";

type UserEvent = (typeof USER_EVENTS)[number];
const isUserEvent = (e: string): e is UserEvent => USER_EVENTS.some((u) => u === e);

/** What each event asks for: a required reason, a required result text, a target unit. */
const NEEDS: Record<UserEvent, { reason?: true; note?: "required" | "optional"; unit?: true; danger?: true }> = {
  accept: { note: "optional" },
  start: { note: "optional" },
  resolve: { note: "required" },
  return: { reason: true },
  escalate: { note: "optional" },
  dispatch: { note: "optional" },
  reject: { reason: true, danger: true },
  transfer: { unit: true, note: "optional" },
};

const EXTENSION_STATES = ["accepted", "inProgress", "returned", "dispatched"];

interface EventValues {
  note?: string;
  reason?: string;
  unitId?: string;
}

function EventModal({ appeal, event, onClose }: { appeal: AppealDetail; event: UserEvent; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<EventValues>();
  const need = NEEDS[event];
  const fire = useMutation({
    mutationFn: (v: EventValues) =>
      call(appeals.fireEvent, {
        params: { id: appeal.id },
        body: { event, note: v.note?.trim() || undefined, reason: v.reason?.trim() || undefined, unitId: v.unitId },
      }),
    onSuccess: async (d) => {
      await appealChanged(qc, d);
      message.success(t("appealsUi.eventDone", { event: t(`event.${event}`) }));
      onClose();
    },
    onError: (err) => void message.error(applyApiError(form, err, ["note", "reason", "unitId"])),
  });
  return (
    <Modal
      open
      title={t("appealsUi.eventTitle", { event: t(`event.${event}`), code: appeal.trackingCode })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t(`event.${event}`)}
      okButtonProps={{ danger: !!need.danger, "data-testid": "event-submit" }}
      confirmLoading={fire.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => fire.mutate(v)}>
        {need.unit && (
          <Form.Item name="unitId" label={t("appealsUi.transferTo")} rules={[{ required: true, message: t("appeal.unitRequired") }]}>
            <OrgTreeSelect testid="event-unit" selectableLevels={["district", "town", "village", "grid"]} />
          </Form.Item>
        )}
        {need.reason && (
          <Form.Item name="reason" label={t("appealsUi.reason")} rules={[{ required: true, min: 2, message: t("appeal.reasonRequired") }]}>
            <Input.TextArea data-testid="event-reason" rows={3} maxLength={500} showCount />
          </Form.Item>
        )}
        {need.note && (
          <Form.Item
            name="note"
            label={event === "resolve" ? t("appealsUi.resolution") : t("appealsUi.note")}
            rules={need.note === "required" ? [{ required: true, message: t("appeal.resolutionRequired") }] : []}
          >
            <Input.TextArea data-testid="event-note" rows={3} maxLength={1000} showCount />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function ExtensionModal({ appeal, onClose }: { appeal: AppealDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ workingDays: number; reason: string }>();
  const ask = useMutation({
    mutationFn: (v: { workingDays: number; reason: string }) => call(appeals.requestExtension, { params: { id: appeal.id }, body: v }),
    onSuccess: async (d) => {
      await appealChanged(qc, d);
      message.success(t("appealsUi.extensionAsked"));
      onClose();
    },
    onError: (err) => void message.error(applyApiError(form, err, ["workingDays", "reason"])),
  });
  return (
    <Modal open title={t("appealsUi.askExtension")} onCancel={onClose} onOk={() => form.submit()} confirmLoading={ask.isPending} okButtonProps={{ "data-testid": "extension-submit" }} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ workingDays: 3 }} onFinish={(v) => ask.mutate(v)}>
        <Form.Item name="workingDays" label={t("appealsUi.extensionDays")} rules={[{ required: true }]}>
          <InputNumber min={1} max={30} precision={0} />
        </Form.Item>
        <Form.Item name="reason" label={t("appealsUi.reason")} rules={[{ required: true, min: 2, message: t("appeal.reasonRequired") }]}>
          <Input.TextArea data-testid="extension-reason" rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The approve / deny buttons for the pending extension (only for the level above). */
export function ExtensionDecision({ appeal, extensionId }: { appeal: AppealDetail; extensionId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const decide = useMutation({
    mutationFn: (approve: boolean) => call(appeals.decideExtension, { params: { id: appeal.id, extensionId }, body: { approve } }),
    onSuccess: (d) => appealChanged(qc, d),
    onError: (err) => void message.error(errorMessage(err)),
  });
  return (
    <Space>
      <Button size="small" type="primary" loading={decide.isPending} data-testid="extension-approve" onClick={() => decide.mutate(true)}>
        {t("appealsUi.approve")}
      </Button>
      <Button size="small" danger loading={decide.isPending} data-testid="extension-deny" onClick={() => decide.mutate(false)}>
        {t("appealsUi.deny")}
      </Button>
    </Space>
  );
}

/** Buttons for exactly the events the server says this user may fire now, plus 延期. */
export function AppealActions({ appeal, size }: { appeal: AppealDetail; size?: "large" | "middle" }) {
  const { t } = useTranslation();
  const [event, setEvent] = useState<UserEvent | null>(null);
  const [extending, setExtending] = useState(false);
  const events = appeal.abilities.events.filter(isUserEvent);
  const canExtend =
    events.length > 0 && EXTENSION_STATES.includes(appeal.status) && !appeal.extensions.some((x) => x.status === "pending");
  if (events.length === 0 && !canExtend) return null;
  return (
    <Space wrap>
      {events.map((e) => (
        <Button key={e} size={size} type={e === "accept" || e === "resolve" ? "primary" : "default"} danger={!!NEEDS[e].danger} data-testid={`event-${e}`} onClick={() => setEvent(e)}>
          {t(`event.${e}`)}
        </Button>
      ))}
      {canExtend && (
        <Button size={size} data-testid="event-extension" onClick={() => setExtending(true)}>
          {t("appealsUi.askExtension")}
        </Button>
      )}
      {event && <EventModal appeal={appeal} event={event} onClose={() => setEvent(null)} />}
      {extending && <ExtensionModal appeal={appeal} onClose={() => setExtending(false)} />}
    </Space>
  );
}
