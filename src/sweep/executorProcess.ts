/**
 * A child process that runs sweep jobs one at a time for its parent (the local pool or a
 * queue worker): it gets `{ job }` over IPC and answers `{ id, result }` or `{ id, error }`.
 * It exits when its parent goes away, so a killed worker leaves no job running behind it.
 */
import type { SweepJob } from './expand.js';
import { runJob } from './runJob.js';

process.on('disconnect', () => process.exit(0));
process.on('message', (m: { job: SweepJob }) => {
  const { job } = m;
  runJob(job).then(
    (result) => process.send!({ id: job.id, result }),
    (e: unknown) => process.send!({ id: job.id, error: e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e) }),
  );
});
process.send!({ ready: true });
