import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { EChartsCoreOption } from "echarts/core";
import { EChart } from "./echart.js";

interface Summary {
  distribution: { grade: string; stars: number | null; count: number }[];
  byUnit: { orgUnitId: string; name: string; rated: number; avgTotal: number; byStars: Record<string, number> }[];
}

const STAR_COLOURS = ["#bfbfbf", "#f5222d", "#fa8c16", "#fadb14", "#1677ff", "#52c41a"];

/** 星级分布: villages per grade. */
export function DistributionChart({ s }: { s: Summary }) {
  const { t } = useTranslation();
  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: "axis" },
      grid: { left: 40, right: 16, top: 24, bottom: 32 },
      xAxis: { type: "category", data: s.distribution.map((d) => d.grade) },
      yAxis: { type: "value", name: t("rt.villages") },
      series: [
        {
          type: "bar",
          data: s.distribution.map((d) => ({ value: d.count, itemStyle: { color: STAR_COLOURS[d.stars ?? 0] } })),
          label: { show: true, position: "top" },
        },
      ],
    }),
    [s, t],
  );
  return <EChart option={option} testid="chart-distribution" />;
}

/**
 * The map by district. No district GeoJSON ships with the platform offline, so this is a heat grid:
 * one row per unit (district, or town under a district), one column per star count, coloured by
 * the share of the unit's villages — the same reading a choropleth would give, without the shapes.
 */
export function UnitHeatGrid({ s }: { s: Summary }) {
  const { t } = useTranslation();
  const option = useMemo<EChartsCoreOption>(() => {
    const stars = [0, 1, 2, 3, 4, 5];
    const units = [...s.byUnit].sort((a, b) => a.avgTotal - b.avgTotal);
    const data = units.flatMap((u, y) => stars.map((st, x) => [x, y, u.rated ? Math.round(((u.byStars[String(st)] ?? 0) / u.rated) * 1000) / 10 : 0, u.byStars[String(st)] ?? 0]));
    return {
      tooltip: {
        formatter: (p: { data: number[] }) => {
          const [x = 0, y = 0, share = 0, n = 0] = p.data;
          return `${units[y]?.name ?? ""} · ${t("rt.starsCount", { n: stars[x] })}: ${n} (${share}%)`;
        },
      },
      grid: { left: 110, right: 60, top: 16, bottom: 40 },
      xAxis: { type: "category", data: stars.map((n) => t("rt.starsCount", { n })), splitArea: { show: true } },
      yAxis: { type: "category", data: units.map((u) => `${u.name} (${u.avgTotal.toFixed(1)})`), splitArea: { show: true } },
      visualMap: { min: 0, max: 100, calculable: true, orient: "vertical", right: 0, top: "center", text: ["%", ""], inRange: { color: ["#fff7e6", "#fa8c16", "#c41d1d"] } },
      series: [{ type: "heatmap", data, label: { show: true, formatter: (p: { data: number[] }) => String(p.data[3] ?? "") } }],
    };
  }, [s, t]);
  return <EChart option={option} height={Math.max(240, s.byUnit.length * 30 + 60)} testid="chart-units" />;
}

/** 升星 / 持平 / 降星 / 新评 against last year. */
export function MovementChart({ m }: { m: { up: number; same: number; down: number; new: number } }) {
  const { t } = useTranslation();
  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: "item" },
      legend: { bottom: 0 },
      series: [
        {
          type: "pie",
          radius: ["40%", "70%"],
          data: [
            { name: t("rt.movement.up"), value: m.up, itemStyle: { color: "#52c41a" } },
            { name: t("rt.movement.same"), value: m.same, itemStyle: { color: "#bfbfbf" } },
            { name: t("rt.movement.down"), value: m.down, itemStyle: { color: "#f5222d" } },
            { name: t("rt.movement.new"), value: m.new, itemStyle: { color: "#1677ff" } },
          ],
          label: { formatter: "{b}: {c}" },
        },
      ],
    }),
    [m, t],
  );
  return <EChart option={option} testid="chart-movement" />;
}
