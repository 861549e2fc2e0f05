import type { Common } from '@ethereumjs/common';
import type { MerklePatriciaTrie } from '@ethereumjs/mpt';
import { type Caches, MerkleStateManager, type MerkleStateManagerOpts } from '@ethereumjs/statemanager';
import { type Account, type Address, type DB, ValueEncoding } from '@ethereumjs/util';
import type { ForkFetcher } from './fetcher.ts';
import { ForkNodeDB, ForkTrie, isForkNodeMissing } from './forkTrie.ts';

/**
 * A `MerkleStateManager` over {@link ForkTrie}s: the account trie and every storage trie fetch
 * their missing nodes from the fork source, and contract code missing locally is fetched by
 * address and checked against the account's code hash. Everything else is the library's.
 */
export class ForkStateManager extends MerkleStateManager {
  private readonly fetcher: ForkFetcher;

  constructor(opts: MerkleStateManagerOpts & { trie: ForkTrie }, fetcher: ForkFetcher) {
    super(opts);
    this.fetcher = fetcher;
  }

  /** The library's storage trie, told which account it belongs to (so a miss fetches that account's slot). */
  protected override _getStorageTrie(
    addressOrHash: Address | { bytes: Uint8Array } | Uint8Array,
    rootAccount?: Account,
  ): MerklePatriciaTrie {
    const trie = super._getStorageTrie(addressOrHash, rootAccount);
    if (trie instanceof ForkTrie && !(addressOrHash instanceof Uint8Array) && addressOrHash.bytes.length === 20) {
      trie.owner = addressOrHash.bytes;
    }
    return trie;
  }

  override async getCode(address: Address): Promise<Uint8Array> {
    try {
      return await super.getCode(address);
    } catch (err) {
      if (!isForkNodeMissing(err)) throw err;
      const account = await this.getAccount(address);
      if (account === undefined) throw err;
      await this.fetcher.fetchCode(address.bytes, account.codeHash);
      return super.getCode(address);
    }
  }

  override shallowCopy(downlevelCaches = true): ForkStateManager {
    const common = this.common.copy();
    common.setHardfork(this.common.hardfork());
    const caches = this._caches?.shallowCopy(downlevelCaches);
    return new ForkStateManager(
      {
        common,
        trie: (this._trie as ForkTrie).shallowCopy(false, { cacheSize: 0 }),
        prefixCodeHashes: this._prefixCodeHashes,
        prefixStorageTrieKeys: this._prefixStorageTrieKeys,
        ...(caches !== undefined ? { caches } : {}),
      },
      this.fetcher,
    );
  }
}

/**
 * A {@link ForkStateManager} at `root` over `db` (the store's shared node DB or a scratch layer
 * over it), with the store's trie settings: hashed keys, no pruning, bytes values.
 */
export function openForkStateManager(
  fetcher: ForkFetcher,
  db: DB<string, string | Uint8Array>,
  root: Uint8Array,
  common: Common | undefined,
  caches: Caches | undefined,
): ForkStateManager {
  const trie = new ForkTrie(
    {
      db: new ForkNodeDB(db),
      root,
      useKeyHashing: true,
      useNodePruning: false,
      valueEncoding: ValueEncoding.Bytes,
      ...(common !== undefined ? { common } : {}),
    },
    fetcher,
  );
  return new ForkStateManager(
    { trie, ...(common !== undefined ? { common } : {}), ...(caches !== undefined ? { caches } : {}) },
    fetcher,
  );
}
