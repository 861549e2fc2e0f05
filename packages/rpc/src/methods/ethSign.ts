// eth_sign, personal_sign, eth_signTypedData_v4 for the dev accounts.
import type { Address } from '@ethereumjs/util';
import type { DevSigner } from '../signer.ts';
import type { RpcMethod } from '../types.ts';
import { address, any, data, type Decoder } from '../validation.ts';

/** personal_sign takes hex data, or (as wallets do) a plain UTF-8 string. */
const message: Decoder<Uint8Array> = (v) => {
  if (typeof v === 'string' && !/^0x([0-9a-fA-F]{2})*$/.test(v)) return new TextEncoder().encode(v);
  return data(v);
};

export function signMethods(signer: DevSigner): Record<string, RpcMethod> {
  return {
    eth_sign: {
      params: [address, data],
      handler: ([addr, msg]: [Address, Uint8Array]) => signer.signMessage(addr.toString(), msg),
    },
    personal_sign: {
      params: [message, address],
      handler: ([msg, addr]: [Uint8Array, Address]) => signer.signMessage(addr.toString(), msg),
    },
    eth_signTypedData_v4: {
      params: [address, any],
      handler: ([addr, td]: [Address, unknown]) => signer.signTypedData(addr.toString(), td),
    },
  };
}
