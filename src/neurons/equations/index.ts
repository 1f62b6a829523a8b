export * from './defineModel.js';
export * from './errors.js';
export { formatDims, parseQuantity, parseUnit, type Dims, type Quantity } from './units.js';
export type { Method } from './integrate.js';
