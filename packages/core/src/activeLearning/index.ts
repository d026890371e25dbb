// Active learning: choosing rows to tag next and a simulated annotator for running the loop without a person.
export * from './selectForTagging.ts';
export * from './simulatedAnnotator.ts';
