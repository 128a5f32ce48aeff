import { useState } from "react";
import { Flex, InputNumber, Table, Tag, Typography } from "antd";
import type { TableColumnsType } from "antd";
import { Link } from "react-router-dom";
import { useTranslation } from "react-i18next";
import type { MeetingSummary } from "../../../../common/contract/meetings.contract.js";
import { errorMessage } from "../../shared/api-errors.js";
import { thisYear, useMeetings } from "./party-queries.js";

/** A party organisation's meetings in one year, newest first, each opening its entry page. */
export function MeetingsTable({ partyOrgId }: { partyOrgId: string }) {
  const { t } = useTranslation();
  const [year, setYear] = useState(thisYear());
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const list = useMeetings({ partyOrgId, year, page, pageSize });
  const columns: TableColumnsType<MeetingSummary> = [
    { title: t("field.heldOn"), dataIndex: "heldOn", width: 120 },
    { title: t("partyUi.meetingType"), key: "type", render: (_, m) => <Tag>{t(`meeting.type.${m.type}`)}</Tag> },
    { title: t("field.topic"), key: "topic", render: (_, m) => <Link to={`/party/meetings/${m.id}`} data-testid={`meeting-link-${m.id}`}>{m.topic}</Link> },
    {
      title: t("partyUi.attendance"),
      key: "attendance",
      render: (_, m) =>
        m.recorded ? (
          <Typography.Text>{t("partyUi.attendanceCounts", { present: m.presentCount, excused: m.excusedCount, absent: m.absentCount })}</Typography.Text>
        ) : (
          <Tag color="orange">{t("partyUi.notRecorded")}</Tag>
        ),
    },
  ];
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} align="center">
        <Typography.Text>{t("field.year")}</Typography.Text>
        <InputNumber min={2000} max={2100} value={year} onChange={(v) => { if (v) { setYear(v); setPage(1); } }} data-testid="meetings-year" />
      </Flex>
      {list.error && <Typography.Text type="danger">{errorMessage(list.error)}</Typography.Text>}
      <Table
        rowKey="id"
        size="small"
        data-testid="meetings-table"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => t("common.total", { n }) }}
      />
    </Flex>
  );
}
