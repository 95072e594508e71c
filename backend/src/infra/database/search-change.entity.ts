import type { Opt } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * One committed change to the words of report comments that search reads: `a:<lexeme>` (all
 * reports) or `p:<lexeme>` (submitted and approved ones), see Migration20261201120000 and
 * `ChangeTokens`. C collation, so a search term's prefix is one index range. Written only by the
 * report trigger the migration creates (no entity declares it).
 */
@Entity({ tableName: 'search_change' })
@Index({ name: 'search_change_term_index', properties: ['term'], include: ['n'] })
export class SearchChangeEntity {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: Opt<string>;

  @Property({ type: 'text', collation: 'C' })
  term!: string;

  @Property({ type: 'bigint', default: 1 })
  n!: Opt<string>;
}
