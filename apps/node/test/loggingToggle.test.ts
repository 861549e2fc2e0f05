// anvil_setLoggingEnabled / hardhat_setLoggingEnabled through a real client: the node's log goes
// quiet and comes back, as in Anvil and Hardhat.
import { afterEach, describe, expect, it } from '@jest/globals';
import { JsonRpcProvider, Wallet } from 'ethers';
import { defaultDevNodeConfig } from '../src/config.ts';
import { createDevNode } from '../src/createNode.ts';
import { ConsoleLogger } from '../src/logger.ts';

const KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
/** PUSH1 0 PUSH1 0 REVERT: every call to it fails. */
const REVERTER = '0x60006000fd';
const TARGET = '0x00000000000000000000000000000000000000aa';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()!();
});

describe('node / logging toggle', () => {
  it.each(['anvil_setLoggingEnabled', 'hardhat_setLoggingEnabled'])(
    '%s silences the log and restores it',
    async (method) => {
      const lines: string[] = [];
      const logger = new ConsoleLogger({ write: (l) => lines.push(l) });
      const node = await createDevNode({ ...defaultDevNodeConfig, port: 0, accounts: 1 }, logger, {
        setLoggingEnabled: (on) => logger.setEnabled(on),
      });
      await node.start();
      const provider = new JsonRpcProvider(`http://127.0.0.1:${node.rpcAddress().port}`, undefined, {
        staticNetwork: true,
        cacheTimeout: -1,
        pollingInterval: 20,
      });
      stops.push(async () => {
        provider.destroy();
        await node.stop();
      });
      const wallet = new Wallet(KEY, provider);
      await provider.send('anvil_setCode', [TARGET, REVERTER]);
      const failing = async () => {
        const tx = await wallet.sendTransaction({ to: TARGET, gasLimit: 50_000n });
        await provider.waitForTransaction(tx.hash, 1, 10_000);
        return tx.hash;
      };
      const failedLines = (hash: string) => lines.filter((l) => l.includes('transaction failed') && l.includes(hash));

      // Anvil answers null, Hardhat true.
      const ok = method.startsWith('anvil_') ? null : true;
      expect(await provider.send(method, [false])).toBe(ok);
      const quiet = await failing();
      expect(failedLines(quiet)).toEqual([]);

      expect(await provider.send(method, [true])).toBe(ok);
      const loud = await failing();
      expect(failedLines(loud)).toHaveLength(1);
      expect(lines.some((l) => l.includes('logging turned off'))).toBe(true);
      expect(lines.some((l) => l.includes('logging turned on'))).toBe(true);
    },
  );
});
