/** The one error type for bad input and bad usage: printed by the CLI as a single `error:` line. */

/** Where in a file a problem is: 1-based line and column, either may be unknown. */
export interface InputLocation {
  file: string;
  line?: number;
  column?: string | number;
}

/**
 * Bad input or usage. `message` is the whole one-line text without the `error: ` prefix, e.g.
 * `data.csv:1: missing required column "InvoiceNo" (expected the UCI Online Retail header)`.
 */
export class InputError extends Error {
  readonly location?: InputLocation;
  constructor(message: string, location?: InputLocation) {
    super(location ? `${formatLocation(location)}: ${message}` : message);
    this.name = "InputError";
    this.location = location;
  }
}

/** `file:line: column "X"` (parts omitted when unknown). File names are shown as given, never resolved. */
export function formatLocation(loc: InputLocation): string {
  let s = loc.file;
  if (loc.line !== undefined) s += `:${loc.line}`;
  if (loc.column !== undefined) s += `: column ${typeof loc.column === "number" ? loc.column : JSON.stringify(loc.column)}`;
  return s;
}
