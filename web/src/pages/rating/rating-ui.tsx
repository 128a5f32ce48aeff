import { Select, Tag, Tooltip } from "antd";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { rating } from "../../../../common/contract/index.js";
import type { SchemeView } from "../../../../common/contract/rating.contract.js";
import type { programme } from "../../../../common/contract/rating.contract.js";
import type { z } from "zod";

type Programme = z.infer<typeof programme>;
import type { AssessmentStatus } from "../../../../common/rating.js";
import { call } from "../../api/client.js";
import { ratingKeys } from "./rating-keys.js";

const STAR_COLOURS = ["default", "red", "orange", "gold", "blue", "green"] as const;

/** A grade with its stars (★★★☆☆), coloured from red (no star) to green (five). */
export function StarTag({ grade, stars, testid }: { grade: string | null; stars: number | null; testid?: string }) {
  const { t } = useTranslation();
  if (!grade) return <Tag data-testid={testid}>{t("rt.ungraded")}</Tag>;
  const s = stars ?? 0;
  return (
    <Tooltip title={stars !== null ? t("rt.starsCount", { n: stars }) : undefined}>
      <Tag color={STAR_COLOURS[Math.min(5, Math.max(0, s))]} data-testid={testid}>
        {stars !== null && stars > 0 ? `${"★".repeat(stars)} ` : ""}
        {grade}
      </Tag>
    </Tooltip>
  );
}

const STATUS_COLOURS: Record<AssessmentStatus, string> = {
  selfAssess: "default",
  townReview: "processing",
  districtApproval: "purple",
  publicity: "gold",
  objection: "red",
  final: "success",
};

export function AssessmentStatusTag({ status, testid }: { status: AssessmentStatus; testid?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid={testid}>
      {t(`rt.status.${status}`)}
    </Tag>
  );
}

/** Movement against last year: 升星 ↑ / 降星 ↓ / 持平. */
export function MovementTag({ movement }: { movement: number | null }) {
  const { t } = useTranslation();
  if (movement === null) return <Tag>{t("rt.movement.new")}</Tag>;
  if (movement > 0) return <Tag color="green">↑ {t("rt.movement.up")} {movement}</Tag>;
  if (movement < 0) return <Tag color="red">↓ {t("rt.movement.down")} {-movement}</Tag>;
  return <Tag>{t("rt.movement.same")}</Tag>;
}

/** The schemes of a programme (published by default), newest year first. */
export function useSchemes(f: { programme?: Programme; status?: "draft" | "published" | "archived"; year?: number }) {
  return useQuery({
    queryKey: ratingKeys.schemes(f),
    queryFn: async () => {
      const r = await call(rating.listSchemes, { query: f });
      return [...r.items].sort((a, b) => b.year - a.year || b.version - a.version);
    },
  });
}

/**
 * The scheme a results or allocation screen opens with: the newest that has results in scope,
 * since a just-published version has few; the newest of all when none has any yet.
 */
export function defaultScheme<T extends { rated?: number | undefined }>(items: readonly T[]): T | undefined {
  return items.find((s) => (s.rated ?? 0) > 0) ?? items[0];
}

/** Picks a published scheme (defaults to the newest with results, chosen by the caller). */
export function SchemeSelect({ value, onChange, items, testid }: { value?: string | undefined; onChange: (id: string) => void; items: readonly SchemeView[]; testid: string }) {
  return (
    <Select
      data-testid={testid}
      style={{ minWidth: 280 }}
      value={value}
      onChange={onChange}
      options={items.map((s) => ({ value: s.id, label: `${s.year} · ${s.name} · v${s.version}${s.rated ? ` (${s.rated})` : ""}` }))}
    />
  );
}

/** The current year in Beijing time (rating years are business years). */
export function businessYear(): number {
  return Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date()));
}
