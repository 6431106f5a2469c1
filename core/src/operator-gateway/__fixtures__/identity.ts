import { definePlugin, type Principal } from '@pteronimbus/sdk';
import { authenticatorExtensionPoint } from '../../index.ts';

/** A stand-in identity: the caller named in `x-test-user`, a super admin with `x-test-super: 1`. */
export const identityFixture = definePlugin({
  name: 'identity-fixture',
  version: '0.0.1',
  register(_app, ctx) {
    ctx.services.extensions.provide(authenticatorExtensionPoint, async (request) => {
      const user = request.headers['x-test-user'];
      if (typeof user !== 'string') return null;
      const principal: Principal = {
        userId: user,
        discordId: '100000000000000001',
        name: user,
        superAdmin: request.headers['x-test-super'] === '1',
      };
      return principal;
    });
  },
});

/** Headers of a super admin. */
export const ROOT = { 'x-test-user': 'root', 'x-test-super': '1' } as const;
