// Checks the output of scripts/compile.mjs: the generated @basalt/contracts module (dist/index.js)
// and the JSON artifacts agree, and every contract compiled with the expected ABI and bytecode.
// Executing the contracts is the job of the execution/rpc tests, which deploy these artifacts.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import {
  artifacts,
  BasaltToken,
  Counter,
  evmVersion,
  MULTICALL3_ADDRESS,
  Multicall3,
  predeploys,
  RevertExamples,
  solcVersion,
} from '@basalt/contracts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

type Abi = typeof BasaltToken.abi;
type Item = Abi[number];
// Compile-time checks (tsc -p contracts): the ABI keeps literal types, as viem needs.
type FunctionName = Extract<Item, { type: 'function' }>['name'];
type EventName = Extract<Item, { type: 'event' }>['name'];
type ErrorName = Extract<Item, { type: 'error' }>['name'];
const typedNames: [FunctionName, FunctionName, EventName, ErrorName] = [
  'transfer',
  'permit',
  'Transfer',
  'ERC20InsufficientBalance',
];

const names = (kind: string, abi: readonly { type: string; name?: string }[]) =>
  abi.filter((i) => i.type === kind).map((i) => i.name);

const HEX = /^0x[0-9a-f]*$/;

describe('@basalt/contracts artifacts', () => {
  it('exports every contract compiled from src/ with solc 0.8.30 for prague', () => {
    expect(Object.keys(artifacts).sort()).toEqual([
      'BasaltMultiToken',
      'BasaltNFT',
      'BasaltToken',
      'BasaltVestingWallet',
      'Counter',
      'FeeOnTransferToken',
      'IERC5192',
      'Multicall3',
      'RevertExamples',
      'SoulboundToken',
      'TokenFactory',
    ]);
    expect(solcVersion).toMatch(/^0\.8\.30\+commit\.[0-9a-f]{8}/);
    expect(evmVersion).toBe('prague');
    expect(typedNames).toHaveLength(4);
  });

  // Interfaces (src/interfaces/) have an ABI and no code.
  const deployable = Object.values(artifacts).filter((a) => !a.sourceName.startsWith('src/interfaces/'));
  it('has only interfaces under src/interfaces, with an ABI and no code', () => {
    const interfaces = Object.values(artifacts).filter((a) => a.sourceName.startsWith('src/interfaces/'));
    expect(interfaces.map((a) => a.contractName)).toEqual(['IERC5192']);
    for (const a of interfaces) {
      expect(a.sourceName).toBe(`src/interfaces/${a.contractName}.sol`);
      expect(a.bytecode).toBe('0x');
      expect(a.abi.length).toBeGreaterThan(0);
    }
  });

  it.each(deployable.map((a) => [a.contractName, a] as const))(
    '%s has an ABI, creation and runtime bytecode and source maps',
    (name, a) => {
      expect(a.contractName).toBe(name);
      expect(a.sourceName).toBe(`src/${name}.sol`);
      expect(Array.isArray(a.abi)).toBe(true);
      expect(a.abi.length).toBeGreaterThan(0);
      for (const code of [a.bytecode, a.deployedBytecode]) {
        expect(code).toMatch(HEX);
        expect(code.length).toBeGreaterThan(2);
        expect(code.length % 2).toBe(0);
      }
      // Creation code embeds the runtime code; neither needs linking.
      expect(a.bytecode).toContain(a.deployedBytecode.slice(2, 200));
      expect(a.bytecode).not.toContain('__$');
      expect(a.sourceMap.length).toBeGreaterThan(0);
      expect(a.deployedSourceMap.length).toBeGreaterThan(0);
      expect(Object.isFrozen(a)).toBe(true);
    },
  );

  it('writes artifacts/<Name>.json matching the module, with compiler settings', () => {
    for (const a of Object.values(artifacts)) {
      const file = join(root, 'artifacts', `${a.contractName}.json`);
      expect(existsSync(file)).toBe(true);
      const json = JSON.parse(readFileSync(file, 'utf8'));
      expect(json).toMatchObject({
        contractName: a.contractName,
        bytecode: a.bytecode,
        deployedBytecode: a.deployedBytecode,
        sourceMap: a.sourceMap,
        deployedSourceMap: a.deployedSourceMap,
        evmVersion: 'prague',
        compiler: { name: 'solc', version: solcVersion, optimizer: { enabled: true, runs: 200 } },
      });
      expect(json.abi).toEqual(a.abi);
    }
  });

  it('BasaltToken is an ERC-20 with permit, cap, burn, pause and roles, and OZ custom errors', () => {
    const abi = BasaltToken.abi;
    const fns = names('function', abi);
    for (const f of [
      'name',
      'symbol',
      'decimals',
      'totalSupply',
      'balanceOf',
      'transfer',
      'transferFrom',
      'approve',
      'allowance',
      'permit',
      'nonces',
      'DOMAIN_SEPARATOR',
      'eip712Domain',
      'cap',
      'burn',
      'burnFrom',
      'pause',
      'unpause',
      'paused',
      'mint',
      'MINTER_ROLE',
      'PAUSER_ROLE',
      'DEFAULT_ADMIN_ROLE',
      'hasRole',
      'grantRole',
      'revokeRole',
      'supportsInterface',
    ]) {
      expect(fns).toContain(f);
    }
    expect(names('event', abi)).toEqual(expect.arrayContaining(['Transfer', 'Approval', 'Paused', 'RoleGranted']));
    expect(names('error', abi)).toEqual(
      expect.arrayContaining([
        'ERC20InsufficientBalance',
        'ERC20InsufficientAllowance',
        'ERC20ExceededCap',
        'EnforcedPause',
        'AccessControlUnauthorizedAccount',
        'ERC2612ExpiredSignature',
      ]),
    );
    const ctor = abi.find((i) => i.type === 'constructor');
    expect(ctor?.inputs.map((i) => i.type)).toEqual(['string', 'string', 'uint256', 'uint256', 'address']);
    const transfer = abi.find((i) => i.type === 'function' && i.name === 'transfer');
    expect(transfer).toMatchObject({
      inputs: [{ type: 'address' }, { type: 'uint256' }],
      outputs: [{ type: 'bool' }],
      stateMutability: 'nonpayable',
    });
    // The EIP-170 limit for runtime code is 24576 bytes.
    expect((BasaltToken.deployedBytecode.length - 2) / 2).toBeLessThanOrEqual(24_576);
  });

  it('RevertExamples covers require, custom error, panic, success and events', () => {
    const fns = names('function', RevertExamples.abi);
    for (const f of [
      'requireOk',
      'revertWithString',
      'revertWithCustomError',
      'revertWithBareError',
      'revertEmpty',
      'divide',
      'assertOk',
      'overflow',
      'outOfBounds',
      'succeed',
      'emitEvent',
      'emitAnonymous',
      'invalidOpcode',
      'counter',
    ]) {
      expect(fns).toContain(f);
    }
    const unauthorized = RevertExamples.abi.find((i) => i.type === 'error' && i.name === 'Unauthorized');
    expect(unauthorized?.inputs.map((i) => i.type)).toEqual(['uint256', 'address', 'string']);
    expect(names('event', RevertExamples.abi)).toEqual(expect.arrayContaining(['Emitted', 'Anonymousish']));
  });

  it('Counter has increment, number and Incremented', () => {
    expect(names('function', Counter.abi)).toEqual(expect.arrayContaining(['increment', 'number', 'setNumber']));
    expect(names('event', Counter.abi)).toEqual(['Incremented']);
  });
  it('every deployable contract fits the code-size limits (EIP-170 runtime, EIP-3860 init code)', () => {
    for (const a of deployable) {
      expect([a.contractName, (a.deployedBytecode.length - 2) / 2 <= 24_576]).toEqual([a.contractName, true]);
      expect([a.contractName, (a.bytecode.length - 2) / 2 <= 49_152]).toEqual([a.contractName, true]);
    }
    // TokenFactory stores each template as the code of a data contract, 0x00 ++ creation code.
    for (const name of [
      'BasaltToken',
      'BasaltNFT',
      'BasaltMultiToken',
      'BasaltVestingWallet',
      'SoulboundToken',
      'FeeOnTransferToken',
    ] as const) {
      expect((artifacts[name].bytecode.length - 2) / 2 + 1).toBeLessThanOrEqual(24_576);
    }
  });

  it('the token designs have the constructors TokenFactory encodes and the standard functions', () => {
    const ctor = (name: keyof typeof artifacts) =>
      (artifacts[name].abi as readonly { type: string; inputs?: readonly { type: string }[] }[])
        .find((i) => i.type === 'constructor')
        ?.inputs?.map((i) => i.type);
    expect(ctor('BasaltNFT')).toEqual(['string', 'string', 'address', 'address', 'uint96']);
    expect(ctor('BasaltMultiToken')).toEqual(['string', 'string', 'string', 'address']);
    expect(ctor('BasaltVestingWallet')).toEqual(['address', 'uint64', 'uint64', 'uint64']);
    expect(ctor('SoulboundToken')).toEqual(['string', 'string', 'address']);
    expect(ctor('FeeOnTransferToken')).toEqual(['string', 'string', 'uint256', 'address', 'address', 'uint16']);
    expect(ctor('TokenFactory')).toEqual(['bytes32[6]']);
    const fns = (name: keyof typeof artifacts) => names('function', artifacts[name].abi);
    expect(fns('BasaltNFT')).toEqual(
      expect.arrayContaining(['safeMint', 'tokenOfOwnerByIndex', 'tokenByIndex', 'tokenURI', 'royaltyInfo', 'burn']),
    );
    expect(fns('BasaltMultiToken')).toEqual(
      expect.arrayContaining(['mint', 'mintBatch', 'totalSupply', 'exists', 'uri', 'balanceOfBatch', 'burn']),
    );
    expect(fns('BasaltVestingWallet')).toEqual(
      expect.arrayContaining(['cliff', 'start', 'duration', 'end', 'releasable', 'release', 'vestedAmount']),
    );
    expect(fns('SoulboundToken')).toEqual(expect.arrayContaining(['issue', 'revoke', 'locked', 'burn']));
    expect(names('event', artifacts.SoulboundToken.abi)).toEqual(expect.arrayContaining(['Locked', 'Transfer']));
    expect(fns('FeeOnTransferToken')).toEqual(
      expect.arrayContaining(['feeBps', 'feeRecipient', 'isFeeExempt', 'setFeeExempt', 'setFee', 'feeFor']),
    );
    expect(fns('TokenFactory')).toEqual(
      expect.arrayContaining([
        'registerTemplate',
        'deploy',
        'predict',
        'creationCode',
        'deployERC20',
        'deployERC721',
        'deployERC1155',
        'deployVestingWallet',
        'deploySoulbound',
        'deployFeeOnTransfer',
      ]),
    );
  });

  it('Multicall3 has the Multicall3 ABI and is a predeploy whose runtime code is the whole contract', () => {
    const sigs = Object.keys(
      JSON.parse(readFileSync(join(root, 'artifacts', 'Multicall3.json'), 'utf8')).methodIdentifiers,
    );
    expect(sigs.sort()).toEqual(
      [
        'aggregate((address,bytes)[])',
        'aggregate3((address,bool,bytes)[])',
        'aggregate3Value((address,bool,uint256,bytes)[])',
        'blockAndAggregate((address,bytes)[])',
        'getBasefee()',
        'getBlockHash(uint256)',
        'getBlockNumber()',
        'getChainId()',
        'getCurrentBlockCoinbase()',
        'getCurrentBlockDifficulty()',
        'getCurrentBlockGasLimit()',
        'getCurrentBlockTimestamp()',
        'getEthBalance(address)',
        'getLastBlockHash()',
        'tryAggregate(bool,(address,bytes)[])',
        'tryBlockAndAggregate(bool,(address,bytes)[])',
      ].sort(),
    );
    // The canonical selectors: aggregate3 is what viem calls.
    const ids = JSON.parse(readFileSync(join(root, 'artifacts', 'Multicall3.json'), 'utf8')).methodIdentifiers;
    expect(ids['aggregate3((address,bool,bytes)[])']).toBe('82ad56cb');
    expect(ids['aggregate((address,bytes)[])']).toBe('252dba42');
    expect(MULTICALL3_ADDRESS).toBe('0xcA11bde05977b3631167028862bE2a173976CA11');
    // The genesis code is the same source compiled for london, so it runs on every `basalt dev --hardfork`.
    expect(predeploys.Multicall3).toEqual({
      address: MULTICALL3_ADDRESS,
      evmVersion: 'london',
      deployedBytecode: expect.stringMatching(/^0x60(80|a0)60405/),
    });
    expect(predeploys.Multicall3.deployedBytecode).not.toBe(Multicall3.deployedBytecode);
    // Opcodes, skipping PUSH data and the CBOR metadata trailer (its length is the last two bytes).
    const opcodes = (hex: string) => {
      const code = Buffer.from(hex.slice(2), 'hex');
      const end = code.length - 2 - code.readUInt16BE(code.length - 2);
      const ops = new Set<number>();
      for (let i = 0; i < end; i++) {
        ops.add(code[i]!);
        if (code[i]! >= 0x60 && code[i]! <= 0x7f) i += code[i]! - 0x5f;
      }
      return ops;
    };
    const PUSH0 = 0x5f;
    const MCOPY = 0x5e;
    expect([opcodes(Multicall3.deployedBytecode).has(PUSH0), opcodes(Multicall3.deployedBytecode).has(MCOPY)]).toEqual([
      true,
      true,
    ]);
    const genesisOps = opcodes(predeploys.Multicall3.deployedBytecode);
    expect([genesisOps.has(PUSH0), genesisOps.has(MCOPY), genesisOps.has(0x5c), genesisOps.has(0x5d)]).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(Object.isFrozen(predeploys.Multicall3)).toBe(true);
    // No constructor and no immutables: creation code = a copier prefix ++ the runtime code, unchanged.
    expect((Multicall3.abi as readonly { type: string }[]).some((i) => i.type === 'constructor')).toBe(false);
    expect(Multicall3.bytecode.endsWith(Multicall3.deployedBytecode.slice(2))).toBe(true);
  });
});
