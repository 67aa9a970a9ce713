/**
 * Loads an ES module by name with a dynamic `import()`, from CommonJS and ES module code alike.
 * vega, vega-lite and vega-embed are ESM with top-level await, so `require` fails on them under tslab
 * (ERR_REQUIRE_ASYNC_MODULE); this one-line CommonJS module works the same in tslab, tsx and vitest.
 */
module.exports = (specifier) => import(specifier);
