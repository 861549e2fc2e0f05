/** A set that forgets its oldest entries past `max` (seen-message bookkeeping). */
export class LruSet {
  private readonly items = new Set<string>();
  constructor(private readonly max: number) {}

  add(key: string): void {
    this.items.delete(key);
    this.items.add(key);
    if (this.items.size > this.max) {
      const oldest = this.items.values().next().value;
      if (oldest !== undefined) this.items.delete(oldest);
    }
  }

  has(key: string): boolean {
    return this.items.has(key);
  }
}
