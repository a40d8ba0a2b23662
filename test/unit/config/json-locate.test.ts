import { expect, it } from 'vitest';
import { locatePretty } from '../../../electron/core/config/json-locate.js';
import { scanJson } from '../../../electron/core/config/json-scan.js';

it('finds many keys under one parent (one sibling walk) exactly where the validating scanner does', () => {
  const projects: Record<string, unknown> = {};
  for (let index = 0; index < 50; index++) {
    projects[`/work/p${index} "q" é`] = {
      history: [{ display: `line ${index}\\n "quoted" }`, pastedContents: {} }],
      mcpServers: index % 3 === 0 ? { s: { command: 'x' } } : {},
      disabledMcpServers: index % 4 === 0 ? ['ghost'] : [],
    };
  }
  const text = JSON.stringify({ userID: 'u', mcpServers: {}, projects, tail: 1 }, null, 2);
  const wanted = [
    ['userID'],
    ['tail'],
    ['missing'],
    ...Object.keys(projects)
      .filter((_, index) => index % 2 === 0)
      .flatMap((key) => [
        ['projects', key, 'mcpServers'],
        ['projects', key, 'disabledMcpServers'],
      ]),
    ['projects', '/nope', 'mcpServers'],
  ];
  const located = locatePretty(text, wanted, '  ');
  const ids = new Set(wanted.flatMap((path) => path.map((_, depth) => JSON.stringify(path.slice(0, depth + 1)))));
  const scanned = scanJson(text, { maxDepth: 3, select: (path) => ids.has(JSON.stringify(path)) });
  expect(located).toBeDefined();
  for (const path of wanted) {
    const id = JSON.stringify(path);
    expect(located!.get(id), id).toEqual(scanned.get(id));
  }
  expect(located!.get('["missing"]')).toBeUndefined();
  expect(located!.size).toBeGreaterThan(50);
});
