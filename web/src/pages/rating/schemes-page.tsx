import { useState } from "react";
import { App, Button, Card, Form, InputNumber, Modal, Select, Space, Table, Tag } from "antd";
import type { TableColumnsType } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { rating } from "../../../../common/contract/index.js";
import type { SchemeView } from "../../../../common/contract/rating.contract.js";
import { call } from "../../api/client.js";
import { useCan, useSignedIn } from "../../auth/session.js";
import { applyApiError } from "../../shared/api-errors.js";
import { formatDateTime } from "../../shared/format.js";
import { useLocale } from "../../i18n/index.js";
import { businessYear, useSchemes } from "./rating-ui.js";

const STATUS_COLOUR = { draft: "default", published: "success", archived: "warning" } as const;
const PROGRAMMES = ["fortress", "memberStar"] as const;

/** Creates a draft from a default scheme (fortress / memberStar) for a year, issued by my city or district. */
function CreateScheme() {
  const { t } = useTranslation();
  const me = useSignedIn();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ issuingUnitId: string; fromDefault: "fortress" | "memberStar"; year: number }>();
  const issuers = me.grants.filter((g) => g.orgUnitLevel === "city" || g.orgUnitLevel === "district" || g.orgUnitLevel === "province");
  const create = useMutation({
    mutationFn: (v: { issuingUnitId: string; fromDefault: "fortress" | "memberStar"; year: number }) => call(rating.createScheme, { body: v }),
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: ["rating"] });
      setOpen(false);
      void navigate(`/rating/schemes/${s.id}`);
    },
    onError: (e) => {
      const rest = applyApiError(form, e, ["issuingUnitId", "year", "fromDefault"]);
      if (rest) void message.error(rest);
    },
  });
  if (!issuers.length) return null;
  return (
    <>
      <Button type="primary" data-testid="scheme-create" onClick={() => setOpen(true)}>{t("rt.newScheme")}</Button>
      <Modal open={open} title={t("rt.newScheme")} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending} okButtonProps={{ "data-testid": "scheme-create-ok" }} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ issuingUnitId: issuers[0]?.orgUnitId, fromDefault: "fortress", year: businessYear() + 1 }} onFinish={(v) => create.mutate(v)}>
          <Form.Item name="issuingUnitId" label={t("rt.issuingUnit")} rules={[{ required: true }]}>
            <Select options={issuers.map((g) => ({ value: g.orgUnitId, label: g.orgUnitName }))} />
          </Form.Item>
          <Form.Item name="fromDefault" label={t("rt.programme")} rules={[{ required: true }]}>
            <Select options={PROGRAMMES.map((p) => ({ value: p, label: t(`rt.programme.${p}`) }))} />
          </Form.Item>
          <Form.Item name="year" label={t("rt.year")} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** /rating/schemes — schemes by programme, year and status; drafts open in the editor. */
export function SchemesPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const canEdit = useCan("rating.scheme");
  const [programme, setProgramme] = useState<(typeof PROGRAMMES)[number] | undefined>();
  const [year, setYear] = useState<number | undefined>();
  const [status, setStatus] = useState<"draft" | "published" | "archived" | undefined>();
  const list = useSchemes({ ...(programme ? { programme } : {}), ...(year ? { year } : {}), ...(status ? { status } : {}) });
  const columns: TableColumnsType<SchemeView> = [
    { title: t("rt.schemeName"), dataIndex: "name", render: (v: string, s) => <Link to={`/rating/schemes/${s.id}`} data-testid={`scheme-link-${s.programme}-${s.year}-v${s.version}`}>{v}</Link> },
    { title: t("rt.programme"), dataIndex: "programme", render: (p: string) => t(`rt.programme.${p}`, { defaultValue: p }) },
    { title: t("rt.year"), dataIndex: "year" },
    { title: t("rt.version"), dataIndex: "version", render: (v: number) => `v${v}` },
    { title: t("rt.issuingUnit"), dataIndex: "issuingUnitName" },
    { title: t("common.status"), dataIndex: "status", render: (s: SchemeView["status"], r) => <Tag color={STATUS_COLOUR[s]} data-testid={`scheme-status-${r.programme}-${r.year}-v${r.version}`}>{t(`rt.schemeStatus.${s}`)}</Tag> },
    { title: t("rt.publishedAt"), dataIndex: "publishedAt", render: (v: string | null) => (v ? formatDateTime(v, locale) : "—") },
  ];
  return (
    <Card
      title={t("rt.schemes")}
      extra={
        <Space wrap>
          <Select allowClear placeholder={t("rt.programme")} style={{ width: 160 }} value={programme} onChange={setProgramme} options={PROGRAMMES.map((p) => ({ value: p, label: t(`rt.programme.${p}`) }))} />
          <InputNumber placeholder={t("rt.year")} min={2000} max={2100} value={year ?? null} onChange={(v) => setYear(v ?? undefined)} />
          <Select allowClear placeholder={t("common.status")} style={{ width: 120 }} value={status} onChange={setStatus} options={(["draft", "published", "archived"] as const).map((s) => ({ value: s, label: t(`rt.schemeStatus.${s}`) }))} />
          {canEdit && <CreateScheme />}
        </Space>
      }
    >
      <Table<SchemeView> data-testid="schemes-table" rowKey="id" size="middle" loading={list.isFetching} columns={columns} dataSource={list.data ?? []} pagination={{ pageSize: 20 }} scroll={{ x: true }} />
    </Card>
  );
}
