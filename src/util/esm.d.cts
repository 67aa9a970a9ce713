/**
 * Loads an ES module by name with a dynamic `import()` (see esm.cjs); resolves to its namespace object.
 * Cast the result to the module type, e.g. `(await importEsm("vega")) as typeof import("vega")`.
 */
declare function importEsm(specifier: string): Promise<unknown>;
export = importEsm;
