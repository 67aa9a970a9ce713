/**
 * Path of an up-to-date esbuild bundle of `entry` (absolute path of a .ts file under `root`) in `format` (see
 * bundle-cache.cjs), built now if missing or stale. Throws when esbuild is missing or the entry does not build.
 */
export declare function cachedBundle(root: string, entry: string, format: "esm" | "cjs"): string;
