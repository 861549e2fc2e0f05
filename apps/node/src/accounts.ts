// Dev accounts from a BIP-39 mnemonic along a BIP-32 path, computed with Node's own crypto
// (PBKDF2-HMAC-SHA512, HMAC-SHA512, and OpenSSL's secp256k1 for public keys). ethers'
// pure-JS HDNodeWallet took ~100 ms for the ten accounts of every `basalt dev` start
// (docs/performance.md, change 8); this takes a few. ethers still checks a phrase that is not
// the default one (wordlist and checksum), so a mistyped mnemonic is refused as before.
import { createECDH, createHmac, pbkdf2Sync } from 'node:crypto';
import { bytesToHex, pubToAddress, toChecksumAddress } from '@ethereumjs/util';
import { Mnemonic } from 'ethers';
import { NodeError, NodeErrorCode } from './errors.ts';

/** The mnemonic every Hardhat and Foundry user knows; its accounts are public knowledge. */
export const DEFAULT_MNEMONIC = 'test test test test test test test test test test test junk';

export interface DevAccount {
  /** Checksummed 0x address. */
  address: string;
  /** 0x-prefixed 32-byte key. Printed in the dev banner, never logged. */
  privateKey: string;
}

/** The order of secp256k1's group. */
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const HARDENED = 0x80000000;

interface ExtendedKey {
  key: Buffer;
  chainCode: Buffer;
}

function publicKey(privateKey: Buffer, format: 'compressed' | 'uncompressed'): Buffer {
  const ecdh = createECDH('secp256k1');
  ecdh.setPrivateKey(privateKey);
  return ecdh.getPublicKey(null, format);
}

/** BIP-32 CKDpriv: the child `index` (hardened from 2^31) of an extended private key. */
function deriveChild(parent: ExtendedKey, index: number): ExtendedKey {
  const data = Buffer.alloc(37);
  if (index >= HARDENED) parent.key.copy(data, 1);
  else publicKey(parent.key, 'compressed').copy(data, 0);
  data.writeUInt32BE(index, 33);
  const i = createHmac('sha512', parent.chainCode).update(data).digest();
  const tweak = BigInt(`0x${i.subarray(0, 32).toString('hex')}`);
  const k = (tweak + BigInt(`0x${parent.key.toString('hex')}`)) % N;
  // Probability below 2^-127; BIP-32 says to go on with the next index, which no wallet has ever needed.
  if (tweak >= N || k === 0n) {
    throw new NodeError(
      { code: NodeErrorCode.INVALID_CONFIG, field: 'derivation-path' },
      `BIP-32: index ${index} gives an invalid key`,
    );
  }
  return { key: Buffer.from(k.toString(16).padStart(64, '0'), 'hex'), chainCode: i.subarray(32) };
}

function parsePath(path: string): number[] {
  const parts = path.split('/');
  const invalid = () =>
    new NodeError({ code: NodeErrorCode.INVALID_CONFIG, field: 'derivation-path' }, `invalid derivation path: ${path}`);
  if (parts[0] !== 'm') throw invalid();
  return parts.slice(1).map((p) => {
    const m = /^(\d+)(['hH]?)$/.exec(p);
    const n = m === null ? Number.NaN : Number(m[1]);
    if (m === null || !(n < HARDENED)) throw invalid();
    return m[2] === '' ? n : n + HARDENED;
  });
}

/** Derives `count` accounts at `<derivationPath>/i` (m/44'/60'/0'/0/i by default), as Anvil and Hardhat do. */
export function deriveDevAccounts(mnemonic: string, count: number, derivationPath = "m/44'/60'/0'/0"): DevAccount[] {
  const phrase = mnemonic.normalize('NFKD');
  // A phrase other than the well-known one is checked against the English wordlist and its checksum.
  if (phrase !== DEFAULT_MNEMONIC) assertValidMnemonic(phrase);
  const path = parsePath(derivationPath);
  const seed = pbkdf2Sync(Buffer.from(phrase, 'utf8'), Buffer.from('mnemonic', 'utf8'), 2048, 64, 'sha512');
  const master = createHmac('sha512', 'Bitcoin seed').update(seed).digest();
  let node: ExtendedKey = { key: master.subarray(0, 32), chainCode: master.subarray(32) };
  for (const index of path) node = deriveChild(node, index);
  const out: DevAccount[] = [];
  for (let i = 0; i < count; i++) {
    const child = deriveChild(node, i);
    const address = bytesToHex(pubToAddress(publicKey(child.key, 'uncompressed').subarray(1)));
    out.push({ address: toChecksumAddress(address), privateKey: `0x${child.key.toString('hex')}` });
  }
  return out;
}

/** Throws ethers' error for a phrase that is not a valid English BIP-39 mnemonic. */
function assertValidMnemonic(phrase: string): void {
  Mnemonic.fromPhrase(phrase);
}
