import { useEffect, useRef, useState } from 'react';
import type { ServerDetail } from '../../shared/server-detail.js';
import { callDashboard } from '../api/dashboard-api.js';
import { useStatusStore } from './status-store.js';

const REFRESH_MIN_MS = 1000;

/**
 * The detail of one server: loaded on open, and again (at most once a second) whenever the status model
 * says this server changed or the service came back.
 */
export function useServerDetail(key: string | undefined): { detail?: ServerDetail; error?: string } {
  const [state, setState] = useState<{ detail?: ServerDetail; error?: string; key?: string }>({});
  const revision = useStatusStore((store) => (key && store.changedKeys.has(key) ? store.revision : -1));
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    if (!key) return;
    let alive = true;
    const load = (): void => {
      last.current = Date.now();
      void callDashboard('server:detail', { key }).then((result) => {
        if (!alive) return;
        if (!result.ok) setState((now) => ({ ...now, key, error: result.error.message }));
        else if (!result.data.ok) setState({ key, error: result.data.message });
        else setState({ key, detail: result.data.detail });
      });
    };
    const wait = REFRESH_MIN_MS - (Date.now() - last.current);
    if (wait <= 0) load();
    else timer.current = setTimeout(load, wait);
    return () => {
      alive = false;
      clearTimeout(timer.current);
    };
  }, [key, revision]);
  return state.key === key ? state : {};
}
