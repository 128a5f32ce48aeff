import { useEffect, useRef } from "react";
import * as echarts from "echarts/core";
import { BarChart } from "echarts/charts";
import { GridComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export interface RankingBar {
  name: string;
  /** 0–1, or null when the unit has no data for this rate. */
  value: number | null;
}

/** Green at the top of the scale, red at the bottom: the colour a reviewer reads first. */
function colour(v: number): string {
  if (v >= 0.9) return "#52c41a";
  if (v >= 0.75) return "#faad14";
  return "#f5222d";
}

function option(bars: RankingBar[], seriesName: string): echarts.EChartsCoreOption {
  // Best first at the top: ECharts draws category axes bottom-up, so reverse.
  const shown = bars.filter((b) => b.value !== null).reverse();
  return {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v: unknown) => `${(Number(v) * 100).toFixed(1)}%` },
    grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
    xAxis: { type: "value", min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    yAxis: { type: "category", data: shown.map((b) => b.name), axisLabel: { width: 140, overflow: "truncate" } },
    series: [
      {
        name: seriesName,
        type: "bar",
        barMaxWidth: 18,
        data: shown.map((b) => ({ value: b.value, itemStyle: { color: colour(b.value ?? 0) } })),
        label: { show: true, position: "right", formatter: (p: { value: unknown }) => `${(Number(p.value) * 100).toFixed(1)}%` },
      },
    ],
  };
}

/** A horizontal ranking of units by one rate (ECharts, tree-shaken to the bar chart). */
export function RankingChart({ bars, seriesName, testid }: { bars: RankingBar[]; seriesName: string; testid: string }) {
  const el = useRef<HTMLDivElement>(null);
  const height = Math.max(160, Math.min(bars.length, 30) * 26 + 40);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current);
    chart.setOption(option(bars.slice(0, 30), seriesName));
    const onResize = (): void => chart.resize();
    window.addEventListener("resize", onResize);
    return () => {
      window.removeEventListener("resize", onResize);
      chart.dispose();
    };
  }, [bars, seriesName]);
  return <div ref={el} style={{ width: "100%", height }} data-testid={testid} />;
}
