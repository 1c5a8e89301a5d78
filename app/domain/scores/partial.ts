/** Points an item can contribute: exact when chosen, the table's min–max when not yet scored. */
export function itemRange<K extends string>(
  table: Readonly<Record<K, number>>,
  value: K | undefined,
): { min: number; max: number } {
  if (value !== undefined) return { min: table[value], max: table[value] };
  const all = Object.values<number>(table);
  return { min: Math.min(...all), max: Math.max(...all) };
}

export function sumRanges(ranges: ReadonlyArray<{ min: number; max: number }>): {
  min: number;
  max: number;
} {
  return ranges.reduce((acc, r) => ({ min: acc.min + r.min, max: acc.max + r.max }), {
    min: 0,
    max: 0,
  });
}
