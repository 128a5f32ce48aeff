import { Alert, Button } from "antd";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { useTranslation } from "react-i18next";
import { calendar } from "../../../../common/contract/index.js";
import { call } from "../../api/client.js";
import { useCan } from "../../auth/session.js";

export const calendarKeys = {
  status: ["calendar", "status"] as const,
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
