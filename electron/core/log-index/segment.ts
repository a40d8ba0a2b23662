import { GrowingDictionary, PackedDictionary, type Dictionary } from './dictionary.js';

/** Events per segment; an event's id is `segment * SEGMENT_CAPACITY + its arrival order in it`. */
export const SEGMENT_CAPACITY = 65_536;

/** One event per index in every column (the index's compact, columnar form of a `LogEvent`). */
export type Columns = {
  count: number;
  /** Epoch ms. */
  time: Float64Array;
  /** Arrival order within the segment (the low part of the id). */
  ord: Uint16Array;
  server: Uint16Array;
  file: Uint32Array;
  line: Uint32Array;
  level: Uint8Array;
  kind: Uint8Array;
  message: Uint32Array;
  /** The event's other fields (kind-specific, session) as JSON, in `extras`; '' for none. */
  extra: Uint32Array;
};

/**
 * What queries read: a run of events in time order. `order` maps a sorted position to a column
 * index for the segment still being filled (it arrives out of order during backfill); sealed
 * segments are stored sorted and have none.
 */
export type Run = {
  segment: number;
  columns: Columns;
  order: Uint32Array | undefined;
  messages: Dictionary;
  extras: Dictionary;
  /** Changes whenever the run gains events (caches of per-run work check it). */
  version: number;
};

function allocate(capacity: number): Columns {
  return {
    count: 0,
    time: new Float64Array(capacity),
    ord: new Uint16Array(capacity),
    server: new Uint16Array(capacity),
    file: new Uint32Array(capacity),
    line: new Uint32Array(capacity),
    level: new Uint8Array(capacity),
    kind: new Uint8Array(capacity),
    message: new Uint32Array(capacity),
    extra: new Uint32Array(capacity),
  };
}

export type EventCodes = {
  time: number;
  server: number;
  file: number;
  line: number;
  level: number;
  kind: number;
  message: string;
  extra: string;
};

/** The segment being filled: appends in arrival order, sorts lazily for queries. */
export class GrowingSegment {
  readonly columns = allocate(SEGMENT_CAPACITY);
  readonly messages = new GrowingDictionary();
  readonly extras = new GrowingDictionary();
  private order = new Uint32Array(SEGMENT_CAPACITY);
  /** How many positions of `order` are valid; live appends in time order just extend it. */
  private sorted = 0;
  private version = 0;

  constructor(readonly id: number) {
    this.extras.intern('');
  }

  get full(): boolean {
    return this.columns.count >= SEGMENT_CAPACITY;
  }

  add(codes: EventCodes): number {
    const c = this.columns;
    const at = c.count++;
    c.time[at] = codes.time;
    c.ord[at] = at;
    c.server[at] = codes.server;
    c.file[at] = codes.file;
    c.line[at] = codes.line;
    c.level[at] = codes.level;
    c.kind[at] = codes.kind;
    c.message[at] = this.messages.intern(codes.message);
    c.extra[at] = this.extras.intern(codes.extra);
    if (this.sorted === at && (at === 0 || c.time[this.order[at - 1]!]! <= codes.time)) {
      this.order[at] = at;
      this.sorted = at + 1;
    }
    this.version++;
    return this.id * SEGMENT_CAPACITY + at;
  }

  /** The events so far, in time order (sorting only what arrived out of order since last time). */
  run(): Run {
    const c = this.columns;
    if (this.sorted !== c.count) {
      const order = Array.from({ length: c.count }, (_, index) => index);
      order.sort((a, b) => c.time[a]! - c.time[b]! || a - b);
      this.order.set(order);
      this.sorted = c.count;
    }
    return {
      segment: this.id,
      columns: c,
      order: this.order,
      messages: this.messages,
      extras: this.extras,
      version: this.version,
    };
  }

  /** Sorted, trimmed columns and packed dictionaries: the sealed form. */
  seal(): Run {
    const source = this.run();
    const c = this.columns;
    const out = allocate(c.count);
    out.count = c.count;
    for (let position = 0; position < c.count; position++) {
      const index = source.order![position]!;
      out.time[position] = c.time[index]!;
      out.ord[position] = c.ord[index]!;
      out.server[position] = c.server[index]!;
      out.file[position] = c.file[index]!;
      out.line[position] = c.line[index]!;
      out.level[position] = c.level[index]!;
      out.kind[position] = c.kind[index]!;
      out.message[position] = c.message[index]!;
      out.extra[position] = c.extra[index]!;
    }
    return {
      segment: this.id,
      columns: out,
      order: undefined,
      messages: this.messages.pack(),
      extras: this.extras.pack(),
      version: 0,
    };
  }
}

type ColumnName = Exclude<keyof Columns, 'count'>;
/** Widest first, so every column starts aligned to its element size. */
const LAYOUT: Array<[ColumnName, number]> = [
  ['time', 8],
  ['file', 4],
  ['line', 4],
  ['message', 4],
  ['extra', 4],
  ['ord', 2],
  ['server', 2],
  ['level', 1],
  ['kind', 1],
];
const VIEWS = {
  time: Float64Array,
  file: Uint32Array,
  line: Uint32Array,
  message: Uint32Array,
  extra: Uint32Array,
  ord: Uint16Array,
  server: Uint16Array,
  level: Uint8Array,
  kind: Uint8Array,
} as const;

type Header = { v: 1; count: number; dicts: Array<{ size: number; bytes: number }> };

/**
 * A sealed run as one buffer: a length-prefixed JSON header, the dictionaries' offsets, the columns
 * (raw typed-array bytes) and the dictionaries' text (UTF-8). Read back with views, no parsing.
 */
export function encodeSegment(run: Run): Buffer {
  const dicts = [run.messages as PackedDictionary, run.extras as PackedDictionary];
  const texts = dicts.map((dict) => Buffer.from(dict.blob, 'utf8'));
  const header: Header = {
    v: 1,
    count: run.columns.count,
    dicts: dicts.map((dict, index) => ({ size: dict.size, bytes: texts[index]!.length })),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const parts: Buffer[] = [Buffer.alloc(8), headerBytes];
  let length = 8 + headerBytes.length;
  const pad = (): void => {
    const extra = (8 - (length % 8)) % 8;
    if (extra) parts.push(Buffer.alloc(extra));
    length += extra;
  };
  const push = (view: ArrayBufferView): void => {
    parts.push(Buffer.from(view.buffer, view.byteOffset, view.byteLength));
    length += view.byteLength;
  };
  pad();
  for (const dict of dicts) {
    push(dict.offsets);
    pad();
  }
  for (const [name] of LAYOUT) {
    push(run.columns[name].subarray(0, run.columns.count));
    pad();
  }
  for (const text of texts) push(text);
  parts[0]!.writeUInt32LE(headerBytes.length, 0);
  return Buffer.concat(parts, length);
}

/** The inverse of `encodeSegment`; the columns are views on `buffer` (copied once if misaligned). */
export function decodeSegment(segment: number, input: Buffer): Run {
  const buffer = input.byteOffset % 8 === 0 ? input : Buffer.from(input);
  const headerLength = buffer.readUInt32LE(0);
  const header = JSON.parse(buffer.toString('utf8', 8, 8 + headerLength)) as Header;
  let at = 8 + headerLength;
  const align = (): void => {
    at += (8 - (at % 8)) % 8;
  };
  align();
  const offsets = header.dicts.map((dict) => {
    const view = new Uint32Array(buffer.buffer, buffer.byteOffset + at, dict.size + 1);
    at += view.byteLength;
    align();
    return view;
  });
  const columns = { count: header.count } as Columns;
  for (const [name, size] of LAYOUT) {
    const View = VIEWS[name];
    (columns as Record<ColumnName, ArrayBufferView>)[name] = new View(
      buffer.buffer as ArrayBuffer,
      buffer.byteOffset + at,
      header.count,
    );
    at += header.count * size;
    align();
  }
  const dicts = header.dicts.map((dict, index) => {
    const blob = buffer.toString('utf8', at, at + dict.bytes);
    at += dict.bytes;
    return new PackedDictionary(blob, offsets[index]!);
  });
  return { segment, columns, order: undefined, messages: dicts[0]!, extras: dicts[1]!, version: 0 };
}

/** Position in time order → column index. */
export function indexAt(run: Run, position: number): number {
  return run.order ? run.order[position]! : position;
}
