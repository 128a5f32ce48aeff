import { Button, Form, Input, InputNumber, Select, Space, Switch, Table } from "antd";
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import { INDICATOR_METHODS, withMethod, withSource, type SchemeDimension, type SchemeIndicator } from "./scheme-types.js";

interface Metric {
  name: string;
  label: string;
  unit: string;
}

interface Props {
  ind: SchemeIndicator;
  errors: Record<string, string>;
  readOnly: boolean;
  metrics: readonly Metric[];
  roles: readonly string[];
  onChange: (ind: SchemeIndicator) => void;
  onRemove: () => void;
}

/** One indicator: method, max, target, per-event points, cap, metric or scoring roles, evidence; server errors under the field they name. */
export function IndicatorForm({ ind, errors, readOnly, metrics, roles, onChange, onRemove }: Props) {
  const { t } = useTranslation();
  const item = (field: string, label: string, node: React.ReactNode) => (
    <Form.Item label={label} validateStatus={errors[field] ? "error" : undefined} help={errors[field]} style={{ marginBottom: 12 }}>
      {node}
    </Form.Item>
  );
  const set = (patch: Partial<SchemeIndicator>) => onChange({ ...ind, ...patch });
  return (
    <Form layout="vertical" disabled={readOnly} data-testid={`indicator-form-${ind.code}`}>
      {errors[""] && <Form.Item validateStatus="error" help={errors[""]} />}
      <Space wrap align="start">
        {item("code", t("rt.ed.code"), <Input value={ind.code} onChange={(e) => set({ code: e.target.value })} style={{ width: 200 }} />)}
        {item("name", t("rt.ed.name"), <Input value={ind.name} onChange={(e) => set({ name: e.target.value })} style={{ width: 320 }} />)}
      </Space>
      <Space wrap align="start">
        {item("method", t("rt.ed.method"), <Select data-testid="ind-method" value={ind.method} onChange={(m) => onChange(withMethod(ind, m))} style={{ width: 160 }} options={INDICATOR_METHODS.map((m) => ({ value: m, label: t(`rt.method.${m}`) }))} />)}
        {item("maxPoints", t("rt.ed.maxPoints"), <InputNumber data-testid="ind-max" min={0} value={ind.maxPoints} onChange={(v) => set({ maxPoints: v ?? 0 })} />)}
        {item("negative", t("rt.bd.deduction"), <Switch checked={!!ind.negative} onChange={(v) => set({ negative: v || undefined })} />)}
        {item("evidence", t("rt.evidence"), <Select value={ind.evidence} onChange={(v) => set({ evidence: v })} style={{ width: 120 }} options={(["none", "optional", "required"] as const).map((e) => ({ value: e, label: t(`rt.ed.evidence.${e}`) }))} />)}
        {item("source", t("rt.ed.source"), <Select value={ind.source} onChange={(v) => onChange(withSource(ind, v))} style={{ width: 120 }} options={(["manual", "auto"] as const).map((s) => ({ value: s, label: t(`rt.ed.source.${s}`) }))} />)}
      </Space>
      {ind.method === "perEvent" && (
        <Space wrap align="start">
          {item("perEvent", t("rt.ed.perEvent"), <InputNumber data-testid="ind-per-event" min={0} step={0.5} value={ind.perEvent ?? null} onChange={(v) => set({ perEvent: v ?? 0 })} />)}
          {item("cap", t("rt.ed.cap"), <InputNumber data-testid="ind-cap" min={0} step={0.5} value={ind.cap ?? null} onChange={(v) => set({ cap: v ?? undefined })} />)}
        </Space>
      )}
      {ind.method === "ratio" && item("target", t("rt.ed.target"), <InputNumber data-testid="ind-target" step={0.01} value={ind.target ?? null} onChange={(v) => set({ target: v ?? 0 })} />)}
      {ind.source === "auto" && ind.method !== "formula" &&
        item("metric", t("rt.ed.metric"), <Select data-testid="ind-metric" showSearch value={ind.metric || undefined} onChange={(v) => set({ metric: v })} style={{ width: 420 }} options={metrics.map((m) => ({ value: m.name, label: `${m.label} (${m.name}${m.unit ? `, ${m.unit}` : ""})` }))} />)}
      {ind.source === "manual" && item("roles", t("rt.ed.roles"), <Select mode="multiple" value={ind.roles ?? []} onChange={(v) => set({ roles: v })} style={{ width: 420 }} options={roles.map((r) => ({ value: r, label: t(`rt.role.${r}`, { defaultValue: r }) }))} />)}
      {ind.method === "formula" && (
        <>
          {item("expression", t("rt.ed.expression"), <Input.TextArea rows={2} value={ind.expression ?? ""} onChange={(e) => set({ expression: e.target.value })} />)}
          {item("inputs", t("rt.ed.inputs"), <Select mode="multiple" value={ind.inputs ?? []} onChange={(v) => set({ inputs: v })} style={{ width: 420 }} options={metrics.map((m) => ({ value: m.name, label: `${m.label} (${m.name})` }))} />)}
        </>
      )}
      {ind.method === "bands" && (
        <Form.Item label={t("rt.ed.bands")} validateStatus={errors.bands ? "error" : undefined} help={errors.bands}>
          <Table
            size="small"
            pagination={false}
            rowKey={(_r, i) => String(i)}
            dataSource={ind.bands ?? []}
            columns={[
              { title: t("rt.ed.bandMin"), key: "min", render: (_v, r, i) => <Form.Item validateStatus={errors[`bands.${i}.min`] ? "error" : undefined} help={errors[`bands.${i}.min`]} style={{ margin: 0 }}><InputNumber step={0.01} value={r.min} onChange={(v) => set({ bands: (ind.bands ?? []).map((b, j) => (j === i ? { ...b, min: v ?? 0 } : b)) })} /></Form.Item> },
              { title: t("rt.ed.bandPoints"), key: "points", render: (_v, r, i) => <Form.Item validateStatus={errors[`bands.${i}.points`] ? "error" : undefined} help={errors[`bands.${i}.points`]} style={{ margin: 0 }}><InputNumber min={0} value={r.points} onChange={(v) => set({ bands: (ind.bands ?? []).map((b, j) => (j === i ? { ...b, points: v ?? 0 } : b)) })} /></Form.Item> },
              { key: "x", width: 48, render: (_v, _r, i) => <Button size="small" icon={<DeleteOutlined />} onClick={() => set({ bands: (ind.bands ?? []).filter((_b, j) => j !== i) })} /> },
            ]}
          />
          <Button size="small" icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={() => set({ bands: [...(ind.bands ?? []), { min: 0, points: 0 }] })}>{t("rt.ed.addBand")}</Button>
        </Form.Item>
      )}
      <Button danger icon={<DeleteOutlined />} onClick={onRemove}>{t("rt.ed.removeIndicator")}</Button>
    </Form>
  );
}

/** A dimension's name and maximum (its indicators must add up to it). */
export function DimensionForm({ dim, errors, readOnly, onChange, onAddIndicator, onRemove }: { dim: SchemeDimension; errors: Record<string, string>; readOnly: boolean; onChange: (d: SchemeDimension) => void; onAddIndicator: () => void; onRemove: () => void }) {
  const { t } = useTranslation();
  const e = (f: string) => ({ validateStatus: errors[f] ? ("error" as const) : undefined, help: errors[f] });
  return (
    <Form layout="vertical" disabled={readOnly} data-testid={`dimension-form-${dim.code}`}>
      {errors[""] && <Form.Item validateStatus="error" help={errors[""]} />}
      <Space wrap align="start">
        <Form.Item label={t("rt.ed.code")} {...e("code")}><Input value={dim.code} onChange={(ev) => onChange({ ...dim, code: ev.target.value })} /></Form.Item>
        <Form.Item label={t("rt.ed.name")} {...e("name")}><Input value={dim.name} onChange={(ev) => onChange({ ...dim, name: ev.target.value })} style={{ width: 300 }} /></Form.Item>
        <Form.Item label={t("rt.ed.maxPoints")} {...e("maxPoints")}><InputNumber data-testid="dim-max" min={0} value={dim.maxPoints} onChange={(v) => onChange({ ...dim, maxPoints: v ?? 0 })} /></Form.Item>
      </Space>
      <Space>
        <Button icon={<PlusOutlined />} onClick={onAddIndicator}>{t("rt.ed.addIndicator")}</Button>
        <Button danger icon={<DeleteOutlined />} onClick={onRemove}>{t("rt.ed.removeDimension")}</Button>
      </Space>
    </Form>
  );
}
