import { useState } from "react";
import { App, Button, Flex, Form, InputNumber, Modal, Popconfirm, Select, Table, Tag, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { appealAdmin } from "../../../../../common/contract/index.js";
import type { DeadlineRuleView } from "../../../../../common/contract/appeal-admin.contract.js";
import { APPEAL_SCALES, DEADLINE_STAGES, DEADLINE_UNITS, HANDLING_LEVELS, type AppealScale, type DeadlineStage, type DeadlineUnit, type HandlingLevel } from "../../../../../common/appeals.js";
import { call } from "../../../api/client.js";
import { applyApiError, errorMessage } from "../../../shared/api-errors.js";
import { configKeys } from "./config-queries.js";

/** The form's "any" choice (the API's null): every category / every level. */
const ANY = "*";

interface Values {
  categoryId: string;
  scale: AppealScale;
  level: HandlingLevel | typeof ANY;
  stage: DeadlineStage;
  unit: DeadlineUnit;
  amount?: number;
  yellowPercent: number;
}

const FIELDS = ["categoryId", "scale", "level", "stage", "unit", "amount", "yellowPercent"];

function RuleModal({ rule, onClose }: { rule: DeadlineRuleView | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const unit = Form.useWatch("unit", form);
  const categoryId = Form.useWatch("categoryId", form);
  const categories = useQuery({ queryKey: configKeys.categories, queryFn: () => call(appealAdmin.listAdminCategories) });
  const category = (categories.data?.items ?? []).find((c) => c.id === categoryId);
  const save = useMutation({
    mutationFn: (v: Values) =>
      call(appealAdmin.putDeadlineRule, {
        body: {
          categoryId: v.categoryId === ANY ? null : v.categoryId,
          scale: v.scale,
          level: v.level === ANY ? null : v.level,
          stage: v.stage,
          unit: v.unit,
          amount: v.unit === "sameDay" ? 0 : (v.amount ?? 0),
          yellowPercent: v.yellowPercent,
        },
      }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: configKeys.rules });
      message.success(t("appealAdminUi.saved"));
      onClose();
    },
    onError: (err) => void message.error(applyApiError(form, err, FIELDS)),
  });
  const fixed = rule !== null;
  return (
    <Modal open title={t(rule ? "appealAdminUi.editRule" : "appealAdminUi.newRule")} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ "data-testid": "rule-save" }} confirmLoading={save.isPending} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={
          rule
            ? { categoryId: rule.categoryId ?? ANY, scale: rule.scale, level: rule.level ?? ANY, stage: rule.stage, unit: rule.unit, amount: rule.amount, yellowPercent: rule.yellowPercent }
            : { categoryId: ANY, scale: "small", level: ANY, stage: "handle", unit: "workingDays", amount: 3, yellowPercent: 67 }
        }
        onValuesChange={(changed: Partial<Values>) => {
          // A category's appeals carry its scale: a rule for it must use that scale.
          const c = (categories.data?.items ?? []).find((x) => x.id === changed.categoryId);
          if (c) form.setFieldsValue({ scale: c.scale });
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="categoryId" label={t("field.categoryId")}>
          <Select
            data-testid="rule-category"
            disabled={fixed}
            options={[{ value: ANY, label: t("appealAdminUi.anyCategory") }, ...(categories.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))]}
          />
        </Form.Item>
        <Form.Item name="scale" label={t("field.scale")}>
          <Select data-testid="rule-scale" disabled={fixed || Boolean(category)} options={APPEAL_SCALES.map((s) => ({ value: s, label: t(`scale.${s}`) }))} />
        </Form.Item>
        <Form.Item name="level" label={t("field.level")}>
          <Select data-testid="rule-level" disabled={fixed} options={[{ value: ANY, label: t("appealAdminUi.anyLevel") }, ...HANDLING_LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))]} />
        </Form.Item>
        <Form.Item name="stage" label={t("field.stage")}>
          <Select data-testid="rule-stage" disabled={fixed} options={DEADLINE_STAGES.map((s) => ({ value: s, label: t(`appealAdminUi.stage.${s}`) }))} />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="unit" label={t("field.unit")}>
            <Select data-testid="rule-unit" style={{ width: 180 }} options={DEADLINE_UNITS.map((u) => ({ value: u, label: t(`appealAdminUi.unitName.${u}`) }))} />
          </Form.Item>
          {unit !== "sameDay" && (
            <Form.Item name="amount" label={t("field.amount")} rules={[{ required: true }]}>
              <InputNumber data-testid="rule-amount" min={0} step={unit === "workingHours" ? 0.25 : 1} />
            </Form.Item>
          )}
          <Form.Item name="yellowPercent" label={t("field.yellowPercent")} extra={t("appealAdminUi.yellowHint")}>
            <InputNumber min={1} max={99} suffix="%" />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}

/** The deadline rules in force; the most specific (category, then level) wins for an appeal. */
export function DeadlineRulesTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<DeadlineRuleView | null | "new">(null);
  const list = useQuery({ queryKey: configKeys.rules, queryFn: () => call(appealAdmin.listDeadlineRules) });
  const remove = useMutation({
    mutationFn: (id: string) => call(appealAdmin.deleteDeadlineRule, { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: configKeys.rules }),
    onError: (err) => void message.error(errorMessage(err)),
  });
  const limit = (r: DeadlineRuleView) => t(`appealAdminUi.unit.${r.unit}`, { n: r.amount });
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary">{t("appealAdminUi.rulesHint")}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")} data-testid="rule-new">
          {t("appealAdminUi.newRule")}
        </Button>
      </Flex>
      <Table<DeadlineRuleView>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        onRow={(r) => ({ "data-testid": `rule-${r.scale}-${r.stage}${r.fallback ? "" : `-${r.id}`}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t("field.scale"), dataIndex: "scale", render: (s: AppealScale) => <Tag>{t(`scale.${s}`)}</Tag> },
          { title: t("field.categoryId"), dataIndex: "categoryName", render: (v: string | null) => v ?? t("appealAdminUi.anyCategory") },
          { title: t("field.level"), dataIndex: "level", render: (v: HandlingLevel | null) => (v ? t(`level.${v}`) : t("appealAdminUi.anyLevel")) },
          { title: t("field.stage"), dataIndex: "stage", render: (s: DeadlineStage) => t(`appealAdminUi.stage.${s}`) },
          { title: t("field.amount"), render: (_v, r) => <span data-testid="rule-limit">{limit(r)}</span> },
          { title: t("field.yellowPercent"), dataIndex: "yellowPercent", render: (v: number) => `${v}%` },
          {
            title: t("common.actions"),
            render: (_v, r) => (
              <Flex gap={4}>
                <Button size="small" onClick={() => setEditing(r)} data-testid="rule-edit">{t("appealAdminUi.edit")}</Button>
                {!r.fallback && (
                  <Popconfirm title={t("appealAdminUi.deleteRule")} onConfirm={() => remove.mutate(r.id)}>
                    <Button size="small" danger>{t("appealAdminUi.delete")}</Button>
                  </Popconfirm>
                )}
              </Flex>
            ),
          },
        ]}
      />
      {editing && <RuleModal rule={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
    </Flex>
  );
}
