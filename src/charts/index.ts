/**
 * Charts: one typed vega-lite builder per chart kind (tidy rows in, `TopLevelSpec` out), the shared theme,
 * the notebook mime bundle, static SVG export and HTML tables. `display.ts` (tslab only) is not re-exported.
 */
export * from "./theme.js";
export { type BaseOptions, type DateLike, type Row, isoDate, noDataSpec, responsive, specTitle } from "./common.js";
export * from "./time-series.js";
export * from "./ranked-bars.js";
export * from "./top-products.js";
export * from "./donut.js";
export * from "./pareto.js";
export * from "./scatter.js";
export * from "./kscan.js";
export * from "./heatmap.js";
export * from "./geo.js";
export * from "./order-status.js";
export * from "./share-comparison.js";
export * from "./lookalike.js";
export * from "./calibration.js";
export * from "./bundle.js";
export * from "./svg.js";
export * from "./table.js";
export * from "./figures.js";
