// The smallest ECharts build, for the hall overview (the first page after login): bar charts on a grid with a
// tooltip. Bundled into static/dist/echarts-bar.min.js by build.mjs; every other chart page loads the fuller
// echarts.min.js (echarts-entry.mjs).
import * as echarts from "echarts/core";
import { BarChart } from "echarts/charts";
import { GridComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

globalThis.echarts = echarts;
