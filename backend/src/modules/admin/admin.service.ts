import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { CaughtMail } from '@uppsikt/shared';
import { CaughtMailEntity } from '../../infra/mail/caught-mail.entity.js';

/** Admin views of system internals. */
@Injectable()
export class AdminService {
  constructor(private readonly em: EntityManager) {}

  /** The mail catcher's messages, newest first. */
  async caughtMail(page: number, pageSize: number): Promise<{ items: CaughtMail[]; total: number }> {
    const [rows, total] = await this.em.findAndCount(CaughtMailEntity, {}, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: pageSize, offset: (page - 1) * pageSize });
    return {
      items: rows.map((m) => ({ id: m.id, to: m.to, from: m.from, subject: m.subject, text: m.text, html: m.html, createdAt: m.createdAt.toISOString() })),
      total,
    };
  }
}
