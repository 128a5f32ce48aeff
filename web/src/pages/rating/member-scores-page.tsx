import { useEffect, useMemo, useState } from "react";
import { App, Alert, Button, Card, Empty, Flex, InputNumber, Select, Table, Tag, Tooltip } from "antd";
import type { TableColumnsType } from "antd";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { ratingInputs } from "../../../../common/contract/index.js";
import type { MemberScoresView } from "../../../../common/contract/rating-inputs.contract.js";
import { ApiError, call } from "../../api/client.js";
import { errorMessage } from "../../shared/api-errors.js";
import { businessYear } from "./rating-ui.js";

type Row = MemberScoresView["members"][number];
type Entry = { memberId: string; indicator: string; score: number | null };
const cellKey = (memberId: string, indicator: string) => `${memberId}:${indicator}`;

/**
 * /rating/branch-scores/:partyOrgId — the branch scores its members on the member star
 * indicators no record supplies (dues, commitment, job performance …): a table of the
 * organisation's members × those indicators. The server checks every score against the
 * indicator's max for the member's category and names the cell it refuses.
 */
export function MemberScoresPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { partyOrgId = "" } = useParams();
  const [search, setSearch] = useSearchParams();
  const year = Number(search.get("year")) || businessYear();
  const key = ["rating", "member-scores", partyOrgId, year] as const;
  const q = useQuery({ queryKey: key, queryFn: () => call(ratingInputs.getMemberScores, { params: { id: partyOrgId }, query: { year } }) });
  const [edits, setEdits] = useState<Record<string, number | null>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    setEdits({});
    setErrors({});
  }, [q.data]);

  const entries = useMemo<Entry[]>(
    () =>
      Object.entries(edits).map(([k, score]) => {
        const [memberId = "", indicator = ""] = k.split(":");
        return { memberId, indicator, score };
      }),
    [edits],
  );
  const save = useMutation({
    mutationFn: (sent: Entry[]) => call(ratingInputs.setMemberScores, { params: { id: partyOrgId }, body: { year, scores: sent } }),
    onSuccess: (d) => {
      qc.setQueryData(key, d);
      void message.success(t("common.saved"));
    },
    onError: (e, sent) => {
      // `scores.3.score` names the fourth entry sent: shown on that member's cell.
      if (e instanceof ApiError) {
        const byCell: Record<string, string> = {};
        for (const [field, text] of Object.entries(e.fields)) {
          const m = /^scores\.(\d+)\./.exec(field);
          const entry = m ? sent[Number(m[1])] : undefined;
          if (entry) byCell[cellKey(entry.memberId, entry.indicator)] = text;
        }
        setErrors(byCell);
      }
      void message.error(errorMessage(e));
    },
  });

  const v = q.data;
  const columns: TableColumnsType<Row> = [
    { title: t("rt.member"), dataIndex: "name", fixed: "left", width: 120, render: (name: string, r) => <Link to={`/rating/members/${r.memberId}`}>{name}</Link> },
    { title: t("rt.memberCategory"), dataIndex: "category", width: 120, render: (c: string) => <Tag>{t(`rt.memberCat.${c}`, { defaultValue: c })}</Tag> },
    ...(v?.indicators ?? []).map((ind) => ({
      title: `${ind.name}（${ind.method === "boolean" ? t("ri.yesNo") : `≤ ${ind.max}`}）`,
      key: ind.code,
      width: 170,
      render: (_v: unknown, r: Row) => {
        if (ind.exemptCategories.includes(r.category)) return <Tag>{t("rt.exempt")}</Tag>;
        const k = cellKey(r.memberId, ind.code);
        const value = k in edits ? edits[k] : (r.scores[ind.code] ?? null);
        const err = errors[k];
        // A stored score above the max a later scheme version lowered: counted at the max, shown until re-entered.
        const over = k in edits ? undefined : r.overMax[ind.code];
        return (
          <Flex vertical gap={4} align="start">
            <Tooltip title={err} open={err ? undefined : false}>
              <InputNumber
                data-testid={`branch-score-${ind.code}-${r.memberId}`}
                status={err ? "error" : undefined}
                min={0}
                max={ind.max}
                step={ind.method === "boolean" ? 1 : 0.5}
                disabled={!v?.canEdit}
                value={value}
                onChange={(n) => setEdits((e) => ({ ...e, [k]: n }))}
                style={{ width: 120 }}
              />
            </Tooltip>
            {over && (
              <Tag color="warning" data-testid={`branch-score-over-${ind.code}-${r.memberId}`} style={{ whiteSpace: "normal" }}>
                {t("ri.overMax", { max: over.max })}
              </Tag>
            )}
          </Flex>
        );
      },
    })),
  ];

  return (
    <Card
      title={v ? t("ri.branchScoresOf", { org: v.partyOrgName }) : t("ri.branchScores")}
      loading={q.isPending}
      extra={
        <Flex gap={8}>
          <Select
            value={year}
            onChange={(y) => setSearch({ year: String(y) })}
            options={Array.from({ length: 4 }, (_v, i) => businessYear() - i).map((y) => ({ value: y, label: t("rt.yearN", { year: y }) }))}
          />
          {v?.canEdit && (
            <Button type="primary" data-testid="branch-scores-save" disabled={entries.length === 0} loading={save.isPending} onClick={() => save.mutate(entries)}>
              {t("ri.saveScores", { n: entries.length })}
            </Button>
          )}
        </Flex>
      }
    >
      {q.error && <Alert type="error" showIcon message={errorMessage(q.error)} />}
      {v && v.schemeId === null && <Empty description={t("ri.noMemberScheme", { year })} />}
      {v && v.schemeId !== null && (
        <>
          <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t("ri.branchScoresHelp")} />
          <Table<Row> data-testid="branch-scores" rowKey="memberId" size="small" columns={columns} dataSource={v.members} pagination={{ pageSize: 50 }} scroll={{ x: true }} />
        </>
      )}
    </Card>
  );
}
