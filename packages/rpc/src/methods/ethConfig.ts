// eth_config (EIP-7910): the fork rules in force now, the next scheduled fork and the last one:
// activation time, blob schedule, chain id, EIP-2124 fork id, precompiles and system contracts.
import { DEFAULT_BLOB_SCHEDULE } from '@basalt/chain';
import type { Common } from '@ethereumjs/common';
import { bytesToHex, concatBytes, hexToBytes, type PrefixedHexString } from '@ethereumjs/util';
import type { RpcBackend } from '../backend.ts';
import { quantity } from '../format.ts';
import type { RpcMethod } from '../types.ts';

/** Precompiles by EIP-7910 name: address and the EIP (a number) or hardfork (a name) that brings it (0 = always there). */
const PRECOMPILES: readonly [name: string, address: number, since: number | string][] = [
  ['ECREC', 0x01, 0],
  ['SHA256', 0x02, 0],
  ['RIPEMD160', 0x03, 0],
  ['ID', 0x04, 0],
  ['MODEXP', 0x05, 'byzantium'],
  ['BN254_ADD', 0x06, 'byzantium'],
  ['BN254_MUL', 0x07, 'byzantium'],
  ['BN254_PAIRING', 0x08, 'byzantium'],
  ['BLAKE2F', 0x09, 'istanbul'],
  ['KZG_POINT_EVALUATION', 0x0a, 4844],
  ['BLS12_G1ADD', 0x0b, 2537],
  ['BLS12_G1MSM', 0x0c, 2537],
  ['BLS12_G2ADD', 0x0d, 2537],
  ['BLS12_G2MSM', 0x0e, 2537],
  ['BLS12_PAIRING_CHECK', 0x0f, 2537],
  ['BLS12_MAP_FP_TO_G1', 0x10, 2537],
  ['BLS12_MAP_FP2_TO_G2', 0x11, 2537],
  ['P256VERIFY', 0x100, 7951],
];

/** System contracts by EIP-7910 name, with the EIP that brings each. */
const SYSTEM_CONTRACTS: readonly [name: string, address: string, eip: number][] = [
  ['BEACON_ROOTS_ADDRESS', '0x000f3df6d732807ef1319fb7b8bb8522d0beac02', 4788],
  ['CONSOLIDATION_REQUEST_PREDEPLOY_ADDRESS', '0x0000bbddc7ce488642fb579f8b00f3a590007251', 7251],
  ['HISTORY_STORAGE_ADDRESS', '0x0000f90827f1c53a10cb7a02335b175320002935', 2935],
  ['WITHDRAWAL_REQUEST_PREDEPLOY_ADDRESS', '0x00000961ef480eb55e80d19ad83579a64c007002', 7002],
];

const BLOB_GAS_PER_BLOB = 131_072n;

let crcTable: Uint32Array | undefined;
function crc32(bytes: Uint8Array): number {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of bytes) crc = crcTable[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

interface ForkPoint {
  name: string;
  /** Block number or timestamp. */
  at: bigint;
  byTime: boolean;
}

/** The forks after genesis, one entry per distinct activation (block forks first, then time forks), as geth gathers them. */
function forkPoints(common: Common): ForkPoint[] {
  const out: ForkPoint[] = [];
  for (const hf of common.hardforks()) {
    const byTime = hf.timestamp !== undefined && hf.timestamp !== null;
    const raw = byTime ? hf.timestamp : hf.block;
    if (raw === null || raw === undefined) continue;
    const at = BigInt(raw);
    if (at === 0n) continue;
    const last = out[out.length - 1];
    if (last !== undefined && last.at === at && last.byTime === byTime) {
      last.name = hf.name;
      continue;
    }
    out.push({ name: hf.name, at, byTime });
  }
  return out;
}

/** EIP-2124 fork hash of the forks activated by `upTo` (inclusive), merge block included (as geth). */
function forkId(genesisHash: Uint8Array, points: ForkPoint[], upTo: number): PrefixedHexString {
  let data = genesisHash;
  for (const p of points.slice(0, upTo + 1)) {
    data = concatBytes(data, hexToBytes(`0x${p.at.toString(16).padStart(16, '0')}`));
  }
  return `0x${crc32(data).toString(16).padStart(8, '0')}`;
}

function blobSchedule(common: Common): { target: number; max: number; baseFeeUpdateFraction: number } | null {
  if (!common.isActivatedEIP(4844)) return null;
  const param = (name: string): bigint | undefined => {
    try {
      return common.param(name);
    } catch {
      return undefined;
    }
  };
  const target = param('target');
  const max = param('max');
  const fraction = param('blobGasPriceUpdateFraction');
  if (target !== undefined && max !== undefined && fraction !== undefined) {
    return { target: Number(target), max: Number(max), baseFeeUpdateFraction: Number(fraction) };
  }
  const targetGas = param('targetBlobGasPerBlock');
  const maxGas = param('maxBlobGasPerBlock');
  if (targetGas !== undefined && maxGas !== undefined && fraction !== undefined) {
    return {
      target: Number(targetGas / BLOB_GAS_PER_BLOB),
      max: Number(maxGas / BLOB_GAS_PER_BLOB),
      baseFeeUpdateFraction: Number(fraction),
    };
  }
  return DEFAULT_BLOB_SCHEDULE[common.hardfork()] ?? null;
}

function depositContract(common: Common): string {
  const params = (common as unknown as { _chainParams?: { depositContractAddress?: string } })._chainParams;
  return (params?.depositContractAddress ?? `0x${'00'.repeat(20)}`).toLowerCase();
}

function forkConfig(common: Common, genesisHash: Uint8Array, points: ForkPoint[], index: number) {
  const point = points[index];
  const c = common.copy();
  if (point !== undefined) c.setHardfork(point.name);
  const precompiles: Record<string, string> = {};
  for (const [name, addr, since] of PRECOMPILES) {
    if (since === 0 || (typeof since === 'string' ? c.gteHardfork(since) : c.isActivatedEIP(since)))
      precompiles[name] = bytesToHex(hexToBytes(`0x${addr.toString(16).padStart(40, '0')}`));
  }
  const systemContracts: Record<string, string> = {};
  for (const [name, addr, eip] of SYSTEM_CONTRACTS) if (c.isActivatedEIP(eip)) systemContracts[name] = addr;
  if (c.isActivatedEIP(6110)) systemContracts.DEPOSIT_CONTRACT_ADDRESS = depositContract(common);
  return {
    activationTime: point?.byTime === true ? Number(point.at) : 0,
    blobSchedule: blobSchedule(c),
    chainId: quantity(common.chainId()),
    forkId: forkId(genesisHash, points, index),
    precompiles,
    systemContracts,
  };
}

export function configMethods(backend: RpcBackend): Record<string, RpcMethod> {
  return {
    eth_config: {
      params: [],
      handler: () => {
        const chain = backend.chain;
        const head = chain.head().header;
        const common = chain.common;
        const points = forkPoints(common);
        let current = -1;
        for (const [i, p] of points.entries()) {
          if (p.byTime ? p.at <= head.timestamp : p.at <= head.number) current = i;
        }
        const genesisHash = chain.genesis.hash();
        const at = (i: number) => (i >= 0 && i < points.length ? forkConfig(common, genesisHash, points, i) : null);
        return {
          current: at(current) ?? forkConfig(common, genesisHash, points, -1),
          next: current + 1 < points.length ? at(current + 1) : null,
          last: current + 1 < points.length ? at(points.length - 1) : null,
        };
      },
    },
  };
}
