import { concatBytes, createContractAddress, hexToBytes, type Address } from '@ethereumjs/util';

/** topic0 of every log the test contract emits. */
export const LOG_TOPIC = hexToBytes(`0x${'a1'.repeat(32)}`);

/**
 * Runtime: copies the calldata to memory and emits LOG2(topic0 = LOG_TOPIC, topic1 = first 32
 * bytes of calldata, data = calldata).
 *   CALLDATASIZE PUSH1 0 PUSH1 0 CALLDATACOPY  PUSH1 0 CALLDATALOAD  PUSH32 LOG_TOPIC
 *   CALLDATASIZE PUSH1 0 LOG2 STOP
 */
const RUNTIME = concatBytes(hexToBytes('0x3660006000376000357f'), LOG_TOPIC, hexToBytes('0x366000a200'));

/** Init code: CODECOPY the runtime (after this 11-byte prefix) and RETURN it. */
export const LOG_CONTRACT_INITCODE = concatBytes(
  hexToBytes(`0x60${RUNTIME.length.toString(16).padStart(2, '0')}80600b6000396000f3`),
  RUNTIME,
);

export function logContractAddress(deployer: Address, nonce: bigint): Address {
  return createContractAddress(deployer, nonce);
}

/** Calldata whose first word becomes topic1. */
export function word(byte: number): Uint8Array {
  return new Uint8Array(32).fill(byte);
}
