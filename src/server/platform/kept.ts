import { LRUCache } from 'lru-cache';

/**
 * Results worth keeping in memory: a search's ranked page, a page of a post's replies. Each
 * database handle has its own store, so servers (and tests) sharing a process never share
 * results, and everyone asking for the same key at the same moment waits for one computation.
 * Whether a kept value is still good is the caller's rule: either everything it depends on is
 * part of the key, or the caller checks it before use (and deletes it when it no longer holds).
 */
export class Kept<V extends object> {
  private readonly stores = new WeakMap<object, LRUCache<string, V>>();
  private readonly running = new WeakMap<object, Map<string, Promise<V>>>();

  constructor(private readonly options: LRUCache.Options<string, V, unknown>) {}

  private store(db: object): LRUCache<string, V> {
    let store = this.stores.get(db);
    if (!store) this.stores.set(db, (store = new LRUCache<string, V>(this.options)));
    return store;
  }

  get(db: object, key: string): V | undefined {
    return this.store(db).get(key);
  }

  delete(db: object, key: string): void {
    this.store(db).delete(key);
  }

  /**
   * Computes the value of `key` once for everyone asking at the same moment, and keeps it. A
   * computation that fails is not kept: the next asker tries again.
   */
  once(db: object, key: string, compute: () => Promise<V>): Promise<V> {
    let inFlight = this.running.get(db);
    if (!inFlight) this.running.set(db, (inFlight = new Map()));
    const pending = inFlight.get(key);
    if (pending) return pending;
    const started = compute()
      .then((value) => {
        this.store(db).set(key, value);
        return value;
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  }
}
