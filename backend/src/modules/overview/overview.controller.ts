import { Controller, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { routes, type OverviewQuery } from '@uppsikt/shared';
import { Endpoint, ValidQuery } from '../../common/endpoint.decorator.js';
import { jsonReply } from '../../common/json-reply.js';
import { OverviewService } from './overview.service.js';

@Controller()
export class OverviewController {
  constructor(private readonly overview: OverviewService) {}

  /** Any logged-in user: the answer holds only what every role may read, the same for all. */
  @Endpoint(routes.overview)
  async get(@ValidQuery() q: OverviewQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    return jsonReply(reply, await this.overview.get(q));
  }
}
