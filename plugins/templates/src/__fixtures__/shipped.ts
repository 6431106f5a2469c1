import { definePlugin, shippedEggsExtensionPoint } from '@pteronimbus/sdk';
import { brokenEggText, ptdlEgg } from './eggs.ts';

/** Ships one good and one broken egg, as a game plugin would. */
export const testShippedPlugin = definePlugin({
  name: 'test-shipped',
  version: '0.1.0',
  register(_app, ctx) {
    ctx.services.extensions.provide(shippedEggsExtensionPoint, {
      plugin: 'test-shipped',
      eggs: [
        { file: 'shipped.json', content: JSON.stringify(ptdlEgg('Shipped Game')) },
        { file: 'broken.json', content: brokenEggText() },
      ],
    });
  },
});
