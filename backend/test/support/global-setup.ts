import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from '../../src/mikro-orm.config.js';
import { admin, TEMPLATE_DB, urlFor } from './db.js';

/** Builds the migrated template database once per test run; each test file copies it. */
export default async function setup(): Promise<() => Promise<void>> {
  const name = `${TEMPLATE_DB}_${process.pid}`;
  process.env.UPPSIKT_TEST_TEMPLATE = name;
  await admin(async (c) => {
    await c.query(`drop database if exists "${name}" with (force)`);
    await c.query(`create database "${name}"`);
  });
  const orm = await MikroORM.init({ ...ormOptions(urlFor(name), 2), logger: () => undefined });
  await orm.migrator.up();
  await orm.close(true);
  return async () => {
    await admin((c) => c.query(`drop database if exists "${name}" with (force)`));
  };
}
