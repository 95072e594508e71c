import { Controller, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { routes, type ContributionUpdate, type ReportListQuery, type ReportReopen, type ReportReturn, type ReportUpdate, type ReportVersionBody } from '@uppsikt/shared';
import type { z } from 'zod';
import { Endpoint, ValidBody, ValidQuery } from '../../common/endpoint.decorator.js';
import { jsonReply } from '../../common/json-reply.js';
import { CurrentUser, type Principal } from '../../common/principal.js';
import { ReportsService } from './reports.service.js';

@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Endpoint(routes.listReports)
  async list(@CurrentUser() user: Principal, @ValidQuery() q: z.infer<typeof ReportListQuery>, @Res({ passthrough: true }) reply: FastifyReply) {
    return jsonReply(reply, await this.reports.list(user, q));
  }

  @Endpoint(routes.getReport)
  get(@CurrentUser() user: Principal, @Param('id') id: string) {
    return this.reports.get(user, id);
  }

  @Endpoint(routes.saveReport)
  save(@CurrentUser() user: Principal, @Param('id') id: string, @ValidBody() body: ReportUpdate) {
    return this.reports.save(user, id, body);
  }

  @Endpoint(routes.submitReport)
  submit(@CurrentUser() user: Principal, @Param('id') id: string, @ValidBody() body: z.infer<typeof ReportVersionBody>) {
    return this.reports.submit(user, id, body.version);
  }

  @Endpoint(routes.returnReport)
  return(@CurrentUser() user: Principal, @Param('id') id: string, @ValidBody() body: z.infer<typeof ReportReturn>) {
    return this.reports.review(user, id, 'return', body);
  }

  @Endpoint(routes.approveReport)
  approve(@CurrentUser() user: Principal, @Param('id') id: string, @ValidBody() body: z.infer<typeof ReportVersionBody>) {
    return this.reports.review(user, id, 'approve', body);
  }

  @Endpoint(routes.reopenReport)
  reopen(@CurrentUser() user: Principal, @Param('id') id: string, @ValidBody() body: z.infer<typeof ReportReopen>) {
    return this.reports.review(user, id, 'reopen', body);
  }

  @Endpoint(routes.reportSubmissions)
  submissions(@CurrentUser() user: Principal, @Param('id') id: string) {
    return this.reports.submissions(user, id);
  }

  @Endpoint(routes.saveContribution)
  contribution(@CurrentUser() user: Principal, @Param('id') id: string, @Param('body') body: string, @ValidBody() input: z.infer<typeof ContributionUpdate>) {
    return this.reports.saveContribution(user, id, body, input);
  }
}
