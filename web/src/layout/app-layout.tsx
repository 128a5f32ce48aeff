import { Suspense, useState } from "react";
import { Button, Flex, Grid, Layout, Menu, Tag, Tooltip, Typography } from "antd";
import type { MenuProps } from "antd";
import { ApartmentOutlined, AuditOutlined, FlagOutlined, HomeOutlined, LogoutOutlined, TeamOutlined } from "@ant-design/icons";
import { AccountBookOutlined, StarOutlined, TrophyOutlined } from "@ant-design/icons";
import { Outlet, useLocation, useNavigate } from "react-router-dom";
import { useTranslation } from "react-i18next";
import type { Permission } from "../../../common/roles.js";
import { useLogout, useSignedIn, useSystemInfo } from "../auth/session.js";
import { FullPageSpin } from "../auth/guards.js";
import { LanguageSwitch } from "./language-switch.js";
import { AlertOutlined, BellOutlined, BorderOuterOutlined, MobileOutlined, NotificationOutlined, SolutionOutlined, BarChartOutlined, ApiOutlined } from "@ant-design/icons";
import { InboxBell } from "../pages/appeals/inbox-bell.js";
import { ControlOutlined } from "@ant-design/icons";
import { CalendarOutlined } from "@ant-design/icons";

const NAV: { key: string; labelKey: string; icon: React.ReactNode; permission?: Permission }[] = [
  { key: "/", labelKey: "nav.home", icon: <HomeOutlined /> },
  { key: "/org", labelKey: "nav.org", icon: <ApartmentOutlined />, permission: "org.read" },
  { key: "/users", labelKey: "nav.users", icon: <TeamOutlined />, permission: "user.read" },
  { key: "/audit", labelKey: "nav.audit", icon: <AuditOutlined />, permission: "audit.read" },
  { key: "/party", labelKey: "nav.party", icon: <FlagOutlined />, permission: "party.read" },
  { key: "/rating", labelKey: "nav.rating", icon: <TrophyOutlined />, permission: "rating.read" },
  { key: "/allocation", labelKey: "nav.allocation", icon: <AccountBookOutlined />, permission: "rating.read" },
  { key: "/stars", labelKey: "nav.stars", icon: <StarOutlined />, permission: "self.read" },
  { key: "/appeals", labelKey: "nav.appeals", icon: <AlertOutlined />, permission: "appeal.read" },
  { key: "/field", labelKey: "nav.field", icon: <MobileOutlined />, permission: "appeal.handle" },
  { key: "/whistles", labelKey: "nav.whistles", icon: <NotificationOutlined />, permission: "appeal.dispatch" },
  { key: "/my-summons", labelKey: "nav.mySummons", icon: <SolutionOutlined />, permission: "dispatch.respond" },
  { key: "/rates", labelKey: "nav.rates", icon: <BarChartOutlined />, permission: "rates.read" },
  { key: "/grids", labelKey: "nav.grids", icon: <BorderOuterOutlined />, permission: "grid.read" },
  { key: "/notifiers", labelKey: "nav.notifiers", icon: <BellOutlined />, permission: "org.manage" },
  { key: "/open311-keys", labelKey: "nav.open311", icon: <ApiOutlined />, permission: "open311.manage" },
  { key: "/appeal-config", labelKey: "nav.appealConfig", icon: <ControlOutlined />, permission: "appeal.configure" },
  { key: "/calendar", labelKey: "nav.calendar", icon: <CalendarOutlined />, permission: "calendar.manage" },
];

function selectedKey(pathname: string): string {
  const first = `/${pathname.split("/")[1] ?? ""}`;
  return NAV.some((n) => n.key === first) ? first : "/";
}

/** The signed-in frame: menu from my permissions, who I am and where, language, sign-out. */
export function AppLayout() {
  const { t } = useTranslation();
  const me = useSignedIn();
  const info = useSystemInfo();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const [collapsed, setCollapsed] = useState(false);

  const items: MenuProps["items"] = NAV.filter((n) => !n.permission || me.permissions.includes(n.permission)).map((n) => ({
    key: n.key,
    icon: n.icon,
    label: <span data-testid={`nav-${n.key === "/" ? "home" : n.key.slice(1)}`}>{t(n.labelKey)}</span>,
  }));
  const scopes = me.grants.map((g) => t("users.grantTag", { role: t(`role.${g.role}`), unit: g.orgUnitName }));

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Sider
        theme="light"
        breakpoint="lg"
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        style={{ borderInlineEnd: "1px solid #f0f0f0" }}
      >
        <Flex align="center" justify="center" style={{ height: 64 }}>
          <Typography.Title level={4} style={{ margin: 0, color: "#c41d1d", whiteSpace: "nowrap" }}>
            {collapsed ? t("app.short") : t("app.name")}
          </Typography.Title>
        </Flex>
        <Menu
          data-testid="side-menu"
          mode="inline"
          items={items}
          selectedKeys={[selectedKey(location.pathname)]}
          onClick={(e) => navigate(e.key)}
          style={{ borderInlineEnd: "none" }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: "#fff", padding: "0 16px", borderBottom: "1px solid #f0f0f0", height: "auto", minHeight: 64, lineHeight: "normal" }}>
          <Flex align="center" justify="space-between" wrap gap={12} style={{ minHeight: 64 }}>
            <Flex align="center" gap={8}>
              {screens.md && <Typography.Text strong>{t("app.tagline")}</Typography.Text>}
              {info.data?.demo && (
                <Tooltip title={t("app.demoHint")}>
                  <Tag color="orange" data-testid="demo-tag">{t("app.demo")}</Tag>
                </Tooltip>
              )}
            </Flex>
            <Flex align="center" gap={12} wrap>
              <Flex vertical style={{ lineHeight: 1.3 }}>
                <Typography.Text strong data-testid="header-user">{me.user.displayName}</Typography.Text>
                <Tooltip title={scopes.join("\n")}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="header-scope">
                    {scopes[0]}
                    {scopes.length > 1 && ` +${scopes.length - 1}`}
                  </Typography.Text>
                </Tooltip>
              </Flex>
              <InboxBell />
              <LanguageSwitch />
              <Button icon={<LogoutOutlined />} data-testid="logout" onClick={() => void logout()}>
                {t("action.logout")}
              </Button>
            </Flex>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: screens.md ? 24 : 12 }}>
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
