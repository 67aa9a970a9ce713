/** Customers on the PCA plane, coloured by segment. */
import type { TopLevelSpec } from "vega-lite";
import { sampleIndices } from "../util/random.js";
import { type BaseOptions, type Row, noDataSpec, num, str } from "./common.js";
import { CHART_SIZE, FORMATS, segmentColorScale, segmentNames, themed } from "./theme.js";

/** Options of `segmentScatter`. */
export interface SegmentScatterOptions extends BaseOptions {
  /** Field of the horizontal coordinate. Default "pc1". */
  x?: string;
  /** Field of the vertical coordinate. Default "pc2". */
  y?: string;
  /** Field of the segment name. Default "segment". */
  color?: string;
  /** Field of the customer id shown in tooltips, when present. Default "customer_id". */
  id?: string;
  /** Explained variance ratios (0..1) of the two components, written into the axis titles. Default none. */
  explained?: readonly [number, number];
  /** The ordered segment names that fix the colours. Default: the names present, sorted. */
  segments?: readonly string[];
  /** Largest number of points drawn; above it a seeded sample is drawn (and the subtitle says so). Default 5000. */
  maxPoints?: number;
  /** Seed of that sample. Default 42. */
  seed?: number;
}

/** "PC1 (34.5% of variance)" — an axis title with the explained variance ratio as a percentage. */
export function componentTitle(name: string, explained: number | undefined): string {
  return explained === undefined || !Number.isFinite(explained) ? name : `${name} (${(explained * 100).toFixed(1)}% of variance)`;
}

/**
 * A scatter of customers on two coordinates (by default the first two principal components), coloured by
 * segment with the shared segment colours; tooltips give id, segment and coordinates. "No data" when empty.
 */
export function segmentScatter(rows: readonly Row[], options: SegmentScatterOptions = {}): TopLevelSpec {
  const xf = options.x ?? "pc1";
  const yf = options.y ?? "pc2";
  const cf = options.color ?? "segment";
  const idf = options.id ?? "customer_id";
  const title = options.title ?? "Customers on the first two principal components";
  const width = options.width ?? CHART_SIZE.width - 140;
  const height = options.height ?? CHART_SIZE.height + 60;
  let points: { x: number; y: number; segment: string; id: string | null }[] = [];
  for (const r of rows) {
    const x = num(r[xf]);
    const y = num(r[yf]);
    if (x !== null && y !== null) points.push({ x, y, segment: str(r[cf]) ?? "(none)", id: str(r[idf]) });
  }
  if (points.length === 0) return noDataSpec(title, { width, height });
  const total = points.length;
  const maxPoints = options.maxPoints ?? 5000;
  if (points.length > maxPoints) points = Array.from(sampleIndices(points.length, maxPoints, options.seed ?? 42), (i) => points[i]);
  const names = segmentNames(points.map((p) => p.segment), options.segments);
  const colors = segmentColorScale(names);
  const hasId = points.some((p) => p.id !== null);
  const xName = xf === "pc1" ? "PC1" : xf;
  const yName = yf === "pc2" ? "PC2" : yf;
  return themed({
    title: points.length < total ? { text: title, subtitle: `A seeded sample of ${points.length} of ${total} customers` } : title,
    width,
    height,
    data: { values: points.map((p) => (hasId ? p : { x: p.x, y: p.y, segment: p.segment })) },
    mark: { type: "circle", size: 22, opacity: 0.65 },
    encoding: {
      x: { field: "x", type: "quantitative", title: componentTitle(xName, options.explained?.[0]), scale: { zero: false } },
      y: { field: "y", type: "quantitative", title: componentTitle(yName, options.explained?.[1]), scale: { zero: false } },
      color: { field: "segment", type: "nominal", title: "Segment", scale: colors, sort: colors.domain },
      tooltip: [
        ...(hasId ? [{ field: "id", type: "nominal" as const, title: "Customer" }] : []),
        { field: "segment", type: "nominal", title: "Segment" },
        { field: "x", type: "quantitative", title: xName, format: FORMATS.decimal },
        { field: "y", type: "quantitative", title: yName, format: FORMATS.decimal },
      ],
    },
  });
}
