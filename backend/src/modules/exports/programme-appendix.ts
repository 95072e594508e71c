import { compareReferences, statusColour, type Kind } from '@uppsikt/shared';
import type { ReportRepository, SubtreeReportRow } from '../reports/report.repository.js';
import { appendixColumns, perDate, type AppendixColumn, type PeriodInfo } from './appendix-headings.js';
import { loadContributions, previewMarks, type Appendix, type AppendixRow, type AppendixTable, type AppendixOptions } from './appendix-model.js';

/** A case of the subtree, with its report of the period (when one in the exported states exists). */
interface Node {
  row: SubtreeReportRow;
  children: Node[];
}

/**
 * A programme's appendix (`?under=REF`), laid out as the programme report: the case REF and
 * everything below it. It opens with an "Överblick" of the group levels (REF and every case with
 * children: a programme and its focus areas), one line each with summary, trend and lägesbild, then
 * REF's own lägesbild text ("Sammanfattning"); then per group level its text and a table of its
 * children that are no group level themselves (a focus area's priorities: status, trend, summary,
 * comment with the co-bodies' contributions). CSV and XLSX list every exported report of the
 * subtree, group levels included, in tree order.
 */
export async function buildProgrammeAppendix(
  reports: ReportRepository,
  period: PeriodInfo,
  kinds: readonly Kind[],
  root: { reference: string; title: string | null; kind: string },
  opts: AppendixOptions,
): Promise<Appendix> {
  const byKey = new Map(kinds.map((k) => [k.key, k]));
  const kindOf = (key: string) => {
    const k = byKey.get(key);
    if (!k) throw new Error(`Unknown kind ${key}`);
    return k;
  };
  const subtree = await reports.subtreeForAppendix(root.reference, period.id, opts.states);
  const nodes = new Map(subtree.map((r) => [r.case_id, { row: r, children: [] as Node[] }]));
  const top = [...nodes.values()].find((n) => n.row.reference === root.reference);
  if (!top) throw new Error(`The subtree of ${root.reference} has no root`);
  for (const n of nodes.values()) {
    if (n !== top && n.row.parent_id) nodes.get(n.row.parent_id)?.children.push(n);
  }
  // Pre-order, siblings in natural reference order: SH2024, SH2024:1, SH2024:1.1, …, SH2024:2, …
  const order: Node[] = [];
  const walk = (n: Node) => {
    order.push(n);
    n.children.sort((a, b) => compareReferences(a.row.reference, b.row.reference)).forEach(walk);
  };
  walk(top);

  const reported = order.filter((n) => n.row.id !== null);
  const contributions = await loadContributions(reports, reported.map((n) => n.row.id!));
  const rowOf = new Map<Node, AppendixRow>(order.map((n) => [n, toRow(n, root.reference, kindOf(n.row.kind), contributions.get(n.row.id ?? '') ?? [])]));

  // The Överblick: the programme and every group level below it (the focus areas), one line each;
  // then the programme's own lägesbild text, as the report's Sammanfattning.
  const groups = order.filter((n) => n === top || n.children.length > 0);
  const tables: AppendixTable[] = [
    {
      kind: kindOf(root.kind),
      role: 'overview',
      caption: 'Överblick',
      intro: null,
      columns: overviewColumns(groups.map((g) => kindOf(g.row.kind)), period),
      rows: groups.map((n) => rowOf.get(n)!),
    },
  ];
  const programme = rowOf.get(top)!;
  if (top.row.id !== null) tables.push({ kind: kindOf(root.kind), role: 'group', caption: 'Sammanfattning', intro: programme, columns: [], rows: [] });
  // Then each group level below the programme: its lägesbild text and a table of its priorities
  // (the children that are no group level themselves), saying so when none is reported; last, any
  // reported case directly under the programme (2021:8 under SH2024, say).
  const section = (g: Node, caption: string, intro: AppendixTable['intro']): AppendixTable => {
    const leaves = g.children.filter((c) => c.children.length === 0);
    const rows = leaves.filter((c) => c.row.id !== null).map((c) => rowOf.get(c)!);
    const kind = kindOf((rows[0] ?? (leaves[0] ? rowOf.get(leaves[0]) : undefined) ?? rowOf.get(g)!).kind);
    return { kind, role: 'group', caption, intro, columns: leaves.length ? appendixColumns(kind, period) : [], rows };
  };
  for (const g of groups) {
    if (g === top) continue;
    const head = rowOf.get(g)!;
    tables.push(section(g, `${kindOf(g.row.kind).name} ${head.number}${head.title ? ` – ${head.title}` : ''}`, head));
  }
  const direct = section(top, programme.title ?? root.reference, null);
  if (direct.rows.length) tables.push(direct);

  const title = root.title ?? root.reference;
  return {
    period,
    title,
    subtitle: `Uppföljning per ${perDate(period)} (${period.id})`,
    ...previewMarks(period, opts.states),
    root: { reference: root.reference },
    rows: reported.map((n) => rowOf.get(n)!),
    tables,
    kinds: byKey,
  };
}

function toRow(n: Node, rootReference: string, kind: Kind, contributions: AppendixRow['contributions']): AppendixRow {
  const r = n.row;
  return {
    reference: r.reference,
    number: relativeNumber(r.reference, rootReference),
    kind: r.kind,
    text: r.text,
    title: r.title,
    parent: r.parent_reference,
    body: r.body_code ?? '',
    bodyName: r.body_name ?? '',
    state: r.state ?? 'not_started',
    status: r.status,
    statusColour: statusColour(kind, r.status),
    summary: r.summary,
    comment: r.comment,
    forecast: r.forecast,
    forecastColour: statusColour(kind, r.forecast),
    trend: r.trend,
    contributions,
    indicators: [],
  };
}

/**
 * A reference as numbered under the programme: `SH2024:1.2` under `SH2024` is 1.2 (as the
 * programme prints it); the programme itself and anything not named after it keep their reference.
 */
export function relativeNumber(reference: string, rootReference: string): string {
  for (const sep of [':', ' ', '.', '-', '/']) {
    const prefix = `${rootReference}${sep}`;
    if (reference.startsWith(prefix) && reference.length > prefix.length) return reference.slice(prefix.length);
  }
  return reference;
}

/** "Program och fokusområden": the kinds of the group levels, in tree order. */
function overviewColumns(groupKinds: Kind[], period: PeriodInfo): AppendixColumn[] {
  const kinds = [...new Set(groupKinds)];
  const names = kinds.map((k, i) => (i === 0 ? k.name : k.plural.toLocaleLowerCase('sv-SE')));
  const levels = names.length > 1 ? `${names.slice(0, -1).join(', ')} och ${names.at(-1)}` : names[0];
  return [
    { key: 'number', heading: 'Nr', width: 6 },
    { key: 'title', heading: levels, width: 30 },
    { key: 'summary', heading: 'Sammanfattning', width: 44 },
    { key: 'trend', heading: 'Trend', width: 9 },
    { key: 'status', heading: `Lägesbild per ${perDate(period)}`, width: 13 },
  ];
}
