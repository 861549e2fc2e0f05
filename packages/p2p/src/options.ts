import type { P2POpts } from './types.ts';

export type P2PDefaults = Required<Omit<P2POpts, 'dataDir'>>;

/** Defaults of {@link P2POpts}. */
export const defaultP2POpts: P2PDefaults = {
  host: '127.0.0.1',
  port: 0,
  bootnodes: [],
  mdns: false,
  maxConnections: 50,
  syncBatchSize: 128,
  maxBlocksPerRequest: 256,
  maxResponseBytes: 16 * 1024 * 1024,
  requestTimeoutMs: 10_000,
  handshakeTimeoutMs: 5_000,
  maintenanceIntervalMs: 2_000,
  banMs: 60_000,
  banThreshold: -50,
  syncThreshold: 1,
};

/** Score penalty of each {@link PeerAction} (the ban threshold is -50 by default). */
export const PEER_ACTION_PENALTY = {
  FATAL: 100,
  LOW_TOLERANCE: 10,
  MID_TOLERANCE: 5,
  HIGH_TOLERANCE: 1,
} as const;
