import { Injectable } from '@nestjs/common';
import { EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import type { Notification, NotificationListQuery } from '@uppsikt/shared';
import type { z } from 'zod';
import { conflict, notFound } from '../../common/errors.js';
import { UUID_RE } from '../../common/ids.js';
import { isoOrNull } from '../../common/iso.js';
import type { Principal } from '../../common/principal.js';
import { AuditService } from '../audit/audit.service.js';
import { NotificationEntity } from './notification.entity.js';
import { Reconciler } from './reconciler.js';

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

@Injectable()
export class NotificationsService {
  constructor(
    private readonly em: EntityManager,
    private readonly reconciler: Reconciler,
    private readonly audit: AuditService,
  ) {}

  async list(q: z.infer<typeof NotificationListQuery>): Promise<{ items: Notification[]; total: number }> {
    const where: FilterQuery<NotificationEntity> = {};
    if (q.period) where.periodId = q.period;
    if (q.to) where.recipient = q.to.toLowerCase();
    if (q.kind) where.kind = q.kind;
    if (q.state) where.state = q.state;
    const [rows, total] = await this.em.findAndCount(NotificationEntity, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
    return { items: rows.map(notificationView), total };
  }

  async retry(actor: Principal, id: string): Promise<Notification> {
    if (!UUID_RE.test(id)) throw notFound('Meddelandet');
    const view = await this.em.transactional(async (em) => {
      const n = await em.findOne(NotificationEntity, { id });
      if (!n) throw notFound('Meddelandet');
      if (n.state !== 'failed') throw conflict('Bara meddelanden som misslyckats kan köas igen');
      n.state = 'queued';
      n.lastError = null;
      this.audit.record(em, actor, { action: 'notification.retried', entity: 'notification', entityId: n.id, changes: { state: { before: 'failed', after: 'queued' } } });
      await em.flush();
      return notificationView(n);
    });
    // A retried job needs a fresh job id: the failed one is still kept by BullMQ.
    await this.reconciler.enqueueSend(id, `retry-${Date.now()}`);
    return view;
  }
}
