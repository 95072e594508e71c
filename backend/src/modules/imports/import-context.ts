import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../../common/principal.js';
import type { Problems } from './problems.js';
import type { Table } from './table.js';

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportContext {
  em: EntityManager;
  actor: Pick<Principal, 'id' | 'name'>;
  problems: Problems;
  now: Date;
  /** When imported reports count as approved (default: now). The demo seeder backdates them. */
  approvedAt?: Date;
}

/** Reads a table and plans every change (no writes); then, if the plan has no errors, applies it. */
export interface Importer<Plan extends { counts: ImportCounts }> {
  plan(ctx: ImportContext, table: Table): Promise<Plan>;
  apply(ctx: ImportContext, plan: Plan): Promise<void>;
}
