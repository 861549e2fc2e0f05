import { describe, expect, it } from '@jest/globals';
import { HDNodeWallet, Mnemonic } from 'ethers';
import { DEFAULT_MNEMONIC, deriveDevAccounts } from '../src/accounts.ts';
import { ConsoleLogger } from '../src/logger.ts';

describe('node / accounts', () => {
  it('derives the well-known Hardhat/Anvil accounts from the default mnemonic', () => {
    const accts = deriveDevAccounts(DEFAULT_MNEMONIC, 3);
    expect(accts.map((a) => a.address)).toEqual([
      '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
      '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
    ]);
    expect(accts[0]!.privateKey).toBe('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
  });

  it("gives ethers' HDNodeWallet keys and addresses for other phrases and paths", () => {
    const other = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
    const cases: [string, string][] = [
      [DEFAULT_MNEMONIC, "m/44'/60'/0'/0"],
      [DEFAULT_MNEMONIC, "m/44'/60'/1'/0"],
      [DEFAULT_MNEMONIC, 'm/44h/60h/0h/7/3'],
      [other, "m/44'/60'/0'/0"],
      [other, 'm'],
    ];
    for (const [phrase, path] of cases) {
      const root = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(phrase), path.replaceAll('h', "'"));
      const expected = [0, 1, 7, 100].map((i) => root.deriveChild(i));
      const got = deriveDevAccounts(phrase, 101, path);
      expect([0, 1, 7, 100].map((i) => got[i])).toEqual(
        expected.map((w) => ({ address: w.address, privateKey: w.privateKey })),
      );
    }
  });

  it('refuses a phrase that is not a valid mnemonic, and a malformed path', () => {
    expect(() => deriveDevAccounts('test test test test test test test test test test test test', 1)).toThrow(
      /invalid mnemonic/i,
    );
    expect(() => deriveDevAccounts(DEFAULT_MNEMONIC, 1, "44'/60'")).toThrow(/invalid derivation path/);
    expect(() => deriveDevAccounts(DEFAULT_MNEMONIC, 1, "m/44'/x")).toThrow(/invalid derivation path/);
    expect(() => deriveDevAccounts(DEFAULT_MNEMONIC, 1, 'm/2147483648')).toThrow(/invalid derivation path/);
  });
});

describe('node / logger', () => {
  it('redacts secrets by key name in both formats', () => {
    const lines: string[] = [];
    const log = new ConsoleLogger({ write: (l) => lines.push(l) });
    log.child({ module: 'keys' }).info('loaded', { privateKey: '0xdeadbeef', address: '0xabc' });
    const json = new ConsoleLogger({ format: 'json', write: (l) => lines.push(l) });
    json.warn('x', { passphrase: 'hunter2', n: 1n });
    expect(lines[0]).toContain('[keys] loaded');
    expect(lines[0]).toContain('privateKey=[redacted]');
    expect(lines[0]).not.toContain('deadbeef');
    expect(JSON.parse(lines[1]!)).toMatchObject({ level: 'warn', msg: 'x', passphrase: '[redacted]', n: '1' });
  });

  it('setEnabled turns a logger and all its children off and on (anvil_setLoggingEnabled)', () => {
    const lines: string[] = [];
    const log = new ConsoleLogger({ write: (l) => lines.push(l) });
    const child = log.child({ module: 'rpc' });
    log.setEnabled(false);
    child.error('hidden');
    log.info('hidden');
    log.setEnabled(true);
    child.info('shown');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('[rpc] shown');
  });

  it('drops lines below its level', () => {
    const lines: string[] = [];
    const log = new ConsoleLogger({ level: 'warn', write: (l) => lines.push(l) });
    log.info('hidden');
    log.debug('hidden');
    log.error('shown');
    expect(lines).toHaveLength(1);
    expect(log.isDebugEnabled()).toBe(false);
  });
});
