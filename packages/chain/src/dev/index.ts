export { createDevTools, type DevSnapshotInfo, type DevTools, type DevToolsDeps } from './devTools.ts';
export { DevError, DevErrorCode, type DevErrorType } from './errors.ts';
export { rewindHead, setHeadStateRoot, withStateRoot } from './headState.ts';
export {
  createImpersonatedTx,
  IMPERSONATION_MARKER,
  impersonatedSenderOf,
  isImpersonatedTx,
  restoreImpersonatedSenders,
} from './impersonation.ts';
export { createDevStateStore, DevStateStore, PREIMAGES_SUBLEVEL } from './preimages.ts';
export {
  type DumpedAccount,
  type DumpedBlockEnv,
  encodeStateDumpHex,
  parseStateDump,
  type StateDump,
} from './stateDump.ts';
