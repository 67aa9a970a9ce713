/** Per-customer features, RFM scores and named RFM segments. */
export * from "./slug.js";
export * from "./customer-features.js";
export * from "./rfm.js";
