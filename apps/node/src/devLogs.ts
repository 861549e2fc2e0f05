// What a devnet prints about contracts, as Hardhat and Anvil do: each console.log a transaction
// makes while its block is built, and the reason of each transaction that failed when mined.
import type { Logger } from '@basalt/common';
import type { Miner, MinerEvents } from '@basalt/chain';
import { type ConsoleLogEntry, decodeRevertReason } from '@basalt/execution';
import { bytesToHex } from '@ethereumjs/util';

/** The executor hook that prints console.log lines (module `console`, info). */
export function consoleLogHook(logger: Logger): (entry: ConsoleLogEntry) => void {
  const log = logger.child({ module: 'console' });
  return (entry) => {
    log.info(entry.message, { from: entry.from, ...(entry.txHash !== undefined ? { tx: entry.txHash } : {}) });
  };
}

/**
 * Logs every failed transaction of each mined block at info (module `miner`), with its hash and
 * reason: the Error(string) text, the panic's meaning, `custom error 0x<selector>`, or the VM
 * error (`out of gas`, ...). Returns a function that stops listening.
 */
export function logFailedTransactions(miner: Pick<Miner, 'events'>, logger: Logger): () => void {
  const log = logger.child({ module: 'miner' });
  const onMined = (...[block, info]: MinerEvents['blockMined']): void => {
    for (const outcome of info.outcomes) {
      if (outcome.status !== 0) continue;
      const decoded = outcome.revertData !== undefined ? decodeRevertReason(outcome.revertData) : undefined;
      const reason =
        outcome.error === 'execution reverted'
          ? decoded !== undefined
            ? `execution reverted: ${decoded}`
            : 'execution reverted'
          : (outcome.error ?? 'failed');
      log.info('transaction failed', {
        tx: bytesToHex(outcome.txHash),
        block: block.header.number,
        reason,
        ...(outcome.revertData !== undefined && outcome.revertData.length > 0
          ? { data: bytesToHex(outcome.revertData) }
          : {}),
      });
    }
  };
  miner.events.on('blockMined', onMined);
  return () => miner.events.off('blockMined', onMined);
}
