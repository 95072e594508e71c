import { Controller, Res } from '@nestjs/common';
import { routes } from '@uppsikt/shared';
import type { FastifyReply } from 'fastify';
import { Endpoint } from '../../common/endpoint.decorator.js';
import { HealthService } from './health.service.js';

@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Endpoint(routes.health)
  async get(@Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.health.check();
    void reply.status(result.status === 'ok' ? 200 : 503).header('cache-control', 'no-store');
    return result;
  }
}
