import { Controller, Param } from '@nestjs/common';
import { routes } from '@uppsikt/shared';
import { Endpoint } from '../../common/endpoint.decorator.js';
import { PublicService } from './public.service.js';

@Controller()
export class PublicController {
  constructor(private readonly pub: PublicService) {}

  @Endpoint(routes.publicPeriods)
  periods() {
    return this.pub.periods();
  }

  @Endpoint(routes.publicPeriodCases)
  cases(@Param('id') id: string) {
    return this.pub.cases(id);
  }
}
