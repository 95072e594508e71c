/** Shortens text for lists, at a word boundary. */
export function excerpt(text: string | null | undefined, max = 160): string {
  const clean = (text ?? '').replace(/\s+/gu, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[.,;:]$/u, '')} …`;
}
