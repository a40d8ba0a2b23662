import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  markdownLinkProblems,
  outsideCitations,
  quotedSectionProblems,
  sectionProblems,
  type DocHeadings,
} from '../helpers/doc-citations.js';

/**
 * The repository explains itself: no comment or doc cites a document outside it, every `§` names a
 * heading of docs/reference, every `FILE.md "Heading"` names a heading of that page, and every
 * relative Markdown link points at a file that exists.
 */
const root = path.resolve(import.meta.dirname, '../..');
const scanned = /\.(ts|tsx|js|mjs|cjs|md|json|yml|yaml|html|css)$/;
const self = 'test/unit/doc-citations.test.ts';

function repositoryFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  });
  return listed
    .split('\n')
    .filter((file) => scanned.test(file) && file !== 'package-lock.json' && file !== self)
    .filter((file) => !file.startsWith('test/helpers/doc-citations') && existsSync(path.join(root, file)));
}

function headingsOf(file: string): string[] {
  return readFileSync(path.join(root, file), 'utf8')
    .split('\n')
    .filter((line) => /^#{1,6} /.test(line))
    .map((line) => line.replace(/^#{1,6} /, '').trim());
}

const docs: DocHeadings = {
  'proxy-spec': headingsOf('docs/reference/proxy-spec.md'),
  'client-formats': headingsOf('docs/reference/client-formats.md'),
};

describe('citations stay inside the repository and resolve', () => {
  const files = repositoryFiles();

  it('scans the tree (sanity: the reference pages and their citers are seen)', () => {
    expect(files).toContain('docs/reference/proxy-spec.md');
    expect(files).toContain('electron/proxy/retry-policy.ts');
    expect(docs['proxy-spec']).toContain('§2 Retry classes');
  });

  it('no file cites a document that lives outside the repository', () => {
    const found = files.flatMap((file) =>
      outsideCitations(readFileSync(path.join(root, file), 'utf8')).map((hit) => `${file}: ${hit}`),
    );
    expect(found).toEqual([]);
  });

  it('every § reference names a heading of docs/reference (or an RFC)', () => {
    const found = files.flatMap((file) => {
      const own = /^docs\/reference\/([\w-]+)\.md$/.exec(file)?.[1];
      return sectionProblems(readFileSync(path.join(root, file), 'utf8'), docs, own).map(
        (problem) => `${file}: ${problem}`,
      );
    });
    expect(found).toEqual([]);
  });

  it('every `PAGE.md "Heading"` names a heading of that page in docs/', () => {
    const headings = (page: string): string[] | undefined => {
      const candidates = [`docs/${page}`, `docs/reference/${page}`, page];
      const file = candidates.find((candidate) => existsSync(path.join(root, candidate)));
      return file ? headingsOf(file) : undefined;
    };
    const found = files.flatMap((file) =>
      quotedSectionProblems(readFileSync(path.join(root, file), 'utf8'), headings).map(
        (problem) => `${file}: ${problem}`,
      ),
    );
    expect(found).toEqual([]);
  });

  it('every relative Markdown link points at a file of the repository', () => {
    const found = files
      .filter((file) => file.endsWith('.md'))
      .flatMap((file) =>
        markdownLinkProblems(readFileSync(path.join(root, file), 'utf8'), (target) => {
          const resolved = path.resolve(root, path.dirname(file), target);
          return resolved.startsWith(`${root}${path.sep}`) && existsSync(resolved);
        }).map((problem) => `${file}: ${problem}`),
      );
    expect(found).toEqual([]);
  });
});

describe('the citation checks can fail', () => {
  it('flags documents outside the repository', () => {
    expect(outsideCitations('// see ../shared/reference/client-formats.md §1c')).not.toEqual([]);
    expect(outsideCitations(['// (protocol', 'failure-modes §6.2)'].join('-'))).not.toEqual([]);
    expect(outsideCitations('/** DESIGN' + '.md "Server identity" */')).not.toEqual([]);
    expect(outsideCitations("import { x } from '../../shared/result.js';")).toEqual([]);
  });

  it('flags § references that name no heading, or no page', () => {
    expect(sectionProblems('// (proxy-spec §6.2)', docs)).toEqual(['proxy-spec §6.2']);
    expect(sectionProblems('// (client-formats §1c, §2, §9)', docs)).toEqual(['client-formats §9']);
    expect(sectionProblems('// retry safety (§2)', docs)).toEqual(['§2 (names no page)']);
    expect(sectionProblems('// (proxy-spec §14 rows 6-8, 10, 13; §3 F3-F5, F7)', docs)).toEqual([]);
    expect(sectionProblems('// loopback redirect (RFC 8252 §7.3)', docs)).toEqual([]);
    expect(sectionProblems('a bare §2 inside the page', docs, 'proxy-spec')).toEqual([]);
  });

  it('flags a quoted section that the page does not have', () => {
    const headings = (page: string): string[] | undefined =>
      page === 'ARCHITECTURE.md' ? ['Layers and fences'] : undefined;
    expect(quotedSectionProblems('see ARCHITECTURE.md "Layers and fences"', headings)).toEqual([]);
    expect(quotedSectionProblems('see ARCHITECTURE.md\n * "Server identity"', headings)).toEqual([
      'ARCHITECTURE.md "Server identity"',
    ]);
    expect(quotedSectionProblems('see NOWHERE.md "Anything"', headings)).toEqual(['NOWHERE.md (no such page)']);
  });

  it('flags a Markdown link to a missing file', () => {
    const exists = (target: string): boolean => target === 'proxy.md';
    expect(markdownLinkProblems('[a](proxy.md) [b](https://x.dev) [c](#top)', exists)).toEqual([]);
    expect(markdownLinkProblems('[brief](../../shared/DESIGN.md#x)', exists)).toEqual([
      '../../shared/DESIGN.md',
    ]);
  });
});
