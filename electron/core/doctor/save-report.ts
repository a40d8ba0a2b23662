import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureDataDir } from '../paths.js';
import type { DoctorReport } from './doctor-types.js';

/** The folder under the data folder where doctor runs are kept for `tether bundle`. */
export const DOCTOR_DIR_NAME = 'doctor';

/** `<host>-<time>.json`, with anything unsafe for a file name (IPv6 colons, ports) made `-`. */
export function doctorReportFileName(report: Pick<DoctorReport, 'host' | 'startedAt'>): string {
  const host = report.host.replace(/[^A-Za-z0-9.-]/g, '-');
  const time = report.startedAt.replace(/[:.]/g, '-');
  return `${host}-${time}.json`;
}

/** Saves an (already redacted) report as `<dataDir>/doctor/<host>-<time>.json`; returns the path. */
export async function saveDoctorReport(dataDir: string, report: DoctorReport): Promise<string> {
  await ensureDataDir(dataDir);
  const folder = path.join(dataDir, DOCTOR_DIR_NAME);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const file = path.join(folder, doctorReportFileName(report));
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`, { mode: 0o600 });
  return file;
}

/** The saved reports, newest first (file names sort by time within a host, so sort by the stamp). */
export async function listDoctorReports(dataDir: string): Promise<string[]> {
  const folder = path.join(dataDir, DOCTOR_DIR_NAME);
  const names = await readdir(folder).catch(() => [] as string[]);
  const stamp = (name: string): string => /(\d{4}-\d{2}-\d{2}T[\d-]+Z)\.json$/.exec(name)?.[1] ?? '';
  return names
    .filter((name) => name.endsWith('.json'))
    .sort((a, b) => stamp(b).localeCompare(stamp(a)))
    .map((name) => path.join(folder, name));
}
