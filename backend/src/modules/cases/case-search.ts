/**
 * Turns what a user typed into a PostgreSQL tsquery for the `swedish` configuration: every
 * word must match, each as a prefix of a (stemmed) lexeme, so "barnfattigdom" finds
 * "barnfattigdomen" and half-typed words still match.
 */
export function toPrefixTsQuery(q: string): string | null {
  const words = q
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12);
  if (!words.length) return null;
  return words.map((w) => `${w.toLowerCase()}:*`).join(' & ');
}
