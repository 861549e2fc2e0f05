import type { RpcBackend } from '../backend.ts';
import type { EventHub } from '../events.ts';
import type { DevSigner } from '../signer.ts';
import type { RpcModule, SyncInfo } from '../types.ts';
import { blockMethods } from './ethBlocks.ts';
import { capabilitiesMethods } from './ethCapabilities.ts';
import { clientMethods } from './ethClient.ts';
import { configMethods } from './ethConfig.ts';
import { executeMethods } from './ethExecute.ts';
import { simulateMethods } from './ethSimulate.ts';
import { feeMethods } from './ethFees.ts';
import { logMethods } from './ethLogs.ts';
import { signMethods } from './ethSign.ts';
import { stateMethods } from './ethState.ts';
import { storageValuesMethods } from './ethStorageValues.ts';
import { submitMethods } from './ethSubmit.ts';
import { transactionMethods } from './ethTransactions.ts';

export interface EthModuleDeps {
  backend: RpcBackend;
  hub: EventHub;
  signer: DevSigner;
  sync: SyncInfo;
  coinbase: string;
}

/** The eth_ namespace, plus personal_sign (which wallets and Hardhat users call). */
export function createEthModules(d: EthModuleDeps): RpcModule[] {
  const { personal_sign, ...ethSign } = signMethods(d.signer);
  return [
    {
      namespace: 'eth',
      methods: {
        ...clientMethods(d.backend, d.sync, d.signer.addresses, d.coinbase),
        ...feeMethods(d.backend),
        ...stateMethods(d.backend),
        ...executeMethods(d.backend),
        ...simulateMethods(d.backend),
        ...submitMethods(d.backend, d.signer),
        ...ethSign,
        ...blockMethods(d.backend),
        ...transactionMethods(d.backend),
        ...logMethods(d.backend, d.hub),
        ...storageValuesMethods(d.backend),
        ...configMethods(d.backend),
        ...capabilitiesMethods(d.backend),
      },
    },
    { namespace: 'personal', methods: { personal_sign: personal_sign! } },
  ];
}
