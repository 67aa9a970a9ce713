/** Business metrics, findings and recommendations: the numbers the case study reports. */
export * from "./format.js";
export * from "./types.js";
export { ordersEnriched, completedLines, completedOrders, UNKNOWN } from "./base.js";
export * from "./rank.js";
export * from "./sales.js";
export * from "./customers.js";
export * from "./cohorts.js";
export * from "./orders.js";
export * from "./geography.js";
export * from "./robust-z.js";
export * from "./engagement.js";
export * from "./nelder-mead.js";
export * from "./bgnbd.js";
export * from "./gamma-gamma.js";
export * from "./clv.js";
