import { Controller, Param } from '@nestjs/common';
import { routes, type BodyCreate, type BodyPatch } from '@uppsikt/shared';
import type { z } from 'zod';
import { Endpoint, ValidBody } from '../../common/endpoint.decorator.js';
import { CurrentUser, type Principal } from '../../common/principal.js';
import { BodiesService } from './bodies.service.js';

@Controller()
export class BodiesController {
  constructor(private readonly bodies: BodiesService) {}

  @Endpoint(routes.listBodies)
  list() {
    return this.bodies.list();
  }

  @Endpoint(routes.createBody)
  create(@CurrentUser() user: Principal, @ValidBody() body: z.infer<typeof BodyCreate>) {
    return this.bodies.create(user, body);
  }

  @Endpoint(routes.patchBody)
  patch(@CurrentUser() user: Principal, @Param('code') code: string, @ValidBody() body: z.infer<typeof BodyPatch>) {
    return this.bodies.patch(user, code, body);
  }
}
