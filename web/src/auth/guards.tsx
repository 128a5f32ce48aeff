import type { ReactNode } from "react";
import { Button, Flex, Result, Spin } from "antd";
import { Navigate, useLocation } from "react-router-dom";
import { useTranslation } from "react-i18next";
import type { Permission } from "../../../common/roles.js";
import { ApiError } from "../api/client.js";
import { errorMessage } from "../shared/api-errors.js";
import { useCan, useMe } from "./session.js";

export function FullPageSpin() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: "60vh" }}>
      <Spin size="large" />
    </Flex>
  );
}

/** Renders its children only with a session; otherwise sends the user to sign in and back. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageSpin />;
  if (me.error) {
    if (me.error instanceof ApiError && me.error.code === "UNAUTHENTICATED") {
      const from = location.pathname + location.search;
      return <Navigate to={from === "/" ? "/login" : `/login?from=${encodeURIComponent(from)}`} replace />;
    }
    return (
      <Result
        status="error"
        title={t("common.loadFailed")}
        subTitle={errorMessage(me.error)}
        extra={<Button onClick={() => void me.refetch()}>{t("action.retry")}</Button>}
      />
    );
  }
  return children;
}

/** A screen the menu only offers with this permission; a typed-in URL gets a clear 403. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { t } = useTranslation();
  const can = useCan(permission);
  if (!can) return <Result status="403" title="403" subTitle={t("common.forbidden")} />;
  return children;
}
