// The ECharts we serve: only the chart types and components our dashboards draw,
// bundled by `make site` (esbuild) into /echarts.min.js as the global `echarts`
// that charming's WasmRenderer calls. Add a type here before a chart uses it.
import { use } from 'echarts/core';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, HeatmapChart, LineChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export * from 'echarts/core';
