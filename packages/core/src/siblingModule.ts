// The URL of a module beside the calling one, with the caller's own extension: .ts when running from src/ (through
// tsx), .js from the built dist/, so worker entry points resolve in both.

/**
 * @example
 * siblingModuleUrl('./lfApplyWorker', import.meta.url); // file:///…/core/src/lfApplyWorker.ts, or …/dist/lfApplyWorker.js
 */
export function siblingModuleUrl(relativeBase: string, callerUrl: string): string {
  return new URL(`${relativeBase}${callerUrl.endsWith('.ts') ? '.ts' : '.js'}`, callerUrl).href;
}
