// Deploys BasaltToken with ethers over Hardhat 2's provider, then transfers and reads balances:
//   cd contracts/hardhat2 && npx hardhat run scripts/deploy.js                    # in-process Hardhat Network
//   cd contracts/hardhat2 && npx hardhat run scripts/deploy.js --network basalt   # a running `basalt dev`
// No plugin needed: ethers' BrowserProvider wraps the EIP-1193 provider Hardhat gives every script.
const hre = require('hardhat');
const { BrowserProvider, ContractFactory, parseEther, formatEther } = require('ethers');

async function main() {
  const provider = new BrowserProvider(hre.network.provider);
  const [admin, alice] = await Promise.all([provider.getSigner(0), provider.getSigner(1)]);
  const adminAddress = await admin.getAddress();
  const aliceAddress = await alice.getAddress();
  const { chainId } = await provider.getNetwork();

  const artifact = await hre.artifacts.readArtifact('BasaltToken');
  const factory = new ContractFactory(artifact.abi, artifact.bytecode, admin);
  const token = await factory.deploy('Basalt', 'BSLT', parseEther('1000000000'), parseEther('1000000'), adminAddress);
  await token.waitForDeployment();
  const address = await token.getAddress();
  console.log(`BasaltToken ${address} on ${hre.network.name} (chain id ${chainId})`);

  await (await token.transfer(aliceAddress, parseEther('100'))).wait();
  const balance = await token.balanceOf(aliceAddress);
  console.log(`alice has ${formatEther(balance)} ${await token.symbol()}`);
  console.log(
    `SUMMARY ${JSON.stringify({ chainId: Number(chainId), token: address, aliceBalance: balance.toString() })}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
