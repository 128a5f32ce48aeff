import { App, Button, Drawer, Form, Input, Space } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { users } from "../../../../common/contract/index.js";
import type { Role } from "../../../../common/roles.js";
import { call } from "../../api/client.js";
import { keys } from "../../api/keys.js";
import { applyApiError } from "../../shared/api-errors.js";
import { zodRule } from "../../shared/zod-rule.js";
import { GrantFields } from "./grant-fields.js";
import { passwordRule } from "./user-dialogs.js";

interface NewUserValues {
  username: string;
  displayName: string;
  password: string;
  grant: { role: Role; orgUnitId: string; departmentId?: string };
}

const FORM_FIELDS = ["username", "displayName", "password", "grant.role", "grant.orgUnitId", "grant.departmentId"];
const usernameRule = zodRule(users.username, "field.username");
const displayNameRule = zodRule(users.createUser.body.shape.displayName, "field.displayName");

/** Creates a user with one role grant inside my scope. */
export function CreateUserDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<NewUserValues>();
  const create = useMutation({
    mutationFn: (body: NewUserValues) => call(users.createUser, { body }),
    onSuccess: async (user) => {
      await qc.invalidateQueries({ queryKey: keys.users });
      message.success(t("users.created", { username: user.username }));
      form.resetFields();
      onClose();
    },
    onError: (err) => void message.error(applyApiError(form, err, FORM_FIELDS)),
  });

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={520}
      title={t("users.create")}
      destroyOnHidden
      data-testid="create-user-drawer"
      footer={
        <Space style={{ width: "100%", justifyContent: "flex-end" }}>
          <Button onClick={onClose}>{t("action.cancel")}</Button>
          <Button type="primary" data-testid="create-user-submit" loading={create.isPending} onClick={() => form.submit()}>
            {t("action.create")}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} autoComplete="off">
        <Form.Item name="username" required label={t("field.username")} rules={[usernameRule]} extra={t("users.usernameHint")}>
          <Input data-testid="new-username" maxLength={32} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" required label={t("field.displayName")} rules={[displayNameRule]}>
          <Input data-testid="new-display-name" maxLength={40} />
        </Form.Item>
        <Form.Item name="password" required label={t("field.password")} rules={[passwordRule]} extra={t("users.passwordHint")}>
          <Input.Password data-testid="new-password" autoComplete="new-password" />
        </Form.Item>
        <GrantFields form={form} prefix={["grant"]} />
      </Form>
    </Drawer>
  );
}
