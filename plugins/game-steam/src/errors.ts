// The shared player-query and shipped-egg errors live in the SDK, so every game plugin answers alike.
export {
  PlayerQueryTimeout,
  PlayerQueryUnreachable,
  PlayerQueryMalformed,
  ShippedEggsMissing,
  PlayerQueryUnsupported,
} from '@pteronimbus/sdk';
