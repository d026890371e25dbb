// Public API of the Snorkel-equivalent label model: the model, its fit options and its building blocks.
export * from './snorkelLabelModel.ts';
export * from './trainConfig.ts';
export * from './objective.ts';
export * from './symmetry.ts';
export * from './numpyRandomState.ts';
export * from '../optim/optimizers.ts';
export * from '../optim/lrSchedule.ts';
