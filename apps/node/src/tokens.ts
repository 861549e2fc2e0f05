// `basalt dev --deploy-tokens`: right after start, the first dev account deploys the example token set
// (the same set as contracts/script/Deploy.s.sol and the Ignition module) from the @basalt/contracts
// artifacts. The transactions are real: signed with the dev key, sent through the node's own JSON-RPC
// (eth_estimateGas, eth_sendRawTransaction) and put in blocks by its miner, so the chain's history shows
// how every token came to be, exactly as if a client had deployed them.
//
// Three rounds, each waiting for its receipts: the seven contracts; the calls that need them (mint an
// NFT, ERC-1155 items and a badge, fund the vesting wallet, register the six factory templates); and
// one ERC-20 deployed through the factory. On a new chain the addresses are always the same (they
// follow from the deployer's nonces 0..6); with --data-dir a restart finds the set and reuses it.
import type { Logger } from '@basalt/common';
import {
  BasaltMultiToken,
  BasaltNFT,
  BasaltToken,
  BasaltVestingWallet,
  evmVersion,
  FeeOnTransferToken,
  MULTICALL3_ADDRESS,
  SoulboundToken,
  TokenFactory,
} from '@basalt/contracts';
import { encodeBytes32String, getCreateAddress, Interface, keccak256, Wallet } from 'ethers';
import type { BasaltNode } from './createNode.ts';
import { NodeError, NodeErrorCode } from './errors.ts';

/** Where the example token set lives (field names as in Deploy.s.sol's `Deployment`). */
export interface TokenSet {
  deployer: string;
  /** BasaltToken (ERC-20, BSLT): 1,000,000 minted to the deployer, cap 10^9. */
  token: string;
  /** BasaltNFT (ERC-721, BART): token 0 minted to the deployer, 5% royalty. */
  nft: string;
  /** BasaltMultiToken (ERC-1155, BITM): 100 of id 1. */
  multiToken: string;
  /** BasaltVestingWallet: 1,000 BSLT for the deployer, 1 year from the chain's start, 30-day cliff. */
  vestingWallet: string;
  /** SoulboundToken (ERC-5192, BADGE): badge 0 issued to the deployer. */
  soulbound: string;
  /** FeeOnTransferToken (BTAX): 1% fee to the deployer. */
  feeToken: string;
  /** TokenFactory with all six templates registered. */
  factory: string;
  /** A BasaltToken (FACT) deployed through the factory with salt "basalt". */
  factoryToken: string;
  /** Predeployed in genesis. */
  multicall3: string;
}

/** Whether the set was deployed by this start or found from an earlier one (--data-dir). */
export interface DeployedTokens {
  set: TokenSet;
  reused: boolean;
  /** Transactions sent by this start (0 when reused). */
  transactions: number;
}

const ether = (n: bigint) => n * 10n ** 18n;
const SALT = encodeBytes32String('basalt');
/** TokenFactory.Kind, in enum order. */
const FACTORY_KINDS = [
  BasaltToken,
  BasaltNFT,
  BasaltMultiToken,
  BasaltVestingWallet,
  SoulboundToken,
  FeeOnTransferToken,
] as const;
const FACTORY_TOKEN_ARGS = ['Factory Token', 'FACT', ether(1_000_000n), ether(1_000n)] as const;
/** Contract creations in round one, in nonce order. */
const CREATIONS = 7;

type Hex = `0x${string}`;
interface Receipt {
  status: Hex;
  contractAddress: string | null;
  gasUsed: Hex;
  logs: { address: string; topics: string[]; data: string }[];
}

/** A minimal JSON-RPC client over fetch, to the node's own server. */
function rpcClient(url: string) {
  let id = 0;
  return async <T>(method: string, params: unknown[] = []): Promise<T> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
    });
    const body = (await res.json()) as { result?: T; error?: { code: number; message: string } };
    if (body.error !== undefined) {
      throw new NodeError(
        { code: NodeErrorCode.DEPLOY_TOKENS_FAILED, step: method },
        `--deploy-tokens: ${method} failed: ${body.error.message}`,
      );
    }
    return body.result as T;
  };
}

interface Step {
  name: string;
  to?: string;
  data: string;
}

function encodeDeploy(artifact: { abi: readonly unknown[]; bytecode: string }, args: readonly unknown[]): string {
  const iface = new Interface(artifact.abi as never);
  return `${artifact.bytecode}${iface.encodeDeploy(args as unknown[]).slice(2)}`;
}

function encodeCall(artifact: { abi: readonly unknown[] }, fn: string, args: readonly unknown[]): string {
  return new Interface(artifact.abi as never).encodeFunctionData(fn, args as unknown[]);
}

/** The addresses of a set whose seven contracts were created at the deployer's nonces `first..first+6`. */
function addressesFrom(deployer: string, first: number): Omit<TokenSet, 'factoryToken'> {
  const at = (i: number) => getCreateAddress({ from: deployer, nonce: first + i });
  return {
    deployer,
    token: at(0),
    nft: at(1),
    multiToken: at(2),
    vestingWallet: at(3),
    soulbound: at(4),
    feeToken: at(5),
    factory: at(6),
    multicall3: MULTICALL3_ADDRESS,
  };
}

export interface DeployTokensOpts {
  /** Longest wait for one round of receipts, in ms. Default: 60 s plus three block times. */
  timeoutMs?: number;
}

/**
 * Deploys the example token set from `privateKey` (the first dev account) through `node`'s RPC and miner,
 * or finds the set an earlier start deployed at the account's first nonces. The node must be started.
 */
export async function deployTokens(
  node: BasaltNode,
  privateKey: string,
  logger: Logger,
  opts: DeployTokensOpts = {},
): Promise<DeployedTokens> {
  // The artifacts are compiled for prague; their code needs cancun's opcodes (PUSH0, MCOPY) at least.
  if (!node.chain.common.gteHardfork('cancun')) {
    throw new NodeError(
      { code: NodeErrorCode.INVALID_CONFIG, field: 'deployTokens' },
      `--deploy-tokens needs --hardfork cancun or later (the token contracts are compiled for ${evmVersion}); this chain runs ${node.chain.common.hardfork()}`,
    );
  }
  const { host, port } = node.rpcAddress();
  const local = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const call = rpcClient(`http://${local.includes(':') ? `[${local}]` : local}:${port}`);
  const wallet = new Wallet(privateKey);
  const deployer = wallet.address;
  const chainId = node.chain.chainId;
  const interval = node.miner.getIntervalMining();
  const timeoutMs = opts.timeoutMs ?? 60_000 + 3_000 * interval;

  const found = await findSet(call, deployer);
  if (found !== undefined) {
    logger.info('token set found, not deploying again', { ...found });
    return { set: found, reused: true, transactions: 0 };
  }

  let nonce = Number(BigInt(await call<Hex>('eth_getTransactionCount', [deployer, 'latest'])));
  const base = addressesFrom(deployer, nonce);
  const head = node.chain.head().header;
  const vestingStart = head.timestamp;
  const gasPrice = BigInt(await call<Hex>('eth_gasPrice'));
  let sent = 0;

  /** Estimates, signs and sends every step (explicit nonces), then waits for all receipts. */
  const round = async (steps: Step[]): Promise<Receipt[]> => {
    const hashes: string[] = [];
    for (const step of steps) {
      const tx = { from: deployer, data: step.data, ...(step.to !== undefined ? { to: step.to } : {}) };
      const estimate = BigInt(await call<Hex>('eth_estimateGas', [tx, 'latest']));
      const raw = await wallet.signTransaction({
        type: 0,
        chainId,
        nonce: nonce++,
        gasPrice,
        gasLimit: estimate + estimate / 5n,
        data: step.data,
        to: step.to ?? null,
      });
      hashes.push(await call<string>('eth_sendRawTransaction', [raw]));
      sent++;
    }
    const receipts = await waitForReceipts(node, call, hashes, timeoutMs);
    for (const [i, r] of receipts.entries()) {
      if (r.status !== '0x1') {
        throw new NodeError(
          { code: NodeErrorCode.DEPLOY_TOKENS_FAILED, step: steps[i]!.name },
          `--deploy-tokens: ${steps[i]!.name} reverted`,
        );
      }
    }
    return receipts;
  };

  const codes = FACTORY_KINDS.map((a) => a.bytecode);
  await round([
    {
      name: 'BasaltToken',
      data: encodeDeploy(BasaltToken, ['Basalt', 'BSLT', ether(1_000_000_000n), ether(1_000_000n), deployer]),
    },
    { name: 'BasaltNFT', data: encodeDeploy(BasaltNFT, ['Basalt Art', 'BART', deployer, deployer, 500n]) },
    {
      name: 'BasaltMultiToken',
      data: encodeDeploy(BasaltMultiToken, [
        'Basalt Items',
        'BITM',
        'https://basalt.example/items/{id}.json',
        deployer,
      ]),
    },
    {
      name: 'BasaltVestingWallet',
      data: encodeDeploy(BasaltVestingWallet, [deployer, vestingStart, 365n * 86_400n, 30n * 86_400n]),
    },
    { name: 'SoulboundToken', data: encodeDeploy(SoulboundToken, ['Basalt Badge', 'BADGE', deployer]) },
    {
      name: 'FeeOnTransferToken',
      data: encodeDeploy(FeeOnTransferToken, ['Basalt Taxed', 'BTAX', ether(1_000_000n), deployer, deployer, 100]),
    },
    { name: 'TokenFactory', data: encodeDeploy(TokenFactory, [codes.map((c) => keccak256(c))]) },
  ]);
  await round([
    {
      name: 'BasaltNFT.safeMint',
      to: base.nft,
      data: encodeCall(BasaltNFT, 'safeMint', [deployer, 'ipfs://basalt/art/0.json']),
    },
    {
      name: 'BasaltMultiToken.mint',
      to: base.multiToken,
      data: encodeCall(BasaltMultiToken, 'mint', [deployer, 1n, 100n, '0x']),
    },
    {
      name: 'BasaltToken.transfer (fund the vesting wallet)',
      to: base.token,
      data: encodeCall(BasaltToken, 'transfer', [base.vestingWallet, ether(1_000n)]),
    },
    {
      name: 'SoulboundToken.issue',
      to: base.soulbound,
      data: encodeCall(SoulboundToken, 'issue', [deployer, 'ipfs://basalt/badge/0.json']),
    },
    ...codes.map((code, kind) => ({
      name: `TokenFactory.registerTemplate(${kind})`,
      to: base.factory,
      data: encodeCall(TokenFactory, 'registerTemplate', [kind, code]),
    })),
  ]);
  const [deployed] = await round([
    {
      name: 'TokenFactory.deployERC20',
      to: base.factory,
      data: encodeCall(TokenFactory, 'deployERC20', [SALT, ...FACTORY_TOKEN_ARGS, deployer]),
    },
  ]);
  const iface = new Interface(TokenFactory.abi as never);
  const event = deployed!.logs
    .map((l) => iface.parseLog({ topics: l.topics, data: l.data }))
    .find((e) => e?.name === 'Deployed');
  if (!event) {
    throw new NodeError(
      { code: NodeErrorCode.DEPLOY_TOKENS_FAILED, step: 'TokenFactory.deployERC20' },
      '--deploy-tokens: the factory emitted no Deployed event',
    );
  }
  const set: TokenSet = { ...base, factoryToken: (event.args as unknown as { token: string }).token };
  logger.info('token set deployed', { transactions: sent, ...set });
  return { set, reused: false, transactions: sent };
}

/**
 * Waits for every receipt, polling the RPC. When the miner neither automines nor mines on an interval
 * (--no-mining), it mines a block per poll itself: the set must exist before `basalt dev` says it listens.
 */
async function waitForReceipts(
  node: BasaltNode,
  call: ReturnType<typeof rpcClient>,
  hashes: string[],
  timeoutMs: number,
): Promise<Receipt[]> {
  const deadline = Date.now() + timeoutMs;
  const receipts = new Map<string, Receipt>();
  for (;;) {
    for (const h of hashes) {
      if (receipts.has(h)) continue;
      const r = await call<Receipt | null>('eth_getTransactionReceipt', [h]);
      if (r !== null) receipts.set(h, r);
    }
    if (receipts.size === hashes.length) return hashes.map((h) => receipts.get(h)!);
    if (Date.now() > deadline) {
      throw new NodeError(
        { code: NodeErrorCode.DEPLOY_TOKENS_FAILED, step: 'wait for receipts' },
        `--deploy-tokens: ${hashes.length - receipts.size} transaction(s) not mined within ${timeoutMs} ms`,
      );
    }
    if (!node.miner.getAutomine() && node.miner.getIntervalMining() === 0) await node.miner.mine();
    else await new Promise((res) => setTimeout(res, 20));
  }
}

/** The set deployed at the deployer's first nonces by an earlier start, if its contracts are all there. */
async function findSet(call: ReturnType<typeof rpcClient>, deployer: string): Promise<TokenSet | undefined> {
  const nonce = Number(BigInt(await call<Hex>('eth_getTransactionCount', [deployer, 'latest'])));
  if (nonce < CREATIONS) return undefined;
  const base = addressesFrom(deployer, 0);
  const contracts = [base.token, base.nft, base.multiToken, base.vestingWallet, base.soulbound, base.feeToken];
  for (const address of [...contracts, base.factory]) {
    if ((await call<string>('eth_getCode', [address, 'latest'])) === '0x') return undefined;
  }
  const symbol = await call<string>('eth_call', [
    { to: base.token, data: encodeCall(BasaltToken, 'symbol', []) },
    'latest',
  ]);
  if (new Interface(BasaltToken.abi as never).decodeFunctionResult('symbol', symbol)[0] !== 'BSLT') return undefined;
  const args = new Interface(BasaltToken.abi as never).encodeDeploy([...FACTORY_TOKEN_ARGS, deployer]);
  const factory = new Interface(TokenFactory.abi as never);
  const predicted = factory.decodeFunctionResult(
    'predict',
    await call<string>('eth_call', [
      { to: base.factory, data: factory.encodeFunctionData('predict', [0, deployer, SALT, args]) },
      'latest',
    ]),
  )[0] as string;
  if ((await call<string>('eth_getCode', [predicted, 'latest'])) === '0x') return undefined;
  return { ...base, factoryToken: predicted };
}

/** The banner section listing the set. */
export function tokensBanner({ set, reused }: DeployedTokens): string {
  const rows: [string, string][] = [
    ['BasaltToken (ERC-20, BSLT)', set.token],
    ['BasaltNFT (ERC-721, BART)', set.nft],
    ['BasaltMultiToken (ERC-1155, BITM)', set.multiToken],
    ['BasaltVestingWallet', set.vestingWallet],
    ['SoulboundToken (ERC-5192, BADGE)', set.soulbound],
    ['FeeOnTransferToken (BTAX)', set.feeToken],
    ['TokenFactory', set.factory],
    ['Factory ERC-20 (FACT, salt basalt)', set.factoryToken],
    ['Multicall3 (predeployed)', set.multicall3],
  ];
  const width = Math.max(...rows.map(([n]) => n.length)) + 2;
  return [
    'Deployed Tokens',
    '==================',
    '',
    `Deployer: ${set.deployer} (account 0)${reused ? ', found from an earlier start' : ''}`,
    ...rows.map(([n, a]) => `${n.padEnd(width)}${a}`),
    '',
  ].join('\n');
}
