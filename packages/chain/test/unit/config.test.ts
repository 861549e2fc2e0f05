import { describe, expect, it } from '@jest/globals';
import { bytesToHex } from '@ethereumjs/util';
import { createStateStore, openDatabase } from '@basalt/state';
import {
  buildGenesis,
  ChainErrorCode,
  createChainConfig,
  devGenesis,
  parseGenesis,
  resolveHardfork,
  SYSTEM_CONTRACTS,
} from '../../src/index.ts';

const ACCOUNT = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';

async function genesisBlockOf(hardfork: string) {
  const g = devGenesis({ accounts: [ACCOUNT], hardfork });
  const config = createChainConfig(g);
  const db = await openDatabase();
  const states = await createStateStore({ db });
  const block = await buildGenesis(config.genesis, config.common, states);
  await db.close();
  return { g, config, block };
}

describe('chain / config / devGenesis', () => {
  it('prague (default): every fork at 0, system contracts, post-merge header fields', async () => {
    const g = devGenesis({ accounts: [ACCOUNT] });
    expect(g.config.chainId).toBe(31337);
    expect(g.config.pragueTime).toBe(0);
    expect(g.config.osakaTime).toBeUndefined();
    expect(g.config.terminalTotalDifficulty).toBe(0);
    expect(g.alloc[ACCOUNT]!.balance).toBe(`0x${(10_000n * 10n ** 18n).toString(16)}`);
    expect(Object.keys(g.alloc).length).toBe(1 + SYSTEM_CONTRACTS.length);
    const { block, config } = await genesisBlockOf('prague');
    expect(block.common.hardfork()).toBe('prague');
    expect(config.common.hardfork()).toBe('prague');
    expect(block.header.difficulty).toBe(0n);
    expect(block.header.baseFeePerGas).toBe(1_000_000_000n);
    expect(block.header.gasLimit).toBe(30_000_000n);
    expect(block.header.blobGasUsed).toBe(0n);
    expect(block.header.excessBlobGas).toBe(0n);
    expect(bytesToHex(block.header.parentBeaconBlockRoot!)).toBe(`0x${'00'.repeat(32)}`);
    // EIP-7685: sha256 of nothing
    expect(bytesToHex(block.header.requestsHash!)).toBe(
      '0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(bytesToHex(block.header.withdrawalsRoot!)).toBe(
      '0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421',
    );
    // Deterministic: the same input gives the same genesis hash.
    expect(bytesToHex((await genesisBlockOf('prague')).block.hash())).toBe(bytesToHex(block.hash()));
  });

  it.each([
    ['osaka', 'osaka', true, true, true],
    ['cancun', 'cancun', true, true, false],
    ['shanghai', 'shanghai', true, false, false],
    ['merge', 'mergeNetsplitBlock', false, false, false],
    ['london', 'london', false, false, false],
    ['berlin', 'berlin', false, false, false],
  ])('%s gives a %s genesis with the fields that fork requires', async (name, fork, withdrawals, blobs, requests) => {
    const { block } = await genesisBlockOf(name);
    expect(block.common.hardfork()).toBe(fork);
    expect(block.header.withdrawalsRoot !== undefined).toBe(withdrawals);
    expect(block.header.excessBlobGas !== undefined).toBe(blobs);
    expect(block.header.requestsHash !== undefined).toBe(requests);
    expect(block.header.baseFeePerGas !== undefined).toBe(fork !== 'berlin');
    expect(block.header.difficulty).toBe(['london', 'berlin'].includes(fork) ? 1n : 0n);
  });

  it('rejects INVALID_GENESIS for an unknown hardfork, a bad account or a malformed file', () => {
    expect(() => resolveHardfork('bogus')).toThrow(expect.objectContaining({ code: ChainErrorCode.INVALID_GENESIS }));
    expect(() => devGenesis({ accounts: ['0x1234'] })).toThrow(
      expect.objectContaining({ code: ChainErrorCode.INVALID_GENESIS }),
    );
    expect(() => parseGenesis('{')).toThrow(expect.objectContaining({ code: ChainErrorCode.INVALID_GENESIS }));
    expect(() => parseGenesis({ config: { chainId: 1 }, alloc: {} })).toThrow(
      expect.objectContaining({
        code: ChainErrorCode.INVALID_GENESIS,
        type: expect.objectContaining({ field: 'gasLimit' }),
      }),
    );
    expect(() =>
      parseGenesis({ config: { chainId: 1, eip155Block: 1, eip158Block: 2 }, alloc: {}, gasLimit: '0x1' }),
    ).toThrow(expect.objectContaining({ code: ChainErrorCode.INVALID_GENESIS }));
  });

  it('reads clique settings and a decimal timestamp', () => {
    const config = createChainConfig({
      config: { chainId: 7, homesteadBlock: 0, clique: { period: 5, epoch: 100 } },
      alloc: {},
      gasLimit: '8000000',
      timestamp: '1700000000',
      extraData: `0x${'00'.repeat(32)}${'11'.repeat(20)}${'00'.repeat(65)}`,
    });
    expect(config.clique).toEqual({ period: 5, epoch: 100 });
    expect(config.common.consensusAlgorithm()).toBe('clique');
    expect(config.genesis.timestamp).toBe(`0x${(1_700_000_000).toString(16)}`);
    expect(config.genesis.gasLimit).toBe('0x7a1200');
  });
});
