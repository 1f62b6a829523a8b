import { spawn, type ChildProcess } from 'node:child_process';

/** A `neurostream worker` process (its CLI command, from source under tsx), started and ready. */
export interface WorkerProcess {
  readonly proc: ChildProcess;
  readonly ready: Promise<void>;
  /** Its output so far (for failure messages). */
  output(): string;
}

export function startWorker(url: string, env: NodeJS.ProcessEnv = {}): WorkerProcess {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/sweep/fixtures/workerMain.ts', 'worker', '--queue', url, '--lock-duration', '2 s', '--stalled-interval', '1 s', '--max-stalled', '10'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/taking jobs from/.test(out)) resolve();
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('exit', (code, signal) => reject(new Error(`worker exited (${signal ?? code}) before it was ready: ${out}`)));
  });
  ready.catch(() => {});
  return { proc, ready, output: () => out };
}

/** SIGTERM (finish the running job, then stop) and wait for the exit. */
export async function stopWorker(w: WorkerProcess): Promise<void> {
  if (w.proc.exitCode !== null || w.proc.signalCode !== null) return;
  const exited = new Promise((r) => w.proc.once('exit', r));
  w.proc.kill('SIGTERM');
  await exited;
}
