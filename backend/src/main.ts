import 'reflect-metadata';
import { checkEnvironmentOrExit, describeStartupError, prepareDatabase, startWorkers } from './startup.js';

checkEnvironmentOrExit('api');

const { createHttpApp } = await import('./http-app.js');
const { AppConfig } = await import('./config/env.js');

try {
  const app = await createHttpApp();
  const config = app.get(AppConfig);
  await prepareDatabase(app, 'api');
  if (config.env.WORKER_IN_PROCESS) await startWorkers(app);
  await app.listen({ port: config.env.PORT, host: config.env.HOST });
  app.get((await import('nestjs-pino')).Logger).log(`Uppsikt API listening on ${config.appUrl}${config.env.WORKER_IN_PROCESS ? ' (with worker)' : ''}`);
} catch (e) {
  process.stderr.write(`Uppsikt could not start: ${describeStartupError(e)}\n`);
  process.exit(1);
}
