import { useState } from "react";
import { Alert, Button, Card, Flex, Form, Input, Tag, Typography } from "antd";
import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { useNavigate, useSearchParams } from "react-router-dom";
import { useTranslation } from "react-i18next";
import { useLogin, useSystemInfo } from "../auth/session.js";
import { LanguageSwitch } from "../layout/language-switch.js";
import { applyApiError } from "../shared/api-errors.js";

interface LoginValues {
  username: string;
  password: string;
}

/** Only same-site paths, so `?from=` cannot send a signed-in user elsewhere. */
function safeFrom(from: string | null): string {
  return from && from.startsWith("/") && !from.startsWith("//") ? from : "/";
}

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const info = useSystemInfo();
  const login = useLogin();
  const [form] = Form.useForm<LoginValues>();
  const [error, setError] = useState<string | null>(null);

  const submit = (v: LoginValues) => {
    setError(null);
    login.mutate(v, {
      onSuccess: () => navigate(safeFrom(params.get("from")), { replace: true }),
      onError: (err) => setError(applyApiError(form, err, ["username", "password"])),
    });
  };
  // The server lists the demo accounts (and their shared password) only on demo data.
  const demoPassword = info.data?.demoPassword ?? "";
  const fillDemo = (username: string) => {
    form.setFieldsValue({ username, password: demoPassword });
    setError(null);
  };

  return (
    <Flex align="center" justify="center" style={{ minHeight: "100vh", padding: 16, background: "linear-gradient(160deg, #fff1f0 0%, #f5f5f5 60%)" }}>
      <Card style={{ width: 420, maxWidth: "100%" }} data-testid="login-card">
        <Flex justify="space-between" align="start">
          <div>
            <Typography.Title level={2} style={{ margin: 0, color: "#c41d1d" }}>
              {t("app.name")}
            </Typography.Title>
            <Typography.Text type="secondary">{t("app.tagline")}</Typography.Text>
            {info.data?.rootName && (
              <div>
                <Typography.Text strong data-testid="login-root-name">{info.data.rootName}</Typography.Text>
              </div>
            )}
          </div>
          <LanguageSwitch />
        </Flex>
        <Form<LoginValues> form={form} layout="vertical" size="large" onFinish={submit} style={{ marginTop: 24 }} requiredMark={false}>
          <Form.Item name="username" label={t("field.username")} rules={[{ required: true, message: t("validation.required", { field: t("field.username") }) }]}>
            <Input data-testid="login-username" prefix={<UserOutlined />} autoComplete="username" autoFocus maxLength={64} />
          </Form.Item>
          <Form.Item name="password" label={t("field.password")} rules={[{ required: true, message: t("validation.required", { field: t("field.password") }) }]}>
            <Input.Password data-testid="login-password" prefix={<LockOutlined />} autoComplete="current-password" maxLength={256} />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} data-testid="login-error" style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
            {t("login.submit")}
          </Button>
        </Form>
        {info.data?.demo && (
          <Alert
            type="warning"
            style={{ marginTop: 24 }}
            data-testid="demo-notice"
            title={<Tag color="orange">{t("app.demo")}</Tag>}
            description={
              <div>
                <Typography.Paragraph style={{ marginBottom: 8 }}>{t("login.demoIntro", { password: demoPassword })}</Typography.Paragraph>
                <Flex wrap gap={8}>
                  {(info.data.demoAccounts ?? []).map((a) => (
                    <Button key={a.username} size="small" data-testid={`demo-account-${a.username}`} onClick={() => fillDemo(a.username)} title={`${t(`role.${a.role}`)} · ${a.scopeName}`}>
                      {a.username} · {a.scopeName}
                    </Button>
                  ))}
                </Flex>
              </div>
            }
          />
        )}
        {info.data && (
          <Typography.Text type="secondary" style={{ display: "block", marginTop: 16, textAlign: "center", fontSize: 12 }}>
            v{info.data.version}
          </Typography.Text>
        )}
      </Card>
    </Flex>
  );
}
