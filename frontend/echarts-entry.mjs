// The ECharts build Hallkeeper loads: only the chart types and components its pages use, bundled into
// static/dist/echarts.min.js by build.mjs (about a third of the full build). A page that needs another chart
// type or component adds it here.
//   line (zone/window score trend, with markLine for the pass line), bar (hall overview, zone statistics),
//   scatter (zone statistics' average), pie (acceptance round); tooltip, grid (value/category/time axes),
//   legend (plain and scroll).
import * as echarts from "echarts/core";
import { BarChart, LineChart, PieChart, ScatterChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

globalThis.echarts = echarts;
