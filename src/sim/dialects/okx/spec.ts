// OKX as the sim's registry sees it: per-endpoint limits over 2-second windows, no minimum order value
// (the lot and minimum size rule instead, as the engine's OKX instrument says), `perm`/`ip`-shaped
// rights, and the venue's `{"code","msg","data"}` envelope for the listener's own refusals.
import { revealSecret } from '../../../core/secret.js';
import type { DialectSpec } from '../spec.js';
import { OkxDialect } from './dialect.js';
import { errors, OkxError } from './errors.js';
import { ENDPOINT_LIMITS, type OkxLimits } from './limits.js';
import { type OkxKeyPermissions, okxPermissions } from './permissions.js';

const envelope = (e: OkxError) => ({ status: e.status, body: e.body() });

export const okx: DialectSpec<OkxLimits, OkxKeyPermissions> = {
  limits: { endpoints: ENDPOINT_LIMITS },
  instruments: (s) => ({ ...s, minNotional: '0' }),
  permissions: okxPermissions,
  wording: {
    // The venue publishes no code for an oversized body; 50000 is its generic body/parameter class.
    bodyTooLarge: () => envelope(new OkxError(413, '50000', 'Request body too large.')),
    internalError: () => envelope(errors.systemError()),
  },
  demoKeys: [{ type: 'hmac' }],
  credentials: (a) =>
    a.hmac?.secret === undefined || a.hmac.passphrase === undefined
      ? []
      : [
          ['api-key', a.hmac.apiKey],
          ['api-secret', revealSecret(a.hmac.secret)],
          ['api-passphrase', revealSecret(a.hmac.passphrase)],
        ],
  create: (core, limits, options) =>
    new OkxDialect(core, limits, {
      ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
      ...(options.upgradeNoticeMs === undefined ? {} : { upgradeNoticeMs: options.upgradeNoticeMs }),
    }),
};
