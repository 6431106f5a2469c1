import { definePlugin, gameProviderExtensionPoint } from '@pteronimbus/sdk';
import { GENERIC_PROVIDER_ID, genericProvider } from './provider.ts';

/**
 * The fallback game plugin: offers a provider that takes any egg no game plugin claims, so every
 * egg converts into a template, refined only where that is safe.
 */
export const gameGenericPlugin = definePlugin({
  name: 'game-generic',
  version: '0.1.0',
  description: 'Refines any Pterodactyl or Pelican egg that no other game plugin claims.',
  capabilities: {
    games: [{ id: GENERIC_PROVIDER_ID, name: 'Any egg', icon: 'extension' }],
  },
  register(_app, ctx) {
    ctx.services.extensions.provide(gameProviderExtensionPoint, genericProvider);
  },
});
