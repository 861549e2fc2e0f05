// Hardhat Ignition module: Basalt's example token set, the same one script/Deploy.s.sol deploys with Foundry.
//
//   node scripts/hardhat.mjs ignition deploy ignition/modules/Tokens.ts                    # Hardhat's in-process chain
//   node scripts/hardhat.mjs ignition deploy ignition/modules/Tokens.ts --network basalt   # a running `basalt dev`
//
// Everything is owned by the first account of the network (the first dev account on `basalt`).
import { readFileSync } from 'node:fs';
import { buildModule } from '@nomicfoundation/hardhat-ignition/modules';
import { keccak256, stringToHex } from 'viem';

/** TokenFactory.Kind, in enum order, and the contract each kind deploys. */
export const FACTORY_KINDS = [
  'BasaltToken',
  'BasaltNFT',
  'BasaltMultiToken',
  'BasaltVestingWallet',
  'SoulboundToken',
  'FeeOnTransferToken',
] as const;

/**
 * The creation code Hardhat compiled for a contract in src/ (artifacts-hardhat/, written by `hardhat build`, which
 * `ignition deploy` runs first). The factory pins the hash of exactly this code.
 */
function creationCode(name: (typeof FACTORY_KINDS)[number]): `0x${string}` {
  const file = new URL(`../../artifacts-hardhat/src/${name}.sol/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(file, 'utf8')).bytecode;
}

const ether = (n: bigint) => n * 10n ** 18n;

export default buildModule('BasaltTokens', (m) => {
  const admin = m.getAccount(0);
  // A fixed default (2026-01-01T00:00:00Z) keeps the module's future stable between runs; override with
  // --parameters '{"BasaltTokens":{"vestingStart":...}}'.
  const vestingStart = m.getParameter('vestingStart', 1_767_225_600n);

  const token = m.contract('BasaltToken', ['Basalt', 'BSLT', ether(1_000_000_000n), ether(1_000_000n), admin]);

  const nft = m.contract('BasaltNFT', ['Basalt Art', 'BART', admin, admin, 500n]);
  m.call(nft, 'safeMint', [admin, 'ipfs://basalt/art/0.json']);

  const multiToken = m.contract('BasaltMultiToken', [
    'Basalt Items',
    'BITM',
    'https://basalt.example/items/{id}.json',
    admin,
  ]);
  m.call(multiToken, 'mint', [admin, 1n, 100n, '0x']);

  const vestingWallet = m.contract('BasaltVestingWallet', [admin, vestingStart, 365n * 86_400n, 30n * 86_400n]);
  m.call(token, 'transfer', [vestingWallet, ether(1_000n)], { id: 'FundVestingWallet' });

  const soulbound = m.contract('SoulboundToken', ['Basalt Badge', 'BADGE', admin]);
  m.call(soulbound, 'issue', [admin, 'ipfs://basalt/badge/0.json']);

  const feeToken = m.contract('FeeOnTransferToken', ['Basalt Taxed', 'BTAX', ether(1_000_000n), admin, admin, 100]);

  const codes = FACTORY_KINDS.map(creationCode);
  const factory = m.contract('TokenFactory', [codes.map((c) => keccak256(c))]);
  const registered = codes.map((code, kind) =>
    m.call(factory, 'registerTemplate', [kind, code], { id: `RegisterTemplate_${FACTORY_KINDS[kind]}` }),
  );
  // One call to the factory deploys a token at its CREATE2 address; the Deployed event says where.
  const deployed = m.call(
    factory,
    'deployERC20',
    [stringToHex('basalt', { size: 32 }), 'Factory Token', 'FACT', ether(1_000_000n), ether(1_000n), admin],
    { id: 'FactoryDeployERC20', after: registered },
  );
  const factoryToken = m.contractAt('BasaltToken', m.readEventArgument(deployed, 'Deployed', 'token'), {
    id: 'FactoryToken',
  });

  return { token, nft, multiToken, vestingWallet, soulbound, feeToken, factory, factoryToken };
});
