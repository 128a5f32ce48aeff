import { Card, Col, Row, Statistic } from "antd";
import { useTranslation } from "react-i18next";
import { ORG_LEVELS, type OrgLevel } from "../../../common/roles.js";
import type { LevelCounts } from "../../../common/contract/org.contract.js";

const COUNTED: readonly (keyof LevelCounts)[] = ["district", "town", "village", "grid"];

/** The counted levels below `level` (and `level` itself when inclusive; all when no level). */
export function levelsBelow(level?: OrgLevel, inclusive = false): (keyof LevelCounts)[] {
  if (!level) return [...COUNTED];
  const at = ORG_LEVELS.indexOf(level);
  return COUNTED.filter((l) => ORG_LEVELS.indexOf(l) > at || (inclusive && l === level));
}

/** One statistic card per level. */
export function LevelStats({ counts, levels, extra }: { counts: LevelCounts; levels: readonly (keyof LevelCounts)[]; extra?: { key: string; title: string; value: number }[] }) {
  const { t } = useTranslation();
  const cards = [
    ...levels.map((l) => ({ key: l, title: t("stats.unitsAt", { level: t(`level.${l}`) }), value: counts[l] })),
    ...(extra ?? []),
  ];
  if (!cards.length) return null;
  return (
    <Row gutter={[16, 16]}>
      {cards.map((c) => (
        <Col key={c.key} xs={12} md={6}>
          <Card size="small" data-testid={`stat-${c.key}`}>
            <Statistic title={c.title} value={c.value} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
