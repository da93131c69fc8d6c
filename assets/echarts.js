// The ECharts we serve: only the chart types and components our dashboards draw,
// bundled by `make site` (esbuild) into /echarts.min.js as the global `echarts`
// that charming's WasmRenderer calls. Add a type here before a chart uses it.
import { use } from 'echarts/core';
import { BarChart, CustomChart, GaugeChart, HeatmapChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent, DatasetComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent,
  MarkPointComponent, TitleComponent, TooltipComponent, VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([
  BarChart, CustomChart, GaugeChart, HeatmapChart, LineChart, PieChart, ScatterChart,
  DataZoomComponent, DatasetComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent,
  MarkPointComponent, TitleComponent, TooltipComponent, VisualMapComponent,
  CanvasRenderer,
]);

export * from 'echarts/core';
