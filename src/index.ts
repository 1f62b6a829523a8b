/**
 * neurostream: simulate and train neuromorphic circuits. Compose populations and
 * projections, stream them on an RxJS clock, learn with local plasticity rules, and
 * measure with monitors and analyses.
 *
 * The public API, listed name by name and grouped as the README is; test/package/api.test.ts
 * holds the same list, so a change here is deliberate. Internals (checks, kernels, delay
 * rings, constants of one circuit) stay importable from their own files only.
 */

// Errors, units, warnings, seeded randomness
export { CycleError, FileFormatError, NeurostreamError, NonFiniteError, NonFiniteParametersError, RuleError, SimulatorHaltedError, SizeMismatchError, SpecError } from './core/errors.js';
export { readQuantity, setStrictUnits, strictUnits, toSI, type Dimension, type Dims, type Plausible, type Quantity, type QuantityInput } from './core/quantity.js';
export { collectWarnings, setWarningHandler, type NeurostreamWarning, type WarningHandler } from './core/warnings.js';
export { DEFAULT_MEMORY_BUDGET, MemoryBudgetError, memoryBudget, setMemoryBudget } from './core/memoryBudget.js';
export { SeededRandom } from './core/random.js';

// Core: networks, the simulator, stimuli, monitors
export { Network, type Attachment, type CompiledNetwork, type ConnectOptions, type ModulatorSource, type NetworkOptions } from './sim/Network.js';
export { Population, type SpikeEvents } from './sim/Population.js';
export { Projection } from './sim/Projection.js';
export { Simulator, type RunOptions, type SimulatorOptions, type StreamOptions } from './sim/Simulator.js';
export { RunResult, type RecordedOutput } from './sim/RunResult.js';
export { type RecordSelection } from './sim/runRecording.js';
export { type Tick } from './sim/Clock.js';
export { networkFromJSON, networkToJSON, type LoadedNetwork, type NetworkFile, type NetworkToJSONOptions } from './sim/networkFile.js';
export { registerModel, registerRule, type ModelFactory, type RuleFactory } from './sim/fileRegistry.js';
export { constant, type LiveStimulusInput, type Stimulus, type StimulusFn, type StimulusInput } from './sim/Stimulus.js';
export { type Monitor, type MonitorContext } from './sim/monitors/Monitor.js';
export { StateMonitor, type StateMonitorOptions } from './sim/monitors/StateMonitor.js';
export { SpikeMonitor, type SpikeMonitorOptions } from './sim/monitors/SpikeMonitor.js';
export { RateMonitor } from './sim/monitors/RateMonitor.js';
export { WindowMeanMonitor } from './sim/monitors/WindowMeanMonitor.js';

// Neuron models
export { type InitContext, type InputArrays, type NeuronModel, type ParameterArrays, type StateArrays, type StepContext } from './neurons/NeuronModel.js';
export { lif, type LIFOptions } from './neurons/lif.js';
export { linearRate, type LinearRateOptions } from './neurons/linearRate.js';
export { source, spikeSource } from './neurons/source.js';
export { defineModel, type EquationModel, type ModelDefinition, type PackedStepSpec } from './neurons/equations/defineModel.js';
export { EquationError, UnitMismatchError } from './neurons/equations/errors.js';
export { type Method } from './neurons/equations/integrate.js';
export { instantMap, type InstantMapSpec } from './neurons/instantMap.js';
export { nirNeuron, type NirNeuronOptions, type NirNeuronType, type NirParameter, type NirReset } from './neurons/nirLeaky.js';

// Connectivity
export { type ConnectivitySpec, type DeliveryKernels, type DenseSynapses, type OneToOneSynapses, type SparseSynapses, type Synapses } from './synapses/Connectivity.js';
export { type WeightInit } from './synapses/weightInit.js';
export { dense, type DenseOptions } from './synapses/dense.js';
export { sparse, type SparseOptions } from './synapses/sparse.js';
export { oneToOne, type OneToOneOptions } from './synapses/oneToOne.js';
export { transposeOf, type ForwardProjection, type TransposedSynapses } from './synapses/transposeOf.js';
export { forEachSynapseFrom, forEachSynapseOnto, type SynapseVisitor } from './synapses/synapseVisits.js';

// Plasticity rules
export { type ActivityView, type DenseRule, type OneToOneRule, type PlasticityRule, type PopulationRule, type PopulationView, type ProjectionRule, type ProjectionView, type RuleState, type SparseRule } from './plasticity/PlasticityRule.js';
export { stdp, type STDPOptions } from './plasticity/stdp.js';
export { hebbOja, type HebbOjaOptions } from './plasticity/hebbOja.js';
export { softmaxDelta, type SoftmaxDeltaOptions, type SoftmaxDeltaRule, type SoftmaxDeltaStats } from './plasticity/softmaxDelta.js';

// ReSU neurons and past–future CCA (docs/resu.md)
export { resu, resuBank, setFilters, type ResuBankOptions, type ResuModel, type ResuOptions, type ResuOutput, type ResuParameters } from './neurons/resu.js';
export { pastFutureCCA, type PastFutureCCAOptions, type PastFutureCCAResult, type Signal } from './math/cca/pastFutureCCA.js';
export { solveCCA, type CCAResult, type CCASolveOptions, type FilterSign } from './math/cca/solveCCA.js';
export { LagCovariance, type LagWindowOptions, type PastFutureCovariance } from './math/cca/lagCovariance.js';
export { OnlineCCA, type OnlineCCAOptions } from './math/cca/onlineCCA.js';
export { cosine, frequencyGain, minoritySignShare, zeroFrequencyRatio } from './math/cca/filterShape.js';
export { PastFutureCCA, PastFutureCCARule, type CCAFilterTarget, type CCAFit, type PastFutureCCARuleOptions } from './plasticity/cca/pastFutureCCARule.js';
export { OnlineHebbianCCA, type OnlineHebbianCCAOptions } from './plasticity/cca/onlineHebbianCCARule.js';
export { snrSweep, snrSwitch, type GPRecipe, type SNRSweepPoint, type SNRSwitchOptions, type SNRSwitchResult } from './analysis/snrAdaptation.js';
export { ouSeries, RESU_OU_EXAMPLE, type OUSeriesOptions } from './stimuli/ou.js';
export { gaussianProcessSamples, gaussianProcessSeries, rationalQuadratic, type GaussianProcessOptions, type StationaryKernel } from './stimuli/gaussianProcess.js';
export { contrastScene, sampleRow, scanSeries, sceneRowSeries, sceneScan, type ScanSeriesOptions, type Scene, type SceneOptions, type SceneScanOptions } from './stimuli/naturalScene.js';
export { deadLeaves, type DeadLeavesOptions } from './stimuli/deadLeaves.js';
export { addWhiteNoise, type NoiseLevel } from './stimuli/noise.js';
export { type GrayImage } from './stimuli/grayImage.js';

// Forward-Forward layers (docs/ff.md)
export { type FFLayer } from './neurons/ff/ffLayer.js';
export { ffDense, type FFDenseOptions } from './neurons/ff/ffDense.js';
export { ffConv, type FFConvOptions } from './neurons/ff/ffConv.js';
export { type FFLayerOrder } from './neurons/ff/ffLayerNorm.js';
export { Adam, type AdamOptions } from './plasticity/adam.js';
export { forwardForward, type FFLossKind, type ForwardForwardOptions, type ForwardForwardRule, type ForwardForwardStats } from './plasticity/forwardForward.js';
export { DEFAULT_MORPH_SETS, fourierLabels, labelEncoding, morphologyLabels, oneHotLabels, wrongLabel, type FourierOptions, type Grating, type LabelEncoding, type LabelEncodingKind, type LabelOptions, type Morph, type MorphologyOptions } from './stimuli/ffLabels.js';
export { buildFFNetwork, type ConvLayerSpec, type FFArchitecture, type FFNetwork, type FFNetworkOptions } from './circuits/ff/ffNetwork.js';
export { attachLinearReadout, readoutParameters, type LinearReadout, type LinearReadoutOptions } from './circuits/ff/linearReadout.js';
export { FF_PRESETS } from './circuits/ff/presets.js';

// Wuxing cells and Backward Signal Propagation (docs/bsp.md)
export { wuxing, WUXING_STATES, wuxingFixedPoint, wuxingJacobian, wuxingRestGain, wuxingReversed, type WuxingDirection, type WuxingIntegrator, type WuxingOptions, type WuxingParameter } from './neurons/wuxing.js';
export { bspG1, bspG2, type BspSignalOptions, type BspWindows } from './plasticity/bspSignals.js';
export { bspConnection, type BspConnectionOptions } from './plasticity/bspConnection.js';
export { bspFixedPoint, bspFixedPointPid, type BspFixedPointOptions, type BspPidOptions, type WuxingParameterGroup } from './plasticity/bspFixedPoint.js';
export { bspNetwork, type BspNetwork, type BspNetworkOptions, type BspTopology } from './circuits/bsp/bspNetwork.js';

// The fly motion pathway (docs/fly.md)
export { drosophilaMotion, DrosophilaMotion } from './circuits/drosophila/DrosophilaMotion.js';
export { type DrosophilaCircuit, type DrosophilaMotionOptions, type DrosophilaSettings } from './circuits/drosophila/circuit.js';
export { SUBTYPES, type Subtype } from './circuits/drosophila/subtypes.js';
export { learnLaminaFilters, type LaminaFilterOptions, type LaminaFilters } from './circuits/drosophila/laminaFilters.js';
export { type LaminaReport, type LaminaStage } from './circuits/drosophila/lamina.js';
export { trainCircuit, type TrainingReport, type TrainOptions } from './circuits/drosophila/train.js';
export { edgeResponses, gratingSelectivity, inputDecomposition, sceneSelectivity, type EdgeResponses, type GratingTest, type InputDecomposition, type SubtypeSelectivity } from './circuits/drosophila/measure.js';
export { evaluateFly, subtypeTuning, type Evaluation, type EvaluationOptions, type SubtypeEvaluation, type SubtypeTuningPoint } from './circuits/drosophila/evaluate.js';
export { parseModelFile, type ModelFile } from './circuits/drosophila/modelFile.js';
export { decompositionPlot, detectorWeights, detectorWeightsPlot, dsiPlot, laminaFiltersPlot, tuningPlot } from './circuits/drosophila/plots.js';
export { drosophilaMotion2d, DrosophilaMotion2d } from './circuits/drosophila2d/DrosophilaMotion2d.js';
export { type Drosophila2dCircuit, type Drosophila2dSettings, type DrosophilaMotion2dOptions } from './circuits/drosophila2d/circuit2d.js';
export { cardinalDirection, SUBTYPES_2D, type Subtype2d } from './circuits/drosophila2d/subtypes2d.js';
export { trainCircuit2d, type Train2dOptions, type Training2dReport } from './circuits/drosophila2d/train2d.js';
export { edgeTuning2d, gratingTuning2d, sceneDecoding2d, sceneSelectivity2d, temporalTuning2d, type DirectionTuning, type SceneDecoding, type SceneSelectivity2d, type TemporalTuning } from './circuits/drosophila2d/measure2d.js';
export { parseModelFile2d, type ModelFile2d } from './circuits/drosophila2d/modelFile2d.js';
export { gratings, type GratingOptions } from './stimuli/gratings.js';
export { movingEdge, type EdgeOptions } from './stimuli/edges.js';
export { axisNeighbours, HEX_DIRECTIONS, hexEye, hexPosition, type HexEye } from './stimuli/hexEye.js';
export { hexGratings, type HexGratingOptions } from './stimuli/hexGratings.js';
export { hexEdges, type HexEdgeOptions } from './stimuli/hexEdges.js';
export { contrastImage, hexSceneMotion, quarterTurn, sampleImage, type ContrastImage, type ContrastImageOptions, type HexSceneMotionOptions } from './stimuli/hexSceneMotion.js';

// Other circuits and stimuli
export { cubaNetwork, type CubaOptions } from './circuits/cuba.js';
export { poissonInput } from './stimuli/poisson.js';

// Analysis and plots
export { directionSelectivity, dsiFrom, meanResponse, type DirectionSelectivity, type ResponseWindow } from './analysis/directionSelectivity.js';
export { bestPoint, tuningCurve, type TuningPoint } from './analysis/tuningCurve.js';
export { angleDifference, evenDirections, populationVector, vectorSelectivity, type VectorSelectivity } from './analysis/vectorSelectivity.js';
export { linePlot, renderSvg, seriesRows, writeSvg, type VegaLiteSpec } from './analysis/plot.js';
export { arrowFieldPlot, polarPlot } from './analysis/polarPlot.js';

// NIR import and export
export { isCustomType, isGraph, NIR_PRIMITIVES, NIR_WRITE_VERSION, tensor, type NirDocument, type NirGraph, type NirMetadata, type NirNode, type NirPrimitive, type NirPrimitiveType, type NirStandardType, type NirTensor } from './nir/graph.js';
export { NirError } from './nir/errors.js';
export { validateGraph } from './nir/validate.js';
export { readNir, type ReadNirOptions } from './nir/reader.js';
export { writeNir } from './nir/writer.js';
export { nirToNetwork, type NirImport, type NirImportOptions } from './nir/toNetwork.js';
export { networkToNir, type NirExportOptions } from './nir/fromNetwork.js';
export { runNirGraph, type NirRunOptions, type NirRunTable } from './nir/runGraph.js';

// Backends and the kernel registry (docs/gpu.md)
export { listBackends, prepareBackend, registerBackend, registerKernel, type BackendConfig, type DeviceResidency, type KernelConfig, type KernelFunc, type StateAllocator } from './sim/backends/registry.js';
export type { HostEdits } from './sim/hostEdits.js';
export { configureGpu, describeGpu, gpuAvailable, gpuMode, type GpuMode } from './sim/backends/gpu/gpuContext.js';
export { gpuProductClasses } from './sim/backends/gpu/productCache.js';
export { productKernels } from './sim/backends/products.js';
export { cpuProducts } from './sim/backends/cpu/referenceProducts.js';
export type { Conv2dFilterGradKernel, Conv2dKernel, Floats, MatmulKernel, ProductKernels, WindowProductKernel, WindowSumKernel } from './math/productKernels.js';
export { type ConvGeometry } from './math/im2col.js';

// Numerics
export { fft } from './math/fft.js';
