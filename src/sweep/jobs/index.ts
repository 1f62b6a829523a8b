import type { SweepJobDefinition } from '../jobDefinition.js';
import { flyDsi } from './flyDsi.js';

/** Job functions a sweep names without a module: `job: { function: fly-dsi }`. */
export const BUILT_IN_JOBS: Readonly<Record<string, SweepJobDefinition>> = {
  'fly-dsi': flyDsi as unknown as SweepJobDefinition,
};
