import { App, Button, DatePicker, Form, Input, InputNumber, Select, Space } from "antd";
import type { Dayjs } from "dayjs";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ratingResults } from "../../../../common/contract/index.js";
import { LEDGER_EVIDENCE_REQUIRED, LEDGER_KINDS, type LedgerKind } from "../../../../common/rating.js";
import { call } from "../../api/client.js";
import { applyApiError } from "../../shared/api-errors.js";

interface Values {
  kind: LedgerKind;
  quantity: number;
  occurredOn: Dayjs;
  note?: string;
  evidence?: string;
}

/** Records one member star event (study, volunteer hours, visit, urgent task, upheld complaint, discipline); points come only from such records. */
export function LedgerEntryForm({ memberId }: { memberId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch("kind", form);
  const add = useMutation({
    mutationFn: (v: Values) => {
      const evidence = (v.evidence ?? "").split(/[,，;；\n]/).map((x) => x.trim()).filter(Boolean);
      return call(ratingResults.addLedgerEntry, {
        params: { id: memberId },
        body: { kind: v.kind, quantity: v.quantity, occurredOn: v.occurredOn.format("YYYY-MM-DD"), ...(v.note ? { note: v.note } : {}), ...(evidence.length ? { evidence } : {}) },
      });
    },
    onSuccess: () => {
      form.resetFields(["quantity", "note", "evidence"]);
      void qc.invalidateQueries({ queryKey: ["rating", "star-card", memberId] });
      void message.success(t("common.saved"));
    },
    onError: (e) => {
      const rest = applyApiError(form, e, ["kind", "quantity", "occurredOn", "note", "evidence"]);
      if (rest) void message.error(rest);
    },
  });
  return (
    <Form form={form} layout="inline" onFinish={(v) => add.mutate(v)} initialValues={{ kind: "volunteer", quantity: 1 }} data-testid="ledger-form">
      <Space wrap align="start">
        <Form.Item name="kind" rules={[{ required: true }]}>
          <Select style={{ width: 160 }} options={LEDGER_KINDS.map((k) => ({ value: k, label: t(`rt.ledgerKind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="quantity" rules={[{ required: true }]}>
          <InputNumber min={0.5} max={1000} step={0.5} addonBefore={t("rt.quantity")} />
        </Form.Item>
        <Form.Item name="occurredOn" rules={[{ required: true }]}>
          <DatePicker placeholder={t("rt.date")} />
        </Form.Item>
        <Form.Item name="note">
          <Input placeholder={t("rt.note")} style={{ width: 200 }} maxLength={500} />
        </Form.Item>
        <Form.Item name="evidence" rules={[{ required: !!kind && LEDGER_EVIDENCE_REQUIRED.includes(kind) }]}>
          <Input placeholder={t("rt.evidencePlaceholder")} style={{ width: 240 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="ledger-submit">
          {t("rt.addLedger")}
        </Button>
      </Space>
    </Form>
  );
}
