import { mkdir, writeFile } from 'node:fs/promises';
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
