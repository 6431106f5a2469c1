import { definePlugin } from '@pteronimbus/sdk';

export const folderPlugin = definePlugin({ name: 'folder', version: '0.0.1' });
