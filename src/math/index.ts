export * from './gemm.js';
