/** The support bundle: one redacted archive with everything support needs. */
export { buildBundle, defaultCollectors, type BundleManifest, type BundleOptions } from './build-bundle.js';
export {
  DEFAULT_WINDOW,
  type BundleFile,
  type BundleWindow,
  type Collector,
  type CollectorContext,
} from './collector.js';
export { clientLogRoots } from './collectors/client-logs.js';
