import type { FastifyReply } from 'fastify';

/** Sends JSON that is already serialized (a `ReadCache` body) as Fastify sends objects. */
export function jsonReply(reply: FastifyReply, body: Buffer): Buffer {
  void reply.type('application/json; charset=utf-8');
  return body;
}
