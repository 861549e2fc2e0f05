import { BasaltError } from '@basalt/common';

/** Every code a {@link P2PError} can carry. Branch on `err.code`. */
export enum P2PErrorCode {
  /** A flag or option is invalid (a bootnode that is not a multiaddr, a bad port). */
  INVALID_CONFIG = 'P2P_INVALID_CONFIG',
  /** The peer key file exists but cannot be decoded. */
  INVALID_PEER_KEY = 'P2P_INVALID_PEER_KEY',
  /** A peer sent bytes that do not decode as the protocol's message. */
  BAD_MESSAGE = 'P2P_BAD_MESSAGE',
  /** A peer is of another chain (chain id or genesis differ). */
  WRONG_CHAIN = 'P2P_WRONG_CHAIN',
  /** A peer answered more than was asked, or blocks that were not asked for. */
  BAD_RESPONSE = 'P2P_BAD_RESPONSE',
  /** A request did not complete in time. */
  TIMEOUT = 'P2P_TIMEOUT',
  /** The host is not started. */
  NOT_STARTED = 'P2P_NOT_STARTED',
}

export type P2PErrorType =
  | { code: P2PErrorCode.INVALID_CONFIG; field: string; reason: string }
  | { code: P2PErrorCode.INVALID_PEER_KEY; path: string }
  | { code: P2PErrorCode.BAD_MESSAGE; protocol: string; reason: string }
  | { code: P2PErrorCode.WRONG_CHAIN; field: 'chainId' | 'genesis'; ours: string; theirs: string }
  | { code: P2PErrorCode.BAD_RESPONSE; protocol: string; reason: string }
  | { code: P2PErrorCode.TIMEOUT; protocol: string; ms: number }
  | { code: P2PErrorCode.NOT_STARTED };

/** The error `@basalt/p2p` throws on purpose. */
export class P2PError extends BasaltError<P2PErrorType> {}

export function badMessage(protocol: string, reason: string): P2PError {
  return new P2PError({ code: P2PErrorCode.BAD_MESSAGE, protocol, reason }, `bad ${protocol} message: ${reason}`);
}

export function badResponse(protocol: string, reason: string): P2PError {
  return new P2PError({ code: P2PErrorCode.BAD_RESPONSE, protocol, reason }, `bad ${protocol} response: ${reason}`);
}

/** True for what a peer's bad bytes cause (as opposed to a closed stream or a timeout). */
export function isGarbage(err: unknown): boolean {
  if (err instanceof P2PError) return err.code === P2PErrorCode.BAD_MESSAGE || err.code === P2PErrorCode.BAD_RESPONSE;
  const name = (err as { name?: unknown } | undefined)?.name;
  return (
    err instanceof RangeError ||
    name === 'InvalidDataLengthError' ||
    name === 'InvalidMessageLengthError' ||
    name === 'InvalidDataLengthLengthError'
  );
}
