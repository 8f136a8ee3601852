// CSV as spreadsheets read it: RFC 4180 quoting, CRLF line ends, and cells that a spreadsheet
// would run as a formula (=, +, -, @, or a leading tab/CR, OWASP's list) prefixed with a quote,
// because an exported email or provider reference is text that customers and providers control.

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | null | undefined): string {
  const text = value ?? "";
  const defused = FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(defused) ? `"${defused.replaceAll('"', '""')}"` : defused;
}

export function csvLine(cells: readonly (string | null | undefined)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}
