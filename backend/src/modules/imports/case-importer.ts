import { Injectable } from '@nestjs/common';
import { caseReference, type AllBodiesScope, type CaseKind, type Kind } from '@uppsikt/shared';
import type { AuditChanges } from '../audit/audit-event.entity.js';
import { BodyEntity } from '../bodies/body.entity.js';
import { CaseEntity } from '../cases/case.entity.js';
import { CaseRepository } from '../cases/case.repository.js';
import { CaseWriter, uniq, type CaseFields } from '../cases/case-writer.js';
import { KindRegistry } from '../kinds/kind-registry.js';
import { allBodiesWord, CASE_COLUMNS, type CaseColumnKey } from './columns.js';
import { matchHeaders, type Columns } from './headers.js';
import type { ImportContext, ImportCounts, Importer } from './import-context.js';
import { isBlankRow, type Table, type TableRow } from './table.js';
import { BodyLookup, parseDate, parseKind, splitList } from './values.js';

/** The fields a row sets; a field whose column is absent from the file is left undefined (unchanged). */
interface CaseValues extends CaseFields {
  kind: CaseKind;
  text: string;
  leadBody: BodyEntity;
}

interface PlannedCase {
  row: number;
  reference: string;
  values: CaseValues;
  existing: CaseEntity | null;
  changes: AuditChanges;
}

export interface CasePlan {
  counts: ImportCounts;
  cases: PlannedCase[];
}

const NAME = Object.fromEntries(CASE_COLUMNS.map((c) => [c.key, c.name])) as Record<CaseColumnKey, string>;

/**
 * Cases file: `Referens;Typ;Uppdragstext;Huvudansvar;Medansvar;Beslutat;Slutdatum;Relaterade`
 * (+ `Diarienummer`, `KF-beslut`, `Titel`, `Överordnad`). `Huvudansvar` may list several bodies:
 * the first writes the status, the others become co-bodies beside those of `Medansvar`.
 * `Överordnad` may name a case further down the file (the writer inserts parents first).
 */
@Injectable()
export class CaseImporter implements Importer<CasePlan> {
  constructor(
    private readonly writer: CaseWriter,
    private readonly kindRegistry: KindRegistry,
    private readonly cases: CaseRepository,
  ) {}

  async plan(ctx: ImportContext, table: Table): Promise<CasePlan> {
    const { em, problems } = ctx;
    const cols = matchHeaders(table.headers, CASE_COLUMNS, problems);
    const plan: CasePlan = { counts: { created: 0, updated: 0, unchanged: 0 }, cases: [] };
    if (problems.errors.length) return plan;
    const col = (key: CaseColumnKey) => cols.name(key, NAME[key]);

    const bodies = new BodyLookup(await em.find(BodyEntity, {}));
    const kinds = await this.kindRegistry.all(em);
    const rows = table.rows.filter((r) => !isBlankRow(r.cells));
    const refs = rows.map((r) => cols.get(r, 'reference')).filter(Boolean);
    const existing = new Map<string, CaseEntity>();
    for (let i = 0; i < refs.length; i += 5000) {
      const found = await em.find(CaseEntity, { reference: { $in: refs.slice(i, i + 5000) } }, { populate: ['leadBody', 'parent'] });
      for (const c of found) existing.set(c.reference, c);
    }

    const seen = new Map<string, number>();
    const parsed: Array<{ row: TableRow; reference: string; values: CaseValues }> = [];
    for (const row of rows) {
      const values = this.readRow(ctx, cols, row, bodies, kinds, seen);
      if (values) parsed.push({ row, reference: values.reference, values: values.values });
    }

    // Related cases must exist already or come in the same file.
    const inFile = new Set(seen.keys());
    const outside = [...new Set(parsed.flatMap((p) => [...(p.values.related ?? []), ...(p.values.parent ? [p.values.parent] : [])]))].filter((r) => !inFile.has(r) && !existing.has(r));
    const known = new Set<string>();
    for (let i = 0; i < outside.length; i += 5000) {
      for (const c of await em.find(CaseEntity, { reference: { $in: outside.slice(i, i + 5000) } }, { fields: ['reference'] })) known.add(c.reference);
    }
    for (const p of parsed) {
      for (const r of p.values.related ?? []) {
        if (r === p.reference) problems.error(p.row.row, col('related'), 'Ett ärende kan inte vara relaterat till sig självt');
        else if (!inFile.has(r) && !existing.has(r) && !known.has(r)) problems.error(p.row.row, col('related'), `Det relaterade ärendet ${r} finns varken i systemet eller i filen`);
      }
      const parent = p.values.parent;
      if (parent && parent !== p.reference && !inFile.has(parent) && !existing.has(parent) && !known.has(parent)) {
        problems.error(p.row.row, col('parent'), `Det överordnade ärendet ${parent} finns varken i systemet eller i filen`);
      }
    }
    if (cols.has('parent')) await this.checkCycles(ctx, parsed, col('parent'));

    for (const p of parsed) {
      if (problems.hasErrorsIn(p.row.row)) continue;
      const current = existing.get(p.reference) ?? null;
      const changes = current ? this.writer.changes(current, p.values) : {};
      if (!current) plan.counts.created++;
      else if (Object.keys(changes).length) plan.counts.updated++;
      else plan.counts.unchanged++;
      plan.cases.push({ row: p.row.row, reference: p.reference, values: p.values, existing: current, changes });
    }
    return plan;
  }

  async apply(ctx: ImportContext, plan: CasePlan): Promise<void> {
    const writes = plan.cases.filter((p) => !p.existing || Object.keys(p.changes).length).map((p) => ({ reference: p.reference, existing: p.existing, fields: p.values }));
    await this.writer.write(ctx.em, ctx.actor, writes, 'case.imported'); // parents before children: the writer orders them
  }

  /** A row whose `Överordnad` would make its case its own ancestor (through the file's parents and the stored ones) is an error. */
  private async checkCycles(ctx: ImportContext, parsed: Array<{ row: TableRow; reference: string; values: CaseValues }>, column: string): Promise<void> {
    const stored = await this.cases.parentReferences(ctx.em);
    const inFile = new Map(parsed.map((p) => [p.reference, p.values.parent ?? null]));
    const parentOf = (ref: string) => (inFile.has(ref) ? inFile.get(ref)! : (stored.get(ref) ?? null));
    for (const p of parsed) {
      if (!p.values.parent) continue;
      if (p.values.parent === p.reference) {
        ctx.problems.error(p.row.row, column, 'Ett ärende kan inte vara överordnat sig självt');
        continue;
      }
      const seen = new Set<string>();
      for (let at: string | null = p.values.parent; at && !seen.has(at); at = parentOf(at)) {
        if (at === p.reference) {
          ctx.problems.error(p.row.row, column, `${p.values.parent} ligger under ${p.reference}: ärendena skulle bilda en cirkel`);
          break;
        }
        seen.add(at);
      }
    }
  }

  /** Validates one row; problems go to the collector. Returns the values when the row has no errors. */
  private readRow(ctx: ImportContext, cols: Columns<CaseColumnKey>, row: TableRow, bodies: BodyLookup, kinds: readonly Kind[], seen: Map<string, number>): { reference: string; values: CaseValues } | null {
    const { problems } = ctx;
    const n = row.row;
    const col = (key: CaseColumnKey) => cols.name(key, NAME[key]);
    const get = (key: CaseColumnKey) => cols.get(row, key);
    const optional = (key: CaseColumnKey, max: number) => {
      if (!cols.has(key)) return undefined;
      const v = get(key);
      if (v.length > max) problems.error(n, col(key), `Högst ${max} tecken`);
      return v || null;
    };

    const reference = get('reference');
    if (!reference) problems.error(n, col('reference'), 'Referens saknas');
    else if (!caseReference.safeParse(reference).success) problems.error(n, col('reference'), `Ogiltig referens "${reference}" (högst 40 tecken: bokstäver, siffror, mellanslag och . : / _ -)`);
    else if (seen.has(reference)) problems.error(n, col('reference'), `Referensen ${reference} finns redan på rad ${seen.get(reference)}`);
    else seen.set(reference, n);

    const typ = get('kind');
    const kind = typ ? parseKind(typ, kinds) : null;
    if (!typ) problems.error(n, col('kind'), `Typ saknas (${kindList(kinds)})`);
    else if (!kind) problems.error(n, col('kind'), `Okänd typ "${typ}" (${kindList(kinds)})`);
    else if (!kind.exact) problems.warning(n, col('kind'), `"${typ}" tolkades som "${kind.kind.name}"`);

    const text = get('text');
    if (!text) problems.error(n, col('text'), 'Texten saknas');
    else if (text.length > 20_000) problems.error(n, col('text'), 'Texten är längre än 20 000 tecken');

    // Huvudansvar: the first body writes the status; any others are co-bodies, as are Medansvar's.
    const owners = { co: [] as string[], all: null as AllBodiesScope | null };
    const leadItems = splitList(get('leadBody'));
    const leadRaw = leadItems[0] ?? '';
    const lead = leadRaw ? this.body(ctx, n, col('leadBody'), leadRaw, bodies) : null;
    if (!leadRaw) problems.error(n, col('leadBody'), 'Huvudansvarig nämnd saknas');
    else if (allBodiesWord(leadRaw)) problems.error(n, col('leadBody'), `Skriv först den nämnd som skriver statusen, sedan "${leadRaw}"`);
    else if (!lead) problems.error(n, col('leadBody'), `Nämnden ${leadRaw} finns inte`);
    else if (!lead.active) problems.error(n, col('leadBody'), `Nämnden ${lead.code} är inte aktiv`);
    this.owners(ctx, n, col('leadBody'), leadItems.slice(1), bodies, owners);

    const values: Partial<CaseValues> = { kind: kind?.kind.key, text, leadBody: lead ?? undefined, title: optional('title', 300), diaryNumber: optional('diaryNumber', 100), decisionRef: optional('decisionRef', 100) };

    if (cols.has('coBodies')) this.owners(ctx, n, col('coBodies'), splitList(get('coBodies')), bodies, owners);
    // Without a Medansvar column, a single Huvudansvar leaves the co-bodies as they are.
    if (cols.has('coBodies') || leadItems.length > 1) {
      values.coBodies = owners.co; // the case writer drops the lead and duplicates
      values.allBodies = owners.all !== null;
      values.allBodiesScope = owners.all ?? 'boards';
    }
    if (cols.has('parent')) {
      const parent = get('parent');
      if (parent && !caseReference.safeParse(parent).success) problems.error(n, col('parent'), `Ogiltig referens "${parent}"`);
      values.parent = parent || null;
    }
    for (const key of ['decidedOn', 'dueOn'] as const) {
      if (!cols.has(key)) continue;
      const raw = get(key);
      if (!raw) values[key] = null;
      else {
        const date = parseDate(raw);
        if (!date) problems.error(n, col(key), `Ogiltigt datum "${raw}" (skriv ÅÅÅÅ-MM-DD)`);
        values[key] = date;
      }
    }
    if (cols.has('related')) {
      const related = uniq(splitList(get('related')));
      for (const r of related) if (!caseReference.safeParse(r).success) problems.error(n, col('related'), `Ogiltig referens "${r}"`);
      values.related = related;
    }
    if (problems.hasErrorsIn(n) || !reference) return null;
    return { reference, values: values as CaseValues };
  }

  /** A body by code or name; "KOD genom …" (a company acting through its subsidiaries) is KOD, with a warning. */
  private body(ctx: ImportContext, row: number, column: string, item: string, bodies: BodyLookup): BodyEntity | null {
    const found = bodies.find(item);
    if (found) {
      if (found.byName) ctx.problems.warning(row, column, `"${item}" tolkades som ${found.body.code}`);
      return found.body;
    }
    const through = /^(\S+)\s+genom\s+\S/iu.exec(item);
    const code = through ? bodies.find(through[1]) : null;
    if (code && !code.byName) {
      ctx.problems.warning(row, column, `"${item}" tolkades som ${code.body.code}`);
      return code.body;
    }
    return null;
  }

  /** Co-bodies and "samtliga nämnder (och bolag)" from a list of items; unknown bodies are row errors. */
  private owners(ctx: ImportContext, row: number, column: string, items: string[], bodies: BodyLookup, into: { co: string[]; all: AllBodiesScope | null }): void {
    for (const item of items) {
      const all = allBodiesWord(item);
      if (all) {
        if (into.all !== 'boards_and_companies') into.all = all;
        continue;
      }
      const b = this.body(ctx, row, column, item, bodies);
      if (!b) ctx.problems.error(row, column, `Nämnden ${item} finns inte`);
      else into.co.push(b.code);
    }
  }
}

/** "KF-mål, KF-uppdrag, Tilläggsuppdrag eller Programprioritering": every kind, by name. */
function kindList(kinds: readonly Kind[]): string {
  const names = kinds.map((k) => k.name);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} eller ${names[names.length - 1]}` : names.join('');
}
