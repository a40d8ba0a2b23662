/**
 * The distinct strings of one segment (messages, or the extra fields of events as JSON), each stored
 * once: client logs repeat the same messages endlessly, so a text search tests each distinct message
 * once and then only compares numbers per event (docs/benchmarks.md, "Log viewer index").
 */
export type Dictionary = {
  readonly size: number;
  at(index: number): string;
};

/** The growing dictionary of the segment being filled. */
export class GrowingDictionary implements Dictionary {
  private readonly ids = new Map<string, number>();
  private readonly values: string[] = [];
  chars = 0;

  get size(): number {
    return this.values.length;
  }

  /** The index of `value`, added when new. */
  intern(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(value);
      this.chars += value.length;
    }
    return id;
  }

  at(index: number): string {
    return this.values[index] ?? '';
  }

  /** One string of every value back to back, and where each starts (for the segment file). */
  pack(): PackedDictionary {
    const offsets = new Uint32Array(this.values.length + 1);
    let at = 0;
    for (let index = 0; index < this.values.length; index++) {
      offsets[index] = at;
      at += this.values[index]!.length;
    }
    offsets[this.values.length] = at;
    return new PackedDictionary(this.values.join(''), offsets);
  }
}

/** A sealed segment's dictionary: one string and the offsets of its values (UTF-16 units). */
export class PackedDictionary implements Dictionary {
  private folded: string | undefined;

  constructor(
    readonly blob: string,
    readonly offsets: Uint32Array,
  ) {}

  get size(): number {
    return this.offsets.length - 1;
  }

  at(index: number): string {
    return this.blob.slice(this.offsets[index], this.offsets[index + 1]);
  }

  /** The blob lower-cased once (case-insensitive search), kept while the segment is cached. */
  lowerBlob(): string {
    this.folded ??= this.blob.toLowerCase();
    return this.folded;
  }

  /** The value that holds character `position` of the blob. */
  indexAt(position: number): number {
    let low = 0;
    let high = this.offsets.length - 2;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.offsets[middle]! <= position) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}
