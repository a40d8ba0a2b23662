/**
 * The checks behind test/unit/doc-citations.test.ts, pure over a file's text so each can be shown
 * failing on a small example. A citation is a pointer a newcomer follows: it must land in this
 * repository, on a heading that exists.
 */

/** Headings (without the leading #s) of the pages `§` citations may name, by page name. */
export type DocHeadings = Record<string, string[]>;

/** Documents that live beside the repository, not in it; citing them leaves a plain clone with dead ends. */
const outsideDocuments: RegExp[] = [
  /protocol-failure-modes/,
  /\bDESIGN\.md\b/,
  /style-anchors/,
  /ui-anchors/,
  /\blandscape\.md\b/,
  /shared\/(?:reference|samples)\//,
  /\bdesign brief\b/i,
  /\/work\/(?:shared|main|wt)\b/,
  /\.\.\/shared\/[^\s'"`)]*\.md\b/,
];

/** The lines of `text` that cite a document outside the repository. */
export function outsideCitations(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => outsideDocuments.some((pattern) => pattern.test(line)))
    .map((line) => line.trim());
}

const pageName = /(?:^|[^\w-])(proxy-spec|client-formats)(?:\.md)?$/;
const rfc = /\bRFC \d+$/;
// What may stand between a page's name and a § of it: more §s, row numbers, failure ids, separators.
const filler = /(?:\s+|[,;:()/–-]|\band|\brows?|\d+|F\d+|§\d+[a-z]?(?:\.\d+)*)$/;

/** The page a `§` at the end of `before` belongs to: a page name, `rfc` (not ours to check) or none. */
function pageBefore(before: string): string | undefined {
  let rest = before;
  for (;;) {
    const page = pageName.exec(rest)?.[1];
    if (page) return page;
    if (rfc.test(rest)) return 'rfc';
    const strip = filler.exec(rest);
    if (!strip || strip[0].length === 0) return undefined;
    rest = rest.slice(0, rest.length - strip[0].length);
  }
}

/**
 * Every `§N` must follow the name of a page in `docs` (`proxy-spec §2`, `client-formats §1c, §2`) or
 * an RFC number, and name one of that page's headings (`## §2 …`). Inside a reference page (`own`), a
 * bare `§N` is a section of the page itself.
 */
export function sectionProblems(text: string, docs: DocHeadings, own?: string): string[] {
  const problems: string[] = [];
  for (const line of text.split('\n')) {
    for (const match of line.matchAll(/§(\d+[a-z]?(?:\.\d+)*)/g)) {
      const page = pageBefore(line.slice(0, match.index)) ?? own;
      if (page === 'rfc') continue;
      if (page === undefined) {
        problems.push(`§${match[1]} (names no page)`);
        continue;
      }
      const headings = docs[page] ?? [];
      const resolves = headings.some(
        (heading) => heading === `§${match[1]}` || heading.startsWith(`§${match[1]} `),
      );
      if (!resolves) problems.push(`${page} §${match[1]}`);
    }
  }
  return problems;
}

/**
 * Every `PAGE.md "Heading"` (a comment may wrap between the two) must name a heading of that page;
 * `headings(page)` answers the page's headings, or undefined when the repository has no such page.
 */
export function quotedSectionProblems(
  text: string,
  headings: (page: string) => string[] | undefined,
): string[] {
  const joined = text.replace(/\n\s*(?:\*|\/\/|#)?\s*/g, ' ');
  const problems: string[] = [];
  for (const match of joined.matchAll(/\b([\w-]+\.md)\s+"([^"\n]+)"/g)) {
    const [, page = '', section = ''] = match;
    const known = headings(page);
    if (!known) problems.push(`${page} (no such page)`);
    else if (!known.includes(section)) problems.push(`${page} "${section}"`);
  }
  return problems;
}

/** Relative Markdown link targets (fragment and query dropped) for which `exists` says no. */
export function markdownLinkProblems(text: string, exists: (target: string) => boolean): string[] {
  const problems: string[] = [];
  for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = (match[1] ?? '').replace(/[#?].*$/, '');
    if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    if (!exists(target)) problems.push(target);
  }
  return problems;
}
