import { Alert, Card, Flex, Skeleton, Table, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { useTranslation } from "react-i18next";
import { org } from "../../../common/contract/index.js";
import { call } from "../api/client.js";
import { keys } from "../api/keys.js";
import { useCan, useSignedIn } from "../auth/session.js";
import { LevelStats, levelsBelow } from "../shared/level-stats.js";
import { LevelTag } from "../shared/org-labels.js";
import { errorMessage } from "../shared/api-errors.js";
import { ORG_LEVELS } from "../../../common/roles.js";
import type { GrantView } from "../../../common/contract/auth.contract.js";
import { testId } from "../shared/format.js";
import { CalendarWarning } from "./calendar/calendar-warning.js";

/** The outermost level among my grants: the stats show only what lies below it. */
function topLevel(levels: readonly (typeof ORG_LEVELS)[number][]) {
  return [...levels].sort((a, b) => ORG_LEVELS.indexOf(a) - ORG_LEVELS.indexOf(b))[0];
}

/** / — who I am here and what my scope holds. */
export function HomePage() {
  const { t } = useTranslation();
  const me = useSignedIn();
  const canReadOrg = useCan("org.read");
  const stats = useQuery({ queryKey: keys.orgStats(), queryFn: () => call(org.orgStats), enabled: canReadOrg });
  const top = topLevel(me.grants.map((g) => g.orgUnitLevel));

  return (
    <Flex vertical gap={16} data-testid="home">
      <CalendarWarning />
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t("home.welcome", { name: me.user.displayName })}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t("home.intro")}</Typography.Paragraph>
        <Typography.Text strong>{t("home.myGrants")}</Typography.Text>
        <Table<GrantView>
          style={{ marginTop: 8 }}
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={me.grants}
          onRow={(g) => testId(`home-grant-${g.divisionCode ?? g.orgUnitId}`)}
          columns={[
            { title: t("field.role"), key: "role", render: (_v, g) => t(`role.${g.role}`) },
            {
              title: t("grant.scope"),
              key: "unit",
              render: (_v, g) => (canReadOrg ? <Link to={`/org/${g.orgUnitId}`}>{g.orgUnitName}</Link> : g.orgUnitName),
            },
            { title: t("field.level"), key: "level", render: (_v, g) => <LevelTag level={g.orgUnitLevel} /> },
          ]}
        />
      </Card>
      {canReadOrg && (
        <Card title={t("home.scopeStats")}>
          {stats.error && <Alert type="error" title={errorMessage(stats.error)} />}
          {stats.isLoading && <Skeleton active />}
          {stats.data && <LevelStats counts={stats.data} levels={levelsBelow(top, true)} />}
        </Card>
      )}
    </Flex>
  );
}
