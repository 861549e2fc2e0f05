import { BasaltError } from '@basalt/common';

/** Every code a {@link DevError} can carry (the devnet's test-node controls, src/dev). */
export enum DevErrorCode {
  /** A state file (anvil_loadState, --load-state) is not valid JSON, gzip or the expected shape. */
  INVALID_STATE_FILE = 'DEV_INVALID_STATE_FILE',
  /** A setter got a value out of range (a nonce above 2^64-1, a balance above 2^256-1, a slot over 32 bytes). */
  INVALID_VALUE = 'DEV_INVALID_VALUE',
  /** A transaction was asked to be sent from an address that is neither a dev account nor impersonated. */
  NOT_IMPERSONATED = 'DEV_NOT_IMPERSONATED',
}

/** Metadata per code, discriminated by `code`. */
export type DevErrorType =
  | { code: DevErrorCode.INVALID_STATE_FILE; reason: string }
  | { code: DevErrorCode.INVALID_VALUE; name: string; value: string }
  | { code: DevErrorCode.NOT_IMPERSONATED; address: string };

/** The error the dev tools throw on purpose. Branch on `err.code`. */
export class DevError extends BasaltError<DevErrorType> {}

export function invalidValue(name: string, value: unknown): DevError {
  return new DevError(
    { code: DevErrorCode.INVALID_VALUE, name, value: String(value) },
    `invalid ${name}: ${String(value)}`,
  );
}
