import { useState } from "react";
import { Form, InputNumber, Segmented, Switch, Table, Typography } from "antd";
import type { TableColumnsType } from "antd";
import { useTranslation } from "react-i18next";
import { errorsUnder, indicatorPath, type IndicatorOverride, type OverrideField, type SchemeBody, type SchemeIndicator } from "./scheme-types.js";

interface Row {
  d: number;
  i: number;
  ind: SchemeIndicator;
  dimension: string;
}

/** Which override fields a method can take (the server refuses the others: overrideNotApplicable). */
const APPLIES: Record<OverrideField, (ind: SchemeIndicator) => boolean> = {
  maxPoints: () => true,
  target: (ind) => ind.method === "ratio",
  perEvent: (ind) => ind.method === "perEvent",
  cap: (ind) => ind.method === "perEvent",
};

/**
 * 差异化考核: per category, each indicator's overrides (enabled, max, target, per-event points, cap).
 * An empty cell inherits the indicator's own value.
 */
export function SchemeOverrides({ body, fields, readOnly, update }: { body: SchemeBody; fields: Record<string, string>; readOnly: boolean; update: (fn: (b: SchemeBody) => void) => void }) {
  const { t } = useTranslation();
  const [cat, setCat] = useState(body.categories[0]?.code ?? "");
  const rows: Row[] = body.dimensions.flatMap((dim, d) => dim.indicators.map((ind, i) => ({ d, i, ind, dimension: dim.name })));

  const setOverride = (r: Row, patch: Partial<IndicatorOverride>) =>
    update((b) => {
      const ind = b.dimensions[r.d]?.indicators[r.i];
      if (!ind) return;
      const all = { ...(ind.categoryOverrides ?? {}) };
      const next: IndicatorOverride = { ...(all[cat] ?? {}), ...patch };
      for (const k of Object.keys(next) as (keyof IndicatorOverride)[]) if (next[k] === undefined) delete next[k];
      if (Object.keys(next).length) all[cat] = next;
      else delete all[cat];
      if (Object.keys(all).length) ind.categoryOverrides = all;
      else delete ind.categoryOverrides;
    });

  const cell = (field: OverrideField) => (_v: unknown, r: Row) => {
    if (!APPLIES[field](r.ind)) return <Typography.Text type="secondary">—</Typography.Text>;
    const err = errorsUnder(fields, `${indicatorPath(r.d, r.i)}.categoryOverrides.${cat}`)[field];
    const own = r.ind[field];
    return (
      <Form.Item validateStatus={err ? "error" : undefined} help={err} style={{ margin: 0 }}>
        <InputNumber
          data-testid={`ovr-${r.ind.code}-${field}`}
          disabled={readOnly}
          min={field === "target" ? undefined : 0}
          step={field === "target" ? 0.01 : 0.5}
          placeholder={own === undefined ? "" : String(own)}
          value={r.ind.categoryOverrides?.[cat]?.[field] ?? null}
          onChange={(v) => setOverride(r, { [field]: v ?? undefined })}
          style={{ width: 110 }}
        />
      </Form.Item>
    );
  };

  const columns: TableColumnsType<Row> = [
    { title: t("rt.bd.dimension"), dataIndex: "dimension", width: 150 },
    { title: t("rt.bd.indicator"), key: "name", render: (_v, r) => `${r.ind.name} (${t(`rt.method.${r.ind.method}`)})` },
    {
      title: t("rt.ed.enabled"),
      key: "enabled",
      width: 80,
      render: (_v, r) => <Switch data-testid={`ovr-${r.ind.code}-enabled`} disabled={readOnly} checked={r.ind.categoryOverrides?.[cat]?.enabled !== false} onChange={(on) => setOverride(r, { enabled: on ? undefined : false })} />,
    },
    { title: t("rt.ed.maxPoints"), key: "maxPoints", render: cell("maxPoints") },
    { title: t("rt.ed.target"), key: "target", render: cell("target") },
    { title: t("rt.ed.perEvent"), key: "perEvent", render: cell("perEvent") },
    { title: t("rt.ed.cap"), key: "cap", render: cell("cap") },
  ];

  if (!body.categories.length) return <Typography.Text type="secondary">{t("rt.ed.noCategories")}</Typography.Text>;
  return (
    <>
      <Segmented data-testid="ovr-category" value={cat} onChange={(v) => setCat(String(v))} options={body.categories.map((c) => ({ value: c.code, label: c.name }))} style={{ marginBottom: 12 }} />
      <Typography.Paragraph type="secondary">{t("rt.ed.overridesHint")}</Typography.Paragraph>
      <Table<Row> data-testid="overrides-table" rowKey={(r) => r.ind.code} size="small" pagination={false} columns={columns} dataSource={rows} scroll={{ x: true }} />
    </>
  );
}
