import { useState } from "react";
import { App, Badge, Button, Card, Col, Flex, Form, Modal, Row, Segmented, Select, Statistic, Table } from "antd";
import type { TableColumnsType } from "antd";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { rating } from "../../../../common/contract/index.js";
import type { AssessmentView } from "../../../../common/contract/rating.contract.js";
import { ASSESSMENT_STATUSES, type AssessmentStatus } from "../../../../common/rating.js";
import { call } from "../../api/client.js";
import { useCan } from "../../auth/session.js";
import { errorMessage } from "../../shared/api-errors.js";
import { testId } from "../../shared/format.js";
import { OrgTreeSelect } from "../../shared/org-tree-select.js";
import { ratingKeys } from "./rating-keys.js";
import { AssessmentStatusTag, SchemeSelect, StarTag, useSchemes } from "./rating-ui.js";

/** Opens the year's assessments of every village under a unit (district). */
function OpenAssessments() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ schemeId: string; orgUnitId: string }>();
  const schemes = useSchemes({ programme: "fortress", status: "published" });
  const run = useMutation({
    mutationFn: (v: { schemeId: string; orgUnitId: string }) => call(rating.openAssessments, { params: { id: v.schemeId }, body: { orgUnitId: v.orgUnitId } }),
    onSuccess: (r) => {
      void message.success(t("rt.opened", { created: r.created, existing: r.existing }));
      void qc.invalidateQueries({ queryKey: ["rating"] });
      setOpen(false);
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  return (
    <>
      <Button data-testid="queue-open-assessments" onClick={() => setOpen(true)}>
        {t("rt.openAssessments")}
      </Button>
      <Modal open={open} title={t("rt.openAssessments")} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={run.isPending} okButtonProps={{ "data-testid": "open-assessments-ok" }} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v) => run.mutate(v)}>
          <Form.Item name="schemeId" label={t("rt.scheme")} rules={[{ required: true }]}>
            <SchemeSelect testid="open-assessments-scheme" items={schemes.data ?? []} onChange={(id) => form.setFieldValue("schemeId", id)} />
          </Form.Item>
          <Form.Item name="orgUnitId" label={t("rt.underUnit")} rules={[{ required: true }]}>
            <OrgTreeSelect testid="open-assessments-unit" selectableLevels={["city", "district", "town"]} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** /rating/queue — what awaits me (self-assessment, town review, district approval, objections) and every assessment in scope. */
export function QueuePage() {
  const { t } = useTranslation();
  const canOpen = useCan("rating.approve");
  const [mode, setMode] = useState<"mine" | "all">("mine");
  const [status, setStatus] = useState<AssessmentStatus | undefined>();
  const [schemeId, setSchemeId] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const queue = useQuery({ queryKey: ratingKeys.queue, queryFn: () => call(rating.workQueue) });
  const query = { awaitingMe: mode === "mine" ? ("true" as const) : undefined, status, schemeId, page, pageSize: 20 };
  const list = useQuery({ queryKey: ratingKeys.assessments(query), queryFn: () => call(rating.listAssessments, { query }), placeholderData: keepPreviousData });

  const columns: TableColumnsType<AssessmentView> = [
    { title: t("rt.village"), dataIndex: "villageName", render: (v: string, a) => <Link to={`/rating/assessments/${a.id}`} data-testid={`queue-open-${a.villageName}`}>{v}</Link> },
    { title: t("rt.town"), dataIndex: "townName" },
    { title: t("rt.scheme"), dataIndex: "schemeName", render: (v: string, a) => `${a.year} · ${v}` },
    { title: t("rt.category"), dataIndex: "category", render: (c: string | null) => (c ? t(`rt.cat.${c}`, { defaultValue: c }) : "—") },
    { title: t("common.status"), dataIndex: "status", render: (s: AssessmentStatus, a) => <AssessmentStatusTag status={s} testid={`queue-status-${a.villageName}`} /> },
    { title: t("rt.total"), key: "total", render: (_v, a) => (a.total === null ? "—" : <span>{a.total} <StarTag grade={a.grade} stars={null} /></span>) },
    { title: t("rt.canDo"), key: "events", render: (_v, a) => a.abilities.events.map((e) => t(`rt.event.${e}`)).join(" / ") || "—" },
  ];

  return (
    <Flex vertical gap={16}>
      <Card title={t("rt.queue")} extra={canOpen && <OpenAssessments />}>
        <Row gutter={[16, 16]} data-testid="queue-counts">
          {(queue.data?.items ?? []).map((q) => (
            <Col key={`${q.schemeId}-${q.status}`} xs={12} md={6}>
              <Card
                size="small"
                hoverable
                data-testid={`queue-count-${q.schemeId}-${q.status}`}
                onClick={() => {
                  setMode("mine");
                  setStatus(q.status);
                  setSchemeId(q.schemeId);
                  setPage(1);
                }}
              >
                <Statistic title={`${q.schemeName} · ${t(`rt.status.${q.status}`)}`} value={q.count} />
              </Card>
            </Col>
          ))}
          {queue.data && queue.data.items.length === 0 && (
            <Col span={24}>
              <Badge status="success" text={t("rt.queueEmpty")} />
            </Col>
          )}
        </Row>
      </Card>
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 12 }}>
          <Segmented
            data-testid="queue-mode"
            value={mode}
            onChange={(v) => {
              setMode(v as "mine" | "all");
              setPage(1);
            }}
            options={[
              { value: "mine", label: t("rt.awaitingMe") },
              { value: "all", label: t("rt.allInScope") },
            ]}
          />
          <Select
            allowClear
            data-testid="queue-status"
            placeholder={t("common.status")}
            style={{ width: 160 }}
            value={status}
            onChange={(s) => {
              setStatus(s);
              setPage(1);
            }}
            options={ASSESSMENT_STATUSES.map((s) => ({ value: s, label: t(`rt.status.${s}`) }))}
          />
          {schemeId && <Button onClick={() => setSchemeId(undefined)}>{t("rt.allSchemes")}</Button>}
        </Flex>
        <Table<AssessmentView>
          data-testid="queue-table"
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data?.items ?? []}
          onRow={(a) => testId(`queue-row-${a.villageName}`)}
          locale={{ emptyText: list.error ? errorMessage(list.error) : t("rt.queueEmpty") }}
          scroll={{ x: true }}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => t("common.total", { n }) }}
        />
      </Card>
    </Flex>
  );
}
