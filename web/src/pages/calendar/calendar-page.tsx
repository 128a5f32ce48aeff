import { useMemo, useState } from "react";
import { App, Button, Card, Flex, Form, Input, InputNumber, Popconfirm, Table, Tag, Typography } from "antd";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "react-router-dom";
import { useTranslation } from "react-i18next";
import { calendar } from "../../../../common/contract/index.js";
import type { CalendarDayView } from "../../../../common/contract/calendar.contract.js";
import { call } from "../../api/client.js";
import { errorMessage } from "../../shared/api-errors.js";
import { testId } from "../../shared/format.js";
import { CalendarWarning, calendarKeys, recomputedText } from "./calendar-warning.js";
import { parseNotice } from "./notice-paste.js";
import { withOverdueConfirm } from "./confirm-overdue.js";

const SOURCE_COLOURS: Record<CalendarDayView["source"], string> = { entered: "blue", package: "default", weekday: "default" };

/** Pasting a notice: lines → days, saved all or nothing. */
function NoticeForm({ onSaved }: { onSaved: () => Promise<void> }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [text, setText] = useState("");
  const [sourceNote, setSourceNote] = useState("");
  const parsed = useMemo(() => parseNotice(text), [text]);
  const save = useMutation({
    mutationFn: () =>
      withOverdueConfirm(modal, t, (confirmOverdue) =>
        call(calendar.saveCalendarDays, { body: { days: parsed.days, sourceNote: sourceNote.trim() || undefined, ...(confirmOverdue ? { confirmOverdue } : {}) } }),
      ),
    onSuccess: async (r) => {
      if (!r) return; // declined: nothing saved, the pasted text stays
      message.success(t("calendarUi.savedAndRecomputed", { saved: t("calendarUi.saved", r), recomputed: recomputedText(t, r.recomputed) }));
      setText("");
      await onSaved();
    },
    onError: (err) => void message.error(errorMessage(err)),
  });
  return (
    <Form layout="vertical" onFinish={() => save.mutate()}>
      <Form.Item label={t("calendarUi.paste")} extra={t("calendarUi.pasteHint")}
        validateStatus={parsed.badLines.length ? "error" : undefined}
        help={parsed.badLines.length ? t("calendarUi.pasteBadLines", { lines: parsed.badLines.join(", ") }) : t("calendarUi.pasteCount", { n: parsed.days.length })}>
        <Input.TextArea data-testid="calendar-paste" rows={8} value={text} onChange={(e) => setText(e.target.value)} />
      </Form.Item>
      <Form.Item label={t("calendarUi.sourceNote")}>
        <Input data-testid="calendar-source-note" maxLength={100} value={sourceNote} onChange={(e) => setSourceNote(e.target.value)} />
      </Form.Item>
      <Button type="primary" htmlType="submit" data-testid="calendar-save" loading={save.isPending} disabled={parsed.days.length === 0 || parsed.badLines.length > 0}>
        {t("calendarUi.save")}
      </Button>
    </Form>
  );
}

/** 节假日日历: a year's holidays and 调休 days by source, entering a notice, marking a year complete. */
export function CalendarPage() {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get("year")) || new Date().getFullYear();
  const view = useQuery({ queryKey: calendarKeys.year(year), queryFn: () => call(calendar.getCalendarYear, { params: { year } }) });
  const status = useQuery({ queryKey: calendarKeys.status, queryFn: () => call(calendar.calendarStatus) });
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ["calendar"] });
  };
  const remove = useMutation({
    mutationFn: (date: string) =>
      withOverdueConfirm(modal, t, (confirmOverdue) => call(calendar.deleteCalendarDay, { params: { date }, query: confirmOverdue ? { confirmOverdue: "true" } : {} })),
    onSuccess: async (r) => {
      if (!r) return;
      message.success(recomputedText(t, r.recomputed));
      await refresh();
    },
    onError: (err) => void message.error(errorMessage(err)),
  });
  const complete = useMutation({
    mutationFn: (done: boolean) =>
      withOverdueConfirm(modal, t, (confirmOverdue) => call(calendar.completeCalendarYear, { params: { year }, body: { complete: done, ...(confirmOverdue ? { confirmOverdue } : {}) } })),
    onSuccess: async (r) => {
      if (!r) return;
      if (r.recomputed.timers > 0 || r.recomputed.deadlines > 0) message.success(recomputedText(t, r.recomputed));
      await refresh();
    },
    onError: (err) => void message.error(errorMessage(err)),
  });
  const weekdayName = (date: string) => new Intl.DateTimeFormat(i18n.language, { weekday: "short", timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`));
  const y = view.data;

  return (
    <Flex vertical gap={16} data-testid="calendar-page">
      <CalendarWarning withLink={false} />
      <Card title={t("calendarUi.title")}>
        <Typography.Paragraph type="secondary">{t("calendarUi.intro", { last: status.data?.packageLastYear ?? "—" })}</Typography.Paragraph>
        <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
          <span>{t("calendarUi.year")}</span>
          <InputNumber data-testid="calendar-year" min={2000} max={2100} value={year} onChange={(v) => { if (v && v >= 2000 && v <= 2100) setParams({ year: String(v) }, { replace: true }); }} />
          {y && <Tag data-testid="calendar-coverage" color={y.coverage === "uncovered" || y.coverage === "entered" ? "orange" : "green"}>{t(`calendarUi.coverage.${y.coverage}`)}</Tag>}
          {y?.completedAt && <Typography.Text type="secondary">{t("calendarUi.completedAt", { at: new Date(y.completedAt).toLocaleDateString(i18n.language) })}</Typography.Text>}
          {y && y.coverage !== "package" && (
            <Button data-testid="calendar-complete" loading={complete.isPending} onClick={() => complete.mutate(y.coverage !== "complete")}>
              {t(y.coverage === "complete" ? "calendarUi.unmarkComplete" : "calendarUi.markComplete")}
            </Button>
          )}
        </Flex>
        {view.error && <Typography.Text type="danger">{errorMessage(view.error)}</Typography.Text>}
        <Table<CalendarDayView>
          rowKey="date"
          size="small"
          loading={view.isLoading}
          dataSource={y?.days ?? []}
          pagination={false}
          locale={{ emptyText: t("calendarUi.noDays") }}
          onRow={(d) => testId(`calendar-day-${d.date}`)}
          columns={[
            { title: t("field.date"), dataIndex: "date" },
            { title: t("calendarUi.weekday"), key: "weekday", render: (_v, d) => weekdayName(d.date) },
            { title: t("field.name"), dataIndex: "name", render: (v: string | null) => v ?? "—" },
            { title: t("field.kind"), dataIndex: "kind", render: (k: CalendarDayView["kind"]) => (k ? <Tag color={k === "holiday" ? "red" : "purple"}>{t(`calendarUi.kind.${k}`)}</Tag> : "—") },
            {
              title: t("field.sourceNote"),
              key: "source",
              render: (_v, d) => (
                <Flex gap={4} wrap>
                  <Tag color={SOURCE_COLOURS[d.source]}>{t(`calendarUi.source.${d.source}`)}</Tag>
                  {d.sourceNote && <Typography.Text type="secondary">{d.sourceNote}</Typography.Text>}
                  {d.packageWorking !== null && d.packageWorking !== d.working && (
                    <Typography.Text type="secondary">{`${t("calendarUi.wasWorking")} ${t(d.packageWorking ? "calendarUi.working" : "calendarUi.rest")}`}</Typography.Text>
                  )}
                </Flex>
              ),
            },
            {
              key: "actions",
              render: (_v, d) =>
                d.source === "entered" ? (
                  <Popconfirm title={t("calendarUi.deleteConfirm")} onConfirm={() => remove.mutate(d.date)}>
                    <Button size="small" danger data-testid={`calendar-delete-${d.date}`}>{t("calendarUi.delete")}</Button>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
      </Card>
      <Card>
        <NoticeForm onSaved={refresh} />
      </Card>
    </Flex>
  );
}
