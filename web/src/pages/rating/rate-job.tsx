import { useState } from "react";
import { App, Button, Progress, Space, Typography } from "antd";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ratingResults } from "../../../../common/contract/index.js";
import { call } from "../../api/client.js";
import { errorMessage } from "../../shared/api-errors.js";
import { ratingKeys } from "./rating-keys.js";

/** "Rate the district / city": starts the set-based job and shows its progress until it ends. */
export function RateJobButton({ schemeId, orgUnitId, label }: { schemeId: string; orgUnitId: string; label: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: () => call(ratingResults.startRatingJob, { body: { schemeId, orgUnitId } }),
    onSuccess: (j) => setJobId(j.id),
    onError: (e) => void message.error(errorMessage(e)),
  });
  const job = useQuery({
    queryKey: ratingKeys.job(jobId ?? ""),
    queryFn: async () => {
      const j = await call(ratingResults.getRatingJob, { params: { id: jobId ?? "" } });
      if (j.status !== "running") void qc.invalidateQueries({ queryKey: ["rating"], predicate: (k) => k.queryKey[1] !== "job" });
      return j;
    },
    enabled: !!jobId,
    refetchInterval: (q) => (q.state.data && q.state.data.status !== "running" ? false : 700),
  });
  const j = job.data;
  const percent = j ? (j.status === "succeeded" ? 100 : j.total ? Math.floor((j.done / j.total) * 100) : 5) : 0;
  const rated = j?.result && typeof j.result === "object" && "rated" in j.result ? Number((j.result as { rated: unknown }).rated) : null;

  return (
    <Space>
      <Button type="primary" data-testid="rate-job-start" loading={start.isPending || j?.status === "running"} onClick={() => start.mutate()}>
        {label}
      </Button>
      {jobId && (
        <Space data-testid="rate-job-progress">
          <Progress percent={percent} size="small" status={j?.status === "failed" ? "exception" : j?.status === "succeeded" ? "success" : "active"} style={{ width: 180 }} />
          <Typography.Text type="secondary" data-testid="rate-job-phase">
            {j?.status === "succeeded" ? t("rt.job.done", { n: rated ?? j.done }) : j?.status === "failed" ? t("rt.job.failed") : t(`rt.job.phase.${j?.phase ?? "start"}`, { defaultValue: j?.phase ?? "" })}
          </Typography.Text>
        </Space>
      )}
    </Space>
  );
}
