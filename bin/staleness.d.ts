/** True when `root`/dist must be built before it runs (bin/staleness.js says how it tells). */
export declare function distIsStale(root: string): boolean;
