import { useMemo, useState } from "react";
import { App, Button, Card, Descriptions, Flex, Input, Modal, Result, Space, Timeline, Typography } from "antd";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { rating } from "../../../../common/contract/index.js";
import type { AssessmentEvent } from "../../../../common/rating.js";
import { ApiError, call } from "../../api/client.js";
import { useLocale } from "../../i18n/index.js";
import { errorMessage } from "../../shared/api-errors.js";
import { formatDateTime } from "../../shared/format.js";
import { AssessmentScores } from "./assessment-scores.js";
import { EvidenceCard } from "./evidence-files.js";
import { ratingKeys } from "./rating-keys.js";
import { AssessmentStatusTag, StarTag } from "./rating-ui.js";
import { asSchemeBody } from "./scheme-types.js";
import { actorDisplayName } from "../appeals/actor-name.js";

/** Events whose guard wants words: a return or an answer needs a note, an objection its reasons. */
const TEXT_FIELD: Partial<Record<AssessmentEvent, "note" | "reason">> = { returnToVillage: "note", returnToTown: "note", dismiss: "note", uphold: "note", object: "reason" };
const DANGER: readonly AssessmentEvent[] = ["returnToVillage", "returnToTown", "object", "uphold"];

/** /rating/assessments/:id — one village's yearly assessment: scores of my role, the workflow buttons the server allows, objection, history. */
export function AssessmentPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { id = "" } = useParams();
  const [asking, setAsking] = useState<AssessmentEvent | null>(null);
  const [text, setText] = useState("");
  // A refused event names its field (e.g. `evidence.dev.industry`): shown on the score form's row.
  const [eventErrors, setEventErrors] = useState<Record<string, string>>({});
  const q = useQuery({ queryKey: ratingKeys.assessment(id), queryFn: () => call(rating.getAssessment, { params: { id } }) });
  const schemeId = q.data?.schemeId ?? "";
  const scheme = useQuery({ queryKey: ratingKeys.scheme(schemeId), queryFn: () => call(rating.getScheme, { params: { id: schemeId } }), enabled: !!schemeId });

  // Stable across renders: the score form resets its inputs when the scheme changes.
  const body = useMemo(() => (scheme.data ? asSchemeBody(scheme.data.body) : null), [scheme.data]);

  const fire = useMutation({
    mutationFn: (v: { event: AssessmentEvent; text?: string }) => {
      const field = TEXT_FIELD[v.event];
      return call(rating.transitionAssessment, { params: { id }, body: { event: v.event, ...(field && v.text ? { [field]: v.text } : {}) } });
    },
    onSuccess: (d) => {
      qc.setQueryData(ratingKeys.assessment(id), d);
      void qc.invalidateQueries({ queryKey: ["rating"], predicate: (k) => k.queryKey[1] !== "assessment" });
      setAsking(null);
      setText("");
      setEventErrors({});
      void message.success(t("rt.done"));
    },
    onError: (e) => {
      setEventErrors(e instanceof ApiError ? e.fields : {});
      void message.error(errorMessage(e));
    },
  });

  if (q.error) return <Result status="warning" title={t("common.loadFailed")} subTitle={errorMessage(q.error)} />;
  const a = q.data;

  return (
    <Flex vertical gap={16}>
      <Card
        loading={q.isPending}
        title={
          a && (
            <Space>
              <span data-testid="assessment-village">{a.villageName}</span>
              <AssessmentStatusTag status={a.status} testid="assessment-status" />
            </Space>
          )
        }
        extra={
          a && (
            <Space wrap>
              {a.abilities.events.map((e) => (
                <Button
                  key={e}
                  data-testid={`event-${e}`}
                  type={DANGER.includes(e) ? "default" : "primary"}
                  danger={DANGER.includes(e)}
                  loading={fire.isPending && fire.variables.event === e}
                  onClick={() => (TEXT_FIELD[e] ? setAsking(e) : fire.mutate({ event: e }))}
                >
                  {t(`rt.event.${e}`)}
                </Button>
              ))}
              <Link to={`/rating/villages/${a.orgUnitId}?year=${a.year}`}>
                <Button data-testid="assessment-rating-link">{t("rt.viewRating")}</Button>
              </Link>
            </Space>
          )
        }
      >
        {a && (
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t("rt.town")}>{a.townName}</Descriptions.Item>
            <Descriptions.Item label={t("rt.scheme")}>{`${a.year} · ${a.schemeName}`}</Descriptions.Item>
            <Descriptions.Item label={t("rt.category")}>{a.category ? t(`rt.cat.${a.category}`, { defaultValue: a.category }) : "—"}</Descriptions.Item>
            <Descriptions.Item label={t("rt.total")}>
              <span data-testid="assessment-total">{a.total ?? "—"}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t("rt.grade")}>
              <StarTag grade={a.grade} stars={null} testid="assessment-grade" />
            </Descriptions.Item>
            <Descriptions.Item label={t("rt.publicityEnds")}>{a.publicityEndsAt ? formatDateTime(a.publicityEndsAt, locale) : "—"}</Descriptions.Item>
            {(["self", "town", "district"] as const).map((k) =>
              a.notes[k] ? (
                <Descriptions.Item key={k} label={t("rt.noteOf", { role: t(`rt.role.${k}`) })}>
                  {a.notes[k]}
                </Descriptions.Item>
              ) : null,
            )}
          </Descriptions>
        )}
      </Card>
      {a && body && a.abilities.scoreAs.length > 0 && (
        <Card title={t("rt.scores")}>
          <AssessmentScores a={a} scheme={body} eventErrors={eventErrors} />
        </Card>
      )}
      {a && body && <EvidenceCard a={a} scheme={body} />}
      {a?.objection && (
        <Card title={t("rt.objection")} data-testid="assessment-objection">
          <Typography.Paragraph>{t("rt.objectionReason", { reason: a.objection.reason, at: formatDateTime(a.objection.at, locale) })}</Typography.Paragraph>
          {a.objection.answer && <Typography.Paragraph>{t(a.objection.upheld ? "rt.objectionUpheld" : "rt.objectionDismissed", { answer: a.objection.answer })}</Typography.Paragraph>}
        </Card>
      )}
      {a && (
        <Card title={t("rt.workflowHistory")}>
          <Timeline
            data-testid="assessment-history"
            items={a.history.map((h) => ({
              children: (
                <span>
                  {formatDateTime(h.at, locale)} {actorDisplayName(t, h.actorName, h.actorName)}：{t(`rt.event.${h.event}`, { defaultValue: h.event })} ({t(`rt.status.${h.from}`, { defaultValue: h.from })} → {t(`rt.status.${h.to}`, { defaultValue: h.to })})
                  {h.note ? ` — ${h.note}` : ""}
                </span>
              ),
            }))}
          />
        </Card>
      )}
      <Modal
        open={asking !== null}
        title={asking ? t(`rt.event.${asking}`) : ""}
        onCancel={() => setAsking(null)}
        onOk={() => asking && fire.mutate({ event: asking, text })}
        okButtonProps={{ "data-testid": "event-confirm", disabled: !text.trim() }}
        confirmLoading={fire.isPending}
      >
        <Input.TextArea data-testid="event-text" rows={4} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} placeholder={asking === "object" ? t("rt.objectionPlaceholder") : t("rt.notePlaceholder")} />
      </Modal>
    </Flex>
  );
}
