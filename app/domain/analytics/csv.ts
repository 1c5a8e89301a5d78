// The centre's figures as CSV for a spreadsheet (decision 109): French Excel opens a file whose
// separator is ";" and whose decimal mark is "," (the comma is the French decimal separator, so
// Excel's French locale uses ";" as list separator); a UTF-8 byte-order mark makes it read the
// accents as UTF-8; lines end with CRLF (RFC 4180).
import type { Figure, FigureId, FigureUnit } from "./figures";

export interface FiguresCsvText {
  headers: readonly [string, string, string, string, string, string];
  labelOf: (id: FigureId) => { label: string; denominator: string };
  unitOf: (unit: FigureUnit) => string;
}

/** One decimal, comma as decimal mark; shares in percent. */
export function frenchNumber(value: number, decimals: number): string {
  return value.toFixed(decimals).replace(".", ",");
}

/** The value as shown: a share in percent, a median or a rate; one decimal. */
export function displayValue(f: Figure): number | null {
  if (f.value === null) return null;
  return f.unit === "share" ? f.value * 100 : f.value;
}

const cell = (s: string) => (/[";\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

export function figuresCsv(figures: readonly Figure[], text: FiguresCsvText): string {
  const lines = [text.headers.map(cell).join(";")];
  for (const f of figures) {
    const { label, denominator } = text.labelOf(f.id);
    const value = displayValue(f);
    // Patient-years are not whole: two decimals; counts are integers.
    const den = Number.isInteger(f.denominator)
      ? String(f.denominator)
      : frenchNumber(f.denominator, 2);
    lines.push(
      [
        label,
        f.numerator === null ? "" : String(f.numerator),
        den,
        denominator,
        value === null ? "" : frenchNumber(value, 1),
        text.unitOf(f.unit),
      ]
        .map(cell)
        .join(";"),
    );
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
