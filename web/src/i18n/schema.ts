import type { en } from './en/messages.ts';

/** The shape every locale's messages must have: English is the master. */
export type MessageSchema = typeof en;

declare module 'vue-i18n' {
  // Augmenting vue-i18n's interface is how `t()` learns our keys; it must stay an interface.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefineLocaleMessage extends MessageSchema {}
}
