import { useState } from "react";
import { AutoComplete, Button, Card, Col, DatePicker, Form, Input, Row, Table, Typography } from "antd";
import type { TableColumnsType } from "antd";
import type { Dayjs } from "dayjs";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { audit } from "../../../../common/contract/index.js";
import type { AuditEntry } from "../../../../common/contract/audit.contract.js";
import { call } from "../../api/client.js";
import { keys } from "../../api/keys.js";
import { useLocale } from "../../i18n/index.js";
import { errorMessage } from "../../shared/api-errors.js";
import { formatDateTime, testId } from "../../shared/format.js";

/** Actions the server writes today; the filter is a prefix, so `user.` finds every user change. */
const KNOWN_ACTIONS = [
  "auth.", "auth.login", "auth.logout", "auth.loginFailed", "auth.lockout",
  "user.", "user.create", "user.grant", "user.revokeGrant", "user.disable", "user.enable", "user.resetPassword",
  "org.", "org.import", "org.unit.agricultural", "org.department.create", "org.department.update",
  "system.setting",
];
const ENTITY_TYPES = ["user", "orgUnit", "department", "divisionImport", "setting"];

interface Filters {
  action?: string;
  entityType?: string;
  entityId?: string;
  actor?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

function JsonBlock({ label, value, testid }: { label: string; value: unknown; testid: string }) {
  return (
    <div style={{ flex: 1, minWidth: 260 }}>
      <Typography.Text strong>{label}</Typography.Text>
      <pre data-testid={testid} style={{ background: "#fafafa", border: "1px solid #f0f0f0", padding: 8, margin: "4px 0 0", whiteSpace: "pre-wrap", wordBreak: "break-all" }}>
        {value === null || value === undefined ? "—" : JSON.stringify(value, null, 2)}
      </pre>
    </div>
  );
}

/** /audit — the tamper-evident log of changes in my scope, newest first. */
export function AuditPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);

  const query = {
    action: filters.action?.trim() || undefined,
    entityType: filters.entityType?.trim() || undefined,
    entityId: filters.entityId?.trim() || undefined,
    actor: filters.actor?.trim() || undefined,
    from: filters.range?.[0]?.format("YYYY-MM-DD"),
    to: filters.range?.[1]?.format("YYYY-MM-DD"),
    page,
    pageSize,
  };
  const list = useQuery({ queryKey: [...keys.audit, query], queryFn: () => call(audit.listAudit, { query }), placeholderData: keepPreviousData });

  const label = (action: string) => t(`audit.action.${action}`, { defaultValue: action });
  const columns: TableColumnsType<AuditEntry> = [
    { title: t("audit.at"), dataIndex: "at", width: 190, render: (v: string) => formatDateTime(v, locale) },
    { title: t("audit.actor"), dataIndex: "actorName" },
    {
      title: t("audit.action"),
      dataIndex: "action",
      render: (v: string) => (
        <span>
          {label(v)} <Typography.Text type="secondary" code>{v}</Typography.Text>
        </span>
      ),
    },
    {
      title: t("audit.entity"),
      key: "entity",
      render: (_v, e) => (
        <span>
          {t(`audit.entity.${e.entityType}`, { defaultValue: e.entityType })}{" "}
          {e.entityId && <Typography.Text type="secondary" copyable={{ text: e.entityId }}>{e.entityId.slice(0, 8)}</Typography.Text>}
        </span>
      ),
    },
  ];

  return (
    <Card title={t("nav.audit")}>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => {
          setFilters(v);
          setPage(1);
        }}
      >
        <Row gutter={12}>
          <Col xs={24} sm={12} lg={5}>
            <Form.Item name="action" label={t("audit.action")}>
              <AutoComplete data-testid="audit-filter-action" options={KNOWN_ACTIONS.map((a) => ({ value: a, label: `${a}  ${label(a)}` }))} placeholder="user." allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={4}>
            <Form.Item name="entityType" label={t("audit.entityType")}>
              <AutoComplete data-testid="audit-filter-entity" options={ENTITY_TYPES.map((e) => ({ value: e, label: `${e}  ${t(`audit.entity.${e}`, { defaultValue: e })}` }))} allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={4}>
            <Form.Item name="actor" label={t("audit.actor")}>
              <Input data-testid="audit-filter-actor" placeholder={t("audit.actorPlaceholder")} allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={7}>
            <Form.Item name="range" label={t("audit.range")}>
              <DatePicker.RangePicker data-testid="audit-filter-range" style={{ width: "100%" }} allowEmpty={[true, true]} />
            </Form.Item>
          </Col>
          <Col xs={24} lg={4}>
            <Form.Item label=" ">
              <Button type="primary" htmlType="submit" data-testid="audit-filter-submit" block>
                {t("action.filter")}
              </Button>
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <Table<AuditEntry>
        data-testid="audit-table"
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.items ?? []}
        onRow={(e) => testId(`audit-row-${e.id}`)}
        locale={{ emptyText: list.error ? errorMessage(list.error) : t("audit.none") }}
        scroll={{ x: true }}
        expandable={{
          rowExpandable: (e) => e.before != null || e.after != null,
          expandedRowRender: (e) => (
            <div style={{ display: "flex", gap: 16, flexWrap: "wrap" }}>
              <JsonBlock label={t("audit.before")} value={e.before} testid={`audit-before-${e.id}`} />
              <JsonBlock label={t("audit.after")} value={e.after} testid={`audit-after-${e.id}`} />
            </div>
          ),
        }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (n) => t("common.total", { n }),
          onChange: (p, s) => {
            setPage(s === pageSize ? p : 1);
            setPageSize(s);
          },
        }}
      />
    </Card>
  );
}
