import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Preferences } from '@uppsikt/shared';
import type { z } from 'zod';
import type { Principal } from '../../common/principal.js';
import { AuditService } from '../audit/audit.service.js';
import { UserEntity } from '../users/user.entity.js';

/** A user's own mail settings: whether they get mail about their reports' status (reminders always go out). */
@Injectable()
export class PreferencesService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  async update(actor: Principal, input: z.infer<typeof Preferences>): Promise<z.infer<typeof Preferences>> {
    return this.em.transactional(async (tx) => {
      const user = await tx.findOneOrFail(UserEntity, { id: actor.id });
      const before = user.workflowMail;
      user.workflowMail = input.workflowMail;
      if (before !== input.workflowMail) {
        this.audit.record(tx, actor, { action: 'user.preferences', entity: 'user', entityId: user.id, changes: { workflowMail: { before, after: input.workflowMail } } });
      }
      await tx.flush();
      return { workflowMail: user.workflowMail };
    });
  }
}
