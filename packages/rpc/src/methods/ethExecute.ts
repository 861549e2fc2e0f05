// eth_call, eth_estimateGas, eth_createAccessList.
import type { BlockOverrides, StateOverrides } from '@basalt/execution';
import { bytesToHex } from '@ethereumjs/util';
import type { RpcBackend } from '../backend.ts';
import { ExecutionRevertedError, GETH_MESSAGES, ServerError } from '../errors.ts';
import { quantity } from '../format.ts';
import type { RpcMethod } from '../types.ts';
import { type BlockId, blockId, LATEST, optional } from '../validation.ts';
import { blockOverrides, callRequest, stateOverrides, type TxRequest } from './callRequest.ts';

export function executeMethods(backend: RpcBackend): Record<string, RpcMethod> {
  const executor = backend.chain.executor;
  return {
    eth_call: {
      params: [callRequest, optional(blockId, LATEST), optional(stateOverrides), optional(blockOverrides)],
      handler: async ([req, id, so, bo]: [
        TxRequest,
        BlockId,
        StateOverrides | undefined,
        BlockOverrides | undefined,
      ]) => {
        const block = await backend.requireBlock(id);
        const res = await executor.call(req, block, so, bo);
        if (res.error !== undefined) {
          if (res.error.reverted) {
            if (res.returnValue.length > 0) throw new ExecutionRevertedError(res.returnValue);
            throw new ServerError(GETH_MESSAGES.executionReverted);
          }
          throw new ServerError(res.error.message);
        }
        return bytesToHex(res.returnValue);
      },
    },
    eth_estimateGas: {
      params: [callRequest, optional(blockId, LATEST), optional(stateOverrides)],
      handler: async ([req, id, so]: [TxRequest, BlockId, StateOverrides | undefined]) => {
        const block = await backend.requireBlock(id);
        return quantity(await executor.estimateGas(req, block, so));
      },
    },
    eth_createAccessList: {
      params: [callRequest, optional(blockId, LATEST)],
      handler: async ([req, id]: [TxRequest, BlockId]) => {
        const block = await backend.requireBlock(id);
        const res = await executor.createAccessList(req, block);
        const out: Record<string, unknown> = { accessList: res.accessList };
        if (res.error !== undefined) out.error = res.error;
        out.gasUsed = quantity(res.gasUsed);
        return out;
      },
    },
  };
}
