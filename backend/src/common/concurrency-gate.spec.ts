import { describe, expect, it } from 'vitest';
import { ConcurrencyGate } from './concurrency-gate.js';

const tick = () => new Promise((r) => setImmediate(r));

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('ConcurrencyGate', () => {
  it('runs at most `size` tasks at once and the rest in arrival order', async () => {
    const gate = new ConcurrencyGate(2);
    const tasks = Array.from({ length: 5 }, () => deferred());
    const started: number[] = [];
    const done = tasks.map((d, i) => gate.run(async () => (started.push(i), await d.promise, i)));
    await tick();
    expect(started).toEqual([0, 1]);
    expect(gate.active).toBe(2);
    tasks[1].resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    tasks[0].resolve();
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    // a newcomer waits behind task 4, which has waited longer
    const late = gate.run(async () => (started.push(9), 9));
    tasks[2].resolve();
    await tick();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    tasks[3].resolve();
    tasks[4].resolve();
    expect(await Promise.all([...done, late])).toEqual([0, 1, 2, 3, 4, 9]);
    expect(gate.active).toBe(0);
  });

  it('frees the place of a task that throws', async () => {
    const gate = new ConcurrencyGate(1);
    const failing = gate.run(async () => {
      throw new Error('SMTP 451');
    });
    await expect(failing).rejects.toThrow('SMTP 451');
    expect(gate.active).toBe(0);
    expect(await gate.run(async () => 'next')).toBe('next');
  });

  it('refuses a size below 1', () => {
    expect(() => new ConcurrencyGate(0)).toThrow(RangeError);
  });
});
