/** The V8 flags quantdeck runs with (bin/node-flags.js says why). */
export declare const NODE_FLAGS: readonly string[];
