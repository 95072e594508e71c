import { Injectable } from '@nestjs/common';

/** The source of "now". Injected so that time-dependent behaviour can be tested. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
