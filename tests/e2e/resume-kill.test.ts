// A real kill -9: a child process runs a tiny job's DINO pretraining, is SIGKILLed once its first checkpoint is
// committed, and a rerun resumes from that checkpoint and ends with the teacher of an uninterrupted run, byte for byte.
// The rerun and the uninterrupted run happen in this process: a second child would only add its start-up time.
import { spawn } from 'node:child_process';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PretrainingSummary } from '../../dsl/results.ts';
import { initBackend } from '../../runtime/backend.ts';
import { JOB_ID, runTinyPretraining, tinyJobSpec } from './resume-kill-job.ts';

const CHILD = join(import.meta.dirname, 'resume-kill-job.ts');
// one replica in the child and here: bit equality holds on the same backend and replica count
const ENV = { ...process.env, ORTHOBENCH_REPLICAS: '1' };

const exists = (path: string): Promise<boolean> => access(path).then(() => true, () => false);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the job in a child and SIGKILLs it as soon as a checkpoint manifest exists; returns that step. */
async function killAfterFirstCheckpoint(root: string): Promise<number> {
  const manifest = join(root, JOB_ID, 'pretrain', 'checkpoint', 'checkpoint.json');
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, root], { env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let running = true;
  void exited.then(() => {
    running = false;
  });
  while (running && !(await exists(manifest))) await sleep(5);
  child.kill('SIGKILL');
  expect(await exited, `the child ended by itself before a checkpoint:\n${stderr}`).toBe('SIGKILL');
  return (JSON.parse(await readFile(manifest, 'utf8')) as { step: number }).step;
}

describe('bench run after kill -9 during DINO pretraining', () => {
  let dir = '';
  const replicasBefore = process.env.ORTHOBENCH_REPLICAS;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orthobench-kill-'));
    await initBackend('wasm');
    process.env.ORTHOBENCH_REPLICAS = '1';
  });
  afterAll(async () => {
    if (replicasBefore === undefined) delete process.env.ORTHOBENCH_REPLICAS;
    else process.env.ORTHOBENCH_REPLICAS = replicasBefore;
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('resumes from the last checkpoint and finishes with the uninterrupted teacher, byte for byte', async () => {
    const killed = join(dir, 'killed');
    const step = await killAfterFirstCheckpoint(killed);
    expect(step).toBeGreaterThan(0);
    expect(step).toBeLessThan(tinyJobSpec().pretrain.steps);
    expect(await exists(join(killed, JOB_ID, 'pretrain', 'summary.json'))).toBe(false);

    const messages: string[] = [];
    await runTinyPretraining(killed, (m) => messages.push(m));
    expect(messages).toContain(`resuming DINO pretraining at step ${step}/12 from ${join(killed, JOB_ID, 'pretrain', 'checkpoint')}`);

    const uninterrupted = join(dir, 'uninterrupted');
    await runTinyPretraining(uninterrupted, () => {});
    const teacher = (root: string): Promise<Buffer> => readFile(join(root, JOB_ID, 'pretrain', 'teacher.safetensors'));
    expect((await teacher(killed)).equals(await teacher(uninterrupted))).toBe(true);
    const log = async (root: string) => {
      const summary = JSON.parse(await readFile(join(root, JOB_ID, 'pretrain', 'summary.json'), 'utf8')) as PretrainingSummary;
      return summary.log.map(({ imagesPerSec: _t, ...rest }) => rest);
    };
    expect(await log(killed)).toEqual(await log(uninterrupted));
  });
});
