import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Notification, NotificationListQuery } from '@uppsikt/shared';
import type { z } from 'zod';
import { conflict, notFound } from '../../common/errors.js';
import { UUID_RE } from '../../common/ids.js';
import { isoOrNull } from '../../common/iso.js';
import type { Principal } from '../../common/principal.js';
import { AuditService } from '../audit/audit.service.js';
import type { NotificationEntity } from './notification.entity.js';
import { NotificationRepository } from './notification.repository.js';
import { SendQueue } from './send-queue.js';

export function notificationView(n: NotificationEntity): Notification {
  return {
    id: n.id,
    to: n.recipient,
    subject: n.subject,
    kind: n.kind,
    period: n.periodId,
    body: n.bodyText,
    state: n.state,
    sentAt: isoOrNull(n.sentAt),
    createdAt: n.createdAt.toISOString(),
    attempts: n.attempts,
    lastError: n.lastError,
    possibleDuplicate: n.possibleDuplicate,
  };
}

/** The admins' mail log and their retry of a failed notification. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly em: EntityManager,
    private readonly repo: NotificationRepository,
    private readonly sends: SendQueue,
    private readonly audit: AuditService,
  ) {}

  async list(q: z.infer<typeof NotificationListQuery>): Promise<{ items: Notification[]; total: number }> {
    const { rows, total } = await this.repo.list(q);
    return { items: rows.map(notificationView), total };
  }

  async retry(actor: Principal, id: string): Promise<Notification> {
    if (!UUID_RE.test(id)) throw notFound('Meddelandet');
    const view = await this.em.transactional(async (tx) => {
      const n = await this.repo.findById(id, tx);
      if (!n) throw notFound('Meddelandet');
      if (n.state !== 'failed') throw conflict('Bara meddelanden som misslyckats kan köas igen');
      n.state = 'queued';
      n.lastError = null;
      this.audit.record(tx, actor, { action: 'notification.retried', entity: 'notification', entityId: n.id, changes: { state: { before: 'failed', after: 'queued' } } });
      await tx.flush();
      return notificationView(n);
    });
    await this.sends.enqueueRetry(id, `retry-${Date.now()}`);
    return view;
  }
}
