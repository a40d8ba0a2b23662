/** The doctor: an active probe of a remote MCP server and the path to it. */
export { runDoctor } from './run-doctor.js';
export { parseHeaderArg, displayHeaders, HeaderArgError, type HeaderArg } from './doctor-headers.js';
export { saveDoctorReport, listDoctorReports, doctorReportFileName, DOCTOR_DIR_NAME } from './save-report.js';
export { formatDoctorReport, formatDoctorProgress } from './format-report.js';
export { likelyCutCause } from './idle-cut-causes.js';
export type {
  DoctorReport,
  DoctorOptions,
  DoctorProgress,
  LayerResult,
  LayerId,
  Verdict,
  IdleCut,
} from './doctor-types.js';
