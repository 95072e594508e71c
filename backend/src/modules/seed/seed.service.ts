import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { RequestContext } from '@mikro-orm/core';
import { BODY_KINDS, type BodyKind } from '@uppsikt/shared';
import { AppConfig } from '../../config/env.js';
import { BodyEntity } from '../bodies/body.entity.js';
import { UserEntity } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { DEMO_PASSWORD, DEMO_USERS, readDemoCsv } from './demo-files.js';
import { DemoCasesSeeder } from './demo-cases.seeder.js';

/** First-start data: the first admin from the environment and, with UPPSIKT_DEMO=1, the demo municipality. */
@Injectable()
export class SeedService {
  private readonly logger = new Logger(SeedService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly demoCases: DemoCasesSeeder,
  ) {}

  /** Runs in its own MikroORM context, as the services it calls expect a request-like scope. */
  async run(): Promise<void> {
    const em = this.em.fork();
    await RequestContext.create(em, async () => {
      await this.firstAdmin(em);
      if (this.config.env.UPPSIKT_DEMO) await this.demo(em);
    });
  }

  private async firstAdmin(em: EntityManager): Promise<void> {
    const { UPPSIKT_ADMIN_EMAIL: email, UPPSIKT_ADMIN_PASSWORD: password } = this.config.env;
    if (!email || !password) return;
    if ((await em.count(UserEntity, {})) > 0) return;
    await this.users.create(null, { email, name: 'Administratör', password, roles: [{ role: 'admin' }] }, em);
    this.logger.log(`Created the first admin ${email}`);
  }

  private async demo(em: EntityManager): Promise<void> {
    if ((await em.count(BodyEntity, {})) === 0) {
      for (const row of readDemoCsv('organ.csv')) {
        const kind = row.Typ as BodyKind;
        if (!BODY_KINDS.includes(kind)) throw new Error(`Demo body ${row.Kod} has unknown kind ${row.Typ}`);
        em.create(BodyEntity, { code: row.Kod, name: row.Namn, kind, email: `${row.Kod.toLowerCase()}@uppsikt.test` });
      }
      await em.flush();
    }
    let createdUsers = 0;
    for (const u of DEMO_USERS) {
      if (await em.findOne(UserEntity, { email: u.email })) continue;
      await this.users.create(null, { ...u, password: DEMO_PASSWORD }, em, { trustedPassword: true });
      createdUsers++;
    }
    await this.demoCases.run(em);
    const lines = DEMO_USERS.map((u) => `  ${u.email.padEnd(26)} ${u.roles.map((r) => ('body' in r ? `${r.role} ${r.body}` : r.role)).join(', ')}`);
    this.logger.log(
      `Demo mode${createdUsers ? ` (created ${createdUsers} demo users)` : ''}. Log in at ${this.config.appUrl} with password "${DEMO_PASSWORD}":\n${lines.join('\n')}`,
    );
  }
}
