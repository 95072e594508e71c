import { Controller, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { routes } from '@uppsikt/shared';
import { Endpoint, ValidQuery } from '../../common/endpoint.decorator.js';
import { CurrentUser, type Principal } from '../../common/principal.js';
import { attachment } from './attachment.js';
import { ExportsService, type FollowupQuery } from './exports.service.js';

@Controller()
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Endpoint(routes.exportFollowup)
  async followup(@CurrentUser() user: Principal, @ValidQuery() q: FollowupQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    return attachment(reply, await this.exports.followup(user, q));
  }
}
