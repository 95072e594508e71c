import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { TERMS, type Kind, type KindCreate, type KindPatch, type ScaleValue } from '@uppsikt/shared';
import { badRequest, conflict, notFound, staleVersion, type ErrorDetail } from '../../common/errors.js';
import type { Principal } from '../../common/principal.js';
import { AuditService, created, diff } from '../audit/audit.service.js';
import { KindEntity } from './kind.entity.js';
import { KindRegistry } from './kind-registry.js';
import { KindRepository } from './kind.repository.js';

export function kindView(k: KindEntity): Kind {
  return {
    key: k.key,
    name: k.name,
    plural: k.plural,
    scale: k.scale.map((v) => ({ value: v.value, colour: v.colour })),
    asksForecast: [...k.asksForecast],
    asksTrend: k.asksTrend,
    asksSummary: k.asksSummary,
    terms: [...k.terms],
    reported: k.reported,
    position: k.position,
    builtIn: k.builtIn,
    version: k.version,
  };
}

const inTermOrder = <T extends string>(terms: readonly T[]): T[] => (TERMS as readonly string[]).filter((t) => terms.includes(t as T)) as T[];
const reportsWord = (n: number) => (n === 1 ? '1 rapport' : `${n} rapporter`);

/** Kinds of case (the governance model): read by everyone, changed by admins. */
@Injectable()
export class KindsService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly repo: KindRepository,
    private readonly registry: KindRegistry,
  ) {}

  list(): Promise<readonly Kind[]> {
    return this.registry.all();
  }

  async create(actor: Principal, input: KindCreate): Promise<Kind> {
    return this.em.transactional(async (em) => {
      const kinds = await this.repo.list(em);
      if (kinds.some((k) => k.key === input.key)) throw conflict(`Typen ${input.key} finns redan`, [{ path: 'key', message: 'Nyckeln används redan' }]);
      this.assertNameFree(kinds, input.key, input.name);
      const kind = em.create(KindEntity, {
        key: input.key,
        name: input.name,
        plural: input.plural,
        scale: input.scale.map((v) => ({ value: v.value, colour: v.colour })),
        asksForecast: inTermOrder(input.asksForecast ?? []),
        asksTrend: input.asksTrend ?? false,
        asksSummary: input.asksSummary ?? false,
        terms: inTermOrder(input.terms ?? TERMS),
        reported: input.reported ?? true,
        position: input.position ?? Math.max(0, ...kinds.map((k) => k.position)) + 1,
        builtIn: false,
      });
      em.persist(kind);
      const { version: _v, ...fields } = kindView(Object.assign(kind, { version: 1 }));
      this.audit.record(em, actor, { action: 'kind.created', entity: 'kind', entityId: kind.key, changes: created(fields) });
      await em.flush();
      return kindView(kind);
    });
  }

  /**
   * Changes a kind. A scale entry with `was` renames that value in every report of the kind's cases
   * (each report's history gets the change, in this transaction); a value dropped from the scale
   * that reports still use is refused (409, with how many).
   */
  async patch(actor: Principal, key: string, input: KindPatch): Promise<Kind> {
    return this.em.transactional(async (em) => {
      const kind = await em.findOne(KindEntity, { key });
      if (!kind) throw notFound('Typen');
      if (input.version !== kind.version) throw staleVersion();
      const before = kindView(kind);
      if (input.name !== undefined) this.assertNameFree(await this.repo.list(em), key, input.name);

      let renames: { from: string[]; to: string[] } = { from: [], to: [] };
      if (input.scale) {
        renames = await this.checkScale(em, kind, input.scale);
        kind.scale = input.scale.map((v): ScaleValue => ({ value: v.value, colour: v.colour }));
      }
      const { version: _v, scale: _s, ...rest } = input;
      for (const [field, value] of Object.entries(rest)) {
        if (value === undefined) continue;
        (kind as unknown as Record<string, unknown>)[field] = field === 'asksForecast' || field === 'terms' ? inTermOrder(value as string[]) : value;
      }
      const after = kindView(kind);
      const changes = diff({ ...before, version: 0 }, { ...after, version: 0 });
      if (!Object.keys(changes).length) return before;
      if (renames.from.length) {
        changes.renamed = { before: renames.from, after: renames.to };
        const renamed = await this.repo.renameValues(em, key, renames.from, renames.to);
        for (const r of renamed) {
          const reportChanges: Record<string, { before: unknown; after: unknown }> = {};
          if (r.status.before !== r.status.after) reportChanges.status = r.status;
          if (r.forecast.before !== r.forecast.after) reportChanges.forecast = r.forecast;
          this.audit.record(em, actor, { action: 'report.value_renamed', entity: 'report', entityId: r.id, caseReference: r.reference, changes: reportChanges });
        }
        changes.reports = { before: null, after: renamed.length };
      }
      this.audit.record(em, actor, { action: 'kind.updated', entity: 'kind', entityId: key, changes });
      await em.flush();
      return kindView(kind);
    });
  }

  /** Checks a new scale against the old: the values renamed (`was`), and no value in use dropped. */
  private async checkScale(em: EntityManager, kind: KindEntity, scale: NonNullable<KindPatch['scale']>): Promise<{ from: string[]; to: string[] }> {
    const old = kind.scale.map((v) => v.value);
    const kept = new Set(scale.map((v) => v.value));
    const details: ErrorDetail[] = [];
    const from: string[] = [];
    const to: string[] = [];
    scale.forEach((v, i) => {
      if (v.was === undefined || v.was === v.value) return;
      if (!old.includes(v.was)) details.push({ path: `scale.${i}.was`, message: `"${v.was}" finns inte på skalan` });
      else if (kept.has(v.was)) details.push({ path: `scale.${i}.was`, message: `"${v.was}" står kvar på skalan och kan inte samtidigt döpas om` });
      else if (from.includes(v.was)) details.push({ path: `scale.${i}.was`, message: `"${v.was}" döps om två gånger` });
      else {
        from.push(v.was);
        to.push(v.value);
      }
    });
    if (details.length) throw badRequest('Ogiltig skala', details);
    const removed = old.filter((v) => !kept.has(v) && !from.includes(v));
    if (removed.length) {
      const usage = await this.repo.usage(em, kind.key, removed);
      const used = removed.filter((v) => (usage.get(v) ?? 0) > 0);
      if (used.length) {
        const what = used.map((v) => `"${v}" används i ${reportsWord(usage.get(v)!)}`).join(', ');
        throw conflict(`Värden som rapporter använder kan inte tas bort: ${what}. Döp om värdet i stället, eller ändra rapporterna först.`, used.map((v) => ({ path: 'scale', message: `"${v}" används i ${reportsWord(usage.get(v)!)}` })));
      }
    }
    return { from, to };
  }

  private assertNameFree(kinds: readonly Kind[], key: string, name: string): void {
    const taken = kinds.find((k) => k.key !== key && k.name.toLocaleLowerCase('sv-SE') === name.toLocaleLowerCase('sv-SE'));
    if (taken) throw conflict(`Namnet "${name}" används redan av en annan typ`, [{ path: 'name', message: 'Namnet används redan' }]);
  }
}
