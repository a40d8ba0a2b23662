import { visit } from 'jsonc-parser';
import { ServerSelectionError } from './find-server.js';

/**
 * Refuses an edit of an entry whose name appears twice in the same object.
 *
 * Clients read such a file with `JSON.parse`, which keeps the last of two equal keys; Tether's text
 * edits find the first. Editing that one would change an entry the client never uses and report
 * success. A quick text search skips the full scan when the name occurs once in the whole file.
 */
export function assertSingleEntry(file: string, text: string, location: readonly string[]): void {
  const name = location.at(-1);
  if (name === undefined) return;
  const quoted = JSON.stringify(name);
  const first = text.indexOf(quoted);
  if (first < 0 || text.indexOf(quoted, first + quoted.length) < 0) return;
  const parent = JSON.stringify(location.slice(0, -1));
  let count = 0;
  visit(
    text,
    {
      onObjectProperty: (property, _offset, _length, _line, _column, pathSupplier) => {
        if (property === name && JSON.stringify(pathSupplier()) === parent) count++;
      },
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  if (count > 1)
    throw new ServerSelectionError(
      'ambiguous',
      `${file} names "${name}" ${count} times in ${location.slice(0, -1).join(' > ') || 'the top level'}; the client uses the last one. Remove the other entries first; nothing was written`,
    );
}
