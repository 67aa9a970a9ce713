/** Number formatting for findings: the project's one set of formatters lives in src/util/format.ts (used by segment rules too). */
export * from "../util/format.js";
