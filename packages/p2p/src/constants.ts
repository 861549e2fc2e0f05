// Protocol names and hard limits of the Basalt wire protocols, each with its reason.

/** The status handshake: not chain-scoped, so a node of another chain is recognised and dropped. */
export const STATUS_PROTOCOL = '/basalt/status/1';

/** Request-response protocols are scoped by chain id so a foreign node cannot even open them. */
export function blocksByRangeProtocol(chainId: bigint): string {
  return `/basalt/${chainId}/blocks-by-range/1`;
}
export function blocksByHashProtocol(chainId: bigint): string {
  return `/basalt/${chainId}/blocks-by-hash/1`;
}

/**
 * Gossip topics: `/basalt/<chainId>/<first 8 hex digits of the genesis hash>/{blocks,txs}`. The
 * genesis prefix keeps two chains that share a chain id (a devnet restarted with a new genesis)
 * from mixing blocks.
 */
export function gossipTopics(chainId: bigint, genesisHash: Uint8Array): { blocks: string; txs: string } {
  const prefix = Array.from(genesisHash.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
  const base = `/basalt/${chainId}/${prefix}`;
  return { blocks: `${base}/blocks`, txs: `${base}/txs` };
}

/** A status message is five short fields; anything longer is garbage. */
export const MAX_STATUS_BYTES = 1024;
/** A request is a start and a count, or at most MAX_BLOCKS_PER_REQUEST hashes. */
export const MAX_REQUEST_BYTES = 64 * 1024;
/**
 * One RLP block on the wire. EIP-7934 (Osaka) caps an RLP block at 8 MiB; 10 MiB leaves room for
 * earlier forks' blocks, whose size only the gas limit bounds.
 */
export const MAX_BLOCK_BYTES = 10 * 1024 * 1024;
/** One gossiped transaction: geth's txMaxSize is 128 KiB (4 blob-free slots of 32 KiB). */
export const MAX_TX_BYTES = 128 * 1024;
/** The varint of a length prefix: 4 bytes cover MAX_BLOCK_BYTES. */
export const MAX_LENGTH_LENGTH = 4;
