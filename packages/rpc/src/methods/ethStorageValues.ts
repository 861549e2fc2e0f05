// eth_getStorageValues: many storage slots of many accounts at one block, in one call.
import { type Address, bytesToHex, setLengthLeft } from '@ethereumjs/util';
import type { RpcBackend } from '../backend.ts';
import { InvalidParamsError } from '../errors.ts';
import type { RpcMethod } from '../types.ts';
import { address, type BlockId, blockId, type Decoder, LATEST, object, optional, storageKey } from '../validation.ts';

/** Most slots one request may read in total. */
export const MAX_STORAGE_VALUES = 1024;

type SlotRequest = { address: Address; text: string; keys: Uint8Array[] }[];

/** `{ address: [slot, ...], ... }`, addresses as given (the answer echoes them). */
const slotRequest: Decoder<SlotRequest> = (v) => {
  const o = object(v);
  const out: SlotRequest = [];
  let total = 0;
  for (const [text, keys] of Object.entries(o)) {
    if (!Array.isArray(keys)) throw new InvalidParamsError(`${text}: cannot unmarshal into a list of storage keys`);
    total += keys.length;
    if (total > MAX_STORAGE_VALUES) throw new InvalidParamsError(`too many slots (at most ${MAX_STORAGE_VALUES})`);
    out.push({ address: address(text), text, keys: keys.map((k) => storageKey(k)) });
  }
  if (out.length === 0) throw new InvalidParamsError('empty request');
  return out;
};

export function storageValuesMethods(backend: RpcBackend): Record<string, RpcMethod> {
  return {
    eth_getStorageValues: {
      params: [slotRequest, optional(blockId, LATEST)],
      handler: async ([req, id]: [SlotRequest, BlockId]) => {
        const sm = await backend.stateAt(id);
        const out: Record<string, string[]> = {};
        for (const { address: addr, text, keys } of req) {
          const exists = (await sm.getAccount(addr)) !== undefined;
          const values: string[] = [];
          for (const key of keys) {
            values.push(bytesToHex(exists ? setLengthLeft(await sm.getStorage(addr, key), 32) : new Uint8Array(32)));
          }
          out[text] = values;
        }
        return out;
      },
    },
  };
}
