import { Controller, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { routes, type CaseCreate, type CaseListQuery, type CasePatch, type CaseClose, type CaseStatusQuery } from '@uppsikt/shared';
import type { z } from 'zod';
import { Endpoint, ValidBody, ValidQuery } from '../../common/endpoint.decorator.js';
import { jsonReply } from '../../common/json-reply.js';
import { CurrentUser, type Principal } from '../../common/principal.js';
import { CasesService } from './cases.service.js';

@Controller()
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Endpoint(routes.listCases)
  async list(@CurrentUser() user: Principal, @ValidQuery() q: z.infer<typeof CaseListQuery>, @Res({ passthrough: true }) reply: FastifyReply) {
    return jsonReply(reply, await this.cases.list(user, q));
  }

  @Endpoint(routes.createCase)
  create(@CurrentUser() user: Principal, @ValidBody() body: CaseCreate) {
    return this.cases.create(user, body);
  }

  @Endpoint(routes.getCase)
  async get(@CurrentUser() user: Principal, @Param('reference') reference: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return jsonReply(reply, await this.cases.get(user, reference));
  }

  @Endpoint(routes.patchCase)
  patch(@CurrentUser() user: Principal, @Param('reference') reference: string, @ValidBody() body: CasePatch) {
    return this.cases.patch(user, reference, body);
  }

  @Endpoint(routes.closeCase)
  close(@CurrentUser() user: Principal, @Param('reference') reference: string, @ValidBody() body: z.infer<typeof CaseClose>) {
    return this.cases.close(user, reference, body);
  }

  @Endpoint(routes.caseStatuses)
  async statuses(@ValidQuery() q: z.infer<typeof CaseStatusQuery>, @Res({ passthrough: true }) reply: FastifyReply) {
    return jsonReply(reply, await this.cases.latestStatuses(q.references));
  }

  @Endpoint(routes.caseHistory)
  async history(@CurrentUser() user: Principal, @Param('reference') reference: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return jsonReply(reply, await this.cases.history(user, reference));
  }
}
