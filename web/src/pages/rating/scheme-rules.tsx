import { Button, Card, Form, Input, InputNumber, Select, Table, Typography } from "antd";
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import { errorsUnder, type SchemeBody, type SchemeVeto } from "./scheme-types.js";

type Update = (fn: (b: SchemeBody) => void) => void;
const cellErr = (errs: Record<string, string>, k: string) => ({ validateStatus: errs[k] ? ("error" as const) : undefined, help: errs[k], style: { margin: 0 } });

function gradeNames(b: SchemeBody): string[] {
  const g = b.grading;
  if (g.model === "bands") return [...g.bands.map((x) => x.grade), g.belowGrade];
  if (g.model === "perDimensionStars") return g.starGrades;
  return [...g.quotas.map((q) => q.grade), g.restGrade, ...(g.failBelow ? [g.failBelow.grade] : [])];
}

/** Vetoes (一票否决): zero the score, cap the grade, or disqualify. */
export function VetoesEditor({ body, fields, readOnly, update }: { body: SchemeBody; fields: Record<string, string>; readOnly: boolean; update: Update }) {
  const { t } = useTranslation();
  const errs = errorsUnder(fields, "body.vetoes");
  const setVeto = (i: number, v: SchemeVeto) => update((b) => void (b.vetoes[i] = v));
  return (
    <Card size="small" title={t("rt.vetoes")} extra={!readOnly && <Button size="small" icon={<PlusOutlined />} onClick={() => update((b) => void b.vetoes.push({ code: `V${b.vetoes.length + 1}`, text: "", effect: "zero" }))}>{t("rt.ed.add")}</Button>}>
      <Table
        data-testid="vetoes-table"
        size="small"
        pagination={false}
        rowKey={(_r, i) => String(i)}
        dataSource={body.vetoes}
        columns={[
          { title: t("rt.ed.code"), key: "code", width: 110, render: (_v, r, i) => <Form.Item {...cellErr(errs, `${i}.code`)}><Input disabled={readOnly} value={r.code} onChange={(e) => setVeto(i, { ...r, code: e.target.value })} /></Form.Item> },
          { title: t("rt.ed.vetoText"), key: "text", render: (_v, r, i) => <Form.Item {...cellErr(errs, `${i}.text`)}><Input disabled={readOnly} value={r.text} onChange={(e) => setVeto(i, { ...r, text: e.target.value })} /></Form.Item> },
          {
            title: t("rt.ed.effect"),
            key: "effect",
            width: 150,
            render: (_v, r, i) => (
              <Select disabled={readOnly} value={r.effect} style={{ width: 140 }} options={(["zero", "capGrade", "disqualify"] as const).map((e) => ({ value: e, label: t(`rt.ed.effect.${e}`) }))}
                onChange={(e) => setVeto(i, e === "capGrade" ? { code: r.code, text: r.text, effect: e, capGrade: gradeNames(body).at(-2) ?? "" } : { code: r.code, text: r.text, effect: e })} />
            ),
          },
          {
            title: t("rt.ed.capGrade"),
            key: "cap",
            width: 150,
            render: (_v, r, i) => r.effect === "capGrade" ? <Form.Item {...cellErr(errs, `${i}.capGrade`)}><Select disabled={readOnly} value={r.capGrade} style={{ width: 130 }} onChange={(g) => setVeto(i, { ...r, capGrade: g })} options={gradeNames(body).map((g) => ({ value: g, label: g }))} /></Form.Item> : "—",
          },
          { key: "x", width: 48, render: (_v, _r, i) => !readOnly && <Button size="small" icon={<DeleteOutlined />} onClick={() => update((b) => void b.vetoes.splice(i, 1))} /> },
        ]}
      />
    </Card>
  );
}

/** Grading (bands edited here; other models shown as they are) and the evaluators' weights (must add up to 1). */
export function GradingEditor({ body, fields, readOnly, update }: { body: SchemeBody; fields: Record<string, string>; readOnly: boolean; update: Update }) {
  const { t } = useTranslation();
  const g = body.grading;
  const gErr = errorsUnder(fields, "body.grading");
  const eErr = errorsUnder(fields, "body.evaluators");
  return (
    <>
      <Card size="small" title={`${t("rt.ed.grading")} · ${t(`rt.ed.model.${g.model}`)}`} style={{ marginBottom: 16 }}>
        {gErr[""] && <Typography.Text type="danger">{gErr[""]}</Typography.Text>}
        {g.model === "bands" ? (
          <>
            <Table
              data-testid="grading-table"
              size="small"
              pagination={false}
              rowKey={(_r, i) => String(i)}
              dataSource={g.bands}
              columns={[
                { title: t("rt.grade"), key: "grade", render: (_v, r, i) => <Form.Item {...cellErr(gErr, `bands.${i}.grade`)}><Input disabled={readOnly} value={r.grade} onChange={(e) => update((b) => { if (b.grading.model === "bands" && b.grading.bands[i]) b.grading.bands[i].grade = e.target.value; })} /></Form.Item> },
                { title: t("rt.ed.minScore"), key: "min", render: (_v, r, i) => <Form.Item {...cellErr(gErr, `bands.${i}.minScore`)}><InputNumber data-testid={`grading-min-${i}`} disabled={readOnly} value={r.minScore} onChange={(v) => update((b) => { if (b.grading.model === "bands" && b.grading.bands[i]) b.grading.bands[i].minScore = v ?? 0; })} /></Form.Item> },
              ]}
            />
            <Form.Item label={t("rt.ed.belowGrade")} {...cellErr(gErr, "belowGrade")} style={{ marginTop: 12 }}>
              <Input disabled={readOnly} value={g.belowGrade} style={{ width: 200 }} onChange={(e) => update((b) => { if (b.grading.model === "bands") b.grading.belowGrade = e.target.value; })} />
            </Form.Item>
          </>
        ) : (
          <pre style={{ background: "#fafafa", padding: 8 }}>{JSON.stringify(g, null, 2)}</pre>
        )}
      </Card>
      <Card size="small" title={t("rt.ed.evaluators")}>
        {eErr[""] && <Typography.Text type="danger" data-testid="evaluators-error">{eErr[""]}</Typography.Text>}
        <Table
          data-testid="evaluators-table"
          size="small"
          pagination={false}
          rowKey="role"
          dataSource={body.evaluators}
          columns={[
            { title: t("rt.ed.role"), dataIndex: "role", render: (r: string) => `${t(`rt.role.${r}`, { defaultValue: r })} (${r})` },
            { title: t("rt.ed.weight"), key: "w", render: (_v, r, i) => <Form.Item {...cellErr(eErr, `${i}.weight`)}><InputNumber data-testid={`weight-${r.role}`} disabled={readOnly} min={0} max={1} step={0.05} value={r.weight} onChange={(v) => update((b) => { if (b.evaluators[i]) b.evaluators[i].weight = v ?? 0; })} /></Form.Item> },
          ]}
        />
      </Card>
    </>
  );
}
