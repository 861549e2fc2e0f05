// The end-of-block system calls of EIP-7002 (withdrawal requests) and EIP-7251 (consolidation
// requests), answered without the interpreter when their queue is empty: what the contract then
// does is a handful of storage reads and writes, and running its bytecode per block cost more
// than the rest of a one-transaction block's execution (docs/performance.md, change 14).
import type { EVMInterface, EVMResult } from '@ethereumjs/evm';
import type { Common } from '@ethereumjs/common';
import {
  Address,
  bigIntToAddressBytes,
  bigIntToBytes,
  bytesToBigInt,
  equalsBytes,
  hexToBytes,
  type PrefixedHexString,
  setLengthLeft,
} from '@ethereumjs/util';
import type { VM } from '@ethereumjs/vm';
import { keccak_256 } from '@noble/hashes/sha3.js';

/** A request contract the block's end calls: where it lives and its runtime code (from its EIP). */
export interface RequestContract {
  address: PrefixedHexString;
  code: PrefixedHexString;
}

/** EIP-7002's withdrawal request contract, as deployed on mainnet. */
export const WITHDRAWAL_REQUEST_CONTRACT: RequestContract = {
  address: '0x00000961ef480eb55e80d19ad83579a64c007002',
  code: '0x3373fffffffffffffffffffffffffffffffffffffffe1460cb5760115f54807fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff146101f457600182026001905f5b5f82111560685781019083028483029004916001019190604d565b909390049250505036603814608857366101f457346101f4575f5260205ff35b34106101f457600154600101600155600354806003026004013381556001015f35815560010160203590553360601b5f5260385f601437604c5fa0600101600355005b6003546002548082038060101160df575060105b5f5b8181146101835782810160030260040181604c02815460601b8152601401816001015481526020019060020154807fffffffffffffffffffffffffffffffff00000000000000000000000000000000168252906010019060401c908160381c81600701538160301c81600601538160281c81600501538160201c81600401538160181c81600301538160101c81600201538160081c81600101535360010160e1565b910180921461019557906002556101a0565b90505f6002555f6003555b5f54807fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff14156101cd57505f5b6001546002828201116101e25750505f6101e8565b01600290035b5f555f600155604c025ff35b5f5ffd',
};

/** EIP-7251's consolidation request contract, as deployed on mainnet. */
export const CONSOLIDATION_REQUEST_CONTRACT: RequestContract = {
  address: '0x0000bbddc7ce488642fb579f8b00f3a590007251',
  code: '0x3373fffffffffffffffffffffffffffffffffffffffe1460d35760115f54807fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff1461019a57600182026001905f5b5f82111560685781019083028483029004916001019190604d565b9093900492505050366060146088573661019a573461019a575f5260205ff35b341061019a57600154600101600155600354806004026004013381556001015f358155600101602035815560010160403590553360601b5f5260605f60143760745fa0600101600355005b6003546002548082038060021160e7575060025b5f5b8181146101295782810160040260040181607402815460601b815260140181600101548152602001816002015481526020019060030154905260010160e9565b910180921461013b5790600255610146565b90505f6002555f6003555b5f54807fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff141561017357505f5b6001546001828201116101885750505f61018e565b01600190035b5f555f6001556074025ff35b5f5ffd',
};

/**
 * What the system call reads and writes, per contract: both keep the same four slots and differ
 * in their target per block (the `6002`/`6001` pushed before the excess comparison).
 */
interface QueueContract {
  address: Address;
  codeHash: Uint8Array;
  /** TARGET_*_REQUESTS_PER_BLOCK. */
  target: bigint;
}

/** Slots of both contracts: excess, count, queue head index, queue tail index. */
const SLOT_EXCESS = setLengthLeft(new Uint8Array([0]), 32);
const SLOT_COUNT = setLengthLeft(new Uint8Array([1]), 32);
const SLOT_HEAD = setLengthLeft(new Uint8Array([2]), 32);
const SLOT_TAIL = setLengthLeft(new Uint8Array([3]), 32);
const WORD = 1n << 256n;
const EXCESS_INHIBITOR = WORD - 1n;

/** EIPs under which the system call does more than its storage (access lists, state gas, witnesses). */
const UNSUPPORTED_EIPS = [2780, 7864, 7928, 8037];

const codeHashes = new Map<RequestContract, Uint8Array>();
function codeHashOf(c: RequestContract): Uint8Array {
  let h = codeHashes.get(c);
  if (h === undefined) {
    h = keccak_256(hexToBytes(c.code));
    codeHashes.set(c, h);
  }
  return h;
}

function queueContracts(common: Common): QueueContract[] {
  const out: QueueContract[] = [];
  const add = (eip: number, param: string, c: RequestContract, target: bigint) => {
    if (!common.isActivatedEIP(eip)) return;
    const address = bigIntToAddressBytes(common.param(param));
    // The contract's address is a chain parameter: only the known code at the known address.
    if (!equalsBytes(address, hexToBytes(c.address))) return;
    out.push({ address: new Address(address), codeHash: codeHashOf(c), target });
  };
  add(7002, 'withdrawalRequestPredeployAddress', WITHDRAWAL_REQUEST_CONTRACT, 2n);
  add(7251, 'consolidationRequestPredeployAddress', CONSOLIDATION_REQUEST_CONTRACT, 1n);
  return out;
}

type RunCallOpts = Parameters<EVMInterface['runCall']>[0];

/**
 * Makes `vm` answer the EIP-7002/EIP-7251 system call itself when the contract's queue is empty
 * (head index == tail index), writing exactly the storage the contract's bytecode writes then:
 *
 * - head and tail both set to 0 (the queue is drained: `new_head == tail`);
 * - excess = `e + count - target` if `e + count > target` else 0, with `e` = excess read, or 0
 *   when it is the inhibitor 2^256-1, and the sum wrapping at 2^256 as the EVM's ADD does;
 * - count set to 0;
 * - no requests returned (RETURN of 0 × request size bytes).
 *
 * A slot whose value does not change is not written (the trie's content, hence the state root, is
 * the same). Every other call (a non-empty queue, other code at the address, another caller or
 * input, the Amsterdam EIPs under which the call also feeds access lists and state gas) goes to
 * the interpreter. The library restores the system address's account after the call itself, on
 * both paths. The call's `beforeMessage`/`afterMessage` events are not emitted for an answered
 * call. `test/integration/systemCalls.test.ts` builds blocks with and without queued requests (and
 * genesis storage in every branch) both ways and compares state roots and requests hashes.
 */
export function answerEmptyRequestQueues(vm: VM): void {
  const common = vm.common;
  if (UNSUPPORTED_EIPS.some((eip) => common.isActivatedEIP(eip))) return;
  const contracts = queueContracts(common);
  if (contracts.length === 0) return;
  const systemAddress = new Address(bigIntToAddressBytes(common.param('systemAddress')));
  const evm = vm.evm;
  const runCall = evm.runCall.bind(evm);
  evm.runCall = async (opts: RunCallOpts): Promise<EVMResult> => {
    const contract = systemCallTo(opts, systemAddress, contracts);
    if (contract !== undefined) {
      const answered = await answerEmptyQueue(vm, contract, opts.gasLimit ?? 0n);
      if (answered !== undefined) return answered;
    }
    return runCall(opts);
  };
}

function systemCallTo(
  opts: RunCallOpts,
  systemAddress: Address,
  contracts: QueueContract[],
): QueueContract | undefined {
  if (opts.message !== undefined || opts.caller === undefined || opts.to === undefined) return undefined;
  if (opts.data !== undefined || (opts.value !== undefined && opts.value !== 0n) || opts.code !== undefined) {
    return undefined;
  }
  if (opts.skipBalance !== undefined || opts.isStatic === true || opts.delegatecall === true) return undefined;
  if (!opts.caller.equals(systemAddress)) return undefined;
  return contracts.find((c) => c.address.equals(opts.to as Address));
}

async function answerEmptyQueue(vm: VM, c: QueueContract, gasLimit: bigint): Promise<EVMResult | undefined> {
  const sm = vm.stateManager;
  const account = await sm.getAccount(c.address);
  if (account === undefined || !equalsBytes(account.codeHash, c.codeHash)) return undefined;
  const read = async (slot: Uint8Array) => bytesToBigInt(await sm.getStorage(c.address, slot));
  const head = await read(SLOT_HEAD);
  const tail = await read(SLOT_TAIL);
  if (head !== tail) return undefined;
  const excessRead = await read(SLOT_EXCESS);
  const count = await read(SLOT_COUNT);
  const excess = excessRead === EXCESS_INHIBITOR ? 0n : excessRead;
  const sum = (excess + count) % WORD;
  const newExcess = sum > c.target ? sum - c.target : 0n;
  const write = async (slot: Uint8Array, before: bigint, after: bigint) => {
    if (before === after) return;
    await sm.putStorage(c.address, slot, after === 0n ? new Uint8Array(0) : bigIntToBytes(after));
  };
  await write(SLOT_HEAD, head, 0n);
  await write(SLOT_TAIL, tail, 0n);
  await write(SLOT_EXCESS, excessRead, newExcess);
  await write(SLOT_COUNT, count, 0n);
  return {
    execResult: { returnValue: new Uint8Array(0), executionGasUsed: 0n, gas: gasLimit },
  } as unknown as EVMResult;
}
