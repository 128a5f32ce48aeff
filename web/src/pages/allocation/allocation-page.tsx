import { App, Card, Flex, Table, Tag } from "antd";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { allocation } from "../../../../common/contract/index.js";
import type { PlanView } from "../../../../common/contract/allocation.contract.js";
import { call } from "../../api/client.js";
import { useCan } from "../../auth/session.js";
import { errorMessage } from "../../shared/api-errors.js";
import { ratingKeys } from "../rating/rating-keys.js";
import { AllocationForm } from "./allocation-form.js";
import { toFen, toParams } from "./allocation-params.js";

export const formatYuan = (fen: number): string => (fen / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** /allocation — plans in scope and a form for a new one (previewed at once, then opened). */
export function AllocationPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const canManage = useCan("allocation.manage");
  const plans = useQuery({ queryKey: ratingKeys.plans({}), queryFn: () => call(allocation.listPlans, { query: {} }) });
  const create = useMutation({
    mutationFn: (v: Parameters<typeof toParams>[0]) => call(allocation.createPlan, { body: { name: v.name, schemeId: v.schemeId, orgUnitId: v.orgUnitId, poolFen: toFen(v.poolYuan), params: toParams(v) } }),
    onSuccess: (p) => {
      void qc.invalidateQueries({ queryKey: ["rating", "plans"] });
      void navigate(`/allocation/${p.id}`);
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  return (
    <Flex vertical gap={16}>
      <Card title={t("al.plans")}>
        <Table<PlanView>
          data-testid="plans-table"
          rowKey="id"
          size="middle"
          loading={plans.isFetching}
          dataSource={plans.data?.items ?? []}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t("al.name"), dataIndex: "name", render: (v: string, p) => <Link to={`/allocation/${p.id}`} data-testid={`plan-link-${v}`}>{v}</Link> },
            { title: t("al.year"), dataIndex: "year" },
            { title: t("al.unit"), dataIndex: "orgUnitName" },
            { title: t("al.pool"), dataIndex: "poolFen", render: (f: number) => `${formatYuan(f)} ${t("al.yuan")}` },
            { title: t("al.villages"), dataIndex: "lineCount" },
            { title: t("common.status"), dataIndex: "status", render: (s: string) => <Tag color={s === "approved" ? "success" : "default"}>{t(`al.status.${s}`)}</Tag> },
          ]}
        />
      </Card>
      {canManage && (
        <Card title={t("al.newPlan")}>
          <AllocationForm onSubmit={(v) => create.mutate(v)} submitting={create.isPending} submitLabel={t("al.createPreview")} />
        </Card>
      )}
    </Flex>
  );
}
