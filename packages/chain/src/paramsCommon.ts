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

export class ParamsCachingCommon extends Common {
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
