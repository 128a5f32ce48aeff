import { useState } from "react";
import { Alert, Button, Flex, List, Space, Statistic } from "antd";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { rating } from "../../../../common/contract/index.js";
import { call } from "../../api/client.js";
import { errorMessage } from "../../shared/api-errors.js";
import { OrgTreeSelect } from "../../shared/org-tree-select.js";
import { asScoreResult } from "./breakdown-types.js";
import { BreakdownTable } from "./breakdown-table.js";
import { StarTag } from "./rating-ui.js";
import { starsOf, type SchemeBody } from "./scheme-types.js";

/** Scores one sample village with the saved scheme (draft or not) from its current data, storing nothing. */
export function SchemePreview({ schemeId, body, dirty }: { schemeId: string; body: SchemeBody; dirty: boolean }) {
  const { t } = useTranslation();
  const [village, setVillage] = useState<string | undefined>();
  const run = useMutation({ mutationFn: (orgUnitId: string) => call(rating.previewScheme, { params: { id: schemeId }, body: { orgUnitId } }) });
  const result = asScoreResult(run.data?.result);
  const names = Object.fromEntries(body.dimensions.flatMap((d) => d.indicators.map((i) => [i.code, i.name])));
  const dims = Object.fromEntries(body.dimensions.map((d) => [d.code, d.name]));
  return (
    <Flex vertical gap={12}>
      {dirty && <Alert type="warning" showIcon message={t("rt.ed.previewSaved")} />}
      <Space wrap>
        <OrgTreeSelect testid="preview-village" value={village} onChange={setVillage} selectableLevels={["village"]} style={{ minWidth: 320 }} />
        <Button type="primary" data-testid="preview-run" disabled={!village} loading={run.isPending} onClick={() => village && run.mutate(village)}>{t("rt.ed.preview")}</Button>
      </Space>
      {run.error && <Alert type="error" message={errorMessage(run.error)} />}
      {run.data && !run.data.ok && (
        <Alert type="error" message={t("rt.ed.previewProblems")} description={<List size="small" dataSource={run.data.problems} renderItem={(p) => <List.Item>{p.path}: {p.message}</List.Item>} />} />
      )}
      {result && (
        <>
          <Space size="large" data-testid="preview-result">
            <Statistic title={t("rt.total")} value={result.total} suffix={`/ ${result.maxTotal}`} />
            <StarTag grade={result.grade} stars={starsOf(result.grade)} />
          </Space>
          <BreakdownTable result={result} names={names} dimensionNames={dims} testid="preview-breakdown" />
        </>
      )}
    </Flex>
  );
}
