// Active learning: choosing rows to tag next, a simulated annotator, the simulated loop and its learning-curve plot.
export * from './selectForTagging.ts';
export * from './simulatedAnnotator.ts';
export * from './textGroupKeys.ts';
export * from './activeLearningLoop.ts';
export * from './learningCurveSvg.ts';
