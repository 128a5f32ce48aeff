import { Card, List, Tag } from "antd";
import { Link } from "react-router-dom";
import { useTranslation } from "react-i18next";
import { useCan } from "../../auth/session.js";
import { usePartyOrgs } from "./party-queries.js";

/** On an org unit's page: the party organisations attached to it (or under it), as links. */
export function UnitPartyOrgs({ orgUnitId }: { orgUnitId: string }) {
  const { t } = useTranslation();
  const can = useCan("party.read");
  const list = usePartyOrgs({ orgUnitId, page: 1, pageSize: 20 }, can);
  if (!can || !list.data || list.data.items.length === 0) return null;
  return (
    <Card title={t("partyUi.orgsTitle")} size="small" data-testid="unit-party-orgs">
      <List
        size="small"
        dataSource={list.data.items}
        renderItem={(o) => (
          <List.Item extra={t("partyUi.membersN", { n: o.memberCount })}>
            <Link to={`/party/orgs/${o.id}`} data-testid={`unit-party-org-${o.id}`}>{o.name}</Link> <Tag>{t(`party.kind.${o.kind}`)}</Tag>
          </List.Item>
        )}
      />
    </Card>
  );
}
