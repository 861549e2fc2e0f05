// Proves the test configuration: Jest in ESM mode over TypeScript sources can load
// libp2p (ESM-only), @ethereumjs/vm (dual ESM/CJS) and classic-level (native addon)
// in one module graph, and each of them actually works.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createVM } from '@ethereumjs/vm';
import { ClassicLevel } from 'classic-level';
import { createLibp2p } from 'libp2p';

describe('toolchain', () => {
  it('runs libp2p, the ethereumjs VM and classic-level together', async () => {
    const node = await createLibp2p({ start: false });
    expect(node.peerId.toString()).toMatch(/^12D3Koo/);
    await node.stop();

    const vm = await createVM({ common: new Common({ chain: Mainnet, hardfork: Hardfork.Prague }) });
    const res = await vm.evm.runCall({
      data: Uint8Array.from([0x60, 0x2a, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3]),
    });
    // PUSH1 42 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN: returns 42 as a word.
    expect(res.execResult.returnValue[31]).toBe(42);

    const dir = await mkdtemp(join(tmpdir(), 'basalt-toolchain-'));
    try {
      const db = new ClassicLevel<string, string>(dir);
      await db.put('k', 'v');
      expect(await db.get('k')).toBe('v');
      await db.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
