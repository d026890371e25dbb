// Public API of @skimmer/labelmodel: label models behind the LabelModel contract of @skimmer/core.
// Each module adds one `export *` line here.
export * from './snorkel/index.ts';
export * from './overlaps.ts';
export * from './hungarian.ts';
export * from './synthetic.ts';
export * from './baseLabelModel.ts';
export * from './majorityVote.ts';
export * from './classPrior.ts';
export * from './dawidSkene.ts';
export * from './flyingSquid.ts';
export * from './wrenchDataset.ts';
export * from './labelModelRegistry.ts';
export * from './accumulateOverlaps.ts';
export * from './ebcc.ts';
export * from './randomVoter.ts';
export * from './autoLabelModel.ts';
export * from './fitDiagnostics.ts';
export * from './labelMatrixRows.ts';
export * from './labelUtils.ts';
export * from './saveLabelModel.ts';
export * from './autoSelection.ts';
export * from './labelShift.ts';
