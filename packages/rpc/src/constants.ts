/** The package version reported by web3_clientVersion (kept equal to package.json by a test). */
export const RPC_VERSION = '0.1.0';

/** How often expired filters are swept, in ms. A fifth of the default 5-minute filter timeout is fine-grained enough. */
export const FILTER_SWEEP_INTERVAL_MS = 60_000;

/** Most topic positions in a log filter (LOG4 has four topics; geth's `maxTopics`). */
export const MAX_TOPICS = 4;

/** Most alternatives per topic position or addresses per filter (geth's `maxSubTopics` is 1000). */
export const MAX_FILTER_CRITERIA = 1000;

/** Most storage keys in one eth_getProof (geth has none; a bound keeps one call from pinning the loop). */
export const MAX_PROOF_KEYS = 1024;

/** Reward percentiles accepted by eth_feeHistory (geth: `maxQueryLimit` 100). */
export const MAX_FEE_HISTORY_PERCENTILES = 100;
