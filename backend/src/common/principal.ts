import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role, RoleGrant } from '@uppsikt/shared';
import type { FastifyRequest } from 'fastify';
import { unauthorized } from './errors.js';

/** The authenticated user of a request. */
export interface Principal {
  id: string;
  email: string;
  name: string;
  workflowMail: boolean;
  /** Logs in through single sign-on (roles come from the provider). */
  sso: boolean;
  grants: RoleGrant[];
  roles: Role[];
  /** Bodies the user is editor for. */
  editorOf: string[];
  via: 'session' | 'token';
  sessionId?: string;
}

export function isReviewer(p: Principal): boolean {
  return p.roles.includes('reviewer') || p.roles.includes('admin');
}

export function isAdmin(p: Principal): boolean {
  return p.roles.includes('admin');
}

/** Readers see reports once they have been submitted (`PUBLISHED_REPORT_STATES`, and their history); everyone else sees every state. */
export function seesOnlySubmitted(p: Principal): boolean {
  return !p.roles.some((r) => r === 'admin' || r === 'reviewer' || r === 'editor');
}

/**
 * Whose return comments the user may read: a return comment is between SLK and the board, so
 * reviewers and admins read all ('*'), editors those of their own boards, readers none.
 */
export function returnCommentsOf(p: Principal): '*' | string[] {
  return isReviewer(p) ? '*' : [...p.editorOf].sort();
}

/** A report with its return comment taken out unless the user may read it. */
export function withVisibleReturnComment<T extends { body: string; returnComment: string | null }>(scope: '*' | readonly string[], report: T): T {
  return scope === '*' || scope.includes(report.body) || report.returnComment === null ? report : { ...report, returnComment: null };
}

export function toPrincipal(row: { id: string; email: string; name: string; workflow_mail?: boolean; sso?: boolean }, grants: RoleGrant[], via: Principal['via'], sessionId?: string): Principal {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    workflowMail: row.workflow_mail ?? true,
    sso: row.sso ?? false,
    grants,
    roles: [...new Set(grants.map((g) => g.role))],
    editorOf: grants.filter((g) => g.role === 'editor' && g.body).map((g) => g.body!),
    via,
    sessionId,
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The logged-in user (the guard has already refused anonymous calls where login is required). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const req = ctx.switchToHttp().getRequest<FastifyRequest>();
  if (!req.principal) throw unauthorized();
  return req.principal;
});

/** The user if logged in, else undefined (for public endpoints). */
export const OptionalUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal | undefined => {
  return ctx.switchToHttp().getRequest<FastifyRequest>().principal;
});
