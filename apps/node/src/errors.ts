import { BasaltError } from '@basalt/common';

export enum NodeErrorCode {
  /** A method that needs a running node was called before start(). */
  NOT_STARTED = 'NODE_NOT_STARTED',
  /** A flag or config value is out of range or inconsistent. */
  INVALID_CONFIG = 'NODE_INVALID_CONFIG',
  /** `basalt import` met a block it could not decode or that failed its checks or execution. */
  IMPORT_FAILED = 'NODE_IMPORT_FAILED',
  /** `basalt dev --deploy-tokens` could not deploy the example token set (a step reverted or was not mined in time). */
  DEPLOY_TOKENS_FAILED = 'NODE_DEPLOY_TOKENS_FAILED',
  /** `basalt dev --fork-url`: the fork source did not answer a request (error answer, HTTP status, timeout, network). */
  FORK_SOURCE_FAILED = 'NODE_FORK_SOURCE_FAILED',
}

export type NodeErrorType =
  | { code: NodeErrorCode.NOT_STARTED }
  | { code: NodeErrorCode.INVALID_CONFIG; field: string }
  | { code: NodeErrorCode.IMPORT_FAILED; number: bigint | undefined; imported: number; reason: string }
  | { code: NodeErrorCode.DEPLOY_TOKENS_FAILED; step: string }
  | { code: NodeErrorCode.FORK_SOURCE_FAILED; url: string; method: string; reason: string };

export class NodeError extends BasaltError<NodeErrorType> {}
