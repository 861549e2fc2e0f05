import { InvalidParamsError } from '../errors.ts';
import type { AdminNetwork, RpcModule } from '../types.ts';
import { string } from '../validation.ts';

/** admin_nodeInfo, admin_peers, admin_addPeer, admin_removePeer over what apps/node passes as {@link AdminNetwork}. */
export function createAdminModule(admin: AdminNetwork): RpcModule {
  const url = (v: unknown): string => {
    const s = string(v);
    if (s.length === 0 || s.length > 1024) throw new InvalidParamsError('invalid peer address');
    return s;
  };
  return {
    namespace: 'admin',
    methods: {
      admin_nodeInfo: { params: [], handler: () => admin.nodeInfo() },
      admin_peers: { params: [], handler: () => admin.peers() },
      admin_addPeer: { params: [url], handler: ([addr]: [string]) => admin.addPeer(addr) },
      admin_removePeer: { params: [url], handler: ([addr]: [string]) => admin.removePeer(addr) },
    },
  };
}
