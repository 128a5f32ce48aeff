import { App, Form, Input, Modal } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { users } from "../../../../common/contract/index.js";
import type { UserView } from "../../../../common/contract/users.contract.js";
import type { Role } from "../../../../common/roles.js";
import { call } from "../../api/client.js";
import { applyApiError } from "../../shared/api-errors.js";
import { zodRule } from "../../shared/zod-rule.js";
import { GrantFields } from "./grant-fields.js";
import { userChanged } from "./user-cache.js";

interface GrantValues {
  role: Role;
  orgUnitId: string;
  departmentId?: string;
}

export const passwordRule = zodRule(users.password, "field.password");

/** Adds a role + scope to an existing user. */
export function AddGrantModal({ user, onClose }: { user: UserView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<GrantValues>();
  const add = useMutation({
    mutationFn: (v: GrantValues) => call(users.addGrant, { params: { id: user.id }, body: v }),
    onSuccess: (updated) => {
      userChanged(qc, updated);
      message.success(t("common.saved"));
      onClose();
    },
    onError: (err) => void message.error(applyApiError(form, err, ["role", "orgUnitId", "departmentId"])),
  });
  return (
    <Modal
      open
      title={t("users.addGrantFor", { name: user.displayName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ "data-testid": "add-grant-submit" }}
      confirmLoading={add.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => add.mutate(v)} data-testid="add-grant-form">
        <GrantFields form={form} prefix={[]} />
      </Form>
    </Modal>
  );
}

/** Sets a new password; the server ends the user's sessions and clears a lockout. */
export function ResetPasswordModal({ user, onClose }: { user: UserView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const reset = useMutation({
    mutationFn: (password: string) => call(users.resetPassword, { params: { id: user.id }, body: { password } }),
    onSuccess: (updated) => {
      userChanged(qc, updated);
      message.success(t("users.passwordReset"));
      onClose();
    },
    onError: (err) => void message.error(applyApiError(form, err, ["password"])),
  });
  return (
    <Modal
      open
      title={t("users.resetPasswordFor", { name: user.displayName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ "data-testid": "reset-password-submit" }}
      confirmLoading={reset.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => reset.mutate(v.password)}>
        <Form.Item name="password" required label={t("users.newPassword")} rules={[passwordRule]} extra={t("users.passwordHint")}>
          <Input.Password data-testid="reset-password-input" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          required
          label={t("users.confirmPassword")}
          dependencies={["password"]}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_r, v: unknown) => {
                if (v !== getFieldValue("password")) throw new Error(t("users.passwordMismatch"));
              },
            }),
          ]}
        >
          <Input.Password data-testid="reset-password-confirm" autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
