import type { FFTrainingConfig } from './ffTrainer.js';

/** Named training configurations for `neurostream ff --preset`. */
export const FF_PRESETS: Readonly<Record<string, Omit<FFTrainingConfig, 'name'>>> = {
  /** Hinton-style dense net, as the independent prototype ran it (98.0–98.2 % in 30 epochs). */
  dense: {
    architecture: { arch: 'dense', units: [500, 500] },
    labels: 'onehot',
    intensity: 0.35,
    epochs: 30,
    batch: 100,
    lr: 1e-3,
    cooldown: true,
    logitScale: 1,
    thetaFactor: 1,
    readoutLr: 1e-3,
    seed: 1,
  },
  /** A small FF-CNN that a 2-core CPU trains in about two hours: 3 × 16 filters 5×5. */
  'conv-small': {
    architecture: { arch: 'conv', layers: [{ channels: 16, kernel: 5 }, { channels: 16, kernel: 5 }, { channels: 16, kernel: 5 }] },
    labels: 'fourier',
    intensity: 0.35,
    epochs: 6,
    batch: 50,
    lr: 1e-3,
    cooldown: true,
    // θ = 12,544: the logit g − θ divided by 784 (positions), see docs/ff.md
    logitScale: 1 / 784,
    thetaFactor: 1,
    readoutLr: 1e-3,
    seed: 1,
  },
  /** The paper's MNIST configuration (needs a GPU-class machine: ~3,000× the small net's compute). */
  paper: {
    architecture: { arch: 'conv', layers: [{ channels: 128, kernel: 7 }, { channels: 128, kernel: 7 }, { channels: 128, kernel: 7 }] },
    labels: 'fourier',
    intensity: 0.35,
    epochs: 200,
    batch: 50,
    lr: 5e-5,
    cooldown: true,
    logitScale: 1,
    thetaFactor: 1,
    readoutLr: 1e-3,
    seed: 1,
  },
};
