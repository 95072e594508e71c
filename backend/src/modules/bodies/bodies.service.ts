import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Body, BodyCreate, BodyPatch } from '@uppsikt/shared';
import type { z } from 'zod';
import { conflict, notFound, staleVersion } from '../../common/errors.js';
import type { Principal } from '../../common/principal.js';
import { AuditService, created, diff } from '../audit/audit.service.js';
import { BodyEntity } from './body.entity.js';

export function bodyView(b: BodyEntity): Body {
  return { code: b.code, name: b.name, kind: b.kind, active: b.active, email: b.email, version: b.version };
}

@Injectable()
export class BodiesService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<Body[]> {
    const rows = await this.em.find(BodyEntity, {}, { orderBy: { code: 'asc' } });
    return rows.map(bodyView);
  }

  async create(actor: Principal, input: z.infer<typeof BodyCreate>): Promise<Body> {
    return this.em.transactional(async (em) => {
      if (await em.findOne(BodyEntity, { code: input.code })) throw conflict(`Nämnden ${input.code} finns redan`);
      const body = em.create(BodyEntity, { code: input.code, name: input.name, kind: input.kind, email: input.email ?? null, active: input.active ?? true });
      em.persist(body);
      this.audit.record(em, actor, { action: 'body.created', entity: 'body', entityId: body.code, changes: created({ name: body.name, kind: body.kind, email: body.email }) });
      await em.flush();
      return bodyView(body);
    });
  }

  async patch(actor: Principal, code: string, input: z.infer<typeof BodyPatch>): Promise<Body> {
    return this.em.transactional(async (em) => {
      const body = await em.findOne(BodyEntity, { code });
      if (!body) throw notFound('Nämnden');
      if (input.version !== undefined && input.version !== body.version) throw staleVersion();
      const before = bodyView(body);
      const { version: _v, ...changes } = input;
      em.assign(body, changes);
      const after = bodyView(body);
      this.audit.record(em, actor, { action: 'body.updated', entity: 'body', entityId: code, changes: diff(before, { ...after, version: before.version }) });
      await em.flush();
      return bodyView(body);
    });
  }
}
