import { HttpException } from '@nestjs/common';
import type { ZodError } from 'zod';

export interface ErrorDetail {
  path: string;
  message: string;
}

/** An error with the API's shape: `{statusCode, message, details?}`. Messages are Swedish (shown to users). */
export class ApiError extends HttpException {
  constructor(
    status: number,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super({ statusCode: status, message, ...(details ? { details } : {}) }, status);
  }
}

export const badRequest = (message: string, details?: ErrorDetail[]) => new ApiError(400, message, details);
export const unauthorized = (message = 'Du är inte inloggad') => new ApiError(401, message);
export const forbidden = (message = 'Du har inte behörighet till detta') => new ApiError(403, message);
export const notFound = (what: string) => new ApiError(404, `${what} finns inte`);
export const conflict = (message: string, details?: ErrorDetail[]) => new ApiError(409, message, details);
export const staleVersion = () => conflict('Någon annan har ändrat detta under tiden. Ladda om och försök igen.', [{ path: 'version', message: 'Inaktuell version' }]);

export function zodDetails(error: ZodError): ErrorDetail[] {
  return error.issues.map((i) => ({
    path: i.path.join('.') || (i.code === 'unrecognized_keys' ? (i as { keys?: string[] }).keys?.join(',') ?? '' : ''),
    message: i.code === 'unrecognized_keys' ? `Okänt fält: ${(i as { keys?: string[] }).keys?.join(', ')}` : i.message,
  }));
}
