/**
 * Jest's TypeScript transform: @swc/jest, then one line that binds the built-ins a module uses
 * (Math, the typed arrays, Number, …) to module-scope constants of the same name.
 *
 * Why: jest runs every module in a vm context, and there each read of a global goes through
 * Node's context interceptor instead of an inline cache. A loop calling `Math.exp` ran 25–45×
 * slower under jest than in plain Node (test/ and src/ alike, e.g. training the fly circuit
 * 4× slower). A module-scope constant holds the very same object, so nothing the code computes
 * changes; only the lookup is fast.
 *
 * Left as globals: what tests replace or fake (timers, Date, performance, process, console,
 * fetch, WebAssembly, Promise). The line is put before the module's first line, not above it,
 * so line numbers in stack traces and source maps stay right. A module that declares or
 * imports one of these names itself keeps its own.
 */
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { createTransformer } = require('@swc/jest');

const BUILT_INS = [
  'Math', 'Number', 'Array', 'Object', 'String', 'Boolean', 'BigInt', 'Symbol', 'JSON', 'Reflect',
  'Float32Array', 'Float64Array', 'Int8Array', 'Int16Array', 'Int32Array', 'Uint8Array', 'Uint8ClampedArray',
  'Uint16Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array', 'ArrayBuffer', 'DataView',
  'Map', 'Set', 'WeakMap', 'WeakSet', 'Error', 'TypeError', 'RangeError',
  'isFinite', 'isNaN', 'parseFloat', 'parseInt', 'NaN', 'Infinity', 'undefined',
];

const SALT = createHash('sha1').update(readFileSync(__filename)).digest('hex');

/** The built-ins `code` reads and does not declare or import itself. */
function builtInsUsed(code) {
  return BUILT_INS.filter((name) => {
    if (!new RegExp(`(?<![.\\w$])${name}(?![\\w$])`).test(code)) return false;
    const declared = new RegExp(`(?:\\b(?:const|let|var|function|class)\\s+${name}(?![\\w$]))|(?:\\bimport\\b[^;]*?[{,\\s]${name}(?![\\w$])[^;]*?\\bfrom\\b)|(?:\\bas\\s+${name}(?![\\w$]))`);
    return !declared.test(code);
  });
}

function withBuiltIns(result) {
  const code = typeof result === 'string' ? result : result.code;
  const names = builtInsUsed(code);
  if (names.length === 0) return result;
  const bound = `const { ${names.join(', ')} } = globalThis; ${code}`;
  return typeof result === 'string' ? bound : { ...result, code: bound };
}

module.exports = {
  createTransformer(options) {
    const swc = createTransformer(options);
    return {
      canInstrument: swc.canInstrument,
      process: (src, filename, jestOptions) => withBuiltIns(swc.process(src, filename, jestOptions)),
      processAsync: async (src, filename, jestOptions) => withBuiltIns(await swc.processAsync(src, filename, jestOptions)),
      getCacheKey: (...args) => createHash('sha1').update(swc.getCacheKey(...args)).update(SALT).digest('hex'),
    };
  },
};
