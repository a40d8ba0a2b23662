import { classifyClaudeCodeMessage } from './claude-code-messages.js';
import { createClaudeCodeLineParser, parseClaudeCodeJsonArray } from './claude-code-entries.js';
import { createClaudeDesktopParser } from './claude-desktop-lines.js';
import { createClaudeDesktopClassifier } from './claude-desktop-messages.js';
import { createCursorParser } from './cursor-lines.js';
import { classifyCursorMessage } from './cursor-messages.js';
import { classifyJournalEntry, parseJournalLine } from './journal-entries.js';
import type { Classifier, RawLogEntry } from './log-entry.js';
import type { LogFormat } from './log-source.js';

/** Parses one line; undefined = malformed (counted), null = nothing to report (a continuation). */
export type LineParser = (text: string, line: number) => RawLogEntry | null | undefined;

/** How one format is read: line by line, or as a whole document rewritten on every entry. */
export type FormatReader =
  | { mode: 'lines'; createParser(): LineParser; createClassifier(): Classifier }
  | {
      mode: 'whole';
      parse(text: string): { entries: RawLogEntry[]; malformed: number };
      createClassifier(): Classifier;
    };

const stateless = (classify: Classifier) => (): Classifier => classify;

/** The reader of each format; adding a client is one entry here plus its parser and classifier. */
export const FORMAT_READERS: Record<LogFormat, FormatReader> = {
  'claude-code-jsonl': {
    mode: 'lines',
    createParser: createClaudeCodeLineParser,
    createClassifier: stateless(classifyClaudeCodeMessage),
  },
  'claude-code-json-array': {
    mode: 'whole',
    parse: parseClaudeCodeJsonArray,
    createClassifier: stateless(classifyClaudeCodeMessage),
  },
  'claude-desktop-main': {
    mode: 'lines',
    createParser: () => createClaudeDesktopParser('main'),
    createClassifier: createClaudeDesktopClassifier,
  },
  'claude-desktop-server': {
    mode: 'lines',
    createParser: () => createClaudeDesktopParser('server'),
    createClassifier: createClaudeDesktopClassifier,
  },
  cursor: {
    mode: 'lines',
    createParser: () => createCursorParser(false),
    createClassifier: stateless(classifyCursorMessage),
  },
  'cursor-legacy': {
    mode: 'lines',
    createParser: () => createCursorParser(true),
    createClassifier: stateless(classifyCursorMessage),
  },
  'tether-journal': {
    mode: 'lines',
    createParser: () => parseJournalLine,
    createClassifier: stateless(classifyJournalEntry),
  },
};
