import { useEffect, useMemo, useState } from "react";
import { App, Button, Checkbox, Form, Input, InputNumber, Segmented, Table, Tag, Typography } from "antd";
import type { TableColumnsType } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { rating } from "../../../../common/contract/index.js";
import type { AssessmentDetail } from "../../../../common/contract/rating.contract.js";
import { ApiError, call } from "../../api/client.js";
import { errorMessage } from "../../shared/api-errors.js";
import type { SchemeBody, SchemeIndicator } from "./scheme-types.js";
import { ratingKeys } from "./rating-keys.js";
import { IndicatorEvidence } from "./evidence-files.js";

interface Row {
  ind: SchemeIndicator;
  dimension: string;
  max: number;
  /** False for a row the role only attaches evidence to. */
  scored: boolean;
}

/** Evidence references typed in one field. */
const splitRefs = (text: string): string[] => text.split(/[,，;；\n]/).map((x) => x.trim()).filter(Boolean);

/** What a role types for an indicator: points (manual), 1/0 (boolean) or the measured value (ratio, bands). */
function inputBounds(r: Row): { min: number; max?: number; step: number } {
  if (r.ind.method === "boolean") return { min: 0, max: 1, step: 1 };
  if (r.ind.method === "manual") return { min: 0, max: r.max, step: 0.5 };
  return { min: 0, step: 0.01 };
}

/**
 * Score entry for the role the current state collects (self / town / survey / district): every
 * manual indicator that role may score in the village's category, the evidence references the
 * village attaches, vetoes (not for self) and a note. Errors come back on the indicator they name.
 */
export function AssessmentScores({ a, scheme, eventErrors }: { a: AssessmentDetail; scheme: SchemeBody; eventErrors: Record<string, string> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [role, setRole] = useState(a.abilities.scoreAs[0] ?? "");
  const [scores, setScores] = useState<Record<string, number | null>>({});
  // One text per indicator: references separated by commas or semicolons (file names, document numbers).
  const [evidence, setEvidence] = useState<Record<string, string>>({});
  const [vetoes, setVetoes] = useState<string[]>(a.vetoHits);
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});

  const rows = useMemo<Row[]>(
    () =>
      scheme.dimensions.flatMap((d) =>
        d.indicators
          // The village attaches evidence to every manual indicator that wants it, also those only the town scores.
          .filter((ind) => ind.source === "manual" && ind.method !== "perEvent" && ((ind.roles ?? []).includes(role) || (role === "self" && ind.evidence !== "none" && !ind.negative)))
          .filter((ind) => !(a.category && ind.categoryOverrides?.[a.category]?.enabled === false))
          .map((ind) => ({ ind, dimension: d.name, max: (a.category ? ind.categoryOverrides?.[a.category]?.maxPoints : undefined) ?? ind.maxPoints, scored: (ind.roles ?? []).includes(role) })),
      ),
    [scheme, role, a.category],
  );

  useEffect(() => {
    const s: Record<string, number | null> = {};
    for (const r of rows) if (r.scored) s[r.ind.code] = a.manualScores[r.ind.code]?.[role] ?? null;
    setScores(s);
    setEvidence(Object.fromEntries(Object.entries(a.evidence).map(([k, v]) => [k, v.join("；")])));
    setVetoes(a.vetoHits);
    setErrors({});
  }, [rows, role, a]);

  const save = useMutation({
    mutationFn: () => {
      const clean = Object.fromEntries(Object.entries(scores).filter((e): e is [string, number] => e[1] !== null));
      const ev = role === "self" ? Object.fromEntries(Object.entries(evidence).map(([k, v]) => [k, splitRefs(v)] as const).filter(([, v]) => v.length > 0)) : undefined;
      return call(rating.saveScores, {
        params: { id: a.id },
        body: { role, scores: clean, ...(ev ? { evidence: ev } : {}), ...(role !== "self" ? { vetoHits: vetoes } : {}), ...(note.trim() ? { note: note.trim() } : {}) },
      });
    },
    onSuccess: (d) => {
      qc.setQueryData(ratingKeys.assessment(a.id), d);
      setErrors({});
      void message.success(t("common.saved"));
    },
    onError: (e) => {
      if (e instanceof ApiError) setErrors(e.fields);
      void message.error(errorMessage(e));
    },
  });

  const fieldError = (code: string): string | undefined => errors[`body.scores.${code}`] ?? errors[`scores.${code}`];
  const evidenceError = (code: string): string | undefined => errors[`evidence.${code}`] ?? errors[`body.evidence.${code}`] ?? eventErrors[`evidence.${code}`];

  const columns: TableColumnsType<Row> = [
    { title: t("rt.bd.dimension"), dataIndex: "dimension", width: 140 },
    {
      title: t("rt.bd.indicator"),
      key: "name",
      render: (_v, r) => (
        <span>
          {r.ind.name} <Tag>{t(`rt.method.${r.ind.method}`)}</Tag>
          {r.ind.negative && <Tag color="red">{t("rt.bd.deduction")}</Tag>}
          {r.ind.evidence === "required" && <Tag color="orange">{t("rt.evidenceRequired")}</Tag>}
        </span>
      ),
    },
    {
      title: t("rt.scoreValue"),
      key: "score",
      width: 200,
      render: (_v, r) => {
        const err = fieldError(r.ind.code);
        if (!r.scored) return <Typography.Text type="secondary">{t("rt.scoredByOthers")}</Typography.Text>;
        return (
          <Form.Item validateStatus={err ? "error" : undefined} help={err} style={{ margin: 0 }}>
            <InputNumber
              data-testid={`score-input-${r.ind.code}`}
              {...inputBounds(r)}
              value={scores[r.ind.code] ?? null}
              onChange={(v) => setScores((s) => ({ ...s, [r.ind.code]: v }))}
              addonAfter={r.ind.method === "manual" ? `/ ${r.max}` : r.ind.method === "boolean" ? "1/0" : t("rt.measured")}
              style={{ width: 180 }}
            />
          </Form.Item>
        );
      },
    },
    ...(role === "self"
      ? [
          {
            title: t("rt.evidence"),
            key: "evidence",
            render: (_v: unknown, r: Row) => {
              const err = evidenceError(r.ind.code);
              return r.ind.evidence === "none" ? (
                "—"
              ) : (
                <Form.Item validateStatus={err ? "error" : undefined} help={err} style={{ margin: 0 }}>
                  <IndicatorEvidence a={a} code={r.ind.code} editable={a.status === "selfAssess"} />
                  <Input
                    size="small"
                    data-testid={`evidence-input-${r.ind.code}`}
                    style={{ minWidth: 240 }}
                    value={evidence[r.ind.code] ?? ""}
                    onChange={(e) => setEvidence((ev) => ({ ...ev, [r.ind.code]: e.target.value }))}
                    placeholder={`${t("ri.evidenceRefs")}：${t("rt.evidencePlaceholder")}`}
                  />
                </Form.Item>
              );
            },
          },
        ]
      : []),
  ];

  if (!role) return null;
  return (
    <div data-testid="assessment-scores">
      {a.abilities.scoreAs.length > 1 && (
        <Segmented style={{ marginBottom: 12 }} value={role} onChange={(v) => setRole(String(v))} options={a.abilities.scoreAs.map((r) => ({ value: r, label: t(`rt.role.${r}`) }))} />
      )}
      <Typography.Paragraph type="secondary">{t("rt.scoringAs", { role: t(`rt.role.${role}`) })}</Typography.Paragraph>
      <Table<Row> rowKey={(r) => r.ind.code} size="small" pagination={false} columns={columns} dataSource={rows} scroll={{ x: true }} />
      {role !== "self" && scheme.vetoes.length > 0 && (
        <Form.Item label={t("rt.vetoes")} style={{ marginTop: 12 }}>
          <Checkbox.Group data-testid="score-vetoes" value={vetoes} onChange={(v) => setVetoes(v.map(String))} options={scheme.vetoes.map((v) => ({ value: v.code, label: `${v.code} ${v.text}` }))} />
        </Form.Item>
      )}
      <Form.Item label={t("rt.note")} style={{ marginTop: 12 }}>
        <Input.TextArea data-testid="score-note" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
      </Form.Item>
      <Button type="primary" data-testid="scores-save" loading={save.isPending} onClick={() => save.mutate()}>
        {t("rt.saveScores")}
      </Button>
    </div>
  );
}
