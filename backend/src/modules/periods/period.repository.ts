import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound } from '../../common/errors.js';
import { Sql } from '../../infra/database/sql.js';
import { PeriodEntity } from './period.entity.js';

/** Periods: the ids of open ones (inside a write's transaction) and the entity to change. */
@Injectable()
export class PeriodRepository {
  constructor(private readonly sql: Sql) {}

  /** The ids of the open periods, as `tx` sees them. */
  async openIds(tx: EntityManager): Promise<string[]> {
    return (await this.sql.query<{ id: string }>(`select id from period where state = 'open' order by id`, [], tx)).map((p) => p.id);
  }

  /** The period entity to change in `tx`; 404 when there is none. */
  async load(tx: EntityManager, id: string): Promise<PeriodEntity> {
    const period = await tx.findOne(PeriodEntity, { id });
    if (!period) throw notFound(`Perioden ${id}`);
    return period;
  }
}
