export { gameFactorioPlugin } from './plugin.ts';
export { factorioProvider, FACTORIO_GAME_ID } from './provider.ts';
