// A Hardhat 3 script that deploys the token set with Ignition and uses it through viem:
//
//   node scripts/hardhat.mjs run scripts/hardhat/interact.ts                    # Hardhat's in-process chain
//   node scripts/hardhat.mjs run scripts/hardhat/interact.ts --network basalt   # a running `basalt dev`
//
// Prints one line per step and a final JSON summary (what the tests read).
import { network } from 'hardhat';
import { formatEther, parseEther } from 'viem';
import TokensModule from '../../ignition/modules/Tokens.ts';

const connection = await network.getOrCreate();
const { viem, ignition, networkName } = connection;
const publicClient = await viem.getPublicClient();
const [admin, alice, bob] = await viem.getWalletClients();
const chainId = await publicClient.getChainId();
console.log(`network ${networkName} (chain id ${chainId}), admin ${admin.account.address}`);

// On a live chain Ignition keeps a journal per deployment id (ignition/deployments/<id>) and resumes from it. A dev
// chain answering hardhat_metadata (basalt dev, Anvil) gets an id of its own instance, so a new devnet never reuses
// the journal of an old one, while a second run on the same devnet finds the set already deployed.
const instanceId = await connection.provider
  .request({ method: 'hardhat_metadata' })
  .then((m) => (m as { instanceId: string }).instanceId)
  .catch(() => undefined);
const deploymentId = instanceId === undefined ? undefined : `chain-${chainId}-${instanceId.slice(2, 10)}`;
const { token, nft, multiToken, vestingWallet, soulbound, feeToken, factory, factoryToken } = await ignition.deploy(
  TokensModule,
  deploymentId === undefined ? {} : { deploymentId },
);
if (deploymentId !== undefined && networkName !== 'default') console.log(`deployment id ${deploymentId}`);
for (const [name, c] of Object.entries({
  token,
  nft,
  multiToken,
  vestingWallet,
  soulbound,
  feeToken,
  factory,
  factoryToken,
})) {
  console.log(`${name} ${c.address}`);
}

// ERC-20: send 100 BSLT to alice, then read both balances.
const hash = await token.write.transfer([alice.account.address, parseEther('100')]);
await publicClient.waitForTransactionReceipt({ hash });
const aliceBalance = await token.read.balanceOf([alice.account.address]);
console.log(`alice has ${formatEther(aliceBalance)} BSLT`);

// Fee-on-transfer: neither alice nor bob is exempt, so alice's transfer to bob pays 1% to the admin.
await publicClient.waitForTransactionReceipt({
  hash: await feeToken.write.transfer([alice.account.address, parseEther('10')]),
});
const feeAsAlice = await viem.getContractAt('FeeOnTransferToken', feeToken.address, { client: { wallet: alice } });
await publicClient.waitForTransactionReceipt({
  hash: await feeAsAlice.write.transfer([bob.account.address, parseEther('10')]),
});
const bobReceived = await feeToken.read.balanceOf([bob.account.address]);
console.log(`bob received ${formatEther(bobReceived)} BTAX of 10`);

const summary = {
  chainId,
  token: token.address,
  aliceBalance: aliceBalance.toString(),
  nftOwner: await nft.read.ownerOf([0n]),
  nftRoyalty: (await nft.read.royaltyInfo([0n, 10_000n]))[1].toString(),
  multiTokenSupply: (await multiToken.read.totalSupply([1n])).toString(),
  vestingCliff: (await vestingWallet.read.cliff()).toString(),
  soulboundLocked: await soulbound.read.locked([0n]),
  feeTokenReceived: bobReceived.toString(),
  factoryToken: factoryToken.address,
  factoryTokenSymbol: await factoryToken.read.symbol(),
  factoryTemplates: await Promise.all([0, 1, 2, 3, 4, 5].map((k) => factory.read.template([k]))),
};
console.log(`SUMMARY ${JSON.stringify(summary)}`);
