/**
 * Charts: each takes plain records and returns a displayable chart, a static
 * SVG for every front end, plus Vega-Lite v5 where it is interactive.
 *
 * @module
 */
export * from "./bar_chart.ts";
export * from "./chart.ts";
export * from "./grid_heatmap_chart.ts";
export * from "./hockey_stick_chart.ts";
export * from "./latency_trace_chart.ts";
export * from "./latency_ttft_chart.ts";
export * from "./kv_usage_chart.ts";
export * from "./line_chart.ts";
export type { ChartOptions, XyChartOptions } from "./options.ts";
export * from "./profile_slider_chart.ts";
export * from "./scatter_chart.ts";
export * from "./step_time_chart.ts";
export * from "./timeline_chart.ts";
