import { useState } from "react";
import { Descriptions, Drawer, Table, Tag, Typography } from "antd";
import type { TableColumnsType } from "antd";
import { useTranslation } from "react-i18next";
import { testId } from "../../shared/format.js";
import type { BreakdownLineJson, LineExplanation, LineInputJson, MessageRefJson, ScoreResultJson } from "./breakdown-types.js";

interface Props {
  result: ScoreResultJson;
  /** Resolved by the server (village page); the preview falls back to the scheme's names and the message catalogs. */
  explanations?: Record<string, LineExplanation>;
  names?: Record<string, string>;
  dimensionNames?: Record<string, string>;
  testid: string;
}

const num = (v: number | null): string => (v === null ? "—" : String(Math.round(v * 10_000) / 10_000));

/** The inputs of a line, one per row: metric and value, event count, each evaluator's score, or the formula's inputs. */
function InputList({ input, metricLabel }: { input: LineInputJson; metricLabel: string | null }) {
  const { t } = useTranslation();
  switch (input.kind) {
    case "metric":
      return (
        <span>
          {metricLabel ?? t(`metric.${input.metric}`, { defaultValue: input.metric })} <Typography.Text code>{input.metric}</Typography.Text> = {num(input.value)}
        </span>
      );
    case "count":
      return <span>{t("rt.bd.count", { n: num(input.value) })}</span>;
    case "roles":
      return (
        <span>
          {input.scores.length === 0 && t("rt.bd.notScored")}
          {input.scores.map((s) => (
            <div key={s.role}>
              {t(`rt.role.${s.role}`, { defaultValue: s.role })}: {num(s.value)}
              {s.counted ? ` × ${num(s.weight)} = ${num(s.points)}` : ` (${t("rt.bd.notCounted")})`}
            </div>
          ))}
        </span>
      );
    case "formula":
      return (
        <span>
          {Object.entries(input.values).map(([k, v]) => (
            <div key={k}>
              <Typography.Text code>{k}</Typography.Text> = {num(v)}
            </div>
          ))}
        </span>
      );
    default: {
      const never: never = input;
      return <span>{JSON.stringify(never)}</span>;
    }
  }
}

/** The breakdown of a score: one row per indicator; a row opens the drawer that names every input, rule, point and reason. */
export function BreakdownTable({ result, explanations, names, dimensionNames, testid }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<BreakdownLineJson | null>(null);
  const msg = (m: MessageRefJson): string => t(m.key, m.params ?? {});
  const nameOf = (l: BreakdownLineJson): string => explanations?.[l.indicator]?.name ?? names?.[l.indicator] ?? l.indicator;
  const reasonOf = (l: BreakdownLineJson): string => explanations?.[l.indicator]?.reason ?? msg(l.reason);
  const notesOf = (l: BreakdownLineJson): string[] => explanations?.[l.indicator]?.notes ?? l.notes.map(msg);

  const columns: TableColumnsType<BreakdownLineJson> = [
    { title: t("rt.bd.dimension"), dataIndex: "dimension", width: 150, render: (d: string) => dimensionNames?.[d] ?? d },
    {
      title: t("rt.bd.indicator"),
      key: "name",
      render: (_v, l) => (
        <span>
          {nameOf(l)} {l.negative && <Tag color="red">{t("rt.bd.deduction")}</Tag>}
        </span>
      ),
    },
    { title: t("rt.bd.input"), key: "input", render: (_v, l) => <InputList input={l.input} metricLabel={explanations?.[l.indicator]?.metricLabel ?? null} /> },
    { title: t("rt.bd.points"), key: "points", width: 110, render: (_v, l) => <Typography.Text strong>{`${num(l.points)} / ${num(l.max)}`}</Typography.Text> },
    { title: t("rt.bd.reason"), key: "reason", render: (_v, l) => reasonOf(l) },
  ];

  return (
    <>
      <Table<BreakdownLineJson>
        data-testid={testid}
        rowKey="indicator"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={result.breakdown}
        onRow={(l) => ({ ...testId(`${testid}-row-${l.indicator}`), onClick: () => setOpen(l), style: { cursor: "pointer" } })}
        scroll={{ x: true }}
      />
      {result.vetoes.length > 0 && (
        <Typography.Paragraph type="danger" style={{ marginTop: 8 }} data-testid={`${testid}-vetoes`}>
          {t("rt.bd.vetoes")}: {result.vetoes.map((v) => `${v.code} ${v.text}${v.capGrade ? ` → ${v.capGrade}` : ""}`).join("；")}
        </Typography.Paragraph>
      )}
      {result.excluded.length > 0 && (
        <Typography.Paragraph type="secondary">{t("rt.bd.excluded", { list: result.excluded.map((c) => names?.[c] ?? c).join("、") })}</Typography.Paragraph>
      )}
      <Drawer open={open !== null} onClose={() => setOpen(null)} title={open ? nameOf(open) : ""} size="large" data-testid="explain-drawer">
        {open && (
          <Descriptions column={1} bordered size="small" data-testid="explain-body">
            <Descriptions.Item label={t("rt.bd.indicatorCode")}>
              <Typography.Text code>{open.indicator}</Typography.Text> ({t(`rt.method.${open.method}`, { defaultValue: open.method })})
            </Descriptions.Item>
            <Descriptions.Item label={t("rt.bd.dimension")}>{dimensionNames?.[open.dimension] ?? open.dimension}</Descriptions.Item>
            <Descriptions.Item label={t("rt.bd.input")}>
              <div data-testid="explain-input">
                <InputList input={open.input} metricLabel={explanations?.[open.indicator]?.metricLabel ?? null} />
              </div>
            </Descriptions.Item>
            <Descriptions.Item label={t("rt.bd.rule")}>
              <Typography.Text code data-testid="explain-rule">{open.rule}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t("rt.bd.points")}>
              <span data-testid="explain-points">{`${num(open.points)} / ${num(open.max)}`}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t("rt.bd.reason")}>
              <span data-testid="explain-reason">{reasonOf(open)}</span>
            </Descriptions.Item>
            {notesOf(open).length > 0 && <Descriptions.Item label={t("rt.bd.notes")}>{notesOf(open).map((n) => <div key={n}>{n}</div>)}</Descriptions.Item>}
          </Descriptions>
        )}
      </Drawer>
    </>
  );
}
