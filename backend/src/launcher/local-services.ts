import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { join } from 'node:path';

/** Zero-setup services for `pnpm start` on a machine with nothing configured. */

export async function freePort(preferred?: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => {
        const addr = srv.address();
        srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : port));
      });
    });
  if (preferred) {
    try {
      return await tryPort(preferred);
    } catch {
      /* taken: pick any */
    }
  }
  return tryPort(0);
}

export function redisAnswers(host: string, port: number, timeoutMs = 700): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => socket.write('PING\r\n'));
    socket.once('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

export interface LocalRedis {
  url: string;
  process?: ChildProcess;
}

/** A Redis on localhost:6379 if one answers, else `redis-server` from PATH on a free port; else null. */
export async function findOrStartRedis(dataDir: string, log: (m: string) => void): Promise<LocalRedis | null> {
  if (await redisAnswers('127.0.0.1', 6379)) return { url: 'redis://127.0.0.1:6379' };
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const bin = which.stdout.trim();
  if (!bin) return null;
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = await freePort(56_379);
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    if (await redisAnswers('127.0.0.1', port)) {
      log(`Started redis-server on 127.0.0.1:${port} (data in ${dir})`);
      return { url: `redis://127.0.0.1:${port}`, process: child };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  return null;
}
