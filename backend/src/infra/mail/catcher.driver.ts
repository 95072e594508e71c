import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../config/env.js';
import { Sql } from '../database/sql.js';
import { CaughtMailEntity } from './caught-mail.entity.js';
import { MailPort, type MailMessage, type SentMail } from './mail.port.js';

/** Keeps every message in the database for admins to read (the zero-setup default). */
@Injectable()
export class CatcherMailDriver extends MailPort {
  readonly driver = 'catcher' as const;
  /** Each mail is one insert on the shared database pool; a few at a time leave it to the requests. */
  readonly connections = 2;

  constructor(
    private readonly em: EntityManager,
    private readonly config: AppConfig,
    private readonly sql: Sql,
  ) {
    super();
  }

  async send(message: MailMessage): Promise<SentMail> {
    const em = this.em.fork();
    const messageId = message.messageId ?? `<${randomUUID()}@uppsikt.local>`;
    const mail = em.create(CaughtMailEntity, {
      to: message.to,
      from: this.config.env.MAIL_FROM,
      subject: message.subject,
      text: message.text,
      html: message.html ?? null,
      messageId,
    });
    await em.persist(mail).flush();
    return { messageId };
  }

  async verify(): Promise<void> {
    await this.sql.ping();
  }
}
