/** Escaping of text from the data before it reaches HTML. */

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes `& < > " '` so that any string is shown as text in HTML content and attribute values.
 * @example escapeHtml('<img onerror="x">'); // => '&lt;img onerror=&quot;x&quot;&gt;'
 */
export function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * Serializes a value as JSON that is safe inside an inline `<script>` element: `<`, `>`, `&` and the
 * line separators U+2028/U+2029 are written as \u escapes, so data cannot close the script tag.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
