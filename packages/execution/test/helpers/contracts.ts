import { BasaltToken, Counter, RevertExamples } from '@basalt/contracts';
import { type Abi, decodeFunctionResult, encodeDeployData, encodeFunctionData, type Hex } from 'viem';

export { BasaltToken, Counter, RevertExamples };

export const tokenAbi = BasaltToken.abi as unknown as Abi;
export const revertAbi = RevertExamples.abi as unknown as Abi;
export const counterAbi = Counter.abi as unknown as Abi;

export function deployToken(admin: Hex, initialSupply: bigint): Hex {
  return encodeDeployData({
    abi: tokenAbi,
    bytecode: BasaltToken.bytecode,
    args: ['Basalt', 'BSLT', 10n ** 27n, initialSupply, admin],
  });
}

export function fn(abi: Abi, functionName: string, args: unknown[] = []): Hex {
  return encodeFunctionData({ abi, functionName, args } as never);
}

export function result(abi: Abi, functionName: string, data: Uint8Array): unknown {
  return decodeFunctionResult({ abi, functionName, data: `0x${Buffer.from(data).toString('hex')}` as Hex } as never);
}
