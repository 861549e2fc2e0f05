// Deploys Basalt's ERC-20 (BasaltToken) to a running `basalt dev`, once with ethers and once with viem,
// from the compiled artifacts of @basalt/contracts, then transfers 100 tokens and reads the balance back.
//
//   npm start                                   # a devnet on http://127.0.0.1:8545
//   node docs/examples/deploy-erc20.ts          # Node >= 22.18 runs TypeScript as is
//   node docs/examples/deploy-erc20.ts http://127.0.0.1:8546
//
// contracts/test/docs.test.ts runs this file against a spawned devnet on every `npm test`.
import { pathToFileURL } from 'node:url';
import { BasaltToken } from '@basalt/contracts';
import { ContractFactory, JsonRpcProvider, Wallet } from 'ethers';
import { createPublicClient, createWalletClient, defineChain, http, parseEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

/** Account 0 and 1 of the dev mnemonic `test test ... junk`: public knowledge, for devnets only. */
const DEV_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const RECIPIENT = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

export interface Deployed {
  tool: 'ethers' | 'viem';
  address: string;
  /** The recipient's balance after the transfer, in wei. */
  recipientBalance: bigint;
}

/** ethers v6: a ContractFactory from the artifact's ABI and creation code. */
export async function deployWithEthers(rpcUrl: string, privateKey = DEV_KEY): Promise<Deployed> {
  // A devnet mines each transaction at once: poll often, and turn off ethers' 250 ms cache of identical requests,
  // which would hand the next transaction the nonce (eth_getTransactionCount) read before the last one was mined.
  const provider = new JsonRpcProvider(rpcUrl, undefined, {
    staticNetwork: true,
    pollingInterval: 100,
    cacheTimeout: -1,
  });
  const signer = new Wallet(privateKey, provider);
  const factory = new ContractFactory(BasaltToken.abi, BasaltToken.bytecode, signer);
  // constructor(name, symbol, cap, initialSupply, admin)
  const token = await factory.deploy(
    'Ethers Token',
    'ETK',
    parseEther('1000000000'),
    parseEther('1000000'),
    signer.address,
  );
  await token.waitForDeployment();
  const transfer = await token.getFunction('transfer')(RECIPIENT, parseEther('100'));
  await transfer.wait();
  const recipientBalance = (await token.getFunction('balanceOf')(RECIPIENT)) as bigint;
  provider.destroy();
  return { tool: 'ethers', address: await token.getAddress(), recipientBalance };
}

/** viem: deployContract with the typed ABI (argument and result types are inferred from it). */
export async function deployWithViem(rpcUrl: string, privateKey = DEV_KEY): Promise<Deployed> {
  const chain = defineChain({
    id: 31337,
    name: 'Basalt Devnet',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
    contracts: { multicall3: { address: '0xcA11bde05977b3631167028862bE2a173976CA11' } },
  });
  const account = privateKeyToAccount(privateKey as `0x${string}`);
  const wallet = createWalletClient({ account, chain, transport: http() });
  const client = createPublicClient({ chain, transport: http(), pollingInterval: 100 });

  const hash = await wallet.deployContract({
    abi: BasaltToken.abi,
    bytecode: BasaltToken.bytecode,
    args: ['Viem Token', 'VTK', parseEther('1000000000'), parseEther('1000000'), account.address],
  });
  const { contractAddress } = await client.waitForTransactionReceipt({ hash });
  if (!contractAddress) throw new Error('no contract address in the receipt');
  const sent = await wallet.writeContract({
    address: contractAddress,
    abi: BasaltToken.abi,
    functionName: 'transfer',
    args: [RECIPIENT, parseEther('100')],
  });
  await client.waitForTransactionReceipt({ hash: sent });
  const recipientBalance = await client.readContract({
    address: contractAddress,
    abi: BasaltToken.abi,
    functionName: 'balanceOf',
    args: [RECIPIENT],
  });
  return { tool: 'viem', address: contractAddress, recipientBalance };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rpcUrl = process.argv[2] ?? 'http://127.0.0.1:8545';
  for (const deploy of [deployWithEthers, deployWithViem]) {
    const d = await deploy(rpcUrl);
    console.log(`${d.tool}: BasaltToken at ${d.address}; the recipient holds ${d.recipientBalance} wei of it`);
  }
}
