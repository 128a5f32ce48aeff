import { useEffect } from "react";
import { Button, Col, Form, Input, InputNumber, Row, Select, Space, Typography } from "antd";
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { rating } from "../../../../common/contract/index.js";
import { PROJECT_PRIORITIES } from "../../../../common/rating.js";
import { call } from "../../api/client.js";
import { OrgTreeSelect } from "../../shared/org-tree-select.js";
import { ratingKeys } from "../rating/rating-keys.js";
import { defaultScheme, SchemeSelect, useSchemes } from "../rating/rating-ui.js";
import { asSchemeBody, starsOf } from "../rating/scheme-types.js";
import { DEFAULT_MULTIPLIER, type PlanFormValues } from "./allocation-params.js";

/** Pool, star multipliers (one per grade of the scheme), bounds per village, rectification share and project priority by stars. */
export function AllocationForm({ initial, fixedScheme, onSubmit, submitting, submitLabel, disabled }: { initial?: Partial<PlanFormValues>; fixedScheme?: boolean; onSubmit: (v: PlanFormValues) => void; submitting: boolean; submitLabel: string; disabled?: boolean }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PlanFormValues>();
  const schemes = useSchemes({ programme: "fortress", status: "published" });
  const schemeId = Form.useWatch("schemeId", form);
  const scheme = useQuery({ queryKey: ratingKeys.scheme(schemeId ?? ""), queryFn: () => call(rating.getScheme, { params: { id: schemeId ?? "" } }), enabled: !!schemeId });

  useEffect(() => {
    const first = defaultScheme(schemes.data ?? []);
    if (!initial?.schemeId && !form.getFieldValue("schemeId") && first) form.setFieldValue("schemeId", first.id);
  }, [schemes.data, initial, form]);

  // A new scheme brings its grade names; keep the multipliers typed for grades it still has.
  useEffect(() => {
    if (!scheme.data || initial?.multipliers?.length) return;
    const g = asSchemeBody(scheme.data.body).grading;
    const grades = g.model === "bands" ? [...g.bands.map((b) => b.grade), g.belowGrade] : g.model === "perDimensionStars" ? g.starGrades : [...g.quotas.map((q) => q.grade), g.restGrade];
    form.setFieldValue("multipliers", grades.map((grade) => ({ grade, value: DEFAULT_MULTIPLIER[starsOf(grade) ?? 3] ?? 1 })));
  }, [scheme.data, initial, form]);

  return (
    <Form<PlanFormValues>
      form={form}
      layout="vertical"
      disabled={disabled}
      data-testid="allocation-form"
      initialValues={{ poolYuan: 1_000_000, minYuan: 0, maxYuan: null, rectificationShare: 0.1, rectificationMaxStars: 1, priorities: [{ minStars: 4, priority: "first" }, { minStars: 2, priority: "normal" }, { minStars: 0, priority: "conditional" }], multipliers: [], ...initial }}
      // The whole store: a multiplier's grade is a label, not a registered field, so onFinish's values would drop it.
      onFinish={() => onSubmit(form.getFieldsValue(true) as PlanFormValues)}
    >
      <Row gutter={12}>
        <Col xs={24} md={8}><Form.Item name="name" label={t("al.name")} rules={[{ required: true, min: 2 }]}><Input data-testid="al-name" /></Form.Item></Col>
        <Col xs={24} md={8}>{!fixedScheme && <Form.Item name="schemeId" label={t("rt.scheme")} rules={[{ required: true }]}><SchemeSelect testid="al-scheme" items={schemes.data ?? []} onChange={(id) => form.setFieldValue("schemeId", id)} /></Form.Item>}</Col>
        <Col xs={24} md={8}>{!fixedScheme && <Form.Item name="orgUnitId" label={t("al.unit")} rules={[{ required: true }]}><OrgTreeSelect testid="al-unit" selectableLevels={["city", "district", "town"]} /></Form.Item>}</Col>
        <Col xs={12} md={6}><Form.Item name="poolYuan" label={t("al.pool")} rules={[{ required: true }]}><InputNumber data-testid="al-pool" min={0.01} step={10000} style={{ width: "100%" }} addonAfter={t("al.yuan")} /></Form.Item></Col>
        <Col xs={12} md={6}><Form.Item name="minYuan" label={t("al.min")}><InputNumber min={0} style={{ width: "100%" }} addonAfter={t("al.yuan")} /></Form.Item></Col>
        <Col xs={12} md={6}><Form.Item name="maxYuan" label={t("al.max")}><InputNumber min={0} style={{ width: "100%" }} addonAfter={t("al.yuan")} placeholder={t("al.noMax")} /></Form.Item></Col>
        <Col xs={12} md={3}><Form.Item name="rectificationShare" label={t("al.rectShare")}><InputNumber min={0} max={0.5} step={0.05} style={{ width: "100%" }} /></Form.Item></Col>
        <Col xs={12} md={3}><Form.Item name="rectificationMaxStars" label={t("al.rectMaxStars")}><InputNumber min={0} max={5} style={{ width: "100%" }} /></Form.Item></Col>
      </Row>
      <Typography.Text strong>{t("al.multipliers")}</Typography.Text>
      <Form.List name="multipliers">
        {(items) => (
          <Space wrap style={{ margin: "8px 0 12px" }}>
            {items.map((f) => (
              <Form.Item key={f.key} name={[f.name, "value"]} label={form.getFieldValue(["multipliers", f.name, "grade"])} style={{ marginBottom: 0 }}>
                <InputNumber min={0} max={100} step={0.05} style={{ width: 100 }} />
              </Form.Item>
            ))}
          </Space>
        )}
      </Form.List>
      <div><Typography.Text strong>{t("al.priorities")}</Typography.Text></div>
      <Form.List name="priorities">
        {(items, { add, remove }) => (
          <div style={{ margin: "8px 0 12px" }}>
            {items.map((f) => (
              <Space key={f.key} align="baseline">
                <Form.Item name={[f.name, "minStars"]} label={t("al.minStars")}><InputNumber min={0} max={5} /></Form.Item>
                <Form.Item name={[f.name, "priority"]} label={t("al.priority")}><Select style={{ width: 140 }} options={PROJECT_PRIORITIES.map((p) => ({ value: p, label: t(`al.priority.${p}`) }))} /></Form.Item>
                <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
              </Space>
            ))}
            <Button size="small" icon={<PlusOutlined />} onClick={() => add({ minStars: 0, priority: "normal" })}>{t("rt.ed.add")}</Button>
          </div>
        )}
      </Form.List>
      <Button type="primary" htmlType="submit" data-testid="al-submit" loading={submitting}>{submitLabel}</Button>
    </Form>
  );
}
