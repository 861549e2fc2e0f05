import { verifyMerkleProof } from '@ethereumjs/mpt';
import { RLP } from '@ethereumjs/rlp';
import { getMerkleStateProof, type MerkleStateManager } from '@ethereumjs/statemanager';
import {
  type Address,
  createAccountFromRLP,
  KECCAK256_NULL,
  bigIntToHex,
  bytesToBigInt,
  bytesToHex,
  equalsBytes,
  hexToBytes,
  isHexString,
  KECCAK256_RLP,
  type PrefixedHexString,
  setLengthLeft,
} from '@ethereumjs/util';
import { StateError, StateErrorCode } from './errors.ts';

/** One storage slot of an {@link AccountProof}. */
export interface StorageProof {
  /** The key as asked: a 32-byte key as 32-byte hex, anything shorter as a hex quantity (geth's rule). */
  key: PrefixedHexString;
  /** The slot's value as a hex quantity (`0x0` when unset). */
  value: PrefixedHexString;
  /** RLP trie nodes from the storage root to the slot; empty when the account has no storage. */
  proof: PrefixedHexString[];
}

/** The `eth_getProof` result (EIP-1186), every field hex as the JSON-RPC spec wants. */
export interface AccountProof {
  address: PrefixedHexString;
  accountProof: PrefixedHexString[];
  balance: PrefixedHexString;
  codeHash: PrefixedHexString;
  nonce: PrefixedHexString;
  storageHash: PrefixedHexString;
  storageProof: StorageProof[];
}

/**
 * The EIP-1186 proof of `address` and of `storageKeys` in the state of `sm`
 * (what `eth_getProof` answers). Keys are bytes (at most 32, left-padded) or
 * hex strings as received over JSON-RPC; the returned `key` follows geth: a
 * 32-byte key is echoed as 32-byte hex, a shorter one as a hex quantity.
 * Throws {@link StateErrorCode.INVALID_STORAGE_KEY} for a bad key.
 */
export async function getAccountProof(
  sm: MerkleStateManager,
  address: Address,
  storageKeys: ReadonlyArray<Uint8Array | string> = [],
): Promise<AccountProof> {
  const keys = storageKeys.map(parseStorageKey);
  const account = await sm.getAccount(address);
  const hasStorage = account !== undefined && !equalsBytes(account.storageRoot, KECCAK256_RLP);
  const base = await getMerkleStateProof(sm, address, hasStorage ? keys.map((k) => k.slot) : []);
  const storageProof: StorageProof[] = keys.map((k, i) => {
    const item = hasStorage ? base.storageProof[i] : undefined;
    return {
      key: k.outputKey,
      value: item === undefined ? '0x0' : bigIntToHex(bytesToBigInt(hexToBytes(item.value))),
      proof: item === undefined ? [] : item.proof,
    };
  });
  return {
    address: base.address,
    accountProof: base.accountProof,
    balance: base.balance,
    codeHash: base.codeHash,
    nonce: base.nonce,
    storageHash: base.storageHash,
    storageProof,
  };
}

/**
 * True when `proof` is a valid EIP-1186 proof against `stateRoot`: the
 * account proof starts at `stateRoot` and proves exactly the reported account
 * fields (or the account's absence, with zero fields), and each storage proof
 * starts at `storageHash` and proves its value. False on any mismatch; never
 * throws for a bad proof.
 */
export async function verifyAccountProof(stateRoot: Uint8Array, proof: AccountProof): Promise<boolean> {
  try {
    const rlp = await verifyMerkleProof(hexToBytes(proof.address), proof.accountProof.map(hexToBytes), {
      useKeyHashing: true,
      root: stateRoot,
    });
    const account = rlp === null ? undefined : createAccountFromRLP(rlp);
    const expected = {
      nonce: account?.nonce ?? 0n,
      balance: account?.balance ?? 0n,
      storageHash: account?.storageRoot ?? KECCAK256_RLP,
      codeHash: account?.codeHash ?? KECCAK256_NULL,
    };
    if (
      BigInt(proof.nonce) !== expected.nonce ||
      BigInt(proof.balance) !== expected.balance ||
      !equalsBytes(hexToBytes(proof.storageHash), expected.storageHash) ||
      !equalsBytes(hexToBytes(proof.codeHash), expected.codeHash)
    ) {
      return false;
    }
    for (const item of proof.storageProof) {
      let value = 0n;
      if (item.proof.length > 0) {
        const encoded = await verifyMerkleProof(parseStorageKey(item.key).slot, item.proof.map(hexToBytes), {
          useKeyHashing: true,
          root: expected.storageHash,
        });
        if (encoded !== null) value = bytesToBigInt(RLP.decode(encoded) as Uint8Array);
      } else if (!equalsBytes(expected.storageHash, KECCAK256_RLP)) {
        return false;
      }
      if (BigInt(item.value) !== value) return false;
    }
    return true;
  } catch {
    return false;
  }
}

function parseStorageKey(key: Uint8Array | string): { slot: Uint8Array; outputKey: PrefixedHexString } {
  let bytes: Uint8Array;
  if (typeof key === 'string') {
    if (!isHexString(key) || key.length > 66) throw badKey(key);
    const hex = key.length % 2 === 1 ? `0x0${key.slice(2)}` : key;
    bytes = hexToBytes(hex as PrefixedHexString);
  } else {
    if (key.length > 32) throw badKey(bytesToHex(key));
    bytes = key;
  }
  const slot = setLengthLeft(bytes, 32);
  const outputKey = bytes.length === 32 ? bytesToHex(bytes) : bigIntToHex(bytesToBigInt(bytes));
  return { slot, outputKey };
}

function badKey(key: string): StateError {
  return new StateError({ code: StateErrorCode.INVALID_STORAGE_KEY, key }, `invalid storage key ${key}`);
}
