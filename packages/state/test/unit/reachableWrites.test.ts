import { describe, expect, it } from '@jest/globals';
import { RLP } from '@ethereumjs/rlp';
import { bytesToUnprefixedHex, createAddressFromString, hexToBytes, setLengthLeft } from '@ethereumjs/util';
import { type Pending, reachableWrites } from '../../src/trieNodeDB.ts';
import { CONTRACT, Closers, memoryStore, setBalance } from '../helpers/index.ts';

type RawNode = Uint8Array | RawNode[];

/** The walk as first written (every reference followed): what the prefix-filtered walk must equal. */
function reference(writes: ReadonlyMap<string, Pending>, rootHex: string): Map<string, Pending> | undefined {
  const keep = new Map<string, Pending>();
  for (const [key, value] of writes) if (key.length !== 64 || value === null) keep.set(key, value);
  const stack: Array<[string, boolean]> = [[rootHex, true]];
  const visitRef = (ref: RawNode, accounts: boolean): boolean => {
    if (ref instanceof Uint8Array) {
      if (ref.length === 32) stack.push([bytesToUnprefixedHex(ref), accounts]);
      return true;
    }
    return ref.length === 0 || visitNode(ref, accounts);
  };
  const visitNode = (node: RawNode[], accounts: boolean): boolean => {
    if (node.length === 17) {
      for (let i = 0; i < 16; i++) if (!visitRef(node[i]!, accounts)) return false;
      return true;
    }
    const path = node[0];
    if (node.length !== 2 || !(path instanceof Uint8Array)) return false;
    if (!(path.length > 0 && path[0]! >> 4 >= 2)) return visitRef(node[1]!, accounts);
    const value = node[1];
    if (accounts && value instanceof Uint8Array) {
      const storageRoot = (RLP.decode(value) as unknown as Uint8Array[])[2];
      if (storageRoot instanceof Uint8Array && storageRoot.length === 32) {
        stack.push([bytesToUnprefixedHex(storageRoot), false]);
      }
    }
    return true;
  };
  try {
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      const [key, accounts] = next;
      if (keep.has(key)) continue;
      const bytes = writes.get(key);
      if (bytes === undefined || bytes === null) continue;
      keep.set(key, bytes);
      const node = RLP.decode(bytes) as unknown as RawNode;
      if (node instanceof Uint8Array || !visitNode(node, accounts)) return undefined;
    }
  } catch {
    return undefined;
  }
  return keep;
}

const closers = new Closers();

describe('state / reachableWrites', () => {
  it('keeps exactly what following every reference keeps', async () => {
    const { store } = await memoryStore(closers);
    const sm = await store.openAt(store.emptyRoot, { scratch: true });
    const addr = (i: number) => createAddressFromString(`0x${(0xabc0000 + i).toString(16).padStart(40, '0')}`);
    const slot = (i: number) => setLengthLeft(hexToBytes(`0x${(i + 1).toString(16).padStart(4, '0')}`), 32);
    const roots: string[] = [];
    // Uncached: every put rewrites its path at once, leaving superseded nodes; several roots on the way.
    for (let round = 0; round < 4; round++) {
      for (let i = round * 50; i < round * 50 + 80; i++) await setBalance(sm, addr(i), BigInt(i + 1));
      await sm.putAccount(CONTRACT, (await sm.getAccount(CONTRACT)) ?? (await sm.getAccount(addr(0)))!);
      for (let i = 0; i < 30; i++) await sm.putStorage(CONTRACT, slot(i + round * 7), Uint8Array.of(round + 1, i));
      await sm.putCode(addr(round), Uint8Array.of(0x60, round, 0x00));
      roots.push(bytesToUnprefixedHex(await sm.getStateRoot()));
    }
    const writes = (sm as unknown as { _trie: { _db: { db: { writes: Map<string, Pending> } } } })._trie._db.db.writes;
    expect(writes.size).toBeGreaterThan(500);
    for (const root of roots) {
      const kept = reachableWrites(writes, root);
      expect(kept).toBeDefined();
      expect([...kept!.keys()].sort()).toEqual([...reference(writes, root)!.keys()].sort());
      expect(kept!.size).toBeLessThan(writes.size);
    }
    // Not RLP, not a node, trailing bytes: both keep everything (undefined).
    for (const bad of [Uint8Array.of(0xc5, 1), Uint8Array.of(0x83, 1, 2, 3), Uint8Array.of(0xc1, 0x01, 0x00)]) {
      const w = new Map<string, Pending>([...writes, ['ab'.repeat(32), bad]]);
      expect(reachableWrites(w, 'ab'.repeat(32))).toBeUndefined();
      expect(reference(w, 'ab'.repeat(32))).toBeUndefined();
    }
    closers.closeAll();
  });
});
