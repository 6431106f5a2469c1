import {
  symOutlinedBuild,
  symOutlinedContentCopy,
  symOutlinedDeleteForever,
  symOutlinedMonitoring,
  symOutlinedPause,
  symOutlinedPlayArrow,
  symOutlinedPowerSettingsNew,
  symOutlinedRestartAlt,
  symOutlinedSend,
  symOutlinedStop,
  symOutlinedUpgrade,
  symOutlinedVerticalAlignBottom,
  symOutlinedWifiOff,
} from '@quasar/extras/material-symbols-outlined';

/** Icons of the server page, beside the panel's shared set in `../icons.ts`. */
export const serverIcons = {
  start: symOutlinedPlayArrow,
  stop: symOutlinedStop,
  restart: symOutlinedRestartAlt,
  kill: symOutlinedPowerSettingsNew,
  reinstall: symOutlinedBuild,
  delete: symOutlinedDeleteForever,
  copy: symOutlinedContentCopy,
  pause: symOutlinedPause,
  follow: symOutlinedVerticalAlignBottom,
  send: symOutlinedSend,
  upgrade: symOutlinedUpgrade,
  metrics: symOutlinedMonitoring,
  offline: symOutlinedWifiOff,
} as const;
