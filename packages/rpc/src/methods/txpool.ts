// txpool_status, txpool_content, txpool_contentFrom, txpool_inspect (geth's shapes).
import type { ChainApi } from '@basalt/chain';
import type { TypedTransaction } from '@ethereumjs/tx';
import { type Address, toChecksumAddress } from '@ethereumjs/util';
import { formatTransaction, quantity } from '../format.ts';
import type { RpcModule } from '../types.ts';
import { address } from '../validation.ts';

type Groups = Map<string, Map<bigint, TypedTransaction>>;

function byNonce(txs: Map<bigint, TypedTransaction>, fmt: (tx: TypedTransaction) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const nonce of [...txs.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    out[nonce.toString(10)] = fmt(txs.get(nonce)!);
  return out;
}

function bySender(groups: Groups, fmt: (tx: TypedTransaction) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [sender, txs] of groups) out[toChecksumAddress(sender.toLowerCase())] = byNonce(txs, fmt);
  return out;
}

function find(groups: Groups, addr: Address): Map<bigint, TypedTransaction> | undefined {
  const want = addr.toString();
  for (const [sender, txs] of groups) if (sender.toLowerCase() === want) return txs;
  return undefined;
}

/** geth's `txpool_inspect` line: "0xTo: 1 wei + 21000 gas × 2 wei". */
function summary(tx: TypedTransaction): string {
  const price = 'maxFeePerGas' in tx ? tx.maxFeePerGas : (tx as { gasPrice: bigint }).gasPrice;
  const to = tx.to === undefined ? 'contract creation' : toChecksumAddress(tx.to.toString());
  return `${to}: ${tx.value} wei + ${tx.gasLimit} gas × ${price} wei`;
}

export function createTxPoolModule(chain: ChainApi): RpcModule {
  const pool = chain.txPool;
  const fmt = (tx: TypedTransaction) => formatTransaction(tx);
  return {
    namespace: 'txpool',
    methods: {
      txpool_status: {
        params: [],
        handler: () => {
          const s = pool.status();
          return { pending: quantity(s.pending), queued: quantity(s.queued) };
        },
      },
      txpool_content: {
        params: [],
        handler: () => {
          const c = pool.content();
          return { pending: bySender(c.pending, fmt), queued: bySender(c.queued, fmt) };
        },
      },
      txpool_contentFrom: {
        params: [address],
        handler: ([addr]: [Address]) => {
          const c = pool.content();
          const p = find(c.pending, addr);
          const q = find(c.queued, addr);
          return { pending: p === undefined ? {} : byNonce(p, fmt), queued: q === undefined ? {} : byNonce(q, fmt) };
        },
      },
      txpool_inspect: {
        params: [],
        handler: () => {
          const c = pool.content();
          return { pending: bySender(c.pending, summary), queued: bySender(c.queued, summary) };
        },
      },
    },
  };
}
