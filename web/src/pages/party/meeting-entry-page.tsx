import { useEffect, useState } from "react";
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, Result, Select, Skeleton, Typography } from "antd";
import { SaveOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router-dom";
import { useTranslation } from "react-i18next";
import dayjs, { type Dayjs } from "dayjs";
import { meetings } from "../../../../common/contract/index.js";
import type { MeetingView } from "../../../../common/contract/meetings.contract.js";
import { MEETING_TYPES, type MeetingType } from "../../../../common/party.js";
import { ApiError, call } from "../../api/client.js";
import { applyApiError, errorMessage } from "../../shared/api-errors.js";
import { partyKeys, today, usePartyOrg, useRoster } from "./party-queries.js";
import { AttendanceGrid } from "./attendance-grid.js";
import { attendanceSheet, gridEntries, type GridEntry } from "./party-ui-rules.js";
import { MeetingAttachments } from "./meeting-attachments.js";

interface MeetingFields {
  type: MeetingType;
  heldOn: Dayjs;
  topic: string;
  minutes: string;
}

/**
 * /party/orgs/:id/meetings/new and /party/meetings/:meetingId — record a meeting and its
 * attendance; built to be filled in on a phone at the meeting itself.
 */
export function MeetingEntryPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { id: newForOrg, meetingId } = useParams();
  const [form] = Form.useForm<MeetingFields>();
  const meeting = useQuery({ queryKey: partyKeys.meeting(meetingId ?? ""), queryFn: () => call(meetings.getMeeting, { params: { id: meetingId ?? "" } }), enabled: !!meetingId });
  const partyOrgId = newForOrg ?? meeting.data?.partyOrgId;
  const org = usePartyOrg(partyOrgId);
  const roster = useRoster(partyOrgId);
  const [entries, setEntries] = useState<GridEntry[] | null>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);

  useEffect(() => {
    if (entries || !roster.data || (meetingId && !meeting.data)) return;
    setEntries(gridEntries(meeting.data?.attendance ?? [], roster.data.items));
    if (meeting.data) form.setFieldsValue({ type: meeting.data.type, heldOn: dayjs(meeting.data.heldOn), topic: meeting.data.topic, minutes: meeting.data.minutes });
  }, [entries, roster.data, meeting.data, meetingId, form]);

  const save = useMutation({
    mutationFn: async (v: MeetingFields): Promise<MeetingView> => {
      const fields = { type: v.type, heldOn: v.heldOn.format("YYYY-MM-DD"), topic: v.topic, minutes: v.minutes ?? "" };
      const sheet = attendanceSheet(entries ?? []);
      if (!meetingId) return call(meetings.createMeeting, { body: { partyOrgId: partyOrgId ?? "", ...fields, ...(sheet.length ? { attendance: sheet } : {}) } });
      await call(meetings.updateMeeting, { params: { id: meetingId }, body: fields });
      return sheet.length ? call(meetings.setAttendance, { params: { id: meetingId }, body: { entries: sheet } }) : call(meetings.getMeeting, { params: { id: meetingId } });
    },
    onSuccess: async (m) => {
      await Promise.all([qc.invalidateQueries({ queryKey: ["meetings"] }), qc.invalidateQueries({ queryKey: partyKeys.org(m.partyOrgId) })]);
      qc.setQueryData(partyKeys.meeting(m.id), m);
      setSavedAt(new Date().toLocaleTimeString());
      message.success(t("partyUi.attendanceSaved", { present: m.presentCount, excused: m.excusedCount, absent: m.absentCount }));
      if (!meetingId) navigate(`/party/meetings/${m.id}`, { replace: true });
    },
    onError: (err) => {
      const rest = applyApiError(form, err, ["type", "heldOn", "topic", "minutes"]);
      if (rest) message.error(rest);
    },
  });

  const error = meeting.error ?? org.error;
  if (error) {
    if (error instanceof ApiError && error.code === "NOT_FOUND") return <Result status="404" title={t("common.notFound")} subTitle={error.message} />;
    return <Alert type="error" title={errorMessage(error)} />;
  }
  if (!org.data || !entries) return <Card><Skeleton active /></Card>;
  const canManage = meeting.data ? meeting.data.abilities.manage : org.data.abilities.manage;

  return (
    <Flex vertical gap={12} data-testid="meeting-entry" style={{ paddingBottom: 72 }}>
      <Card size="small">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {meetingId ? t("partyUi.meeting") : t("partyUi.newMeeting")}
        </Typography.Title>
        <Link to={`/party/orgs/${org.data.id}`}>{org.data.name}</Link>
        <Form
          form={form}
          layout="vertical"
          style={{ marginTop: 12 }}
          disabled={!canManage}
          initialValues={{ type: "themeDay", heldOn: dayjs(today()), topic: "", minutes: "" }}
        >
          <Form.Item name="type" label={t("partyUi.meetingType")} rules={[{ required: true }]}>
            <Select size="large" data-testid="meeting-type" options={MEETING_TYPES.map((m) => ({ value: m, label: t(`meeting.type.${m}`) }))} />
          </Form.Item>
          <Form.Item name="heldOn" label={t("field.heldOn")} rules={[{ required: true }]}>
            <DatePicker size="large" style={{ width: "100%" }} inputReadOnly data-testid="meeting-date" />
          </Form.Item>
          <Form.Item name="topic" label={t("field.topic")} rules={[{ required: true, min: 2, max: 100 }]}>
            <Input size="large" maxLength={100} data-testid="meeting-topic" />
          </Form.Item>
          <Form.Item name="minutes" label={t("field.minutes")}>
            <Input.TextArea rows={3} maxLength={20_000} data-testid="meeting-minutes" />
          </Form.Item>
        </Form>
      </Card>
      {meeting.data && (
        <Card size="small" title={t("partyUi.attachments")}>
          <MeetingAttachments meeting={meeting.data} />
        </Card>
      )}
      <Card size="small" title={t("partyUi.attendance")}>
        {entries.length === 0 ? <Alert type="info" title={t("partyUi.noMembers")} /> : <AttendanceGrid entries={entries} onChange={setEntries} disabled={!canManage} />}
      </Card>
      {canManage && (
        <div style={{ position: "sticky", bottom: 0, background: "#fff", padding: 12, borderTop: "1px solid #f0f0f0", zIndex: 10 }}>
          <Flex align="center" justify="space-between" gap={8}>
            <Typography.Text type="secondary" data-testid="attendance-saved">{savedAt ? t("partyUi.savedAt", { time: savedAt }) : ""}</Typography.Text>
            <Button type="primary" size="large" icon={<SaveOutlined />} loading={save.isPending} data-testid="save-meeting" onClick={() => void form.validateFields().then((v) => save.mutate(v))}>
              {t("partyUi.save")}
            </Button>
          </Flex>
        </div>
      )}
    </Flex>
  );
}
