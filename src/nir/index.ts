export { NirError } from './errors.js';
export { NIR_PRIMITIVES, NIR_WRITE_VERSION, tensor, sizeOf, isGraph } from './graph.js';
export type { NirTensor, NirMetadata, NirPrimitiveType, NirPrimitive, NirGraph, NirNode, NirDocument } from './graph.js';
export { readNir } from './reader.js';
export type { ReadNirOptions } from './reader.js';
export { nirToNetwork } from './toNetwork.js';
export type { NirImportOptions, NirImport } from './toNetwork.js';
export { validateGraph } from './validate.js';
