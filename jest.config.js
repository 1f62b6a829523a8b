/** Jest runs the TypeScript sources directly through SWC as native ESM. */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^neurostream$': '<rootDir>/src/index.ts',
    '^neurostream/node$': '<rootDir>/src/node.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    // @swc/jest, plus module-scope bindings of the built-ins (see the file: global reads are slow in jest's vm context)
    '^.+\\.ts$': ['<rootDir>/test/jestTransform.cjs', {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022', experimental: { keepImportAttributes: true } },
      module: { type: 'es6' },
      sourceMaps: 'inline',
    }],
  },
  testTimeout: 120000,
  // One worker per core: jest's default (cores − 1) runs a 2-core CI machine's suites one at a time.
  maxWorkers: '100%',
};
