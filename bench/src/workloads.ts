// The workloads, each against one running node through the shared client: reads at a fixed number
// in flight, and writes of N pre-signed EIP-1559 transactions (ERC-20 transfers or plain value
// transfers from 10 dev accounts) sent at a fixed number in flight, then every receipt awaited.
import { performance } from 'node:perf_hooks';
import { BasaltToken } from '@basalt/contracts';
import { AbiCoder, HDNodeWallet, Interface, type SigningKey, Transaction } from 'ethers';
import { createRpcClient, type LoadResult, RpcError, type RpcClient, type RpcRequest, runLoad } from './client.ts';
import type { RunningNode } from './nodes.ts';

export const DEV_MNEMONIC = 'test test test test test test test test test test test junk';
export const SENDERS = 10;
const GWEI = 10n ** 9n;
const MAX_FEE = 100n * GWEI;
const TIP = 1n * GWEI;
const ERC20_GAS = 80_000n;
const PLAIN_GAS = 21_000n;
const token = new Interface(BasaltToken.abi as unknown as string[]);

interface Account {
  address: string;
  key: SigningKey;
  nonce: bigint;
}

export interface Session {
  node: RunningNode;
  client: RpcClient;
  chainId: bigint;
  accounts: Account[];
  token: string;
  /** Hashes of the set-up transactions (for eth_getTransactionReceipt reads). */
  setupTxs: string[];
}

let keysCache: { address: string; key: SigningKey }[] | undefined;
function devKeys(): { address: string; key: SigningKey }[] {
  keysCache ??= Array.from({ length: SENDERS }, (_, i) => {
    const w = HDNodeWallet.fromPhrase(DEV_MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`);
    return { address: w.address.toLowerCase(), key: w.signingKey };
  });
  return keysCache;
}

function sign(
  s: Session,
  from: Account,
  to: string,
  data: string,
  value: bigint,
  gas: bigint,
): { raw: string; hash: string } {
  const tx = new Transaction();
  tx.type = 2;
  tx.chainId = s.chainId;
  tx.nonce = Number(from.nonce++);
  tx.to = to;
  tx.data = data;
  tx.value = value;
  tx.gasLimit = gas;
  tx.maxFeePerGas = MAX_FEE;
  tx.maxPriorityFeePerGas = TIP;
  tx.signature = from.key.sign(tx.unsignedHash);
  return { raw: tx.serialized, hash: tx.hash! };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Receipt {
  status: string;
  blockNumber: string;
  contractAddress: string | null;
}

/** Polls receipts of `hashes` (JSON-RPC batches) until all are found or the deadline passes. */
async function awaitReceipts(
  client: RpcClient,
  hashes: string[],
  deadline: number,
): Promise<{ found: Map<string, Receipt>; lastSeenAt: number }> {
  const found = new Map<string, Receipt>();
  let pending = hashes;
  let lastSeenAt = performance.now();
  while (pending.length > 0 && performance.now() < deadline) {
    const chunks: string[][] = [];
    for (let i = 0; i < pending.length; i += 100) chunks.push(pending.slice(i, i + 100));
    let progressed = false;
    // At most 4 batches in flight, so polling never crowds out the node's own work.
    for (let i = 0; i < chunks.length; i += 4) {
      const results = await Promise.all(
        chunks
          .slice(i, i + 4)
          .map((c) =>
            client.batch(c.map((h) => ({ method: 'eth_getTransactionReceipt', params: [h] }))).then((r) => ({ c, r })),
          ),
      );
      for (const { c, r } of results) {
        r.forEach((x, k) => {
          if (x && !(x instanceof RpcError)) {
            found.set(c[k]!, x as Receipt);
            progressed = true;
          }
        });
      }
    }
    if (progressed) lastSeenAt = performance.now();
    pending = pending.filter((h) => !found.has(h));
    if (pending.length > 0 && !progressed) await sleep(20);
    else if (pending.length > 0) await sleep(2);
  }
  return { found, lastSeenAt };
}

async function mustReceipt(client: RpcClient, hash: string, timeoutMs = 30_000): Promise<Receipt> {
  const { found } = await awaitReceipts(client, [hash], performance.now() + timeoutMs);
  const r = found.get(hash);
  if (!r) throw new Error(`no receipt for ${hash}`);
  if (r.status !== '0x1') throw new Error(`set-up transaction ${hash} failed`);
  return r;
}

/** Connects, deploys the ERC-20 and gives each of the 10 senders tokens. */
export async function openSession(node: RunningNode, connections = 64): Promise<Session> {
  const client = createRpcClient(node.url, { connections });
  const chainId = BigInt(await client.request<string>('eth_chainId'));
  const accounts: Account[] = [];
  for (const k of devKeys()) {
    const nonce = BigInt(await client.request<string>('eth_getTransactionCount', [k.address, 'pending']));
    accounts.push({ ...k, nonce });
  }
  const s: Session = { node, client, chainId, accounts, token: '', setupTxs: [] };
  const admin = accounts[0]!;
  const args = AbiCoder.defaultAbiCoder().encode(
    ['string', 'string', 'uint256', 'uint256', 'address'],
    ['Bench', 'BNCH', 10n ** 30n, 10n ** 28n, admin.address],
  );
  const deploy = new Transaction();
  deploy.type = 2;
  deploy.chainId = chainId;
  deploy.nonce = Number(admin.nonce++);
  deploy.data = BasaltToken.bytecode + args.slice(2);
  deploy.gasLimit = 6_000_000n;
  deploy.maxFeePerGas = MAX_FEE;
  deploy.maxPriorityFeePerGas = TIP;
  deploy.signature = admin.key.sign(deploy.unsignedHash);
  await client.request('eth_sendRawTransaction', [deploy.serialized]);
  const r = await mustReceipt(client, deploy.hash!);
  s.token = r.contractAddress!;
  s.setupTxs.push(deploy.hash!);
  const funding: string[] = [];
  for (const a of accounts.slice(1)) {
    const data = token.encodeFunctionData('transfer', [a.address, 10n ** 26n]);
    const { raw, hash } = sign(s, admin, s.token, data, 0n, ERC20_GAS);
    await client.request('eth_sendRawTransaction', [raw]);
    funding.push(hash);
  }
  for (const h of funding) await mustReceipt(client, h);
  s.setupTxs.push(...funding);
  return s;
}

export async function closeSession(s: Session): Promise<void> {
  await s.client.close();
}

export type ReadKind = 'call' | 'balance' | 'receipt';

/** eth_call balanceOf / eth_getBalance / eth_getTransactionReceipt at `inFlight` over keep-alive. */
export async function reads(s: Session, kind: ReadKind, inFlight: number, durationMs: number): Promise<LoadResult> {
  const holders = s.accounts.map((a) => a.address);
  const calls = holders.map((h) => ({ to: s.token, data: token.encodeFunctionData('balanceOf', [h]) }));
  const make = (i: number): RpcRequest => {
    switch (kind) {
      case 'call':
        return { method: 'eth_call', params: [calls[i % calls.length], 'latest'] };
      case 'balance':
        return { method: 'eth_getBalance', params: [holders[i % holders.length], 'latest'] };
      case 'receipt':
        return { method: 'eth_getTransactionReceipt', params: [s.setupTxs[i % s.setupTxs.length]] };
    }
  };
  // A warm-up so the first figures are not a JIT's.
  await runLoad(s.client, { inFlight, durationMs: Math.min(300, durationMs / 4), make });
  return runLoad(s.client, { inFlight, durationMs, make });
}

export interface WriteResult {
  sent: number;
  txPerSecond: number;
  seconds: number;
  blocks: number;
  /** Largest number of transactions in one block made during the run. */
  maxTxsPerBlock: number;
  failed: number;
  missing: number;
  peakRssMb: number;
  firstError?: string;
}

let recipientSalt = 0;

/**
 * Pre-signs `n` transactions round-robin over the 10 senders (ERC-20 transfers to fresh holders,
 * or plain transfers to fresh addresses), sends them with `inFlight` requests outstanding, then
 * awaits every receipt; the clock runs from the first send to the last receipt seen.
 */
export async function writes(
  s: Session,
  o: { kind: 'erc20' | 'plain'; n: number; inFlight: number; deadlineMs: number },
): Promise<WriteResult> {
  const txs: { raw: string; hash: string }[] = [];
  for (let i = 0; i < o.n; i++) {
    const from = s.accounts[i % SENDERS]!;
    const to = `0x${(0xbe0c0000000000n + BigInt(recipientSalt++)).toString(16).padStart(40, '0')}`;
    txs.push(
      o.kind === 'erc20'
        ? sign(s, from, s.token, token.encodeFunctionData('transfer', [to, 1n]), 0n, ERC20_GAS)
        : sign(s, from, to, '0x', 1n, PLAIN_GAS),
    );
  }
  const before = BigInt(await s.client.request<string>('eth_blockNumber'));
  const t0 = performance.now();
  const deadline = t0 + o.deadlineMs;
  let next = 0;
  let failed = 0;
  let firstError: string | undefined;
  const accepted: string[] = [];
  const worker = async () => {
    while (next < txs.length && performance.now() < deadline) {
      const tx = txs[next++]!;
      try {
        await s.client.request('eth_sendRawTransaction', [tx.raw]);
        accepted.push(tx.hash);
      } catch (err) {
        failed++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: o.inFlight }, worker));
  const { found, lastSeenAt } = await awaitReceipts(s.client, accepted, deadline);
  const seconds = (lastSeenAt - t0) / 1000;
  let ok = 0;
  for (const r of found.values()) {
    if (r.status === '0x1') ok++;
    else failed++;
  }
  // Never sent (deadline) or sent but never mined.
  const missing = o.n - next + (accepted.length - found.size);
  const after = BigInt(await s.client.request<string>('eth_blockNumber'));
  let maxTxsPerBlock = 0;
  const blockNumbers: string[] = [];
  for (let b = before + 1n; b <= after; b++) blockNumbers.push(`0x${b.toString(16)}`);
  for (let i = 0; i < blockNumbers.length; i += 50) {
    const res = await s.client.batch(
      blockNumbers.slice(i, i + 50).map((b) => ({ method: 'eth_getBlockByNumber', params: [b, false] })),
    );
    for (const blk of res) {
      if (blk && !(blk instanceof RpcError)) {
        maxTxsPerBlock = Math.max(maxTxsPerBlock, (blk as { transactions: unknown[] }).transactions.length);
      }
    }
  }
  return {
    sent: o.n,
    txPerSecond: ok / seconds,
    seconds,
    blocks: Number(after - before),
    maxTxsPerBlock,
    failed,
    missing,
    peakRssMb: s.node.peakRssMb(),
    ...(firstError !== undefined ? { firstError } : {}),
  };
}
