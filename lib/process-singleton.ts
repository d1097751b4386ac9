// Next.js bundles the instrumentation hook and each route separately, so a module-level
// variable can exist several times in one process. State that must be one per process
// (the database client, caches, timers) lives in a named slot on globalThis instead.

export type ProcessSlot<T> = {
  get(): T | undefined;
  set(value: T | undefined): void;
  /** The slot's value, created on first use. */
  getOrCreate(create: () => T): T;
};

const slots = globalThis as unknown as Record<string, unknown>;

export function processSlot<T>(name: string): ProcessSlot<T> {
  const key = `gatehouse:${name}`;
  return {
    get: () => slots[key] as T | undefined,
    set: (value) => {
      if (value === undefined) delete slots[key];
      else slots[key] = value;
    },
    getOrCreate(create) {
      if (!(key in slots)) slots[key] = create();
      return slots[key] as T;
    },
  };
}
