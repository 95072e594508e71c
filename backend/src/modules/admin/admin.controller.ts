import { Controller } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { routes, type PageQuery } from '@uppsikt/shared';
import type { z } from 'zod';
import { Endpoint, ValidQuery } from '../../common/endpoint.decorator.js';
import { CaughtMailEntity } from '../../infra/mail/caught-mail.entity.js';

/** Admin views of system internals: the mail catcher's messages. */
@Controller()
export class AdminController {
  constructor(private readonly em: EntityManager) {}

  @Endpoint(routes.mailCatcher)
  async mail(@ValidQuery() q: z.infer<typeof PageQuery>) {
    const [rows, total] = await this.em.findAndCount(CaughtMailEntity, {}, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
    return {
      items: rows.map((m) => ({ id: m.id, to: m.to, from: m.from, subject: m.subject, text: m.text, html: m.html, createdAt: m.createdAt.toISOString() })),
      total,
    };
  }
}
