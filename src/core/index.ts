export * from './errors.js';
export * from './random.js';
export * from './base64.js';
export * from './quantity.js';
export * from './warnings.js';
export * from './suggest.js';
export * from './memoryBudget.js';
