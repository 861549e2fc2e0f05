/**
 * Anything that holds a socket, timer or file handle. `start()` and `stop()`
 * are idempotent; `stop()` releases every handle and awaits in-flight work.
 */
export interface Startable {
  start(): Promise<void>;
  stop(): Promise<void>;
  isStarted(): boolean;
}

/** True when `obj` has the Startable shape. */
export function isStartable(obj: unknown): obj is Startable {
  return (
    typeof obj === 'object' &&
    obj !== null &&
    typeof (obj as Startable).start === 'function' &&
    typeof (obj as Startable).stop === 'function' &&
    typeof (obj as Startable).isStarted === 'function'
  );
}
