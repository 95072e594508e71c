import { Controller, Param } from '@nestjs/common';
import { routes, type KindCreate, type KindPatch } from '@uppsikt/shared';
import { Endpoint, ValidBody } from '../../common/endpoint.decorator.js';
import { CurrentUser, type Principal } from '../../common/principal.js';
import { KindsService } from './kinds.service.js';

@Controller()
export class KindsController {
  constructor(private readonly kinds: KindsService) {}

  @Endpoint(routes.listKinds)
  list() {
    return this.kinds.list();
  }

  @Endpoint(routes.createKind)
  create(@CurrentUser() user: Principal, @ValidBody() body: KindCreate) {
    return this.kinds.create(user, body);
  }

  @Endpoint(routes.patchKind)
  patch(@CurrentUser() user: Principal, @Param('key') key: string, @ValidBody() body: KindPatch) {
    return this.kinds.patch(user, key, body);
  }
}
