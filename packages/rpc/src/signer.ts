// The dev accounts' keys, for eth_sendTransaction and the signing methods. Keys never leave this
// module and are never logged.
import { concat, keccak256, type SigningKey, TypedDataEncoder, type TypedDataField, Wallet } from 'ethers';
import { createECDH } from 'node:crypto';
import { bytesToHex, hexToBytes, type PrefixedHexString, pubToAddress } from '@ethereumjs/util';
import { InvalidParamsError, ServerError, GETH_MESSAGES } from './errors.ts';
import type { DevAccount } from './types.ts';

interface Key {
  /** Made on first use: an ethers Wallet computes its public key in pure JS (~80 ms for the first one). */
  wallet?: Wallet;
  privateKey: Uint8Array;
}

/** The address of a private key, with OpenSSL's secp256k1 (a few µs; checked for every dev account at start). */
function addressOf(privateKey: Uint8Array): string | undefined {
  const ecdh = createECDH('secp256k1');
  try {
    ecdh.setPrivateKey(privateKey);
  } catch {
    return undefined; // zero, or not below the curve order
  }
  return bytesToHex(pubToAddress(ecdh.getPublicKey().subarray(1)));
}

export class DevSigner {
  private readonly keys = new Map<string, Key>();
  /** Lowercase addresses in the order given. */
  readonly addresses: readonly string[];

  constructor(accounts: readonly DevAccount[]) {
    const addrs: string[] = [];
    for (const a of accounts) {
      const privateKey = hexToBytes(a.privateKey as PrefixedHexString);
      const addr = privateKey.length === 32 ? addressOf(privateKey) : undefined;
      if (addr === undefined || addr !== a.address.toLowerCase()) {
        throw new InvalidParamsError(`dev account ${a.address} does not match its private key`);
      }
      this.keys.set(addr, { privateKey });
      addrs.push(addr);
    }
    this.addresses = addrs;
  }

  has(address: string): boolean {
    return this.keys.has(address.toLowerCase());
  }

  private key(address: string): Key {
    const k = this.keys.get(address.toLowerCase());
    if (k === undefined) throw new ServerError(GETH_MESSAGES.unknownAccount);
    return k;
  }

  private wallet(address: string): Wallet {
    const k = this.key(address);
    k.wallet ??= new Wallet(bytesToHex(k.privateKey));
    return k.wallet;
  }

  privateKey(address: string): Uint8Array {
    return this.key(address).privateKey;
  }

  /** EIP-191 personal message signature (eth_sign, personal_sign): 65 bytes, v = 27/28. */
  signMessage(address: string, message: Uint8Array): string {
    return this.wallet(address).signMessageSync(message);
  }

  /** EIP-712 signature of MetaMask's `eth_signTypedData_v4` payload. */
  signTypedData(address: string, typedData: unknown): string {
    const wallet = this.wallet(address);
    const td = parseTypedData(typedData);
    const types = td.types;
    const domainTypes = types.EIP712Domain;
    const domainHash =
      domainTypes !== undefined
        ? TypedDataEncoder.hashStruct('EIP712Domain', { EIP712Domain: domainTypes }, td.domain)
        : TypedDataEncoder.hashDomain(td.domain);
    let digest: string;
    if (td.primaryType === 'EIP712Domain') {
      digest = keccak256(concat(['0x1901', domainHash]));
    } else {
      const used = reachableTypes(td.primaryType, types);
      const structHash = TypedDataEncoder.hashStruct(td.primaryType, used, td.message);
      digest = keccak256(concat(['0x1901', domainHash, structHash]));
    }
    return (wallet.signingKey as SigningKey).sign(digest).serialized;
  }
}

interface TypedData {
  types: Record<string, TypedDataField[]>;
  primaryType: string;
  domain: Record<string, unknown>;
  message: Record<string, unknown>;
}

function parseTypedData(v: unknown): TypedData {
  let o = v;
  if (typeof o === 'string') {
    try {
      o = JSON.parse(o);
    } catch {
      throw new InvalidParamsError('typed data is not valid JSON');
    }
  }
  if (typeof o !== 'object' || o === null) throw new InvalidParamsError('typed data must be an object');
  const td = o as Partial<TypedData>;
  if (typeof td.types !== 'object' || td.types === null) throw new InvalidParamsError('typed data: missing types');
  if (typeof td.primaryType !== 'string') throw new InvalidParamsError('typed data: missing primaryType');
  if (td.primaryType !== 'EIP712Domain' && td.types[td.primaryType] === undefined) {
    throw new InvalidParamsError(`typed data: primaryType ${td.primaryType} is not in types`);
  }
  return {
    types: td.types,
    primaryType: td.primaryType,
    domain: (td.domain ?? {}) as Record<string, unknown>,
    message: (td.message ?? {}) as Record<string, unknown>,
  };
}

/** The types reachable from `primary` (MetaMask v4 ignores unused ones; ethers rejects them). */
function reachableTypes(primary: string, types: Record<string, TypedDataField[]>): Record<string, TypedDataField[]> {
  const out: Record<string, TypedDataField[]> = {};
  const stack = [primary];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (out[name] !== undefined) continue;
    const fields = types[name];
    if (fields === undefined) continue;
    out[name] = fields;
    for (const f of fields) {
      const base = f.type.replace(/(\[\d*\])+$/, '');
      if (types[base] !== undefined && out[base] === undefined) stack.push(base);
    }
  }
  return out;
}
