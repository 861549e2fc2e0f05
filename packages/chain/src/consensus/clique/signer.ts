import { inspect } from 'node:util';
import { type BlockHeader, cliqueSigHash, createSealedCliqueBlockHeader } from '@ethereumjs/block';
import {
  type Address,
  bytesToHex,
  createAddressFromPrivateKey,
  createAddressFromPublicKey,
  createZeroAddress,
  ecrecover,
  equalsBytes,
} from '@ethereumjs/util';
import { EXTRA_SEAL, EXTRA_VANITY } from './constants.ts';
import { CliqueError, CliqueErrorCode } from './errors.ts';

/**
 * A validator's key. It signs Clique seals and nothing else; the key is held in a private field
 * and never printed (`toJSON` and `util.inspect` show the address only).
 */
export class CliqueSigner {
  readonly address: Address;
  readonly #key: Uint8Array;

  constructor(privateKey: Uint8Array) {
    if (privateKey.length !== 32) {
      throw new CliqueError(
        { code: CliqueErrorCode.INVALID_ARGUMENT, name: 'validator key', reason: 'not 32 bytes' },
        'invalid validator key: not 32 bytes',
      );
    }
    this.#key = new Uint8Array(privateKey);
    this.address = createAddressFromPrivateKey(this.#key);
  }

  /**
   * `header`'s extraData with this signer's seal over its seal hash (the RLP of the header
   * without the last 65 bytes of extraData), as r || s || v with v in {0, 1}. The header must
   * already carry the 65 bytes of seal space.
   */
  sealExtraData(header: BlockHeader): Uint8Array {
    const sealed = createSealedCliqueBlockHeader(header.toJSON(), this.#key, {
      common: header.common,
      skipConsensusFormatValidation: true,
      // The library writes the seal into the header it creates: it must not be frozen.
      freeze: false,
    });
    return sealed.extraData;
  }

  toJSON(): { address: string } {
    return { address: this.address.toString() };
  }

  [inspect.custom](): string {
    return `CliqueSigner(${this.address.toString()})`;
  }
}

/**
 * The address that sealed `header`: public-key recovery of the seal in the last 65 bytes of
 * extraData over the header's seal hash, through the Common's `ecrecover` when it has one (the
 * node plugs a native one in). The zero address for an all-zero seal; throws on a malformed one.
 */
export function recoverSigner(header: BlockHeader): Address {
  const extra = header.extraData;
  if (extra.length < EXTRA_VANITY + EXTRA_SEAL) {
    throw new CliqueError(
      {
        code: CliqueErrorCode.INVALID_SEAL,
        number: header.number,
        reason: `extra data of ${extra.length} bytes has no seal`,
      },
      `block ${header.number}: extra data of ${extra.length} bytes has no seal`,
    );
  }
  const seal = extra.subarray(extra.length - EXTRA_SEAL);
  if (equalsBytes(seal, new Uint8Array(EXTRA_SEAL))) return createZeroAddress();
  const recover = header.common.customCrypto.ecrecover ?? ecrecover;
  try {
    const pub = recover(cliqueSigHash(header), BigInt(seal[64]!) + 27n, seal.subarray(0, 32), seal.subarray(32, 64));
    return createAddressFromPublicKey(pub);
  } catch (cause) {
    throw new CliqueError(
      {
        code: CliqueErrorCode.INVALID_SEAL,
        number: header.number,
        reason: `seal ${bytesToHex(seal)} does not recover`,
      },
      `block ${header.number}: the seal does not recover a signer`,
      { cause },
    );
  }
}
