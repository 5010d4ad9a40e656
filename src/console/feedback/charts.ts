/**
 * ECharts, trimmed to what the reports draw (bars and lines on a canvas), in
 * its own chunk: the console loads it only when the reports page opens.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, TitleComponent, AriaComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, TitleComponent, AriaComponent, CanvasRenderer]);

const LEVEL_COLOURS = ['#1b5e20', '#4caf50', '#9e9d24', '#ef6c00', '#b71c1c'];

export interface SatisfactionRow {
  label: string;
  total: number;
  levels: Record<string, number>;
  satisfiedRate: number;
}

/** A stacked bar per row with the five levels, labelled with the national wording. */
export function drawSatisfaction(el: HTMLElement, title: string, rows: SatisfactionRow[]) {
  const chart = echarts.getInstanceByDom(el) ?? echarts.init(el, undefined, { renderer: 'canvas' });
  const names = ['非常满意', '满意', '基本满意', '不满意', '非常不满意'];
  chart.setOption(
    {
      aria: { enabled: true },
      animation: false,
      title: { text: title, left: 0, textStyle: { fontSize: 16 } },
      tooltip: { trigger: 'axis' },
      legend: { top: 28 },
      grid: { top: 70, left: 8, right: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', name: '评价数' },
      series: [5, 4, 3, 2, 1].map((level, i) => ({
        name: names[i],
        type: 'bar',
        stack: 'levels',
        itemStyle: { color: LEVEL_COLOURS[i] },
        data: rows.map((r) => r.levels[level] ?? 0),
      })),
    },
    true,
  );
  return () => chart.dispose();
}

/** Visits per day, all kiosks together (the export has them per kiosk). */
export function drawVisits(el: HTMLElement, rows: { day: string; count: number }[]) {
  const chart = echarts.getInstanceByDom(el) ?? echarts.init(el, undefined, { renderer: 'canvas' });
  chart.setOption(
    {
      aria: { enabled: true },
      animation: false,
      title: { text: '每日访问（全部终端）', left: 0, textStyle: { fontSize: 16 } },
      tooltip: { trigger: 'axis' },
      grid: { top: 50, left: 8, right: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: rows.map((r) => r.day) },
      yAxis: { type: 'value', name: '访问次数' },
      series: [{ name: '访问次数', type: 'line', showSymbol: false, data: rows.map((r) => r.count) }],
    },
    true,
  );
  return () => chart.dispose();
}
