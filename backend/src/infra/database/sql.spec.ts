import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { LOOKUP_CONNECTIONS, lookupPoolConfig } from './sql.js';

describe('lookupPoolConfig', () => {
  it('keeps the ORM pool’s address, password and type parsers, on its own few connections', () => {
    const types = { getTypeParser: () => String };
    const orm = new pg.Pool({ host: '127.0.0.1', port: 5433, user: 'uppsikt', password: 'hemligt-lösen', database: 'uppsikt', max: 10, types });
    const config = lookupPoolConfig(orm);
    expect(config).toMatchObject({ host: '127.0.0.1', port: 5433, user: 'uppsikt', password: 'hemligt-lösen', database: 'uppsikt', max: LOOKUP_CONNECTIONS, min: 0 });
    expect(config.types).toBe(types);
    void orm.end();
  });
});
