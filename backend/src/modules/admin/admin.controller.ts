import { Controller } from '@nestjs/common';
import { routes, type PageQuery } from '@uppsikt/shared';
import type { z } from 'zod';
import { Endpoint, ValidQuery } from '../../common/endpoint.decorator.js';
import { AdminService } from './admin.service.js';

/** Admin views of system internals: the mail catcher's messages. */
@Controller()
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Endpoint(routes.mailCatcher)
  mail(@ValidQuery() q: z.infer<typeof PageQuery>) {
    return this.admin.caughtMail(q.page, q.pageSize);
  }
}
