import { BasaltError } from '@basalt/common';

export enum NodeErrorCode {
  /** A method that needs a running node was called before start(). */
  NOT_STARTED = 'NODE_NOT_STARTED',
  /** A flag or config value is out of range or inconsistent. */
  INVALID_CONFIG = 'NODE_INVALID_CONFIG',
}

export type NodeErrorType = { code: NodeErrorCode.NOT_STARTED } | { code: NodeErrorCode.INVALID_CONFIG; field: string };

export class NodeError extends BasaltError<NodeErrorType> {}
