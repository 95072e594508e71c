import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';

/** Loads the Umeå 2020 cases and statuses and a living current period (filled by the case core). */
@Injectable()
export class DemoCasesSeeder {
  async run(_em: EntityManager): Promise<void> {
    // Cases, periods and reports arrive with the case core.
  }
}
