// The devnet's test-node methods, under their evm_, anvil_ and hardhat_ names (Anvil's and
// Hardhat's result shapes), over a DevControl that apps/node fills (H3). Registered only when
// `deps.dev` is given, i.e. for `basalt dev`.
import { createImpersonatedTx, encodeStateDumpHex, parseStateDump } from '@basalt/chain';
import type { TypedTransaction } from '@ethereumjs/tx';
import { type Address, bytesToHex, hexToBytes, type PrefixedHexString } from '@ethereumjs/util';
import type { RpcBackend } from '../backend.ts';
import { InvalidParamsError, ServerError } from '../errors.ts';
import { quantity as hexQuantity } from '../format.ts';
import type { DevSigner } from '../signer.ts';
import type { DevControl, RpcMethod, RpcModule } from '../types.ts';
import { address, bool, data, type Decoder, hash, optional, string } from '../validation.ts';
import { callRequest, type TxRequest } from './callRequest.ts';
import { fillAndSign, fillTxData } from './ethSubmit.ts';

export interface DevModuleDeps {
  backend: RpcBackend;
  signer: DevSigner;
  dev: DevControl;
  clientVersion: string;
}

/** A number as test tools send it: a JSON number, a hex string (leading zeros allowed) or a decimal string. */
export const looseQuantity: Decoder<bigint> = (v) => {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'string' && /^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(v)) {
    const n = BigInt(v);
    if (n < 1n << 256n) return n;
  }
  throw new InvalidParamsError(`invalid number: ${JSON.stringify(v)}`);
};

/** A signed number of seconds (evm_increaseTime accepts negative numbers in Anvil). */
const seconds: Decoder<bigint> = (v) => {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?[0-9]+$/.test(v)) return BigInt(v);
  return looseQuantity(v);
};

/** A 32-byte word given as a quantity or as hex data of up to 32 bytes (storage slots and values). */
const word: Decoder<Uint8Array> = (v) => {
  const n = looseQuantity(v);
  return hexToBytes(`0x${n.toString(16).padStart(64, '0')}` as PrefixedHexString);
};

/** evm_mine's param: nothing, a timestamp, or `{ blocks, timestamp }` (Ganache/Anvil). */
const mineParam: Decoder<{ count?: number; timestamp?: bigint }> = (v) => {
  if (v === undefined || v === null) return {};
  if (typeof v === 'object' && !Array.isArray(v)) {
    const o = v as { blocks?: unknown; timestamp?: unknown };
    const out: { count?: number; timestamp?: bigint } = {};
    if (o.blocks !== undefined && o.blocks !== null) out.count = Number(looseQuantity(o.blocks));
    if (o.timestamp !== undefined && o.timestamp !== null) out.timestamp = looseQuantity(o.timestamp);
    return out;
  }
  return { timestamp: looseQuantity(v) };
};
(mineParam as { isOptional?: boolean }).isOptional = true;

/** Mining count or interval param that may be absent. */
const optQuantity = optional(looseQuantity);

/** What anvil_reset/hardhat_reset asks to fork: `{ forking: { jsonRpcUrl, blockNumber } }`. */
interface ResetForking {
  jsonRpcUrl?: string;
  blockNumber?: bigint;
}

/** anvil_reset/hardhat_reset's param: nothing, `{}`, or `{ forking: { jsonRpcUrl?, blockNumber? } }`. */
const resetParam: Decoder<ResetForking | undefined> = (v) => {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new InvalidParamsError('reset takes an object: { forking? }');
  const { forking, ...rest } = v as { forking?: unknown };
  if (Object.keys(rest).length > 0) throw new InvalidParamsError(`unknown reset option ${Object.keys(rest)[0]}`);
  if (forking === undefined || forking === null) return undefined;
  if (typeof forking !== 'object' || Array.isArray(forking)) {
    throw new InvalidParamsError('forking takes an object: { jsonRpcUrl?, blockNumber? }');
  }
  const f = forking as { jsonRpcUrl?: unknown; blockNumber?: unknown };
  const out: ResetForking = {};
  if (f.jsonRpcUrl !== undefined && f.jsonRpcUrl !== null) {
    if (typeof f.jsonRpcUrl !== 'string') throw new InvalidParamsError('forking.jsonRpcUrl must be a string');
    out.jsonRpcUrl = f.jsonRpcUrl;
  }
  if (f.blockNumber !== undefined && f.blockNumber !== null) out.blockNumber = looseQuantity(f.blockNumber);
  return out;
};

/**
 * A reset with forking params goes back to the node's own fork (what test suites do before each
 * test: the same URL and block as `--fork-url`/`--fork-block-number`); forking another source or
 * block needs a restart with those flags.
 */
function checkResetForking(forking: ResetForking, fork: { url: string; blockNumber: bigint } | undefined): void {
  if (fork === undefined) throw new ServerError('forking is not enabled on this node: reset takes no forking params');
  const sameUrl = forking.jsonRpcUrl === undefined || sameRpcUrl(forking.jsonRpcUrl, fork.url);
  const sameBlock = forking.blockNumber === undefined || forking.blockNumber === fork.blockNumber;
  if (!sameUrl || !sameBlock) {
    throw new ServerError(
      `this node forks its --fork-url at block ${fork.blockNumber}: reset goes back to that fork; ` +
        'to fork another source or block, restart with --fork-url and --fork-block-number',
    );
  }
}

/** Two JSON-RPC URLs naming the same endpoint (a trailing slash and the scheme/host case aside). */
function sameRpcUrl(a: string, b: string): boolean {
  const norm = (u: string): string => {
    try {
      const url = new URL(u);
      return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}${url.search}`;
    } catch {
      return u;
    }
  };
  return norm(a) === norm(b);
}
(resetParam as { isOptional?: boolean }).isOptional = true;

/** Registers `handler` under every name in `names` (each may return its own result). */
function aliases(names: string[], method: RpcMethod): Record<string, RpcMethod> {
  return Object.fromEntries(names.map((n) => [n, method]));
}

/** Same handler under an anvil_ name (result as Anvil) and a hardhat_/evm_ name (result `true`, as Hardhat). */
function anvilAndHardhat(anvil: string[], hardhat: string[], method: RpcMethod): Record<string, RpcMethod> {
  const asTrue: RpcMethod = {
    ...(method.params !== undefined ? { params: method.params } : {}),
    handler: async (p, ctx) => {
      await method.handler(p, ctx);
      return true;
    },
  };
  return { ...aliases(anvil, method), ...aliases(hardhat, asTrue) };
}

export function createDevModules(d: DevModuleDeps): RpcModule[] {
  const { dev, backend } = d;
  const chain = backend.chain;
  const pool = chain.txPool;

  const metadata = (anvil: boolean) => {
    const head = chain.head();
    const out: Record<string, unknown> = {
      clientVersion: d.clientVersion,
      chainId: Number(chain.chainId),
      instanceId: bytesToHex(dev.instanceId()),
      latestBlockNumber: Number(head.header.number),
      latestBlockHash: bytesToHex(head.hash()),
    };
    if (anvil) {
      out.forkedNetwork = null;
      out.snapshots = Object.fromEntries(
        dev.snapshots().map((s) => [s.id.toString(10), [Number(s.number), bytesToHex(s.hash)]]),
      );
    }
    return out;
  };

  const sendTransaction: RpcMethod = {
    params: [callRequest],
    handler: async ([req]: [TxRequest]) => {
      if (req.from === undefined) throw new InvalidParamsError('missing from');
      let tx: TypedTransaction;
      if (d.signer.has(req.from.toString())) {
        tx = await fillAndSign(backend, d.signer, req);
      } else if (dev.isImpersonated(req.from)) {
        const { data: txData, common } = await fillTxData(backend, req);
        tx = createImpersonatedTx(txData, req.from, common);
      } else {
        throw new ServerError('unknown account');
      }
      const hash = await pool.add(tx, { local: true });
      await backend.opts.afterSubmit?.();
      return bytesToHex(hash);
    },
  };

  const evm: Record<string, RpcMethod> = {
    evm_mine: {
      params: [mineParam],
      handler: async ([opts]: [{ count?: number; timestamp?: bigint }]) => {
        await dev.mine(opts);
        return '0x0';
      },
    },
    evm_snapshot: { params: [], handler: async () => hexQuantity(await dev.snapshot()) },
    evm_revert: { params: [looseQuantity], handler: ([id]: [bigint]) => dev.revert(id) },
    evm_increaseTime: {
      params: [seconds],
      handler: ([s]: [bigint]) => Number(dev.increaseTime(s)),
    },
    evm_setTime: {
      params: [looseQuantity],
      handler: ([t]: [bigint]) => {
        const before = chain.head().header.timestamp;
        dev.setTime(t);
        return Number(t > before ? t - before : 0n);
      },
    },
  };

  const mining: Record<string, RpcMethod> = {
    ...anvilAndHardhat(['anvil_mine'], ['hardhat_mine'], {
      params: [optQuantity, optQuantity],
      handler: async ([count, interval]: [bigint | undefined, bigint | undefined]) => {
        await dev.mine({
          count: count === undefined ? 1 : Number(count),
          ...(interval !== undefined && interval > 0n ? { interval } : {}),
        });
        return null;
      },
    }),
    ...anvilAndHardhat(['anvil_setAutomine'], ['evm_setAutomine'], {
      params: [bool],
      handler: ([on]: [boolean]) => {
        dev.setAutomine(on);
        return null;
      },
    }),
    ...aliases(['anvil_getAutomine', 'hardhat_getAutomine'], { params: [], handler: () => dev.getAutomine() }),
    // Anvil's name takes seconds; Hardhat's evm_setIntervalMining (below) milliseconds.
    anvil_setIntervalMining: {
      params: [looseQuantity],
      handler: ([s]: [bigint]) => {
        dev.setIntervalMining(Number(s));
        return null;
      },
    },
    anvil_getIntervalMining: { params: [], handler: () => dev.getIntervalMining() },
    anvil_increaseTime: { params: [seconds], handler: ([s]: [bigint]) => Number(dev.increaseTime(s)) },
    ...aliases(['anvil_setNextBlockTimestamp', 'evm_setNextBlockTimestamp'], {
      params: [looseQuantity],
      handler: ([t]: [bigint]) => {
        dev.setNextBlockTimestamp(t);
        return null;
      },
    }),
    anvil_setTime: evm.evm_setTime!,
    anvil_setBlockTimestampInterval: {
      params: [looseQuantity],
      handler: ([s]: [bigint]) => {
        dev.setBlockTimestampInterval(s);
        return null;
      },
    },
    anvil_removeBlockTimestampInterval: { params: [], handler: () => dev.removeBlockTimestampInterval() },
    ...aliases(['evm_setBlockGasLimit', 'anvil_setBlockGasLimit'], {
      params: [looseQuantity],
      handler: ([gas]: [bigint]) => {
        dev.setBlockGasLimit(gas);
        return true;
      },
    }),
    ...anvilAndHardhat(['anvil_setNextBlockBaseFeePerGas'], ['hardhat_setNextBlockBaseFeePerGas'], {
      params: [looseQuantity],
      handler: ([fee]: [bigint]) => {
        dev.setNextBlockBaseFee(fee);
        return null;
      },
    }),
    ...anvilAndHardhat(['anvil_setCoinbase'], ['hardhat_setCoinbase'], {
      params: [address],
      handler: ([a]: [Address]) => {
        dev.setCoinbase(a);
        return null;
      },
    }),
    anvil_dropTransaction: {
      params: [hash],
      handler: ([h]: [Uint8Array]) => (pool.remove(h, 'dropped') ? bytesToHex(h) : null),
    },
    hardhat_dropTransaction: { params: [hash], handler: ([h]: [Uint8Array]) => pool.remove(h, 'dropped') },
    anvil_dropAllTransactions: {
      params: [],
      handler: () => {
        pool.clear('dropped');
        return null;
      },
    },
    anvil_removePoolTransactions: {
      params: [address],
      handler: ([a]: [Address]) => {
        const content = pool.content();
        for (const group of [content.pending, content.queued]) {
          for (const [sender, txs] of group) {
            if (sender.toLowerCase() !== a.toString()) continue;
            for (const tx of txs.values()) pool.remove(tx.hash(), 'dropped');
          }
        }
        return null;
      },
    },
  };
  // Hardhat's evm_setIntervalMining is in milliseconds (0 turns it off).
  mining.evm_setIntervalMining = {
    params: [looseQuantity],
    handler: ([ms]: [bigint]) => {
      dev.setIntervalMining(Number(ms) / 1000);
      return true;
    },
  };

  const state: Record<string, RpcMethod> = {
    ...anvilAndHardhat(['anvil_setBalance', 'tenderly_setBalance'], ['hardhat_setBalance', 'evm_setAccountBalance'], {
      params: [address, looseQuantity],
      handler: async ([a, wei]: [Address, bigint]) => {
        await dev.setBalance(a, wei);
        return null;
      },
    }),
    anvil_addBalance: {
      params: [address, looseQuantity],
      handler: async ([a, wei]: [Address, bigint]) => {
        const account = await (await chain.stateAt(chain.head())).getAccount(a);
        await dev.setBalance(a, (account?.balance ?? 0n) + wei);
        return null;
      },
    },
    ...anvilAndHardhat(['anvil_setCode'], ['hardhat_setCode', 'evm_setAccountCode'], {
      params: [address, data],
      handler: async ([a, code]: [Address, Uint8Array]) => {
        await dev.setCode(a, code);
        return null;
      },
    }),
    ...anvilAndHardhat(['anvil_setNonce', 'evm_setAccountNonce'], ['hardhat_setNonce'], {
      params: [address, looseQuantity],
      handler: async ([a, nonce]: [Address, bigint]) => {
        await dev.setNonce(a, nonce);
        return null;
      },
    }),
    ...anvilAndHardhat(['anvil_setStorageAt'], ['hardhat_setStorageAt', 'evm_setAccountStorageAt'], {
      params: [address, word, word],
      handler: async ([a, slot, value]: [Address, Uint8Array, Uint8Array]) => {
        await dev.setStorageAt(a, slot, value);
        return null;
      },
    }),
    ...anvilAndHardhat(['anvil_impersonateAccount'], ['hardhat_impersonateAccount'], {
      params: [address],
      handler: ([a]: [Address]) => {
        dev.impersonate(a);
        return null;
      },
    }),
    ...anvilAndHardhat(['anvil_stopImpersonatingAccount'], ['hardhat_stopImpersonatingAccount'], {
      params: [address],
      handler: ([a]: [Address]) => {
        dev.stopImpersonating(a);
        return null;
      },
    }),
    anvil_autoImpersonateAccount: {
      params: [bool],
      handler: ([on]: [boolean]) => {
        dev.setAutoImpersonate(on);
        return null;
      },
    },
    ...anvilAndHardhat(['anvil_reset'], ['hardhat_reset'], {
      params: [resetParam],
      handler: async ([forking]: [ResetForking | undefined]) => {
        if (forking !== undefined) checkResetForking(forking, dev.fork?.());
        await dev.reset();
        return null;
      },
    }),
    ...aliases(['anvil_dumpState', 'hardhat_dumpState'], {
      params: [],
      handler: async () => encodeStateDumpHex(await dev.dumpState()),
    }),
    ...aliases(['anvil_loadState', 'hardhat_loadState'], {
      params: [loadStateParam],
      handler: async ([bytes]: [Uint8Array]) => {
        await dev.loadState(parseStateDump(bytes));
        return true;
      },
    }),
    anvil_nodeInfo: {
      params: [],
      handler: () => {
        const head = chain.head();
        const baseFee = backend.nextBaseFee(head);
        return {
          currentBlockNumber: hexQuantity(head.header.number),
          currentBlockTimestamp: Number(head.header.timestamp),
          currentBlockHash: bytesToHex(head.hash()),
          hardFork: dev.hardfork(),
          transactionOrder: 'fees',
          environment: {
            baseFee: hexQuantity(baseFee),
            chainId: Number(chain.chainId),
            gasLimit: hexQuantity(head.header.gasLimit),
            gasPrice: hexQuantity(baseFee + backend.opts.priorityFee),
          },
          forkConfig: { forkUrl: null, forkBlockNumber: null, forkRetryBackoff: null },
        };
      },
    },
    anvil_metadata: { params: [], handler: () => metadata(true) },
    hardhat_metadata: { params: [], handler: () => metadata(false) },
    ...anvilAndHardhat(['anvil_setLoggingEnabled'], ['hardhat_setLoggingEnabled'], {
      params: [bool],
      handler: ([on]: [boolean]) => {
        dev.setLoggingEnabled(on);
        return null;
      },
    }),
  };

  return [
    { namespace: 'evm', methods: evm },
    { namespace: 'anvil', methods: { ...mining, ...state } },
    { namespace: 'eth', methods: { eth_sendTransaction: sendTransaction } },
  ];
}

/** anvil_loadState's param: the hex of anvil_dumpState (gzip or plain JSON), or the JSON object itself. */
const loadStateParam: Decoder<Uint8Array> = (v) => {
  if (typeof v === 'object' && v !== null) return new TextEncoder().encode(JSON.stringify(v));
  if (typeof v === 'string' && v.startsWith('0x')) return data(v);
  if (typeof v === 'string') return new TextEncoder().encode(string(v));
  throw new InvalidParamsError('anvil_loadState takes the hex of anvil_dumpState');
};
