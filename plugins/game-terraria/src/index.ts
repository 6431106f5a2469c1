export { gameTerrariaPlugin } from './plugin.ts';
export {
  TERRARIA_GAME_ID,
  TERRARIA_READY_PATTERN,
  terrariaFlavourOf,
  terrariaProvider,
  type TerrariaFlavour,
} from './provider.ts';
export { loadShippedEggs } from './eggs.ts';
export { ShippedEggsMissing } from './errors.ts';
