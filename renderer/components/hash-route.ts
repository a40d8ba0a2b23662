import { useSyncExternalStore } from 'react';

/**
 * Hash routing that keeps a view's query inside the hash (`#/logs?server=…`), the form of every
 * link into the log viewer (shared/log-view-link.ts). wouter's own hash hook matches routes against
 * the whole hash, query included, and writes a query outside it; this one gives wouter the path only,
 * the query through `searchHook`, and writes both into the hash.
 */
const subscribe = (onChange: () => void): (() => void) => {
  addEventListener('hashchange', onChange);
  return () => removeEventListener('hashchange', onChange);
};
const currentHash = (): string => '/' + location.hash.replace(/^#?\/?/, '');

/** Goes to `to` (`/logs?…`); `replace` keeps the history entry (a view saving its position). */
export function navigateHash(to: string, options: { replace?: boolean } = {}): void {
  const url = new URL(location.href);
  url.hash = to;
  if (url.href === location.href) return;
  history[options.replace ? 'replaceState' : 'pushState'](null, '', url.href);
  dispatchEvent(new HashChangeEvent('hashchange'));
}

/** The path part of the hash, for route matching. */
export function useHashRoute(): [string, typeof navigateHash] {
  const hash = useSyncExternalStore(subscribe, currentHash);
  return [hash.split('?')[0] ?? '/', navigateHash];
}

/** The query part of the hash, without `?`. */
export function useHashSearch(): string {
  const hash = useSyncExternalStore(subscribe, currentHash);
  const at = hash.indexOf('?');
  return at < 0 ? '' : hash.slice(at + 1);
}

useHashRoute.hrefs = (href: string): string => `#${href}`;
useHashRoute.searchHook = useHashSearch;
