export { gameGenericPlugin } from './plugin.ts';
export {
  GENERIC_PROVIDER_ID,
  GENERIC_SCORE,
  genericProvider,
  guessPortProtocol,
} from './provider.ts';
