/** The doctor: an active probe of a remote MCP server and the path to it. */
export { runDoctor } from './run-doctor.js';
export { parseHeaderArg, HeaderArgError, type HeaderArg } from './doctor-headers.js';
export { saveDoctorReport } from './save-report.js';
export { formatDoctorReport, formatDoctorProgress } from './format-report.js';
export type { DoctorReport, LayerId } from './doctor-types.js';
