// The SDK ships the community eggs with its test kit.
export { communityEgg, communityEggs } from '@pteronimbus/testing';
