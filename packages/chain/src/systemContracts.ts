// Runtime code of the system contracts that Cancun and Prague blocks call, as deployed on mainnet
// (the bytecode given in each EIP). A devnet genesis must hold them: Prague blocks are invalid
// without the EIP-7002 and EIP-7251 contracts ("system contract empty").

import { CONSOLIDATION_REQUEST_CONTRACT, WITHDRAWAL_REQUEST_CONTRACT } from '@basalt/execution';

/** A system contract: where it lives, the fork that needs it, and its runtime code. */
export interface SystemContract {
  eip: number;
  /** The first fork whose blocks call it. */
  fork: 'cancun' | 'prague';
  address: `0x${string}`;
  code: `0x${string}`;
}

export const SYSTEM_CONTRACTS: readonly SystemContract[] = [
  // EIP-4788: beacon block roots
  {
    eip: 4788,
    fork: 'cancun',
    address: '0x000f3df6d732807ef1319fb7b8bb8522d0beac02',
    code: '0x3373fffffffffffffffffffffffffffffffffffffffe14604d57602036146024575f5ffd5b5f35801560495762001fff810690815414603c575f5ffd5b62001fff01545f5260205ff35b5f5ffd5b62001fff42064281555f359062001fff015500',
  },
  // EIP-2935: historical block hashes
  {
    eip: 2935,
    fork: 'prague',
    address: '0x0000f90827f1c53a10cb7a02335b175320002935',
    code: '0x3373fffffffffffffffffffffffffffffffffffffffe14604657602036036042575f35600143038111604257611fff81430311604257611fff9006545f5260205ff35b5f5ffd5b5f35611fff60014303065500',
  },
  // EIP-7002: execution-layer withdrawal requests
  { eip: 7002, fork: 'prague', ...WITHDRAWAL_REQUEST_CONTRACT },
  // EIP-7251: consolidation requests
  { eip: 7251, fork: 'prague', ...CONSOLIDATION_REQUEST_CONTRACT },
];
