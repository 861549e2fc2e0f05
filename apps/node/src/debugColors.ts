// The `debug` package (which @ethereumjs/mpt, statemanager, evm and vm log through) asks the
// terminal whether stderr is a TTY (`isatty`, a system call) in every instance it creates, to
// decide on colours, unless DEBUG_COLORS was set when it loaded. The library creates instances
// per MerklePatriciaTrie and MerkleStateManager, so several per block (docs/performance.md,
// change 23). The answer cannot change while the process runs: it is asked once here and kept
// in the package's options, as DEBUG_COLORS would (without putting a variable into the
// environment our child processes inherit). What DEBUG and DEBUG_COLORS say is unchanged.
import { isatty } from 'node:tty';
import debug from 'debug';

/** Gives `debug` its colour choice once for the process; idempotent. */
export function settleDebugColors(): void {
  const opts = debug.inspectOpts;
  if (opts !== undefined && !('colors' in opts)) opts.colors = isatty(process.stderr.fd);
}
