/**
 * The key preflight's request as a plan the engine sends: permissions.ts describes info `userRole`
 * for the signing address and parses it (an agent cannot withdraw; a master key can). The address
 * is the agent's, derived from its private key at build time, so nothing but the credentials is
 * needed; the reply's master must be the configured wallet.
 */
import { SigningError } from '../shared/signing-error.js';
import type { KeyPermissionsSpec } from '../venue.js';
import { INFO_WEIGHT } from './limits.js';
import { hyperliquidPermissions } from './permissions.js';
import { infoPlan } from './requests.js';
import { signerAddress } from './sign.js';

export const hyperliquidKeyPermissions: KeyPermissionsSpec = {
  plan: (expect) =>
    infoPlan({
      name: 'userRole',
      lane: 'background',
      weight: INFO_WEIGHT.userRole,
      body: (ctx) => {
        const key = ctx.credentials.privateKey;
        if (key === undefined) throw new SigningError('hyperliquid', 'credentials lack the agent private key');
        return { ...hyperliquidPermissions.request({ agentAddress: signerAddress(key) }).params };
      },
      parse: (body) => hyperliquidPermissions.parse(body, expect),
    }),
};
