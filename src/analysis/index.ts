export * from './plot.js';
export * from './directionSelectivity.js';
export * from './tuningCurve.js';
export * from './snrAdaptation.js';
export * from './vectorSelectivity.js';
export * from './polarPlot.js';
