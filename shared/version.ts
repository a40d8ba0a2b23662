/** The Tether version, stamped in at build time from package.json. */
export const TETHER_VERSION: string = __TETHER_VERSION__;
