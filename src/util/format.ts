/**
 * Number formatting for titles and recommendation text, and rounding for exports. Every number a reader sees in
 * a finding goes through these helpers, so the same value always reads the same way.
 */

/** Rounds money to cents (2 decimals), half away from zero; non-finite values become 0. */
export function roundMoney(value: number): number {
  if (!Number.isFinite(value)) return 0;
  const r = Math.sign(value) * Math.round(Math.abs(value) * 100 + 1e-9) / 100;
  return r === 0 ? 0 : r;
}

/** Rounds a share (0..1) to 4 decimals; non-finite values become 0. */
export function roundShare(value: number): number {
  if (!Number.isFinite(value)) return 0;
  const r = Math.round(value * 10000) / 10000;
  return r === 0 ? 0 : r;
}

/** Rounds any other ratio (e.g. a multiple, a z-score) to `digits` decimals (default 2). */
export function roundTo(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return 0;
  const f = 10 ** digits;
  const r = Math.round(value * f) / f;
  return r === 0 ? 0 : r;
}

const CURRENCY_SYMBOLS: Record<string, string> = { GBP: "£", USD: "$", EUR: "€", INR: "₹", JPY: "¥" };

/** Groups the integer part with commas: 1234567.5 → "1,234,567.5" (locale-independent). */
function group(value: number, decimals: number): string {
  const s = Math.abs(value).toFixed(decimals);
  const [int, frac] = s.split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (value < 0 && Number(s) !== 0 ? "-" : "") + grouped + (frac ? "." + frac : "");
}

/**
 * Formats an amount of money in the store's currency: a known symbol prefix, otherwise the ISO code as a
 * suffix, otherwise the bare number. Amounts ≥ 1 million are shown as "1.23M", ≥ 10,000 without cents.
 * @example formatMoney(1234.5, "GBP"); // => "£1,234.50"
 * @example formatMoney(2500000, "USD"); // => "$2.50M"
 */
export function formatMoney(value: number, currency: string | null = null): string {
  const abs = Math.abs(value);
  const body = abs >= 1e6 ? group(value / 1e6, 2) + "M" : abs >= 1e4 ? group(value, 0) : group(value, 2);
  if (!currency) return body;
  const sym = CURRENCY_SYMBOLS[currency];
  if (sym) return body.startsWith("-") ? "-" + sym + body.slice(1) : sym + body;
  return `${body} ${currency}`;
}

/**
 * Formats a share 0..1 as a percentage with `digits` decimals (default 1).
 * @example formatPct(0.4567); // => "45.7%"
 */
export function formatPct(share: number, digits = 1): string {
  return (Number.isFinite(share) ? (share * 100).toFixed(digits) : "n/a") + "%";
}

/**
 * Formats a count (or any plain number) with thousands separators and `digits` decimals (default 0).
 * @example formatCount(12345); // => "12,345"
 */
export function formatCount(value: number, digits = 0): string {
  return Number.isFinite(value) ? group(value, digits) : "n/a";
}
