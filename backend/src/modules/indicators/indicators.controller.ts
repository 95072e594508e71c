import { Controller, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { routes, type IndicatorCreate, type IndicatorPatch, type IndicatorValuePut } from '@uppsikt/shared';
import { Endpoint, ValidBody, ValidQuery } from '../../common/endpoint.decorator.js';
import { jsonReply } from '../../common/json-reply.js';
import { CurrentUser, type Principal } from '../../common/principal.js';
import { IndicatorsService } from './indicators.service.js';

@Controller()
export class IndicatorsController {
  constructor(private readonly indicators: IndicatorsService) {}

  @Endpoint(routes.listIndicators)
  async list(@Param('reference') reference: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return jsonReply(reply, await this.indicators.list(reference));
  }

  @Endpoint(routes.allIndicators)
  async all(@ValidQuery() q: { met?: 'true' | 'false' }, @Res({ passthrough: true }) reply: FastifyReply) {
    return jsonReply(reply, await this.indicators.all(q.met === undefined ? undefined : q.met === 'true'));
  }

  @Endpoint(routes.createIndicator)
  create(@CurrentUser() user: Principal, @Param('reference') reference: string, @ValidBody() body: IndicatorCreate) {
    return this.indicators.create(user, reference, body);
  }

  @Endpoint(routes.patchIndicator)
  patch(@CurrentUser() user: Principal, @Param('id') id: string, @ValidBody() body: IndicatorPatch) {
    return this.indicators.patch(user, id, body);
  }

  @Endpoint(routes.deleteIndicator)
  remove(@CurrentUser() user: Principal, @Param('id') id: string) {
    return this.indicators.remove(user, id);
  }

  @Endpoint(routes.putIndicatorValue)
  putValue(@CurrentUser() user: Principal, @Param('id') id: string, @Param('year') year: string, @ValidBody() body: IndicatorValuePut) {
    return this.indicators.putValue(user, id, year, body);
  }

  @Endpoint(routes.syncIndicators)
  sync() {
    return this.indicators.requestSync();
  }
}
