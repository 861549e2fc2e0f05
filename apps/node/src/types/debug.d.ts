// The part of the `debug` package (a dependency of @ethereumjs/*) debugColors.ts uses; it ships no types.
declare module 'debug' {
  const debug: ((namespace: string) => { useColors: boolean; enabled: boolean }) & {
    inspectOpts?: Record<string, unknown>;
  };
  export default debug;
}
