import { afterEach, describe, expect, it } from '@jest/globals';
import type { AdminNetwork } from '../../src/index.ts';
import { createRpcServer } from '../../src/index.ts';
import { type Devnet, startDevnet } from '../helpers/devnet.ts';

/** A real in-memory AdminNetwork (H23): a peer list that addPeer/removePeer edit. */
class MemoryAdmin implements AdminNetwork {
  readonly list: string[] = [];
  nodeInfo() {
    return { id: 'self', listenAddr: '/ip4/127.0.0.1/tcp/1' };
  }
  peers() {
    return this.list.map((id) => ({ id }));
  }
  async addPeer(url: string) {
    if (!url.startsWith('/')) return false;
    this.list.push(url);
    return true;
  }
  async removePeer(url: string) {
    const i = this.list.indexOf(url);
    if (i < 0) return false;
    this.list.splice(i, 1);
    return true;
  }
}

let devnet: Devnet | undefined;
afterEach(async () => {
  await devnet?.close();
  devnet = undefined;
});

describe('rpc / admin', () => {
  it('serves admin_nodeInfo, admin_peers, admin_addPeer, admin_removePeer over AdminNetwork', async () => {
    devnet = await startDevnet();
    const server = createRpcServer({ chain: devnet.chain, admin: new MemoryAdmin() });
    const call = async (method: string, params: unknown[] = []) =>
      (await server.handle({ jsonrpc: '2.0', id: 1, method, params })) as { result?: unknown; error?: unknown };
    expect((await call('admin_nodeInfo')).result).toEqual({ id: 'self', listenAddr: '/ip4/127.0.0.1/tcp/1' });
    expect((await call('admin_addPeer', ['/ip4/127.0.0.1/tcp/2'])).result).toBe(true);
    expect((await call('admin_addPeer', ['enode://x'])).result).toBe(false);
    expect((await call('admin_peers')).result).toEqual([{ id: '/ip4/127.0.0.1/tcp/2' }]);
    expect((await call('admin_removePeer', ['/ip4/127.0.0.1/tcp/2'])).result).toBe(true);
    expect((await call('admin_peers')).result).toEqual([]);
    expect((await call('admin_addPeer', [42])).error).toMatchObject({ code: -32602 });
    expect(server.modules()).toHaveProperty('admin');
  });

  it('has no admin_ namespace without networking', async () => {
    devnet = await startDevnet();
    expect(devnet.server.methods().some((m) => m.startsWith('admin_'))).toBe(false);
  });
});
