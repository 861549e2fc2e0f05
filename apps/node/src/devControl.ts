// rpc's DevControl (the evm_/anvil_/hardhat_ methods) filled from the dev miner and the chain's
// dev tools (H3: rpc owns the interface, apps/node adapts).
import type { Logger } from '@basalt/common';
import type { Chain, DevTools, Miner } from '@basalt/chain';
import type { DevControl } from '@basalt/rpc';

export interface DevControlDeps {
  chain: Chain;
  miner: Miner;
  tools: DevTools;
  logger: Logger;
  /** Turns the node's log output off and on (anvil_setLoggingEnabled); without it the call only records the flag. */
  setNodeLogging?: (enabled: boolean) => void;
  /** What `--fork-url` forks (the URL as given, the fork block), for a reset with forking params. */
  fork?: { url: string; blockNumber: bigint };
}

/** The DevControl of a `basalt dev` node. */
export function createDevControl(deps: DevControlDeps): DevControl {
  const { chain, miner, tools, logger } = deps;
  let loggingEnabled = true;
  return {
    mine: async (opts) => (await miner.mine(opts)).length,
    setAutomine: (enabled) => miner.setAutomine(enabled),
    getAutomine: () => miner.getAutomine(),
    setIntervalMining: (seconds) => miner.setIntervalMining(seconds),
    getIntervalMining: () => miner.getIntervalMining(),
    increaseTime: (seconds) => miner.clock.increaseTime(seconds),
    setTime: (timestamp) => miner.clock.setTime(timestamp),
    setNextBlockTimestamp: (timestamp) => miner.setNextBlockTimestamp(timestamp),
    setBlockTimestampInterval: (seconds) => miner.clock.setTimestampInterval(seconds),
    removeBlockTimestampInterval: () => miner.clock.removeTimestampInterval(),
    setBlockGasLimit: (gasLimit) => miner.setGasLimit(gasLimit),
    setNextBlockBaseFee: (baseFee) => miner.setNextBaseFee(baseFee),
    setCoinbase: (address) => miner.setCoinbase(address),
    setBalance: (address, balance) => tools.setBalance(address, balance),
    setNonce: (address, nonce) => tools.setNonce(address, nonce),
    setCode: (address, code) => tools.setCode(address, code),
    setStorageAt: (address, slot, value) => tools.setStorageAt(address, slot, value),
    impersonate: (address) => tools.impersonate(address),
    stopImpersonating: (address) => tools.stopImpersonating(address),
    setAutoImpersonate: (enabled) => tools.setAutoImpersonate(enabled),
    isImpersonated: (address) => tools.isImpersonated(address),
    snapshot: () => tools.snapshot(),
    revert: (id) => tools.revert(id),
    snapshots: () => tools.snapshots(),
    reset: () => tools.reset(),
    fork: () => deps.fork,
    dumpState: () => tools.dumpState(),
    loadState: (dump) => tools.loadState(dump),
    setLoggingEnabled: (enabled) => {
      if (enabled === loggingEnabled) return;
      // Say so while the log is still on: the line that turns it off is the last one shown.
      if (!enabled) logger.info('logging turned off (anvil_setLoggingEnabled)');
      deps.setNodeLogging?.(enabled);
      loggingEnabled = enabled;
      if (enabled) logger.info('logging turned on (anvil_setLoggingEnabled)');
    },
    instanceId: () => tools.instanceId,
    hardfork: () => chain.head().common.hardfork(),
    awaitInstantBlock: () => miner.awaitInstantBlock(),
  };
}
