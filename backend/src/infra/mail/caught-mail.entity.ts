import type { Opt } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { uuidv7 } from '../../common/ids.js';

/** A message kept by the built-in mail catcher (used when no SMTP_URL is set). */
@Entity({ tableName: 'caught_mail' })
export class CaughtMailEntity {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = uuidv7();

  @Property({ type: 'text[]' })
  to: string[];

  @Property({ type: 'text' })
  from: string;

  @Property({ type: 'text' })
  subject: string;

  @Property({ type: 'text' })
  text: string;

  @Property({ type: 'text', nullable: true })
  html: string | null = null;

  @Property({ type: 'text', nullable: true })
  messageId: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  @Index()
  createdAt: Opt<Date> = new Date();
}
