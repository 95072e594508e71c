import { Controller, Param } from '@nestjs/common';
import { routes, type PeriodCreate } from '@uppsikt/shared';
import { Endpoint, ValidBody } from '../../common/endpoint.decorator.js';
import { CurrentUser, type Principal } from '../../common/principal.js';
import { PeriodsService } from './periods.service.js';

@Controller()
export class PeriodsController {
  constructor(private readonly periods: PeriodsService) {}

  @Endpoint(routes.listPeriods)
  list() {
    return this.periods.list();
  }

  @Endpoint(routes.createPeriod)
  open(@CurrentUser() user: Principal, @ValidBody() body: PeriodCreate) {
    return this.periods.open(user, body);
  }

  @Endpoint(routes.closePeriod)
  close(@CurrentUser() user: Principal, @Param('id') id: string) {
    return this.periods.close(user, id);
  }

  @Endpoint(routes.publishPeriod)
  publish(@CurrentUser() user: Principal, @Param('id') id: string) {
    return this.periods.publish(user, id);
  }
}
