// ParamsCachingCommon must give every copy exactly the parameters the library's Common would,
// whatever order the parameter sets are merged in, while rebuilding its cache less often.
import { describe, expect, it } from '@jest/globals';
import { createBlockHeader, paramsBlock } from '@ethereumjs/block';
import { Common, Hardfork, Mainnet, type ParamsDict } from '@ethereumjs/common';
import { createFeeMarket1559Tx, paramsTx } from '@ethereumjs/tx';
import { ParamsCachingCommon } from '../../src/paramsCommon.ts';

// Two sets that disagree on one key (as @ethereumjs/vm and /evm do on EIP-2935's window).
const setA: ParamsDict = {
  2935: { historyServeWindow: 8191, historyStorageAddress: '0x1' },
  1559: { elasticityMultiplier: 2 },
};
const setB: ParamsDict = { 2935: { historyServeWindow: 8192 }, 7702: { perAuthBaseGas: 12500 } };

/** EIP-2935's window, or undefined where the fork lacks it. */
const window = (c: Common) => {
  try {
    return c.param('historyServeWindow');
  } catch {
    return undefined;
  }
};
const cacheOf = (c: Common) => (c as unknown as { _paramsCache: Record<string, unknown> })._paramsCache;

describe('chain / ParamsCachingCommon', () => {
  it('matches the library for every merge order, hardfork switch and copy', () => {
    const plain = new Common({ chain: Mainnet, hardfork: Hardfork.Prague });
    const fast = new ParamsCachingCommon({ chain: Mainnet, hardfork: Hardfork.Prague });
    const steps: [string, ParamsDict | string][] = [
      ['params', setA],
      ['params', setB],
      ['params', setA],
      ['params', setA],
      ['hardfork', Hardfork.Cancun],
      ['params', setB],
      ['params', paramsBlock],
      ['hardfork', Hardfork.Prague],
      ['params', setA],
      ['params', paramsTx],
      ['params', setB],
    ];
    for (const [kind, arg] of steps) {
      // Each step on a fresh copy, as the library's constructors do.
      const p = plain.copy();
      const f = fast.copy();
      if (kind === 'params') {
        p.updateParams(arg as ParamsDict);
        f.updateParams(arg as ParamsDict);
      } else {
        p.setHardfork(arg as string);
        f.setHardfork(arg as string);
      }
      expect(cacheOf(f)).toEqual(cacheOf(p));
      expect(window(f)).toBe(window(p));
    }
  });

  it('gives headers and transactions the same parameters as a plain Common', () => {
    const plain = new Common({ chain: Mainnet, hardfork: Hardfork.Prague });
    const fast = new ParamsCachingCommon({ chain: Mainnet, hardfork: Hardfork.Prague });
    for (let i = 0; i < 3; i++) {
      for (const [p, f] of [
        [
          createBlockHeader({ number: 1n }, { common: plain }).common,
          createBlockHeader({ number: 1n }, { common: fast }).common,
        ],
        [
          createFeeMarket1559Tx({ nonce: i }, { common: plain }).common,
          createFeeMarket1559Tx({ nonce: i }, { common: fast }).common,
        ],
      ]) {
        expect(cacheOf(f!)).toEqual(cacheOf(p!));
      }
    }
  });

  it('answers isActivatedEIP and hardforkGteHardfork as the library for every hardfork, EIP set and copy', () => {
    const plain = new Common({ chain: Mainnet, hardfork: Hardfork.Chainstart });
    const fast = new ParamsCachingCommon({ chain: Mainnet, hardfork: Hardfork.Chainstart });
    const names = plain.hardforks().map((hf) => hf.name);
    const eips = [...Array(8000).keys()];
    const pairs = [null, ...names, 'nonexistent'].flatMap((a) => [...names, 'nonexistent'].map((b) => [a, b] as const));
    const check = (p: Common, f: Common) => {
      expect(eips.filter((eip) => f.isActivatedEIP(eip))).toEqual(eips.filter((eip) => p.isActivatedEIP(eip)));
      const gte = (c: Common) => pairs.filter(([a, b]) => c.hardforkGteHardfork(a, b)).map(([a, b]) => `${a}>=${b}`);
      expect(gte(f)).toEqual(gte(p));
    };
    for (const hf of names) {
      plain.setHardfork(hf);
      fast.setHardfork(hf);
      check(plain, fast);
      check(plain.copy(), fast.copy());
    }
    // EIPs set on top of a hardfork, and back.
    plain.setEIPs([7702]);
    fast.setEIPs([7702]);
    plain.setHardfork(Hardfork.Cancun);
    fast.setHardfork(Hardfork.Cancun);
    check(plain, fast);
    plain.setEIPs([]);
    fast.setEIPs([]);
    check(plain, fast);
    expect(fast.isActivatedEIP(7702)).toBe(false);
    expect(fast.isActivatedEIP(4844)).toBe(true);
    expect(fast.gteHardfork(Hardfork.Shanghai)).toBe(true);
    expect(fast.gteHardfork(Hardfork.Prague)).toBe(false);

    // A chain with a custom hardfork its list lacks (hardforks() appends it; geth genesis files make these).
    const chain = { ...Mainnet, customHardforks: { laterFork: { eips: [] } } } as unknown as typeof Mainnet;
    const customPlain = new Common({ chain, hardfork: Hardfork.Prague });
    const customFast = new ParamsCachingCommon({ chain, hardfork: Hardfork.Prague });
    const withCustom = [null, ...names, 'laterFork'].flatMap((a) =>
      [...names, 'laterFork'].map((b) => [a, b] as const),
    );
    const gteAll = (c: Common) =>
      withCustom.filter(([a, b]) => c.hardforkGteHardfork(a, b)).map(([a, b]) => `${a}>=${b}`);
    expect(gteAll(customFast)).toEqual(gteAll(customPlain));
    expect(customFast.hardforkGteHardfork('laterFork', Hardfork.Prague)).toBe(true);
  });

  it('shares one built cache between copies in the same situation', () => {
    const fast = new ParamsCachingCommon({ chain: Mainnet, hardfork: Hardfork.Prague });
    const a = fast.copy();
    const b = fast.copy();
    a.updateParams(paramsTx);
    b.updateParams(paramsTx);
    expect(cacheOf(b)).toBe(cacheOf(a));
  });
});
