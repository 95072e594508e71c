/** Word-level diff (Myers' O(ND) algorithm) for comparing a report with its previous submission. */

export type DiffPart = { kind: 'same' | 'added' | 'removed'; text: string };

/**
 * Each word keeps the whitespace after it, so runs of changed words stay together and the parts
 * re-join to the exact texts (leading whitespace is a token of its own).
 */
export function tokenize(text: string): string[] {
  return text.match(/^\s+|\S+\s*/gu) ?? [];
}

/** Above this many edits a diff is no help to a reader: show the texts as replaced. */
const MAX_EDITS = 2000;

function myers(a: string[], b: string[]): DiffPart[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 && m === 0) return [];
  const max = Math.min(n + m, MAX_EDITS);
  const offset = n + m + 1;
  const v = new Int32Array(2 * offset + 1);
  // trace[d] keeps v for diagonals -d-1 … d+1 as it was when round d started (memory O(D²)).
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  if (!found) {
    return [
      { kind: 'removed', text: a.join('') },
      { kind: 'added', text: b.join('') },
    ];
  }
  const parts: DiffPart[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const frame = trace[d];
    const at = (k: number) => frame[k + d + 1];
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      parts.push({ kind: 'same', text: a[x - 1] });
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) parts.push({ kind: 'added', text: b[y - 1] });
      else parts.push({ kind: 'removed', text: a[x - 1] });
    }
    x = prevX;
    y = prevY;
  }
  return parts.reverse();
}

function merge(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (last && last.kind === p.kind) last.text += p.text;
    else out.push({ ...p });
  }
  return out;
}

/** The changes from `before` to `after`, word by word; common prefix and suffix are skipped fast. */
export function diffWords(before: string, after: string): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const parts: DiffPart[] = [];
  if (start > 0) parts.push({ kind: 'same', text: a.slice(0, start).join('') });
  parts.push(...myers(a.slice(start, endA), b.slice(start, endB)));
  if (endA < a.length) parts.push({ kind: 'same', text: a.slice(endA).join('') });
  return merge(parts);
}
