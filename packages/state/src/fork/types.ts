/**
 * What a fork store needs from its source chain, read at the fork block. `@basalt/state` owns this
 * interface and never does I/O itself: the node implements it (over JSON-RPC `eth_getProof` and
 * `eth_getCode`) and passes it in as `StateStoreDeps.remote`.
 */
export interface RemoteStateReader {
  /** Where the state comes from, for messages, e.g. `http://127.0.0.1:8545 at block 12`. Never holds secrets. */
  readonly description: string;
  /**
   * The EIP-1186 proof (`eth_getProof`) of `address` and of each of `slots` (32-byte keys) at the
   * fork block: the RLP trie nodes from the state root to the account, and per slot from the
   * account's storage root to the slot. Rejects on any failure (network, timeout, error answer).
   */
  getProof(address: Uint8Array, slots: readonly Uint8Array[]): Promise<RemoteProof>;
  /** The code of `address` at the fork block (`eth_getCode`). Rejects on any failure. */
  getCode(address: Uint8Array): Promise<Uint8Array>;
}

/** The trie nodes of one `eth_getProof` answer, decoded from hex. */
export interface RemoteProof {
  /** `accountProof`: RLP nodes, root first. */
  accountProof: Uint8Array[];
  /** `storageProof[i].proof` for the i-th requested slot: RLP nodes, storage root first. */
  storageProofs: Uint8Array[][];
}
