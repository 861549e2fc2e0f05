import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { createBlockFromBytesArray, paramsBlock } from '@ethereumjs/block';
import { RLP } from '@ethereumjs/rlp';
import { bytesToHex } from '@ethereumjs/util';
import { createStateStore, openDatabase } from '@basalt/state';
import { buildGenesis, createChainConfig } from '../../src/index.ts';
import { conformanceDir } from '../../../../test/support/conformance.ts';

const DIR = conformanceDir('execution-apis');

describe('chain / conformance / genesis', () => {
  it('genesis.json gives the genesis hash that chain.rlp block 1 names as its parent', async () => {
    const config = createChainConfig(readFileSync(`${DIR}/genesis.json`, 'utf8'));
    expect(config.chainId).toBe(3503995874084926n);
    const db = await openDatabase();
    const states = await createStateStore({ db });
    const genesis = await buildGenesis(config.genesis, config.common, states);
    expect(bytesToHex(genesis.header.stateRoot)).toBe(
      '0xdc43f460541a253c0f64b6943ef83fa3bd601699a255622f088d46f7fde359fc',
    );
    expect(bytesToHex(genesis.hash())).toBe('0x44fd89d504659cd58f48f4796b77a7e7012cf296a2409afa2f6c3cb99b5b3d99');

    const raw = Uint8Array.from(readFileSync(`${DIR}/chain.rlp`));
    const first = RLP.decode(raw, true).data as unknown as Parameters<typeof createBlockFromBytesArray>[0];
    const block1 = createBlockFromBytesArray(first, { common: config.common, setHardfork: true });
    expect(block1.header.number).toBe(1n);
    expect(bytesToHex(block1.header.parentHash)).toBe(bytesToHex(genesis.hash()));
    await db.close();
  });

  it('the BPO forks carry the file blob schedule', () => {
    const config = createChainConfig(readFileSync(`${DIR}/genesis.json`, 'utf8'));
    const c = config.common.copy();
    c.updateParams(paramsBlock);
    c.setHardforkBy({ blockNumber: 54n, timestamp: 540n });
    expect(c.hardfork()).toBe('bpo2');
    expect(c.getBlobGasSchedule()).toEqual({
      targetBlobGasPerBlock: 14n * 131072n,
      maxBlobGasPerBlock: 21n * 131072n,
      blobGasPriceUpdateFraction: 11684671n,
    });
    c.setHardforkBy({ blockNumber: 51n, timestamp: 510n });
    expect(c.getBlobGasSchedule().maxBlobGasPerBlock).toBe(15n * 131072n);
  });
});
