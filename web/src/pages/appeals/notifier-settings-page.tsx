import { useState } from "react";
import { App, Button, Card, Flex, Form, Input, InputNumber, Modal, Popconfirm, Select, Table, Tag, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { NOTIFIER_KINDS, type NotifierKind } from "../../../../common/appeals.js";
import { appeals } from "../../../../common/contract/index.js";
import { call } from "../../api/client.js";
import { applyApiError, errorMessage } from "../../shared/api-errors.js";
import { OrgTreeSelect } from "../../shared/org-tree-select.js";
import { appealKeys } from "./appeal-queries.js";

interface Values {
  orgUnitId: string;
  kind: NotifierKind;
  name: string;
  url: string;
  secret?: string;
  perMinute?: number;
}

function AddChannelModal({ orgUnitId, onClose }: { orgUnitId?: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const add = useMutation({
    mutationFn: (v: Values) => call(appeals.createNotifierConfig, { body: { ...v, secret: v.secret || undefined } }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ["notifier-configs"] });
      message.success(t("common.saved"));
      onClose();
    },
    onError: (err) => void message.error(applyApiError(form, err, ["orgUnitId", "kind", "name", "url", "secret", "perMinute"])),
  });
  return (
    <Modal open title={t("appealsUi.notifierAdd")} onCancel={onClose} onOk={() => form.submit()} confirmLoading={add.isPending} okButtonProps={{ "data-testid": "notifier-submit" }} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ orgUnitId, kind: "wecomRobot", perMinute: 20 }} onFinish={(v) => add.mutate(v)}>
        <Form.Item name="orgUnitId" label={t("appealsUi.notifierUnit")} rules={[{ required: true }]}>
          <OrgTreeSelect testid="notifier-unit" />
        </Form.Item>
        <Form.Item name="kind" label={t("appealsUi.notifierKind")} rules={[{ required: true }]}>
          <Select options={NOTIFIER_KINDS.map((k) => ({ value: k, label: t(`appealsUi.notifier.${k}`) }))} />
        </Form.Item>
        <Form.Item name="name" label={t("appealsUi.notifierName")} rules={[{ required: true, max: 40 }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="url" label={t("appealsUi.notifierUrl")} rules={[{ required: true, type: "url" }]} extra={t("appealsUi.notifierUrlHint")}>
          <Input maxLength={500} placeholder="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…" />
        </Form.Item>
        <Form.Item name="secret" label={t("appealsUi.notifierSecret")} extra={t("appealsUi.notifierSecretHint")}>
          <Input.Password maxLength={200} autoComplete="off" />
        </Form.Item>
        <Form.Item name="perMinute" label={t("appealsUi.notifierPerMinute")}>
          <InputNumber min={1} max={600} precision={0} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** /notifiers — external channels per org unit (WeCom / DingTalk robots, signed webhooks). */
export function NotifierSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [orgUnitId, setOrgUnitId] = useState<string | undefined>();
  const [adding, setAdding] = useState(false);
  const list = useQuery({ queryKey: appealKeys.notifiers(orgUnitId), queryFn: () => call(appeals.listNotifierConfigs, { query: { orgUnitId } }) });
  const remove = useMutation({
    mutationFn: (id: string) => call(appeals.deleteNotifierConfig, { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["notifier-configs"] }),
    onError: (err) => void message.error(errorMessage(err)),
  });
  return (
    <Card
      title={t("nav.notifiers")}
      extra={
        <Button type="primary" icon={<PlusOutlined />} data-testid="notifier-add" onClick={() => setAdding(true)}>
          {t("appealsUi.notifierAdd")}
        </Button>
      }
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t("appealsUi.notifierIntro")}</Typography.Text>
        <OrgTreeSelect testid="notifier-filter" allowClear style={{ width: 300 }} placeholder={t("appealsUi.filterUnit")} {...(orgUnitId ? { value: orgUnitId } : {})} onChange={setOrgUnitId} />
        <Table
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: list.error ? errorMessage(list.error) : t("appealsUi.notifierNone") }}
          columns={[
            { title: t("appealsUi.notifierUnit"), dataIndex: "orgUnitName" },
            { title: t("appealsUi.notifierKind"), dataIndex: "kind", render: (k: NotifierKind) => <Tag>{t(`appealsUi.notifier.${k}`)}</Tag> },
            { title: t("appealsUi.notifierName"), dataIndex: "name" },
            { title: t("appealsUi.notifierHost"), dataIndex: "urlHost" },
            { title: t("appealsUi.notifierSecret"), dataIndex: "hasSecret", render: (v: boolean) => (v ? "✓" : "—") },
            { title: t("appealsUi.notifierPerMinute"), dataIndex: "perMinute" },
            { title: t("common.status"), dataIndex: "enabled", render: (v: boolean) => (v ? <Tag color="green">{t("common.active")}</Tag> : <Tag>{t("common.disabled")}</Tag>) },
            {
              title: t("common.actions"),
              key: "actions",
              render: (_v, c) =>
                c.enabled && (
                  <Popconfirm title={t("appealsUi.notifierDisableConfirm", { name: c.name })} onConfirm={() => remove.mutateAsync(c.id)}>
                    <Button danger size="small">{t("action.disable")}</Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Flex>
      {adding && <AddChannelModal orgUnitId={orgUnitId} onClose={() => setAdding(false)} />}
    </Card>
  );
}
