import { Alert, Button } from "antd";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { useTranslation } from "react-i18next";
import { calendar } from "../../../../common/contract/index.js";
import { call } from "../../api/client.js";
import { useCan } from "../../auth/session.js";

export const calendarKeys = {
  status: ["calendar", "status"] as const,
  deadlineCoverage: ["calendar", "deadlineCoverage"] as const,
  year: (year: number) => ["calendar", "year", year] as const,
};

/** The coverage warning: shown to city admins (calendar.manage) while a year that matters is missing. */
export function CalendarWarning({ withLink = true }: { withLink?: boolean }) {
  const { t } = useTranslation();
  const can = useCan("calendar.manage");
  const status = useQuery({ queryKey: calendarKeys.status, queryFn: () => call(calendar.calendarStatus), enabled: can });
  if (!can || !status.data) return null;
  return (
    <>
      {status.data.warnings.map((w) => (
        <Alert
          key={w.year}
          type="warning"
          showIcon
          data-testid={`calendar-warning-${w.year}`}
          title={t("calendarUi.warning", { year: w.year, state: t(`calendarUi.coverage.${w.coverage}`) })}
          action={withLink ? <Link to={`/calendar?year=${w.year}`}><Button size="small">{t("calendarUi.warningAction")}</Button></Link> : undefined}
        />
      ))}
    </>
  );
}

/**
 * The same fact for whoever sees appeal deadlines (appeal.read), compact, on the work queue: which
 * deadlines are counted Monday–Friday for now. Recomputed automatically once the city enters the days.
 */
export function DeadlineCoverageAlert() {
  const { t } = useTranslation();
  const can = useCan("appeal.read");
  const coverage = useQuery({
    queryKey: calendarKeys.deadlineCoverage,
    queryFn: () => call(calendar.deadlineCoverage),
    enabled: can,
    staleTime: 10 * 60_000,
  });
  if (!can || !coverage.data) return null;
  return (
    <>
      {coverage.data.warnings.map((w) => (
        <Alert
          key={w.year}
          type="info"
          showIcon
          banner
          style={{ marginBottom: 12 }}
          data-testid={`deadline-coverage-${w.year}`}
          title={t("calendarUi.deadlineCoverage", { year: w.year, date: w.coveredThrough })}
        />
      ))}
    </>
  );
}

/** The save result's line about open deadlines a calendar change recomputed. */
export function recomputedText(t: (key: string, params?: Record<string, unknown>) => string, r: { timers: number; deadlines: number }): string {
  return r.timers > 0 || r.deadlines > 0 ? t("calendarUi.recomputed", r) : t("calendarUi.recomputedNone");
}
