/** Column-name slugs for category names. */

/**
 * Lower-case ASCII slug of a label for use in a column name: runs of non-alphanumerics become `_`, accents are
 * dropped, leading/trailing `_` trimmed; empty → "unknown".
 * @example categorySlug("Home & Garden"); // => "home_garden"
 */
export function categorySlug(label: string): string {
  const s = label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return s || "unknown";
}
