// Contracts every generated dev genesis holds at their well-known addresses (today: Multicall3 at
// 0xcA11…CA11, so viem's `multicall` and dapps that expect it work unchanged). The runtime code comes
// from @basalt/contracts, compiled for an EVM version every `--hardfork` choice runs (see its README).
import type { GethGenesis } from '@basalt/chain';
import { predeploys } from '@basalt/contracts';

/** The predeployed contracts: name, address and the EVM version their code was compiled for. */
export function listPredeploys(): { name: string; address: string; evmVersion: string }[] {
  return Object.entries(predeploys).map(([name, p]) => ({ name, address: p.address, evmVersion: p.evmVersion }));
}

/**
 * Returns `genesis` with every predeploy added to its alloc (runtime code, nonce 1 as for any contract, no
 * balance). An alloc entry the genesis already has at that address wins: a predeploy never overwrites it.
 */
export function withPredeploys(genesis: GethGenesis): GethGenesis {
  const alloc = { ...genesis.alloc };
  const taken = new Set(Object.keys(alloc).map((a) => a.toLowerCase()));
  for (const p of Object.values(predeploys)) {
    const address = p.address.toLowerCase();
    if (!taken.has(address)) alloc[address] = { balance: '0x0', nonce: '0x1', code: p.deployedBytecode };
  }
  return { ...genesis, alloc };
}
