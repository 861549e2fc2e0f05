import { writeFile } from 'node:fs/promises';
import { stopOnSignals } from './lifecycle.ts';
import { readStoredGenesis } from '@basalt/chain';
import { formatEther } from 'ethers';
import { deriveDevAccounts } from './accounts.ts';
import type { DevNodeConfig } from './config.ts';
import { type BasaltNode, createDevNode } from './createNode.ts';
import { ConsoleLogger } from './logger.ts';
import { type DeployedTokens, deployTokens, tokensBanner } from './tokens.ts';

/** The Anvil-style banner: accounts, keys, wallet, chain facts. Keys go to stdout only, never to the log. */
export function devBanner(config: DevNodeConfig, node: BasaltNode): string {
  const accounts = deriveDevAccounts(config.mnemonic, config.accounts, config.derivationPath);
  const lines: string[] = ['', '  Basalt dev', ''];
  lines.push('Available Accounts', '==================');
  for (const [i, a] of accounts.entries()) lines.push(`(${i}) ${a.address} (${formatEther(config.balance)} ETH)`);
  lines.push('', 'Private Keys', '==================');
  for (const [i, a] of accounts.entries()) lines.push(`(${i}) ${a.privateKey}`);
  lines.push('', 'Wallet', '==================', `Mnemonic:          ${config.mnemonic}`);
  lines.push(`Derivation path:   ${config.derivationPath}/`, '');
  lines.push('Chain ID', '==================', '', String(node.chain.chainId), '');
  lines.push('Base Fee', '==================', '', String(node.chain.head().header.baseFeePerGas ?? 0n), '');
  lines.push('Gas Limit', '==================', '', String(node.chain.head().header.gasLimit), '');
  lines.push(
    'Genesis Hash',
    '==================',
    '',
    `0x${Buffer.from(node.chain.genesis.hash()).toString('hex')}`,
    '',
  );
  const fork = node.fork;
  if (fork !== undefined) {
    lines.push('Fork', '==================', `Endpoint:       ${fork.shownUrl}`);
    lines.push(`Block number:   ${fork.block.number}`, `Block hash:     ${fork.block.hash}`);
    lines.push(`Chain ID:       ${fork.chainId}`, '');
  }
  return lines.join('\n');
}

/** `basalt dev`: start, print the banner and `Listening on host:port`, stop cleanly on a signal. */
export async function startDevNode(config: DevNodeConfig): Promise<void> {
  const logger = new ConsoleLogger({ level: config.logLevel, format: config.logFormat });
  const node = await createDevNode(config, logger, { setLoggingEnabled: (on) => logger.setEnabled(on) });
  // Handlers go in before anything is announced, so a signal sent right after `Listening` is caught.
  stopOnSignals(node, logger);

  await node.start();
  let tokens: DeployedTokens | undefined;
  if (config.deployTokens === true) {
    const deployer = deriveDevAccounts(config.mnemonic, 1, config.derivationPath)[0]!;
    tokens = await deployTokens(node, deployer.privateKey, logger.child({ module: 'tokens' })).catch(async (err) => {
      await node.stop();
      throw err;
    });
  }
  if (!config.silent) process.stdout.write(`${devBanner(config, node)}\n`);
  if (tokens !== undefined) process.stdout.write(`${tokensBanner(tokens)}\n`);
  if (config.writeGenesis !== undefined) {
    await writeFile(config.writeGenesis, `${JSON.stringify(await readStoredGenesis(node.db), null, 2)}\n`);
  }
  if (node.p2p !== undefined) {
    const p2pLines = [
      `Peer id:       ${node.p2p.peerId()}`,
      ...node.p2p.listenAddrs().map((a) => `P2P:           ${a}`),
    ];
    process.stdout.write(`${p2pLines.join('\n')}\n`);
  }
  const { host, port } = node.rpcAddress();
  process.stdout.write(`Listening on ${host}:${port}\n`);
}
