import { definePlugin } from '@pteronimbus/sdk';

export const onePlugin = definePlugin({ name: 'one', version: '0.0.1' });
export const twoPlugin = definePlugin({ name: 'two', version: '0.0.1' });
