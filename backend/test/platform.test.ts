import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Test } from '@nestjs/testing';
import { DiscoveryModule } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Processor } from '@nestjs/bullmq';
import { JobName, QueueName } from '@uppsikt/shared';
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import type { Job } from 'bullmq';
import { parseEnv } from '../src/config/env.js';
import { JobHandler } from '../src/infra/queue/job-handler.decorator.js';
import { JobProcessor } from '../src/infra/queue/job-processor.js';
import { JobRegistry, JobRegistryError } from '../src/infra/queue/job-registry.js';
import { freePort } from '../src/launcher/local-services.js';
import { TestApp } from './support/app.js';

const here = dirname(fileURLToPath(import.meta.url));

describe('OpenAPI', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t?.stop());

  it('serves the committed shared/openapi.json unchanged (run `pnpm --filter @uppsikt/shared openapi` after changing the contract)', async () => {
    const committed = JSON.parse(readFileSync(join(here, '..', '..', 'shared', 'openapi.json'), 'utf8'));
    const served = await t.request('GET', '/api/openapi.json');
    expect(served.status).toBe(200);
    expect(served.body).toEqual(committed);
  });

  it('is browsable at /api/docs', async () => {
    const res = await t.request('GET', '/api/docs');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/swagger/i);
  });
});

describe('configuration', () => {
  const base = { DATABASE_URL: 'postgresql://u@h/db', REDIS_URL: 'redis://h:6379' };

  it('gives one clear line per bad value', () => {
    expect(() => parseEnv({ ...base, PORT: 'abc' })).toThrow(/^Invalid configuration: PORT="abc": .+$/);
    expect(() => parseEnv({ ...base, DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL="not a url": must be a URL starting with postgres:/);
    expect(() => parseEnv({ REDIS_URL: base.REDIS_URL })).toThrow(/DATABASE_URL is missing/);
    expect(() => parseEnv({ ...base, REMINDER_HOUR: '25', LOG_LEVEL: 'loud' })).toThrow(/REMINDER_HOUR[\s\S]*\n.*LOG_LEVEL/);
  });

  it('has the documented defaults', () => {
    const env = parseEnv(base);
    expect(env).toMatchObject({ PORT: 3000, REDIS_PREFIX: 'uppsikt', REMINDER_HOUR: 8, REMINDER_RECONCILE_SECONDS: 60, UPPSIKT_DEMO: false, LOG_LEVEL: 'info' });
  });

  it('stops the real process with one line and exit code 1 (PORT=abc)', async () => {
    const main = join(here, '..', 'dist', 'main.js');
    const child = spawn(process.execPath, [main], { env: { ...process.env, ...base, PORT: 'abc' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Invalid configuration: PORT="abc"/)]);
  });
});

describe('job handler registry', () => {
  @Processor(QueueName.Maintenance)
  class Purger extends JobProcessor {
    @JobHandler(JobName.PurgeSessions)
    async purge() {}
  }
  @Processor(QueueName.Notifications)
  class SecondPurger extends JobProcessor {
    @JobHandler(JobName.PurgeSessions)
    async purgeAgain() {}
  }
  class Nothing {}

  // Processors and the registry only: no BullModule, so no worker is created.
  async function registryWith(...providers: Array<new (...a: never[]) => unknown>) {
    const mod = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [JobRegistry, ...providers, { provide: MikroORM, useValue: {} }],
    }).compile();
    return mod.get(JobRegistry);
  }

  it('finds exactly one handler for every job in the real application', async () => {
    const t = await TestApp.start();
    try {
      expect([...t.get(JobRegistry).discoverHandlers().keys()].sort()).toEqual(Object.values(JobName).sort());
    } finally {
      await t.stop();
    }
  });

  it('runs every job in a MikroORM context of its own', async () => {
    class Probe extends JobProcessor {
      @JobHandler(JobName.PurgeSessions)
      async probe() {
        return RequestContext.getEntityManager();
      }
    }
    const t = await TestApp.start();
    try {
      const orm = t.get(MikroORM);
      const probe = new Probe(orm);
      const job = { name: JobName.PurgeSessions, data: {} } as Job;
      const [a, b] = [await probe.process(job), await probe.process(job)];
      expect(a).toBeDefined();
      expect(a).not.toBe(b);
      expect(a).not.toBe(orm.em);
    } finally {
      await t.stop();
    }
  });

  it('refuses to boot when a job has no handler or two', async () => {
    await expect(registryWith(Nothing).then((q) => q.discoverHandlers())).rejects.toThrow(JobRegistryError);
    await expect(registryWith(Nothing).then((q) => q.discoverHandlers())).rejects.toThrow(/has no handler/);
    await expect(registryWith(Purger, SecondPurger).then((q) => q.discoverHandlers())).rejects.toThrow(/has 2 handlers/);
  });

  it('refuses two processors on one queue and a handler on the wrong queue', async () => {
    @Processor(QueueName.Maintenance)
    class Compactor extends JobProcessor {
      @JobHandler(JobName.CompactReadChanges)
      async compact() {}
    }
    await expect(registryWith(Purger, Compactor).then((q) => q.discoverHandlers())).rejects.toThrow(/queue \{maintenance\} has 2 processors \(Purger, Compactor\)/);
    await expect(registryWith(SecondPurger).then((q) => q.discoverHandlers())).rejects.toThrow(/job "purge-sessions" runs on queue \{maintenance\} but its handler is on \{notifications\}/);
  });
});

describe('health', () => {
  let t: TestApp;
  let redis: ReturnType<typeof spawn>;
  beforeAll(async () => {
    const port = await freePort();
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 300));
    t = await TestApp.start({ REDIS_URL: `redis://127.0.0.1:${port}` });
    await t.body('KS', 'styrelse');
    await t.user('h@example.se', [{ role: 'reader' }]);
  });
  afterAll(async () => {
    redis.kill('SIGKILL');
    await t?.stop();
  });

  it('is ok when database, Redis and mail answer', async () => {
    const res = await t.request('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: { status: 'up' }, redis: { status: 'up' }, mail: { status: 'up', message: 'driver: catcher' } } });
  });

  it('answers 503 naming Redis when Redis stops, while the rest of the API keeps answering', async () => {
    const caller = await t.login('h@example.se');
    redis.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    const res = await t.request('GET', '/api/health');
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('error');
    expect(res.body.checks.redis.status).toBe('down');
    expect(res.body.checks.database.status).toBe('up');
    const me = await t.request('GET', '/api/auth/me', caller);
    expect(me.status).toBe(200);
    expect((await t.request('GET', '/api/bodies', caller)).status).toBe(200);
  });
});
