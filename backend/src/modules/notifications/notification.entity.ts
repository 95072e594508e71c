import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { Opt } from '@mikro-orm/core';
import type { NotificationKind, NotificationState } from '@uppsikt/shared';
import { uuidv7 } from '../../common/ids.js';

/**
 * One e-mail Uppsikt owes someone. PostgreSQL is the source of truth: the unique `dedupeKey`
 * (kind, period, recipient, slot) makes each send happen once, whatever Redis does.
 */
@Entity({ tableName: 'notification' })
@Index({ properties: ['state', 'createdAt'] })
@Index({ properties: ['periodId', 'createdAt'] })
export class NotificationEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'text' })
  @Unique()
  dedupeKey: string;

  @Property({ type: 'text' })
  kind: NotificationKind;

  @Property({ type: 'text', nullable: true })
  periodId: string | null = null;

  /** The slot this send belongs to: an offset's fire time, a digest window, a report version. */
  @Property({ type: 'text' })
  slot: string;

  @Property({ type: 'text' })
  @Index()
  recipient: string;

  @Property({ type: 'uuid', nullable: true })
  recipientUserId: string | null = null;

  /** How many reports of each body the mail lists (`{"KS": 2}`): what the reminder preview shows once sent. */
  @Property({ type: 'json', columnType: 'jsonb', defaultRaw: "'{}'" })
  reportCounts: Opt<Record<string, number>> = {};

  @Property({ type: 'text' })
  subject: string;

  @Property({ type: 'text' })
  bodyText: string;

  @Property({ type: 'text' })
  bodyHtml: string;

  @Property({ type: 'text', default: 'queued' })
  state: Opt<NotificationState> = 'queued';

  @Property({ type: 'integer', default: 0 })
  attempts: Opt<number> = 0;

  /** Set when a worker starts an SMTP attempt; a stale claim means the worker may have died mid-send. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  claimedAt: Date | null = null;

  /** The mail may have been delivered twice (a worker died between the SMTP accept and this row's update). */
  @Property({ type: 'boolean', default: false })
  possibleDuplicate: Opt<boolean> = false;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'text', nullable: true })
  messageId: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  sentAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Opt<Date> = new Date();
}
