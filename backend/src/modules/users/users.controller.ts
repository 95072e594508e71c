import { Controller, Param } from '@nestjs/common';
import { routes, type PageQuery, type UserCreate, type UserPatch } from '@uppsikt/shared';
import type { z } from 'zod';
import { Endpoint, ValidBody, ValidQuery } from '../../common/endpoint.decorator.js';
import { CurrentUser, type Principal } from '../../common/principal.js';
import { UsersService } from './users.service.js';

@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Endpoint(routes.listUsers)
  list(@ValidQuery() q: z.infer<typeof PageQuery>) {
    return this.users.list(q.page, q.pageSize);
  }

  @Endpoint(routes.createUser)
  create(@CurrentUser() user: Principal, @ValidBody() body: z.infer<typeof UserCreate>) {
    return this.users.create(user, body);
  }

  @Endpoint(routes.patchUser)
  patch(@CurrentUser() user: Principal, @Param('id') id: string, @ValidBody() body: z.infer<typeof UserPatch>) {
    return this.users.patch(user, id, body);
  }
}
