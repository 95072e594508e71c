import { Controller, HttpException, Req, Res } from '@nestjs/common';
import { routes, type ImportResult, type ImportType } from '@uppsikt/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Endpoint, ValidQuery } from '../../common/endpoint.decorator.js';
import { CurrentUser, type Principal } from '../../common/principal.js';
import { KindRegistry } from '../kinds/kind-registry.js';
import { ImportsService } from './imports.service.js';
import { importTemplate } from './templates.js';
import { readUpload } from './upload.js';
import { attachment } from '../exports/attachment.js';

@Controller()
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly kinds: KindRegistry,
  ) {}

  @Endpoint(routes.importCases)
  importCases(@CurrentUser() user: Principal, @ValidQuery() q: { dryRun: boolean }, @Req() req: FastifyRequest) {
    return this.run('cases', user, q, req);
  }

  @Endpoint(routes.importReports)
  importReports(@CurrentUser() user: Principal, @ValidQuery() q: { dryRun: boolean }, @Req() req: FastifyRequest) {
    return this.run('reports', user, q, req);
  }

  @Endpoint(routes.importIndicators)
  importIndicators(@CurrentUser() user: Principal, @ValidQuery() q: { dryRun: boolean }, @Req() req: FastifyRequest) {
    return this.run('indicators', user, q, req);
  }

  @Endpoint(routes.importTemplate)
  async template(@ValidQuery() q: { type: ImportType; format: 'xlsx' | 'csv' }, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    return attachment(reply, await importTemplate(q.type, q.format, await this.kinds.all()));
  }

  /** 200 with the result; 422 with the same body (plus statusCode and message) when any row has an error. */
  private async run(type: ImportType, user: Principal, q: { dryRun: boolean }, req: FastifyRequest): Promise<ImportResult> {
    const file = await readUpload(req);
    const result = await this.imports.importFile(type, user, file, { dryRun: q.dryRun });
    if (result.errors.length) {
      const n = result.errors.length;
      throw new HttpException({ statusCode: 422, message: `Importen avvisades: ${n} fel. Ingenting sparades.`, ...result }, 422);
    }
    return result;
  }
}
