import { useState } from "react";
import { App, Button, Form, Input, Modal, Space, Table, Tag } from "antd";
import type { TableColumnsType } from "antd";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { org } from "../../../../common/contract/index.js";
import type { Department } from "../../../../common/contract/org.contract.js";
import { call } from "../../api/client.js";
import { keys } from "../../api/keys.js";
import { applyApiError, errorMessage } from "../../shared/api-errors.js";
import { zodRule } from "../../shared/zod-rule.js";
import { testId } from "../../shared/format.js";

const nameRule = zodRule(org.createDepartment.body.shape.name, "field.name");

function RenameModal({ dept, onClose }: { dept: Department; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ name: string }>();
  const rename = useMutation({
    mutationFn: (name: string) => call(org.updateDepartment, { params: { id: dept.id }, body: { name } }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: keys.departments(dept.orgUnitId) });
      message.success(t("common.saved"));
      onClose();
    },
    onError: (err) => void message.error(applyApiError(form, err, ["name"])),
  });
  return (
    <Modal open title={t("dept.rename")} onCancel={onClose} onOk={() => form.submit()} confirmLoading={rename.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ name: dept.name }} onFinish={(v) => rename.mutate(v.name)}>
        <Form.Item name="name" required label={t("field.name")} rules={[nameRule]}>
          <Input data-testid="dept-rename-input" maxLength={60} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Departments (职能部门) of a district or town; managers add, rename and disable them. */
export function DepartmentsPanel({ orgUnitId, manage }: { orgUnitId: string; manage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ name: string }>();
  const [renaming, setRenaming] = useState<Department | null>(null);
  const list = useQuery({ queryKey: keys.departments(orgUnitId), queryFn: () => call(org.listDepartments, { query: { orgUnitId } }) });
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: keys.departments(orgUnitId) }),
      qc.invalidateQueries({ queryKey: keys.orgUnit(orgUnitId) }),
    ]);

  const create = useMutation({
    mutationFn: (name: string) => call(org.createDepartment, { body: { orgUnitId, name } }),
    onSuccess: async () => {
      form.resetFields();
      await refresh();
      message.success(t("common.saved"));
    },
    onError: (err) => void message.error(applyApiError(form, err, ["name"])),
  });
  const toggle = useMutation({
    mutationFn: (d: Department) => call(org.updateDepartment, { params: { id: d.id }, body: { disabled: !d.disabled } }),
    onSuccess: refresh,
    onError: (err) => void message.error(errorMessage(err)),
  });

  const columns: TableColumnsType<Department> = [
    { title: t("field.name"), dataIndex: "name" },
    {
      title: t("common.status"),
      dataIndex: "disabled",
      render: (v: boolean) => (v ? <Tag>{t("common.disabled")}</Tag> : <Tag color="green">{t("common.active")}</Tag>),
    },
  ];
  if (manage) {
    columns.push({
      title: t("common.actions"),
      key: "actions",
      render: (_v, d) => (
        <Space wrap>
          <Button data-testid={`dept-rename-${d.name}`} onClick={() => setRenaming(d)}>
            {t("dept.rename")}
          </Button>
          <Button
            data-testid={`dept-toggle-${d.name}`}
            danger={!d.disabled}
            loading={toggle.isPending && toggle.variables.id === d.id}
            onClick={() => toggle.mutate(d)}
          >
            {d.disabled ? t("action.enable") : t("action.disable")}
          </Button>
        </Space>
      ),
    });
  }

  return (
    <div data-testid="departments">
      {manage && (
        <Form form={form} layout="inline" onFinish={(v) => create.mutate(v.name)} style={{ marginBottom: 12, rowGap: 8 }}>
          <Form.Item name="name" rules={[nameRule]}>
            <Input data-testid="dept-new-name" placeholder={t("dept.newPlaceholder")} maxLength={60} style={{ width: 240 }} />
          </Form.Item>
          <Form.Item>
            <Button data-testid="dept-create" type="primary" htmlType="submit" loading={create.isPending}>
              {t("dept.create")}
            </Button>
          </Form.Item>
        </Form>
      )}
      <Table<Department>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={false}
        onRow={(d) => testId(`dept-row-${d.name}`)}
        locale={{ emptyText: list.error ? errorMessage(list.error) : t("dept.none") }}
      />
      {renaming && <RenameModal dept={renaming} onClose={() => setRenaming(null)} />}
    </div>
  );
}
