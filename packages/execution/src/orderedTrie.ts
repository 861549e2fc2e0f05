// The root of a block's transactions or receipts trie (key `RLP(i)` → the i-th value) computed
// in memory, as geth's DeriveSha does: the library builds a MerklePatriciaTrie for each (with its
// database, checkpoints and `debug` instances) and puts the values one by one through its async
// walk, which cost more than the rest of assembling a one-transaction block (docs/performance.md,
// change 22).
import { RLP } from '@ethereumjs/rlp';
import { KECCAK256_RLP } from '@ethereumjs/util';

type Keccak = (data: Uint8Array) => Uint8Array;
type NodeData = Uint8Array | NodeData[];

interface Entry {
  /** The key as nibbles. */
  key: number[];
  value: Uint8Array;
}

function nibbles(bytes: Uint8Array): number[] {
  const out: number[] = new Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) {
    out[2 * i] = bytes[i]! >> 4;
    out[2 * i + 1] = bytes[i]! & 15;
  }
  return out;
}

/** Hex-prefix encoding (Yellow Paper, appendix C) of `path`, flagged as a leaf's or an extension's. */
function hexPrefix(path: number[], leaf: boolean): Uint8Array {
  const odd = path.length % 2;
  const out = new Uint8Array(1 + (path.length >> 1));
  out[0] = ((leaf ? 2 : 0) + odd) << 4;
  let j = 0;
  if (odd === 1) out[0] |= path[j++]!;
  for (let i = 1; i < out.length; i++, j += 2) out[i] = (path[j]! << 4) | path[j + 1]!;
  return out;
}

/** How a node is referred to from its parent: inline below 32 bytes of RLP, else its hash. */
function ref(node: NodeData, keccak: Keccak): NodeData {
  const encoded = RLP.encode(node);
  return encoded.length < 32 ? node : keccak(encoded);
}

/** The node holding `entries` (sorted by key, unique, none a prefix of another) below `depth` nibbles. */
function nodeOf(entries: Entry[], depth: number, keccak: Keccak): NodeData {
  if (entries.length === 1) {
    const e = entries[0]!;
    return [hexPrefix(e.key.slice(depth), true), e.value];
  }
  // Sorted: the prefix all share is the first's and the last's.
  const first = entries[0]!.key;
  const last = entries[entries.length - 1]!.key;
  let shared = 0;
  while (
    depth + shared < first.length &&
    depth + shared < last.length &&
    first[depth + shared] === last[depth + shared]
  )
    shared++;
  if (shared > 0) {
    return [
      hexPrefix(first.slice(depth, depth + shared), false),
      ref(branchOf(entries, depth + shared, keccak), keccak),
    ];
  }
  return branchOf(entries, depth, keccak);
}

function branchOf(entries: Entry[], depth: number, keccak: Keccak): NodeData {
  const node: NodeData[] = [];
  let value: Uint8Array = new Uint8Array();
  let i = 0;
  if (entries[0]!.key.length === depth) value = entries[i++]!.value;
  for (let nibble = 0; nibble < 16; nibble++) {
    const start = i;
    while (i < entries.length && entries[i]!.key[depth] === nibble) i++;
    node.push(i === start ? new Uint8Array() : ref(nodeOf(entries.slice(start, i), depth + 1, keccak), keccak));
  }
  node.push(value);
  return node;
}

/** The root of the trie mapping `RLP(i)` to `values[i]`, as `MerklePatriciaTrie` would give it. */
export function orderedTrieRoot(values: readonly Uint8Array[], keccak: Keccak): Uint8Array {
  if (values.length === 0) return KECCAK256_RLP;
  const entries: Entry[] = values.map((value, i) => ({ key: nibbles(RLP.encode(i)), value }));
  entries.sort((a, b) => compareNibbles(a.key, b.key));
  return keccak(RLP.encode(nodeOf(entries, 0, keccak)));
}

function compareNibbles(a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
