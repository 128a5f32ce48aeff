import { useState } from "react";
import { Alert, Breadcrumb, Button, Card, Descriptions, Flex, InputNumber, Result, Skeleton, Space, Table, Tag, Typography } from "antd";
import { EditOutlined, EyeOutlined, SwapOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router-dom";
import { useTranslation } from "react-i18next";
import { members } from "../../../../common/contract/index.js";
import type { MemberView } from "../../../../common/contract/members.contract.js";
import { ApiError, call } from "../../api/client.js";
import { errorMessage } from "../../shared/api-errors.js";
import { partyKeys, thisYear, useMember } from "./party-queries.js";
import { DemoBadge } from "./demo-badge.js";
import { EditMemberDrawer, TransferModal, UnmaskModal } from "./member-dialogs.js";

type Dialog = "unmask" | "edit" | "transfer" | null;

function AttendanceHistory({ memberId }: { memberId: string }) {
  const { t } = useTranslation();
  const [year, setYear] = useState(thisYear());
  const q = useQuery({ queryKey: partyKeys.memberAttendance(memberId, year), queryFn: () => call(members.getMemberAttendance, { params: { id: memberId }, query: { year } }) });
  const colour = { present: "green", excused: "gold", absent: "red" } as const;
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} align="center" wrap>
        <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
        {q.data && (
          <Typography.Text data-testid="attendance-totals">
            {t("partyUi.attendanceCounts", { present: q.data.totals.present, excused: q.data.totals.excused, absent: q.data.totals.absent })}
          </Typography.Text>
        )}
      </Flex>
      {q.error && <Typography.Text type="danger">{errorMessage(q.error)}</Typography.Text>}
      <Table
        rowKey="meetingId"
        size="small"
        loading={q.isFetching}
        dataSource={q.data?.items ?? []}
        pagination={{ pageSize: 12, showSizeChanger: false }}
        columns={[
          { title: t("field.heldOn"), dataIndex: "heldOn", width: 110 },
          { title: t("partyUi.meetingType"), key: "type", render: (_, r) => t(`meeting.type.${r.type}`) },
          { title: t("field.topic"), key: "topic", render: (_, r) => <Link to={`/party/meetings/${r.meetingId}`}>{r.topic}</Link>, responsive: ["md"] },
          { title: t("partyUi.attendance"), key: "status", render: (_, r) => <Tag color={colour[r.status]}>{t(`attendance.${r.status}`)}{r.reason ? `：${r.reason}` : ""}</Tag> },
        ]}
      />
    </Flex>
  );
}

function Details({ m, full }: { m: MemberView; full: { idNumber: string | null; phone: string | null } | null }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered>
      <Descriptions.Item label={t("field.gender")}>{t(`gender.${m.gender}`)}</Descriptions.Item>
      <Descriptions.Item label={t("field.birthDate")}>{m.birthDate}</Descriptions.Item>
      <Descriptions.Item label={t("field.idType")}>{t(`idcard.type.${m.idType}`)}</Descriptions.Item>
      <Descriptions.Item label={t("field.idNumber")}>
        <Typography.Text code data-testid="member-id-number">{full ? (full.idNumber ?? "—") : (m.idMasked ?? "—")}</Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t("field.phone")}>
        <Typography.Text data-testid="member-phone">{full ? (full.phone ?? "—") : (m.phoneMasked ?? "—")}</Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t("field.education")}>{m.education ? t(`education.${m.education}`) : "—"}</Descriptions.Item>
      <Descriptions.Item label={t("field.joinedOn")}>{m.joinedOn}</Descriptions.Item>
      <Descriptions.Item label={t("field.memberStatus")}>
        {t(`member.status.${m.status}`)}
        {m.probationEndsOn && ` (${t("field.probationEndsOn")} ${m.probationEndsOn})`}
      </Descriptions.Item>
      <Descriptions.Item label={t("field.mobileMember")}>{m.mobileMember ? `${t("partyUi.yes")} · ${m.mobileWorkplace ?? ""}` : t("partyUi.no")}</Descriptions.Item>
    </Descriptions>
  );
}

/** /party/members/:id — a member's record, masked until "show full" (a reason, an audit record). */
export function MemberPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const member = useMember(id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [full, setFull] = useState<{ idNumber: string | null; phone: string | null } | null>(null);

  if (member.error) {
    if (member.error instanceof ApiError && member.error.code === "NOT_FOUND") return <Result status="404" title={t("common.notFound")} subTitle={member.error.message} />;
    return <Alert type="error" title={errorMessage(member.error)} />;
  }
  const m = member.data;
  if (!m || !id) return <Card><Skeleton active /></Card>;
  return (
    <Flex vertical gap={16} data-testid="member-page">
      <Card>
        <Breadcrumb items={[{ key: "u", title: <Link to={`/org/${m.orgUnitId}`}>{m.orgUnitName}</Link> }, { key: "p", title: <Link to={`/party/orgs/${m.partyOrgId}`}>{m.partyOrgName}</Link> }, { key: "m", title: m.name }]} />
        <Flex justify="space-between" align="center" wrap gap={12} style={{ margin: "12px 0" }}>
          <Space wrap>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="member-name">{m.name}</Typography.Title>
            <Tag color={m.status === "full" ? "red" : "gold"}>{t(`member.status.${m.status}`)}</Tag>
            {m.mobileMember && <Tag color="blue">{t("partyUi.mobile")}</Tag>}
            <DemoBadge />
          </Space>
          <Space wrap>
            {m.abilities.unmask && !full && (
              <Button icon={<EyeOutlined />} data-testid="show-full" onClick={() => setDialog("unmask")}>{t("partyUi.showFull")}</Button>
            )}
            {full && <Button onClick={() => setFull(null)} data-testid="hide-full">{t("partyUi.hideFull")}</Button>}
            {m.abilities.manage && <Button icon={<EditOutlined />} data-testid="edit-member" onClick={() => setDialog("edit")}>{t("partyUi.edit")}</Button>}
            {m.abilities.manage && <Button icon={<SwapOutlined />} data-testid="transfer-member" onClick={() => setDialog("transfer")}>{t("partyUi.transfer")}</Button>}
          </Space>
        </Flex>
        <Details m={m} full={full} />
      </Card>
      <Card title={t("partyUi.transfers")} size="small">
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={m.transfers}
          locale={{ emptyText: t("partyUi.noTransfers") }}
          columns={[
            { title: t("field.transferredOn"), dataIndex: "transferredOn", width: 110 },
            { title: t("partyUi.from"), dataIndex: "fromPartyOrgName" },
            { title: t("partyUi.to"), dataIndex: "toPartyOrgName" },
            { title: t("field.reason"), dataIndex: "reason", responsive: ["md"] },
          ]}
        />
      </Card>
      <Card title={t("partyUi.attendanceHistory")} size="small">
        <AttendanceHistory memberId={m.id} />
      </Card>
      <UnmaskModal open={dialog === "unmask"} memberId={m.id} onClose={() => setDialog(null)} onShown={setFull} />
      <EditMemberDrawer open={dialog === "edit"} member={m} onClose={() => setDialog(null)} />
      <TransferModal open={dialog === "transfer"} member={m} onClose={() => setDialog(null)} />
    </Flex>
  );
}
