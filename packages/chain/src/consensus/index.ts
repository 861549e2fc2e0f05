export { DevEngine, type DevEngineOpts } from './devEngine.ts';
