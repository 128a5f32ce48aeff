import { Tag, Tooltip } from "antd";
import { useTranslation } from "react-i18next";
import type { AppealStatus, AppealScale, WarningLevel } from "../../../../common/appeals.js";
import { useLocale } from "../../i18n/index.js";
import { formatDateTime } from "../../shared/format.js";

const STATUS_COLOURS: Record<AppealStatus, string> = {
  submitted: "blue",
  accepted: "cyan",
  inProgress: "geekblue",
  resolved: "green",
  closed: "default",
  returned: "orange",
  escalated: "volcano",
  dispatched: "purple",
  rejected: "default",
  reopened: "magenta",
};

const SCALE_COLOURS: Record<AppealScale, string> = { micro: "default", small: "blue", major: "orange", urgent: "red" };

export function StatusTag({ status }: { status: AppealStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOURS[status]} data-testid="appeal-status">{t(`status.${status}`)}</Tag>;
}

export function ScaleTag({ scale }: { scale: AppealScale }) {
  const { t } = useTranslation();
  return <Tag color={SCALE_COLOURS[scale]}>{t(`scale.${scale}`)}</Tag>;
}

/** The deadline with the server's warning colour: yellow = due soon, red = overdue. */
export function DueTag({ dueAt, warning }: { dueAt: string | null; warning: WarningLevel | null }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (!dueAt) return <span>—</span>;
  const text = formatDateTime(dueAt, locale).slice(0, 16);
  if (!warning) return <span>{text}</span>;
  return (
    <Tooltip title={t(`appealsUi.warning.${warning}`)}>
      <Tag color={warning === "red" ? "red" : "gold"} data-testid={`due-${warning}`}>
        {text}
      </Tag>
    </Tooltip>
  );
}
