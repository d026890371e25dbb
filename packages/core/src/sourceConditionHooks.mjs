// Module-resolution hook for running Skimmer from its repository: adds the `@skimmer/source` export condition, so
// `@skimmer/*` imports resolve to the packages' src/*.ts (as under `node --conditions=@skimmer/source`) instead of a dist/
// that a fresh clone has not built. Registered by the bins and the worker bootstrap only when they run from src/.

export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes('@skimmer/source') ? context.conditions : [...context.conditions, '@skimmer/source'];
  return nextResolve(specifier, { ...context, conditions });
}
