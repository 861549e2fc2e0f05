// A Common that rebuilds its parameter cache only when the parameters really changed.
// @ethereumjs copies the Common into every block header, transaction, VM and EVM it constructs
// (`copy()` is shallow: the copies share one `_params` object), and each constructor calls
// `updateParams` with its package's constant parameter set, which merges that set into `_params`
// by a JSON round trip and rebuilds the whole parameter cache (a walk over every hardfork and
// EIP): 5-10% of the node's CPU when it mines (docs/performance.md).
//
// Same results, less work: `_params` is a function of the order in which the sets were last
// merged (a later set's value wins for a key two sets define: EIP-2935's historyServeWindow is
// 8191 for the VM and 8192 for the EVM), so each shared `_params` object keeps that order, a
// re-merge writes only keys whose value differs, and a built cache (never mutated once built:
// `_buildParamsCache` assigns a fresh object) is shared by every copy with the same order,
// hardfork and EIPs.
import { Common, type ParamsDict } from '@ethereumjs/common';

type Cache = Common['_paramsCache'];

interface SharedParams {
  /** Ids of the sets merged into this `_params`, oldest merge first. */
  order: number[];
  /** (order, hardfork, EIPs) -> built cache. */
  caches: Map<string, Cache>;
}

const setIds = new WeakMap<ParamsDict, number>();
let nextSetId = 1;
const shared = new WeakMap<object, SharedParams>();

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b));
}

/** The set of each EIP list the library builds (`_activatedEIPsCache`: a new array whenever it changes). */
const eipSets = new WeakMap<readonly number[], { length: number; set: Set<number> }>();
/** Each hardfork name's position (the last one, as the library's scan finds) per hardfork list. */
const hardforkPositions = new WeakMap<
  readonly { name: string }[],
  { length: number; custom: object | undefined; positions: Map<string, number> }
>();

export class ParamsCachingCommon extends Common {
  /**
   * The library's answer, from a set instead of a scan of the EIP list: the interpreter asks for
   * two EIPs at every opcode it runs (~1.5% of the node's CPU at 64 in flight).
   */
  override isActivatedEIP(eip: number): boolean {
    const list = this._activatedEIPsCache;
    let known = eipSets.get(list);
    // Rebuilt if the array was changed in place (the library never does).
    if (known === undefined || known.length !== list.length) {
      known = { length: list.length, set: new Set(list) };
      eipSets.set(list, known);
    }
    return known.set.has(eip);
  }

  /**
   * The library's answer, from the positions of the chain's hardforks found once instead of a
   * scan of the hardfork list per call (intrinsic gas, high-s checks and more, per transaction).
   */
  override hardforkGteHardfork(hardfork1: string | null, hardfork2: string): boolean {
    const hardforks = this._chainParams.hardforks as readonly { name: string }[];
    const custom = this._chainParams.customHardforks as object | undefined;
    let known = hardforkPositions.get(hardforks);
    // Rebuilt if either list changed (the library never changes them once the Common is made).
    if (known === undefined || known.length !== hardforks.length || known.custom !== custom) {
      const positions = new Map<string, number>();
      // hardforks() appends the custom hardforks the chain's list lacks (a new array per call).
      for (const [i, hf] of this.hardforks().entries()) positions.set(hf.name, i);
      known = { length: hardforks.length, custom, positions };
      hardforkPositions.set(hardforks, known);
    }
    const pos1 = known.positions.get(hardfork1 ?? this._hardfork) ?? -1;
    const pos2 = known.positions.get(hardfork2) ?? -1;
    return pos1 >= pos2 && pos2 !== -1;
  }

  override updateParams(params: ParamsDict): void {
    const p = this._params as Record<string, Record<string, unknown>>;
    let s = shared.get(p);
    if (s === undefined) {
      s = { order: [], caches: new Map() };
      shared.set(p, s);
    }
    let id = setIds.get(params);
    if (id === undefined) {
      id = nextSetId++;
      setIds.set(params, id);
    }
    if (s.order[s.order.length - 1] !== id) {
      // The library's merge, writing only where a value differs (same content as its JSON copy).
      for (const [eip, cfg] of Object.entries(params as Record<string, Record<string, unknown>>)) {
        const cur = p[eip];
        if (cur === undefined) {
          p[eip] = JSON.parse(JSON.stringify(cfg));
          continue;
        }
        if (Object.entries(cfg).some(([k, v]) => !sameValue(cur[k], v))) {
          p[eip] = JSON.parse(JSON.stringify({ ...cur, ...cfg }));
        }
      }
      s.order = [...s.order.filter((x) => x !== id), id];
    }
    const key = `${s.order.join(',')}|${this.hardfork()}|${this.eips().join(',')}`;
    const built = s.caches.get(key);
    if (built !== undefined) {
      this._paramsCache = built;
      return;
    }
    this._buildParamsCache();
    s.caches.set(key, this._paramsCache);
  }
}
