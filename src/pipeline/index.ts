export * from "./analysis.js";
export * from "./exports.js";
export * from "./figures.js";
export * from "./views.js";
export * from "./cache.js";
