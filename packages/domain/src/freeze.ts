/**
 * Freezes a value and everything it holds, for data many readers share (a kept answer, its
 * rendering): a reader that tried to change it would throw instead of changing it for all.
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
