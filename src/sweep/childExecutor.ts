import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SweepJob } from './expand.js';
import type { SweepResult } from './jobDefinition.js';

/** The executor's entry: built JavaScript, or the TypeScript source under tsx (tests, `tsx`). */
function entry(): { file: string; execArgv: string[] } {
  const js = fileURLToPath(new URL('./executorProcess.js', import.meta.url));
  if (!import.meta.url.endsWith('.ts') && existsSync(js)) return { file: js, execArgv: [] };
  return { file: fileURLToPath(new URL('./executorProcess.ts', import.meta.url)), execArgv: ['--import', 'tsx'] };
}

/** A job's run failed: thrown by the job, over its time limit, or its process died. */
export class JobRunError extends Error {}

type Reply = { ready?: true; id?: string; result?: SweepResult; error?: string };

/**
 * One child process that runs jobs for this one, one at a time, so a job can be stopped at
 * its time limit (the process is killed and a new one started for the next job) and a crash
 * in a job cannot take its worker down.
 */
export class ChildExecutor {
  private child: ChildProcess | null = null;
  private ready: Promise<void> | null = null;
  private tail = '';

  private start(): Promise<void> {
    const { file, execArgv } = entry();
    const child = fork(file, [], { execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    this.child = child;
    this.tail = '';
    const keep = (d: Buffer) => {
      this.tail = (this.tail + d.toString()).slice(-2000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.on('exit', () => {
      if (this.child === child) {
        this.child = null;
        this.ready = null;
      }
    });
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new JobRunError(`the job process did not start (exit ${code}): ${this.tail.trim()}`));
      child.once('exit', onExit);
      child.once('message', () => {
        child.off('exit', onExit);
        resolve();
      });
    });
  }

  /** Start the child now (a worker says it is ready only once it can run a job at once). */
  async warm(): Promise<void> {
    if (!this.ready) this.ready = this.start();
    await this.ready;
  }

  /** Run a job in the child; rejects with a JobRunError that says why it failed. */
  async run(job: SweepJob, timeLimitMs: number): Promise<SweepResult> {
    if (!this.ready) this.ready = this.start();
    await this.ready;
    const child = this.child!;
    this.tail = '';
    return new Promise<SweepResult>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      const onMessage = (m: Reply) => {
        if (m.id !== job.id) return;
        done();
        if (m.error !== undefined) reject(new JobRunError(m.error));
        else resolve(m.result!);
      };
      const onExit = (code: number | null, signal: string | null) => {
        done();
        reject(new JobRunError(`the job process died (${signal ?? `exit code ${code}`})${this.tail.trim() ? `: ${this.tail.trim().slice(-500)}` : ''}`));
      };
      const timer = setTimeout(() => {
        done();
        this.stopChild();
        reject(new JobRunError(`over its time limit of ${timeLimitMs / 1000} s: stopped`));
      }, timeLimitMs);
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send({ job });
    });
  }

  private stopChild(): void {
    const c = this.child;
    this.child = null;
    this.ready = null;
    c?.kill('SIGKILL');
  }

  close(): void {
    this.stopChild();
  }
}
