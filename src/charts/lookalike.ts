/** Lookalike views: a grid of each seed customer's nearest neighbours, and a seed → neighbour link diagram. */
import type { TopLevelSpec } from "vega-lite";
import { type BaseOptions, type Row, compareText, noDataSpec, num, str } from "./common.js";
import { FORMATS, MUTED_COLOR, segmentColorScale, segmentNames, themed } from "./theme.js";

/** Options of `lookalikeTable` and `lookalikeNetwork`. */
export interface LookalikeOptions extends BaseOptions {
  /** Field of the seed customer id. Default "customer_id". */
  customer?: string;
  /** Field of the neighbour's id. Default "neighbor_id". */
  neighbor?: string;
  /** Field of the neighbour's rank (1 = most similar). Default "rank". */
  rank?: string;
  /** Field of the cosine similarity. Default "score". */
  score?: string;
  /** Fields of the seed's / neighbour's segment, used for node colours when present. Defaults "segment", "neighbor_segment". */
  segment?: string;
  neighborSegment?: string;
  /** The ordered segment names that fix the colours. Default: the names present, sorted. */
  segments?: readonly string[];
  /** Seed customers shown (first ones in row order). Default 20 for the table, 12 for the network. */
  maxCustomers?: number;
}

interface Link {
  customer: string;
  neighbor: string;
  rank: number;
  score: number;
  segment: string | null;
  neighborSegment: string | null;
}

function readLinks(rows: readonly Row[], options: LookalikeOptions, maxCustomers: number): Link[] {
  const cf = options.customer ?? "customer_id";
  const nf = options.neighbor ?? "neighbor_id";
  const rf = options.rank ?? "rank";
  const sf = options.score ?? "score";
  const segf = options.segment ?? "segment";
  const nsegf = options.neighborSegment ?? "neighbor_segment";
  const seeds = new Set<string>();
  const links: Link[] = [];
  for (const r of rows) {
    const customer = str(r[cf]);
    const neighbor = str(r[nf]);
    const score = num(r[sf]);
    if (customer === null || neighbor === null || score === null) continue;
    if (!seeds.has(customer)) {
      if (seeds.size >= maxCustomers) continue;
      seeds.add(customer);
    }
    links.push({ customer, neighbor, rank: num(r[rf]) ?? 0, score, segment: str(r[segf]), neighborSegment: str(r[nsegf]) });
  }
  return links;
}

/**
 * A grid with one row per seed customer and one column per neighbour rank; each cell names the neighbour and
 * is shaded by its cosine similarity and shows it with 2 decimals (3 in the tooltip). "No data" when empty.
 */
export function lookalikeTable(rows: readonly Row[], options: LookalikeOptions = {}): TopLevelSpec {
  const title = options.title ?? "Most similar customers (lookalikes)";
  const links = readLinks(rows, options, options.maxCustomers ?? 20);
  if (links.length === 0) return noDataSpec(title, { width: options.width, height: options.height });
  const seeds = [...new Set(links.map((l) => l.customer))];
  const values = links.map((l) => ({ customer: l.customer, rank: `#${l.rank}`, neighbor: l.neighbor, score: l.score }));
  const ranks = [...new Set(links.map((l) => l.rank))].sort((a, b) => a - b).map((r) => `#${r}`);
  const scores = links.map((l) => l.score);
  const lo = Math.min(...scores);
  const hi = Math.max(...scores);
  return themed({
    title,
    width: { step: 130 },
    height: { step: 22 },
    data: { values },
    transform: [{ calculate: `datum.neighbor + "  " + format(datum.score, ".2f")`, as: "cell" }],
    encoding: {
      x: { field: "rank", type: "ordinal", title: "Neighbour rank", sort: ranks, axis: { orient: "top", labelAngle: 0 } },
      y: { field: "customer", type: "ordinal", title: "Customer", sort: seeds },
    },
    layer: [
      {
        mark: { type: "rect", stroke: "white", strokeWidth: 1 },
        encoding: {
          color: {
            field: "score",
            type: "quantitative",
            title: "Similarity",
            scale: { scheme: "greens", domain: [lo, hi > lo ? hi : lo + 1e-9] },
            legend: { format: ".2f" },
          },
          tooltip: [
            { field: "customer", type: "nominal", title: "Customer" },
            { field: "rank", type: "ordinal", title: "Rank" },
            { field: "neighbor", type: "nominal", title: "Lookalike" },
            { field: "score", type: "quantitative", title: "Cosine similarity", format: FORMATS.score },
          ],
        },
      },
      {
        mark: { type: "text", fontSize: 10 },
        encoding: {
          text: { field: "cell", type: "nominal" },
          color: { condition: { test: `datum.score > ${lo + 0.6 * (hi - lo)}`, value: "white" }, value: "#222222" },
        },
      },
    ],
  });
}

/**
 * A link diagram: seed customers on the left, their lookalikes on the right, one line per (seed, neighbour)
 * pair whose width and opacity grow with the similarity; nodes coloured by segment when the rows carry one.
 * Positions are computed here (seeds in row order, neighbours sorted by id), so the layout is deterministic.
 */
export function lookalikeNetwork(rows: readonly Row[], options: LookalikeOptions = {}): TopLevelSpec {
  const title = options.title ?? "Seed customers and their lookalikes";
  const width = options.width ?? 520;
  const links = readLinks(rows, options, options.maxCustomers ?? 12);
  if (links.length === 0) return noDataSpec(title, { width, height: options.height });
  const seeds = [...new Set(links.map((l) => l.customer))];
  const neighbors = [...new Set(links.map((l) => l.neighbor))].sort(compareText);
  const height = options.height ?? Math.max(160, Math.max(seeds.length, neighbors.length) * 20);
  const pos = (i: number, n: number) => (n <= 1 ? 0.5 : i / (n - 1));
  const seedY = new Map(seeds.map((s, i) => [s, pos(i, seeds.length)]));
  const neighborY = new Map(neighbors.map((s, i) => [s, pos(i, neighbors.length)]));
  const segOf = new Map<string, string>();
  for (const l of links) {
    if (l.segment !== null) segOf.set(`L${l.customer}`, l.segment);
    if (l.neighborSegment !== null) segOf.set(`R${l.neighbor}`, l.neighborSegment);
  }
  const hasSegments = segOf.size > 0;
  const nodes = [
    ...seeds.map((id) => ({ id, side: "seed", x: 0, y: seedY.get(id) ?? 0, segment: segOf.get(`L${id}`) ?? "(unknown)" })),
    ...neighbors.map((id) => ({ id, side: "lookalike", x: 1, y: neighborY.get(id) ?? 0, segment: segOf.get(`R${id}`) ?? "(unknown)" })),
  ];
  const edges = links.map((l) => ({
    customer: l.customer,
    neighbor: l.neighbor,
    score: l.score,
    x: 0,
    y: seedY.get(l.customer) ?? 0,
    x2: 1,
    y2: neighborY.get(l.neighbor) ?? 0,
  }));
  const names = segmentNames(nodes.map((n) => n.segment), options.segments);
  const colors = segmentColorScale(names);
  const xEnc = { field: "x", type: "quantitative" as const, axis: null, scale: { domain: [0, 1] } };
  const yEnc = { field: "y", type: "quantitative" as const, axis: null, scale: { domain: [1, 0] } };
  const label = (side: string, align: "left" | "right", dx: number) => ({
    data: { values: nodes.filter((n) => n.side === side) },
    mark: { type: "text" as const, align, dx, fontSize: 10 },
    encoding: { x: xEnc, y: yEnc, text: { field: "id", type: "nominal" as const } },
  });
  return themed({
    title: { text: title, subtitle: "Left: seed customers. Right: their most similar customers. Thicker line: more similar." },
    width,
    height,
    layer: [
      {
        data: { values: edges },
        mark: { type: "rule", color: MUTED_COLOR },
        encoding: {
          x: xEnc,
          y: yEnc,
          x2: { field: "x2" },
          y2: { field: "y2" },
          strokeWidth: { field: "score", type: "quantitative", title: "Similarity", scale: { range: [0.5, 4] }, legend: null },
          opacity: { field: "score", type: "quantitative", scale: { range: [0.25, 0.9] }, legend: null },
          tooltip: [
            { field: "customer", type: "nominal", title: "Customer" },
            { field: "neighbor", type: "nominal", title: "Lookalike" },
            { field: "score", type: "quantitative", title: "Cosine similarity", format: FORMATS.score },
          ],
        },
      },
      {
        data: { values: nodes },
        mark: { type: "circle", size: 90, opacity: 1, stroke: "white", strokeWidth: 1 },
        encoding: {
          x: xEnc,
          y: yEnc,
          color: hasSegments
            ? { field: "segment", type: "nominal", title: "Segment", scale: colors, sort: colors.domain, legend: { orient: "bottom", direction: "horizontal" } }
            : { value: "#4e79a7" },
          tooltip: [
            { field: "id", type: "nominal", title: "Customer" },
            { field: "side", type: "nominal", title: "Role" },
            ...(hasSegments ? [{ field: "segment", type: "nominal" as const, title: "Segment" }] : []),
          ],
        },
      },
      label("seed", "right", -9),
      label("lookalike", "left", 9),
    ],
  });
}
