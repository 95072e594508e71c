import 'reflect-metadata';
import { checkEnvironmentOrExit, describeStartupError, prepareDatabase, startWorkers } from './startup.js';

checkEnvironmentOrExit('worker');

const { NestFactory } = await import('@nestjs/core');
const { Logger } = await import('nestjs-pino');
const { AppModule } = await import('./app.module.js');

/** The worker: BullMQ workers and job schedulers, no HTTP server. */
try {
  const app = await NestFactory.createApplicationContext(AppModule.forRole('worker'), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await prepareDatabase(app, 'worker');
  await startWorkers(app);
  app.get(Logger).log('Uppsikt worker started');
} catch (e) {
  process.stderr.write(`Uppsikt worker could not start: ${describeStartupError(e)}\n`);
  process.exit(1);
}
