import { redactDeep, redactText } from '../redact.js';
import type { BundleFile } from './collector.js';

/**
 * The one redaction pass every bundle file goes through. JSON is redacted structurally (secret-named
 * keys lose their values), JSONL line by line the same way, and any other text line by line with
 * `redactText`. Structured first, then text over the result, so a secret in a value with an innocent
 * key (`"args": ["--token", "..."]`) is still caught by its shape.
 */
export function redactBundleFile(file: BundleFile): BundleFile {
  if (file.path.endsWith('.json')) {
    try {
      return {
        path: file.path,
        content: `${JSON.stringify(redactDeep(JSON.parse(file.content)), null, 2)}\n`,
      };
    } catch {
      // Not valid JSON after all (a truncated tail): fall through to line-wise redaction.
    }
  }
  return { path: file.path, content: file.content.split('\n').map(redactLine).join('\n') };
}

function redactLine(line: string): string {
  const trimmed = line.trim();
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) {
    try {
      return JSON.stringify(redactDeep(JSON.parse(trimmed)));
    } catch {
      // A log line that only looks like JSON.
    }
  }
  return redactText(line);
}
