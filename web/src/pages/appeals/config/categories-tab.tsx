import { useState } from "react";
import { App, Button, Flex, Form, Input, InputNumber, Modal, Select, Switch, Table, Tag } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { appealAdmin } from "../../../../../common/contract/index.js";
import type { AdminCategory } from "../../../../../common/contract/appeal-admin.contract.js";
import { APPEAL_SCALES, type AppealScale } from "../../../../../common/appeals.js";
import { call } from "../../../api/client.js";
import { applyApiError, errorMessage } from "../../../shared/api-errors.js";
import { appealKeys } from "../appeal-queries.js";
import { configKeys } from "./config-queries.js";

interface Values {
  code?: string;
  name: string;
  nameEn?: string;
  scale?: AppealScale;
  sort?: number;
}

const FIELDS = ["code", "name", "nameEn", "scale", "sort"];

/** Create (no category given) or rename one; the scale of an existing category is fixed. */
function CategoryModal({ category, onClose }: { category: AdminCategory | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (v: Values) =>
      category
        ? call(appealAdmin.updateCategory, { params: { id: category.id }, body: { name: v.name, nameEn: v.nameEn?.trim() ? v.nameEn.trim() : null, sort: v.sort } })
        : call(appealAdmin.createCategory, { body: { code: v.code ?? "", name: v.name, nameEn: v.nameEn?.trim() || undefined, scale: v.scale ?? "small", sort: v.sort } }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: configKeys.categories });
      await qc.invalidateQueries({ queryKey: appealKeys.categories });
      message.success(t("appealAdminUi.saved"));
      onClose();
    },
    onError: (err) => void message.error(applyApiError(form, err, FIELDS)),
  });
  return (
    <Modal
      open
      title={t(category ? "appealAdminUi.renameCategory" : "appealAdminUi.newCategory")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ "data-testid": "category-save" }}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={category ? { name: category.name, nameEn: category.nameEn ?? "", sort: category.sort } : { scale: "small" }}
        onFinish={(v) => save.mutate(v)}
      >
        {!category && (
          <Form.Item name="code" label={t("field.code")} rules={[{ required: true, pattern: /^[a-z][a-z0-9-]{1,29}$/, message: t("appealAdminUi.codeHint") }]} extra={t("appealAdminUi.codeHint")}>
            <Input data-testid="category-code" maxLength={30} />
          </Form.Item>
        )}
        <Form.Item name="name" label={t("appealAdminUi.nameZh")} rules={[{ required: true, min: 2, max: 20 }]}>
          <Input data-testid="category-name" maxLength={20} />
        </Form.Item>
        <Form.Item name="nameEn" label={t("field.nameEn")} rules={[{ min: 2, max: 60 }]}>
          <Input data-testid="category-name-en" maxLength={60} />
        </Form.Item>
        {!category && (
          <Form.Item name="scale" label={t("field.scale")} rules={[{ required: true }]} extra={t("appealAdminUi.scaleFixed")}>
            <Select data-testid="category-scale" options={APPEAL_SCALES.map((s) => ({ value: s, label: t(`scale.${s}`) }))} />
          </Form.Item>
        )}
        <Form.Item name="sort" label={t("appealAdminUi.sort")}>
          <InputNumber min={0} max={10000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The category catalogue: every category, disabled ones greyed, with how many appeals use it. */
export function CategoriesTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<AdminCategory | null | "new">(null);
  const list = useQuery({ queryKey: configKeys.categories, queryFn: () => call(appealAdmin.listAdminCategories) });
  const toggle = useMutation({
    mutationFn: (c: AdminCategory) => call(appealAdmin.updateCategory, { params: { id: c.id }, body: { disabled: !c.disabled } }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: configKeys.categories });
      await qc.invalidateQueries({ queryKey: appealKeys.categories });
    },
    onError: (err) => void message.error(errorMessage(err)),
  });
  const en = i18n.language.startsWith("en");
  return (
    <Flex vertical gap={12}>
      <Flex justify="end">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")} data-testid="category-new">
          {t("appealAdminUi.newCategory")}
        </Button>
      </Flex>
      <Table<AdminCategory>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        rowClassName={(c) => (c.disabled ? "row-disabled" : "")}
        onRow={(c) => ({ "data-testid": `category-${c.code}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t("field.code"), dataIndex: "code" },
          { title: t("appealAdminUi.nameZh"), dataIndex: "name", render: (_v, c) => (en && c.nameEn ? `${c.name} (${c.nameEn})` : c.name) },
          { title: t("field.nameEn"), dataIndex: "nameEn", render: (v: string | null) => v ?? "—" },
          { title: t("field.scale"), dataIndex: "scale", render: (s: AppealScale) => <Tag>{t(`scale.${s}`)}</Tag> },
          { title: t("appealAdminUi.appealCount"), dataIndex: "appeals" },
          {
            title: t("appealAdminUi.enabled"),
            render: (_v, c) => <Switch checked={!c.disabled} loading={toggle.isPending && toggle.variables.id === c.id} onChange={() => toggle.mutate(c)} data-testid={`category-enabled-${c.code}`} />,
          },
          { title: t("common.actions"), render: (_v, c) => <Button size="small" onClick={() => setEditing(c)} data-testid={`category-edit-${c.code}`}>{t("appealAdminUi.rename")}</Button> },
        ]}
      />
      {editing && <CategoryModal category={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
    </Flex>
  );
}
