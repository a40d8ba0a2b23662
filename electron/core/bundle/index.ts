/** The support bundle: one redacted archive with everything support needs. */
export { buildBundle } from './build-bundle.js';
