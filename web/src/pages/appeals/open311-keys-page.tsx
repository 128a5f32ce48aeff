import { useState } from "react";
import { Alert, App, Button, Card, Flex, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from "antd";
import { KeyOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { issueOpen311Key, listOpen311Keys, revokeOpen311Key, type Open311Key } from "../../../../common/contract/open311.contract.js";
import { call } from "../../api/client.js";
import { useLocale } from "../../i18n/index.js";
import { applyApiError, errorMessage } from "../../shared/api-errors.js";
import { formatDateTime } from "../../shared/format.js";
import { OrgTreeSelect } from "../../shared/org-tree-select.js";

const KEYS = ["open311-keys"] as const;

/** Issues a key; the answer is the only time the key is ever shown (the server keeps a hash). */
function IssueKeyModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ orgUnitId: string; name: string }>();
  const issue = useMutation({
    mutationFn: (v: { orgUnitId: string; name: string }) => call(issueOpen311Key, { body: v }),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEYS }),
    onError: (err) => void message.error(applyApiError(form, err, ["orgUnitId", "name"])),
  });
  const issued = issue.data;
  return (
    <Modal
      open
      title={t("open311Ui.issue")}
      onCancel={onClose}
      onOk={() => (issued ? onClose() : form.submit())}
      okText={issued ? t("action.close") : t("open311Ui.issue")}
      cancelButtonProps={{ style: issued ? { display: "none" } : {} }}
      okButtonProps={{ "data-testid": "open311-issue-submit" }}
      confirmLoading={issue.isPending}
      destroyOnHidden
    >
      {issued ? (
        <Flex vertical gap={12}>
          <Alert type="warning" showIcon title={t("open311Ui.onlyOnce")} />
          <Typography.Paragraph copyable={{ text: issued.key }} code style={{ wordBreak: "break-all" }} data-testid="open311-issued-key">
            {issued.key}
          </Typography.Paragraph>
          <Typography.Text type="secondary">{t("open311Ui.usage")}</Typography.Text>
        </Flex>
      ) : (
        <Form form={form} layout="vertical" onFinish={(v) => issue.mutate(v)}>
          <Form.Item name="orgUnitId" label={t("open311Ui.unit")} rules={[{ required: true }]} extra={t("open311Ui.unitHint")}>
            <OrgTreeSelect testid="open311-unit" selectableLevels={["district", "town"]} />
          </Form.Item>
          <Form.Item name="name" label={t("open311Ui.name")} rules={[{ required: true, min: 2, max: 60 }]}>
            <Input data-testid="open311-name" maxLength={60} placeholder={t("open311Ui.namePlaceholder")} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

/** /open311-keys — API keys for Open311 GeoReport v2 clients (issue once, revoke). */
export function Open311KeysPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [issuing, setIssuing] = useState(false);
  const list = useQuery({ queryKey: KEYS, queryFn: () => call(listOpen311Keys) });
  const revoke = useMutation({
    mutationFn: (k: Open311Key) => call(revokeOpen311Key, { params: { id: k.id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEYS }),
    onError: (err) => void message.error(errorMessage(err)),
  });
  const at = (v: string | null) => (v ? formatDateTime(v, locale).slice(0, 16) : "—");
  return (
    <Card
      title={t("nav.open311")}
      extra={
        <Button type="primary" icon={<KeyOutlined />} data-testid="open311-issue" onClick={() => setIssuing(true)}>
          {t("open311Ui.issue")}
        </Button>
      }
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t("open311Ui.intro")}</Typography.Text>
        <Table<Open311Key>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: list.error ? errorMessage(list.error) : t("open311Ui.none") }}
          scroll={{ x: true }}
          columns={[
            { title: t("open311Ui.name"), dataIndex: "name" },
            { title: t("open311Ui.unit"), dataIndex: "orgUnitName" },
            { title: t("open311Ui.prefix"), dataIndex: "keyPrefix", render: (v: string) => <Typography.Text code>{v}…</Typography.Text> },
            { title: t("open311Ui.createdAt"), dataIndex: "createdAt", render: at },
            { title: t("open311Ui.lastUsed"), dataIndex: "lastUsedAt", render: at },
            {
              title: t("common.status"),
              key: "status",
              render: (_v, k) => (k.revokedAt ? <Tag>{t("open311Ui.revokedAt", { at: at(k.revokedAt) })}</Tag> : <Tag color="green">{t("common.active")}</Tag>),
            },
            {
              title: t("common.actions"),
              key: "actions",
              render: (_v, k) =>
                !k.revokedAt && (
                  <Popconfirm title={t("open311Ui.revokeConfirm", { name: k.name })} okButtonProps={{ danger: true }} onConfirm={() => revoke.mutateAsync(k)}>
                    <Button danger size="small" data-testid={`open311-revoke-${k.keyPrefix}`}>{t("open311Ui.revoke")}</Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Flex>
      {issuing && <IssueKeyModal onClose={() => setIssuing(false)} />}
    </Card>
  );
}
