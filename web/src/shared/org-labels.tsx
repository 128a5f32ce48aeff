import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { OrgLevel } from "../../../common/roles.js";

const LEVEL_COLORS: Record<OrgLevel, string> = {
  province: "red",
  city: "magenta",
  district: "volcano",
  town: "orange",
  village: "green",
  grid: "cyan",
};

/** The levels that departments belong to. */
export const DEPARTMENT_LEVELS: readonly OrgLevel[] = ["district", "town"];

export function LevelTag({ level, testid }: { level: OrgLevel; testid?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={LEVEL_COLORS[level]} data-testid={testid}>
      {t(`level.${level}`)}
    </Tag>
  );
}
