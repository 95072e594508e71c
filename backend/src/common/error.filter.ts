import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, NotFoundException } from '@nestjs/common';
import { OptimisticLockError, UniqueConstraintViolationException, ForeignKeyConstraintViolationException, NotFoundError } from '@mikro-orm/core';
import { ZodError } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { zodDetails } from './errors.js';

const STATUS_MESSAGES: Record<number, string> = {
  400: 'Ogiltig förfrågan',
  401: 'Du är inte inloggad',
  403: 'Du har inte behörighet till detta',
  404: 'Finns inte',
  405: 'Metoden stöds inte',
  409: 'Konflikt',
  413: 'Förfrågan är för stor',
  415: 'Innehållstypen stöds inte',
  422: 'Kunde inte behandlas',
  429: 'För många försök. Vänta en stund och försök igen.',
};

/** Maps every error to the API's error shape, once. Never leaks a stack trace. */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Error');

  /** `notFoundFallback` may answer a 404 itself (the web app's index.html for client-side routes). */
  constructor(private readonly notFoundFallback?: (req: FastifyRequest, reply: FastifyReply) => boolean) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof NotFoundException && this.notFoundFallback?.(host.switchToHttp().getRequest<FastifyRequest>(), reply)) return;
    const { status, body } = this.toResponse(error);
    if (status >= 500) {
      const text = error instanceof Error ? error.stack ?? error.message : String(error);
      this.logger.error(text);
      if (process.env.NODE_ENV === 'test') process.stderr.write(`[500] ${text}\n`);
    }
    void reply.status(status).header('cache-control', 'no-store').send(body);
  }

  toResponse(error: unknown): { status: number; body: Record<string, unknown> } {
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const res = error.getResponse();
      if (typeof res === 'object' && res && 'statusCode' in res && 'message' in res && typeof (res as { message: unknown }).message === 'string') {
        // Nest's own exceptions add `error` ("Not Found"); its router says "Cannot GET /api/cases/" for a
        // path no route takes (an empty path segment). The API's shape has neither.
        if ('error' in res) {
          const message = (res as { message: string }).message;
          return { status, body: { statusCode: status, message: /^Cannot [A-Z]+ \//u.test(message) ? (STATUS_MESSAGES[status] ?? message) : message } };
        }
        return { status, body: res as Record<string, unknown> };
      }
      return { status, body: { statusCode: status, message: STATUS_MESSAGES[status] ?? error.message } };
    }
    if (error instanceof ZodError) {
      return { status: 400, body: { statusCode: 400, message: 'Ogiltiga uppgifter', details: zodDetails(error) } };
    }
    if (error instanceof OptimisticLockError) {
      return { status: 409, body: { statusCode: 409, message: 'Någon annan har ändrat detta under tiden. Ladda om och försök igen.', details: [{ path: 'version', message: 'Inaktuell version' }] } };
    }
    if (error instanceof UniqueConstraintViolationException) {
      return { status: 409, body: { statusCode: 409, message: 'Det finns redan en post med samma nyckel' } };
    }
    if (error instanceof ForeignKeyConstraintViolationException) {
      return { status: 400, body: { statusCode: 400, message: 'En referens pekar på något som inte finns' } };
    }
    if (error instanceof NotFoundError) {
      return { status: 404, body: { statusCode: 404, message: 'Finns inte' } };
    }
    const fst = error as { statusCode?: number; code?: string };
    if (typeof fst?.statusCode === 'number' && fst.statusCode >= 400 && fst.statusCode < 500) {
      const status = fst.statusCode;
      const message =
        fst.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'Förfrågan är för stor (högst 1 MB)' :
        fst.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'Innehållstypen stöds inte' :
        fst.code?.startsWith('FST_ERR_CTP') || error instanceof SyntaxError ? 'Ogiltig JSON' :
        STATUS_MESSAGES[status] ?? 'Ogiltig förfrågan';
      return { status, body: { statusCode: status, message } };
    }
    return { status: 500, body: { statusCode: 500, message: 'Ett oväntat fel inträffade. Försök igen om en stund.' } };
  }
}
