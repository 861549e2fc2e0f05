// The root of a block's transactions or receipts trie (key `RLP(i)` → the i-th value), built with
// @ethereumjs/mpt as the library's `BlockBuilder` does (the trie is the library's to compute).
import type { Common } from '@ethereumjs/common';
import { MerklePatriciaTrie } from '@ethereumjs/mpt';
import { RLP } from '@ethereumjs/rlp';
import { KECCAK256_RLP } from '@ethereumjs/util';

/** The root of the trie mapping `RLP(i)` to `values[i]`, hashed with `common`'s keccak. */
export async function orderedTrieRoot(values: readonly Uint8Array[], common: Common): Promise<Uint8Array> {
  if (values.length === 0) return KECCAK256_RLP;
  const trie = new MerklePatriciaTrie({ common });
  for (const [i, value] of values.entries()) await trie.put(RLP.encode(i), value);
  return trie.root();
}
