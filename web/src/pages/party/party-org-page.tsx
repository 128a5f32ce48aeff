import { useState } from "react";
import { Alert, App, Breadcrumb, Button, Card, Descriptions, Flex, Result, Skeleton, Space, Tabs, Tag, Typography } from "antd";
import { DownloadOutlined, PlusOutlined, UploadOutlined } from "@ant-design/icons";
import { Link, useNavigate, useParams } from "react-router-dom";
import { useTranslation } from "react-i18next";
import { partyExcel } from "../../../../common/contract/index.js";
import { ApiError } from "../../api/client.js";
import { downloadFile } from "../../api/files.js";
import { errorMessage } from "../../shared/api-errors.js";
import { usePartyOrg } from "./party-queries.js";
import { DemoBadge } from "./demo-badge.js";
import { MembersTable } from "./members-table.js";
import { MeetingsTable } from "./meetings-table.js";
import { ComplianceChart } from "./compliance-chart.js";

/** /party/orgs/:id — one party organisation: its members, its meetings and its compliance. */
export function PartyOrgPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id } = useParams();
  const navigate = useNavigate();
  const org = usePartyOrg(id);
  const [tab, setTab] = useState("members");
  const [exporting, setExporting] = useState(false);

  if (org.error) {
    if (org.error instanceof ApiError && org.error.code === "NOT_FOUND") return <Result status="404" title={t("common.notFound")} subTitle={org.error.message} />;
    return <Alert type="error" title={errorMessage(org.error)} />;
  }
  const o = org.data;
  if (!o || !id) return <Card><Skeleton active /></Card>;

  const exportRoster = async (): Promise<void> => {
    setExporting(true);
    try {
      await downloadFile(partyExcel.exportMembers, { body: { partyOrgId: o.id, full: false } }, "roster.xlsx");
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Flex vertical gap={16} data-testid="party-org-page" data-party-org-id={o.id}>
      <Card>
        <Breadcrumb items={[...o.ancestors.map((a) => ({ key: a.id, title: <Link to={`/org/${a.id}`}>{a.name}</Link> })), { key: o.id, title: o.name }]} />
        <Flex justify="space-between" align="center" wrap gap={12} style={{ marginTop: 12 }}>
          <Space wrap>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="party-org-name">{o.name}</Typography.Title>
            <Tag color="red">{t(`party.kind.${o.kind}`)}</Tag>
            <DemoBadge />
          </Space>
          <Space wrap>
            {o.abilities.manage && (
              <Button type="primary" icon={<PlusOutlined />} data-testid="new-meeting" onClick={() => navigate(`/party/orgs/${o.id}/meetings/new`)}>
                {t("partyUi.newMeeting")}
              </Button>
            )}
            {o.abilities.manage && (
              <Button icon={<UploadOutlined />} data-testid="open-import" onClick={() => navigate(`/party/import?orgUnitId=${o.orgUnitId}&partyOrgId=${o.id}`)}>
                {t("partyUi.importMembers")}
              </Button>
            )}
            <Button icon={<DownloadOutlined />} loading={exporting} data-testid="export-roster" onClick={() => void exportRoster()}>
              {t("partyUi.exportRoster")}
            </Button>
          </Space>
        </Flex>
        <Descriptions size="small" style={{ marginTop: 12 }} column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label={t("partyUi.orgUnit")}><Link to={`/org/${o.orgUnitId}`}>{o.orgUnitName}</Link></Descriptions.Item>
          <Descriptions.Item label={t("partyUi.parent")}>{o.parentId ? <Link to={`/party/orgs/${o.parentId}`}>{o.parentName}</Link> : "—"}</Descriptions.Item>
          <Descriptions.Item label={t("partyUi.secretary")}>{o.secretaryName ?? "—"}</Descriptions.Item>
          <Descriptions.Item label={t("partyUi.term")}>{o.termStart && o.termEnd ? `${o.termStart} ~ ${o.termEnd}` : "—"}</Descriptions.Item>
          <Descriptions.Item label={t("partyUi.memberCount")}><span data-testid="party-org-member-count">{o.memberCount}</span></Descriptions.Item>
          <Descriptions.Item label={t("member.status.probationary")}>{o.probationaryCount}</Descriptions.Item>
          <Descriptions.Item label={t("partyUi.mobileCount")}>{o.mobileCount}</Descriptions.Item>
          <Descriptions.Item label={t("field.foundedOn")}>{o.foundedOn ?? "—"}</Descriptions.Item>
        </Descriptions>
        {o.children.length > 0 && (
          <Space wrap style={{ marginTop: 8 }}>
            {o.children.map((c) => (
              <Link key={c.id} to={`/party/orgs/${c.id}`}><Tag>{c.name} · {c.memberCount}</Tag></Link>
            ))}
          </Space>
        )}
      </Card>
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: "members", label: <span data-testid="tab-members">{t("partyUi.members")}</span>, children: <MembersTable partyOrgId={o.id} /> },
            { key: "meetings", label: <span data-testid="tab-meetings">{t("partyUi.meetings")}</span>, children: <MeetingsTable partyOrgId={o.id} /> },
            { key: "compliance", label: <span data-testid="tab-compliance">{t("partyUi.compliance")}</span>, children: <ComplianceChart partyOrgId={o.id} /> },
          ]}
        />
      </Card>
    </Flex>
  );
}
