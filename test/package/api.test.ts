import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';

/**
 * The public API of the root entry, name by name. Adding or removing a name is a decision:
 * change src/index.ts and this list together (internals stay importable from their files).
 */
const VALUES = [
    'CycleError', 'DEFAULT_MEMORY_BUDGET', 'DEFAULT_MORPH_SETS', 'MemoryBudgetError', 'memoryBudget', 'setMemoryBudget', 'DrosophilaMotion', 'DrosophilaMotion2d', 'SUBTYPES_2D', 'cardinalDirection', 'drosophilaMotion2d', 'edgeTuning2d', 'gratingTuning2d', 'parseModelFile2d', 'quarterTurn', 'sceneDecoding2d', 'sceneSelectivity2d', 'temporalTuning2d', 'trainCircuit2d', 'EquationError', 'FF_PRESETS',
    'FileFormatError', 'HEX_DIRECTIONS', 'LagCovariance',
    'NIR_PRIMITIVES', 'NIR_WRITE_VERSION', 'Network', 'NeurostreamError',
    'NirError', 'NonFiniteError', 'RuleError', 'SimulatorHaltedError', 'OnlineCCA', 'OnlineHebbianCCA', 'PastFutureCCA', 'PastFutureCCARule', 'Population',
    'Projection', 'RESU_OU_EXAMPLE', 'RateMonitor', 'RunResult', 'SUBTYPES', 'SeededRandom',
    'Simulator', 'SizeMismatchError', 'SpecError', 'SpikeMonitor', 'StateMonitor',
    'UnitMismatchError', 'WUXING_STATES', 'WindowMeanMonitor', 'addWhiteNoise',
    'angleDifference', 'arrowFieldPlot', 'axisNeighbours', 'bestPoint', 'bspConnection',
    'bspFixedPoint', 'bspFixedPointPid', 'bspG1', 'bspG2', 'bspNetwork', 'buildFFNetwork',
    'collectWarnings', 'configureGpu', 'constant', 'contrastImage', 'contrastScene',
    'cosine', 'cubaNetwork', 'deadLeaves', 'decompositionPlot', 'defineModel', 'dense',
    'describeGpu', 'detectorWeights', 'detectorWeightsPlot', 'directionSelectivity',
    'drosophilaMotion', 'dsiFrom', 'dsiPlot', 'edgeResponses', 'evaluateFly', 'evenDirections',
    'ffConv', 'ffDense', 'fft', 'forwardForward', 'fourierLabels',
    'frequencyGain', 'gaussianProcessSamples', 'gaussianProcessSeries', 'gpuAvailable',
    'gpuProductClasses', 'gpuMode', 'prepareBackend', 'productKernels', 'cpuProducts', 'gratingSelectivity', 'gratings', 'hebbOja', 'hexEdges', 'hexEye',
    'hexGratings', 'hexPosition', 'hexSceneMotion', 'sampleImage', 'inputDecomposition', 'instantMap',
    'isCustomType', 'isGraph', 'labelEncoding', 'laminaFiltersPlot', 'learnLaminaFilters', 'lif', 'linePlot',
    'linearRate', 'listBackends', 'meanResponse', 'minoritySignShare', 'morphologyLabels',
    'movingEdge', 'networkToNir', 'nirNeuron', 'nirToNetwork', 'oneHotLabels', 'oneToOne',
    'ouSeries', 'parseModelFile', 'runNirGraph', 'pastFutureCCA', 'poissonInput', 'polarPlot', 'populationVector',
    'rationalQuadratic', 'readNir', 'readQuantity', 'registerBackend', 'registerKernel',
    'renderSvg', 'resu', 'resuBank', 'sampleRow', 'scanSeries', 'sceneRowSeries',
    'sceneScan', 'sceneSelectivity', 'seriesRows', 'setFilters', 'setStrictUnits',
    'setWarningHandler', 'snrSweep', 'snrSwitch', 'solveCCA', 'source', 'sparse',
    'spikeSource', 'stdp', 'strictUnits', 'subtypeTuning', 'tensor', 'toSI', 'trainCircuit',
    'transposeOf', 'tuningCurve', 'tuningPlot', 'validateGraph',
    'vectorSelectivity', 'writeNir', 'writeSvg', 'wrongLabel', 'wuxing',
    'wuxingFixedPoint', 'wuxingJacobian', 'wuxingRestGain', 'wuxingReversed', 'zeroFrequencyRatio',
    'networkFromJSON', 'networkToJSON', 'registerModel', 'registerRule', 'Adam',
    'forEachSynapseFrom', 'forEachSynapseOnto',
    'attachLinearReadout', 'readoutParameters', 'softmaxDelta', 'NonFiniteParametersError',
];

/** Exported types and interfaces (erased at run time, so read from src/index.ts). */
const TYPES = [
    'ActivityView', 'Attachment', 'BackendConfig', 'BspConnectionOptions', 'BspFixedPointOptions',
    'BspNetwork', 'BspNetworkOptions', 'BspPidOptions', 'BspSignalOptions', 'BspTopology',
    'BspWindows', 'CCAFilterTarget', 'CCAFit', 'CCAResult', 'CCASolveOptions', 'ConnectOptions',
    'ConnectivitySpec', 'ContrastImage', 'ContrastImageOptions', 'ConvLayerSpec', 'CubaOptions',
    'DeadLeavesOptions', 'DeliveryKernels', 'DenseOptions', 'DenseSynapses', 'DeviceResidency',
    'Dimension', 'Dims', 'DirectionSelectivity', 'DirectionTuning', 'Drosophila2dCircuit', 'Drosophila2dSettings', 'DrosophilaCircuit', 'DrosophilaSettings', 'DrosophilaMotion2dOptions', 'DrosophilaMotionOptions', 'ModelFile2d', 'SceneDecoding', 'SceneSelectivity2d', 'Subtype2d', 'TemporalTuning', 'Train2dOptions', 'Training2dReport',
    'EdgeOptions', 'EdgeResponses', 'EquationModel', 'Evaluation', 'EvaluationOptions',
    'FFArchitecture', 'FFConvOptions', 'FFDenseOptions', 'FFLayer', 'FFNetwork', 'FFNetworkOptions',
    'FilterSign', 'Floats', 'ForwardForwardOptions', 'ForwardForwardRule', 'ForwardForwardStats',
    'FourierOptions', 'GPRecipe', 'GaussianProcessOptions', 'GpuMode', 'GratingOptions',
    'GratingTest', 'GrayImage', 'HebbOjaOptions', 'HostEdits', 'HexEdgeOptions', 'HexEye', 'HexGratingOptions',
    'HexSceneMotionOptions', 'InitContext', 'InputArrays', 'InputDecomposition', 'InstantMapSpec',
    'KernelConfig', 'KernelFunc', 'LIFOptions', 'LabelEncoding', 'LabelEncodingKind',
    'LabelOptions', 'LagWindowOptions', 'LaminaFilterOptions', 'LaminaFilters', 'LaminaReport', 'LaminaStage', 'ProductKernels', 'MatmulKernel', 'Conv2dKernel', 'Conv2dFilterGradKernel', 'WindowProductKernel', 'WindowSumKernel',
    'LinearRateOptions', 'LiveStimulusInput', 'Method', 'ModelDefinition', 'ModelFile',
    'ModulatorSource', 'Monitor', 'MonitorContext', 'MorphologyOptions', 'NetworkOptions',
    'NeuronModel', 'NeurostreamWarning', 'NirDocument', 'NirExportOptions', 'NirGraph', 'NirImport',
    'NirImportOptions', 'NirMetadata', 'NirNeuronOptions', 'NirNeuronType', 'NirNode', 'NirParameter',
    'NirPrimitive', 'NirPrimitiveType', 'NirReset', 'NirRunOptions', 'NirRunTable', 'NirStandardType', 'NirTensor', 'NoiseLevel',
    'OUSeriesOptions', 'OneToOneOptions', 'OneToOneSynapses', 'OnlineCCAOptions',
    'OnlineHebbianCCAOptions', 'ParameterArrays', 'PastFutureCCAOptions', 'PastFutureCCAResult',
    'PackedStepSpec', 'PastFutureCCARuleOptions', 'PastFutureCovariance', 'PlasticityRule', 'PopulationRule',
    'PopulationView', 'ProjectionRule', 'ProjectionView', 'Quantity', 'QuantityInput',
    'ReadNirOptions', 'RecordedOutput', 'ResponseWindow', 'ResuBankOptions', 'ResuModel',
    'ResuOptions', 'ResuOutput', 'ResuParameters', 'RunOptions', 'SNRSweepPoint',
    'SNRSwitchOptions', 'SNRSwitchResult', 'STDPOptions', 'ScanSeriesOptions', 'Scene',
    'SceneOptions', 'SceneScanOptions', 'Signal', 'SimulatorOptions', 'SparseOptions',
    'SparseSynapses', 'SpikeEvents', 'SpikeMonitorOptions', 'StateAllocator', 'StateArrays',
    'StateMonitorOptions', 'StationaryKernel', 'StepContext', 'Stimulus', 'StimulusFn',
    'StimulusInput', 'StreamOptions', 'Subtype', 'SubtypeEvaluation', 'SubtypeSelectivity',
    'SubtypeTuningPoint', 'Synapses', 'Tick', 'TrainOptions', 'TrainingReport',
    'TransposedSynapses', 'TuningPoint', 'VectorSelectivity', 'VegaLiteSpec', 'WarningHandler',
    'WeightInit', 'WuxingDirection', 'WuxingIntegrator', 'WuxingOptions', 'WuxingParameter',
    'WuxingParameterGroup',
    'LoadedNetwork', 'NetworkFile', 'NetworkToJSONOptions', 'ModelFactory', 'RuleFactory',
    'DenseRule', 'OneToOneRule', 'RuleState', 'SparseRule',
    'SynapseVisitor',
    'Plausible', 'CompiledNetwork', 'RecordSelection', 'FFLayerOrder', 'ForwardProjection', 'Grating', 'Morph', 'ConvGeometry', 'AdamOptions', 'FFLossKind',
    'LinearReadout', 'LinearReadoutOptions', 'SoftmaxDeltaOptions', 'SoftmaxDeltaRule', 'SoftmaxDeltaStats',
];

/** The public API of 'neurostream/node' (Node-only: files, data sets, trainers, sweeps). */
const NODE_VALUES = [
    'readIdx', 'loadMnist', 'decodePng', 'loadPng', 'loadScene', 'readNpy',
    'atomicWriteFile', 'checkWritable', 'WriteTargetError', 'loadNetwork', 'saveNetwork',
    'FFTrainer', 'loadFFTrainer', 'saveFFCheckpoint', 'saveFFModel', 'refitReadout', 'useKernelThreads', 'BspClassifier',
    'loadSweep', 'parseSweep', 'expandSweep', 'defineSweepJob', 'runSweep', 'runLocalPool',
    'runOnQueue', 'startQueueWorker', 'QueueUnavailableError', 'ResultsFile', 'summarize', 'summaryTable',
];

const NODE_TYPES = [
    'IdxArray', 'ImageSet', 'MnistOptions', 'NpyArray',
    'FFEpochRecord', 'FFEpochPause', 'FFPartialEpoch', 'FFEvaluation', 'FFTrainingConfig', 'FFNegatives', 'FFClassifierParts', 'ReadoutRefit', 'ReadoutRefitOptions',
    'BspClassifierOptions', 'BspModelFile', 'EpochRecord', 'ResolvedBspClassifierOptions', 'TrainingProgress',
    'Parameters', 'ParameterValue', 'Sweep', 'JobTarget', 'SweepJob', 'SweepJobContext',
    'SweepJobDefinition', 'SweepResult', 'SweepOutcome', 'SweepRunOptions', 'RetryPolicy',
    'QueueRunOptions', 'QueueWorkerOptions', 'SweepRecord', 'SummaryRow',
];

const sorted = (names: readonly string[]) => [...names].sort((a, b) => a.localeCompare(b));

/** The names an entry file exports as types, and all names, read from its `export { … }` lists. */
function listedNames(file: string): { types: string[]; all: string[] } {
  const source = readFileSync(new URL(`../../src/${file}`, import.meta.url), 'utf8');
  expect(source).not.toMatch(/export \*/);
  const lists = [...source.matchAll(/export (type )?\{([^}]*)\}/g)].map((m) => ({ allTypes: m[1] !== undefined, names: m[2]!.split(',').map((s) => s.trim()).filter(Boolean) }));
  const types = lists.flatMap((l) => l.names.filter((n) => l.allTypes || n.startsWith('type ')).map((n) => n.replace(/^type /, '').split(' as ').pop()!));
  const all = lists.flatMap((l) => l.names.map((n) => n.replace(/^type /, '').split(' as ').pop()!));
  return { types, all };
}

describe("the root entry 'neurostream'", () => {
  it('exports exactly the listed values', async () => {
    const api = await import('../../src/index.js');
    expect(sorted(Object.keys(api))).toEqual(sorted(VALUES));
  });

  it('exports exactly the listed types, each name once, and no export *', () => {
    const { types, all } = listedNames('index.ts');
    expect(sorted(types)).toEqual(sorted(TYPES));
    expect(new Set(all).size).toBe(all.length);
  });

  it('keeps the internals the review named out of it', async () => {
    const api: Record<string, unknown> = await import('../../src/index.js');
    for (const internal of ['requireFinite', 'nextPow2', 'choleskyInPlace', 'unregisterKernel', 'SpikeDelayRing', 'RateDelayRing', 'CHANNELS', 'MODEL_VERSION', 'NIR_NEURON_FIELDS', 'sizeOf', 'channelLabel']) {
      expect(api[internal]).toBeUndefined();
    }
  });
});

describe("the Node entry 'neurostream/node'", () => {
  it('exports exactly the listed values', async () => {
    const api = await import('../../src/node.js');
    expect(sorted(Object.keys(api))).toEqual(sorted(NODE_VALUES));
  });

  it('exports exactly the listed types, each name once, and no export *', () => {
    const { types, all } = listedNames('node.ts');
    expect(sorted(types)).toEqual(sorted(NODE_TYPES));
    expect(new Set(all).size).toBe(all.length);
  });

  it('keeps internals out of it: default directories, format constants, one command\'s helpers', async () => {
    const api: Record<string, unknown> = await import('../../src/node.js');
    for (const internal of ['DEBIAN_FASHION_MNIST_DIR', 'defaultMnistDir', 'bundledImages', 'removeStaleTemporaries', 'cooldownRate', 'BSP_MODEL_FORMAT', 'BSP_MODEL_VERSION', 'SweepFileSchema', 'durationMs', 'jobId', 'defaultWorkers', 'DEFAULT_QUEUE']) {
      expect(api[internal]).toBeUndefined();
    }
  });
});
