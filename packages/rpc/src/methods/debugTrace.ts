// debug_traceTransaction, debug_traceCall, debug_traceBlockByNumber, debug_traceBlockByHash: geth's
// tracers (struct logs, callTracer, prestateTracer, 4byteTracer, noopTracer) over execution's
// ChainTracer. Results are geth's JSON; errors are geth's words.
import type { ChainApi } from '@basalt/chain';
import {
  type BlockOverrides,
  type ChainTracer,
  createTracer,
  type StateOverrides,
  TRACER_NAMES,
  TraceError,
  TraceErrorCode,
  type TraceConfig,
  type TracerName,
} from '@basalt/execution';
import type { Block } from '@ethereumjs/block';
import { bytesToHex } from '@ethereumjs/util';
import type { RpcBackend } from '../backend.ts';
import { InvalidParamsError, type RpcError, ServerError } from '../errors.ts';
import type { RpcModule } from '../types.ts';
import {
  type BlockId,
  blockId,
  blockNumberOrTag,
  type Decoder,
  hash,
  LATEST,
  object,
  optional,
} from '../validation.ts';
import { blockOverrides, callRequest, stateOverrides, type TxRequest } from './callRequest.ts';

/** geth's trace timeout when the request gives none. */
export const DEFAULT_TRACE_TIMEOUT_MS = 5_000;

const UNITS_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** A Go duration string (`"5s"`, `"300ms"`, `"1m30s"`) in milliseconds. */
export function parseGoDuration(text: string): number {
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    total += Number(m[1]) * UNITS_MS[m[2]!]!;
    matched = re.lastIndex;
  }
  if (text.length === 0 || matched !== text.length) throw new InvalidParamsError(`time: invalid duration "${text}"`);
  return total;
}

function boolField(o: Record<string, unknown>, key: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new InvalidParamsError(`${key}: cannot unmarshal ${typeof v} into a bool`);
  return v;
}

const CALL_TRACER_KEYS = ['onlyTopCall', 'withLog'] as const;
const PRESTATE_KEYS = ['diffMode', 'disableCode', 'disableStorage'] as const;

/** geth's TraceConfig (and TraceCallConfig's overrides): the tracer must be known, options well-typed. */
export const traceConfig: Decoder<
  TraceConfig & { stateOverrides?: StateOverrides; blockOverrides?: BlockOverrides }
> = (v) => {
  const o = object(v);
  const out: TraceConfig & { stateOverrides?: StateOverrides; blockOverrides?: BlockOverrides } = {};
  const tracer = o.tracer;
  if (tracer !== undefined && tracer !== null) {
    if (typeof tracer !== 'string') throw new InvalidParamsError('tracer: cannot unmarshal into a string');
    if (tracer !== '' && !TRACER_NAMES.includes(tracer)) throw new InvalidParamsError(`unknown tracer: ${tracer}`);
    if (tracer !== '') out.tracer = tracer as TracerName;
  }
  if (o.tracerConfig !== undefined && o.tracerConfig !== null) {
    const tc = object(o.tracerConfig);
    const allowed: readonly string[] =
      out.tracer === 'callTracer' ? CALL_TRACER_KEYS : out.tracer === 'prestateTracer' ? PRESTATE_KEYS : [];
    const cfg: Record<string, boolean> = {};
    for (const key of Object.keys(tc)) {
      if (!allowed.includes(key)) throw new InvalidParamsError(`tracerConfig: unknown field "${key}"`);
      const b = boolField(tc, key);
      if (b !== undefined) cfg[key] = b;
    }
    out.tracerConfig = cfg;
  }
  if (o.timeout !== undefined && o.timeout !== null) {
    if (typeof o.timeout !== 'string') throw new InvalidParamsError('timeout: cannot unmarshal into a string');
    out.timeoutMs = parseGoDuration(o.timeout);
  }
  for (const key of ['disableStack', 'disableStorage', 'enableMemory', 'enableReturnData'] as const) {
    const b = boolField(o, key);
    if (b !== undefined) out[key] = b;
  }
  if (o.limit !== undefined && o.limit !== null) {
    if (typeof o.limit !== 'number' || !Number.isInteger(o.limit) || o.limit < 0) {
      throw new InvalidParamsError('limit: must be a non-negative integer');
    }
    out.limit = o.limit;
  }
  if (o.stateOverrides !== undefined && o.stateOverrides !== null)
    out.stateOverrides = stateOverrides(o.stateOverrides);
  if (o.blockOverrides !== undefined && o.blockOverrides !== null)
    out.blockOverrides = blockOverrides(o.blockOverrides);
  return out;
};

/** TraceError → wire error: bad requests are -32602, everything else -32000 with geth's message. */
export function traceErrorToRpc(err: TraceError): RpcError {
  const map: Record<TraceErrorCode, () => RpcError> = {
    [TraceErrorCode.GENESIS_NOT_TRACEABLE]: () => new ServerError(err.message),
    [TraceErrorCode.TX_NOT_IN_BLOCK]: () => new ServerError('transaction not found'),
    [TraceErrorCode.UNKNOWN_TRACER]: () => new InvalidParamsError(err.message),
    [TraceErrorCode.INVALID_TRACER_CONFIG]: () => new InvalidParamsError(err.message),
    [TraceErrorCode.TIMEOUT]: () => new ServerError(err.message),
    [TraceErrorCode.TOO_LARGE]: () => new ServerError(err.message),
    [TraceErrorCode.REPLAY_FAILED]: () => new ServerError(err.message),
  };
  return map[err.code]();
}

/** Runs `work`, turning trace errors into wire errors. */
export async function traced<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof TraceError) throw traceErrorToRpc(err);
    throw err;
  }
}

/** The tracer over the chain's state store, under the executor's rules. */
export function chainTracer(chain: ChainApi): ChainTracer {
  return createTracer({
    common: chain.common,
    states: chain.states,
    blockHashes: { getBlockHash: (n) => chain.getBlockHash(n) },
  });
}

/** The parent of a block to trace; genesis has none. */
export async function parentOf(chain: ChainApi, block: Block): Promise<Block> {
  if (block.header.number === 0n) throw new ServerError('genesis is not traceable');
  const parent = await chain.getBlock(block.header.parentHash);
  if (parent === undefined) throw new ServerError(`parent ${bytesToHex(block.header.parentHash)} not found`);
  return parent;
}

type Config = TraceConfig & { stateOverrides?: StateOverrides; blockOverrides?: BlockOverrides };

export function createDebugTraceModule(
  backend: RpcBackend,
  tracer: ChainTracer = chainTracer(backend.chain),
): RpcModule {
  const chain = backend.chain;
  const traceBlock = (block: Block, config: Config | undefined) =>
    traced(async () => tracer.traceBlock(block, await parentOf(chain, block), config ?? {}));
  return {
    namespace: 'debug',
    methods: {
      debug_traceTransaction: {
        params: [hash, optional(traceConfig)],
        handler: async ([txHash, config]: [Uint8Array, Config | undefined]) => {
          const loc = await chain.getTransaction(txHash);
          if (loc === undefined) throw new ServerError('transaction not found');
          return traced(async () =>
            tracer.traceTransaction(loc.block, await parentOf(chain, loc.block), loc.index, config ?? {}),
          );
        },
      },
      debug_traceBlockByNumber: {
        params: [blockNumberOrTag, optional(traceConfig)],
        handler: async ([id, config]: [BlockId, Config | undefined]) => {
          const block = await backend.findBlock(id);
          if (block === undefined) {
            throw new ServerError(
              id.kind === 'number' ? `block #${id.number} not found` : `${id.kind} block not found`,
            );
          }
          return traceBlock(block, config);
        },
      },
      debug_traceBlockByHash: {
        params: [hash, optional(traceConfig)],
        handler: async ([h, config]: [Uint8Array, Config | undefined]) => {
          const block = await chain.getBlock(h);
          if (block === undefined) throw new ServerError(`block ${bytesToHex(h)} not found`);
          return traceBlock(block, config);
        },
      },
      debug_traceCall: {
        params: [callRequest, optional(blockId, LATEST), optional(traceConfig)],
        handler: async ([req, id, config]: [TxRequest, BlockId, Config | undefined]) => {
          const block = await backend.requireBlock(id);
          const { stateOverrides: so, blockOverrides: bo, ...cfg } = config ?? {};
          return traced(() =>
            tracer.traceCall(
              {
                req,
                block,
                ...(so !== undefined ? { stateOverrides: so } : {}),
                ...(bo !== undefined ? { blockOverrides: bo } : {}),
              },
              cfg,
            ),
          );
        },
      },
    },
  };
}
