import {
  symOutlinedArrowForward,
  symOutlinedCheck,
  symOutlinedChevronRight,
  symOutlinedContrast,
  symOutlinedDarkMode,
  symOutlinedDeployedCode,
  symOutlinedDns,
  symOutlinedError,
  symOutlinedExploreOff,
  symOutlinedExtension,
  symOutlinedExtensionOff,
  symOutlinedForum,
  symOutlinedHome,
  symOutlinedLightMode,
  symOutlinedMenu,
  symOutlinedRefresh,
  symOutlinedTranslate,
} from '@quasar/extras/material-symbols-outlined';

/**
 * The panel's own icons, as inline SVG from Material Symbols. SVG carries no ligature text, so
 * buttons' accessible names stay exactly their labels, and only the icons in use are bundled.
 * Icon names a plugin sends through the registry use the bundled Material Symbols font instead.
 */
export const icons = {
  arrowForward: symOutlinedArrowForward,
  check: symOutlinedCheck,
  chevronRight: symOutlinedChevronRight,
  contrast: symOutlinedContrast,
  darkMode: symOutlinedDarkMode,
  deployedCode: symOutlinedDeployedCode,
  dns: symOutlinedDns,
  error: symOutlinedError,
  exploreOff: symOutlinedExploreOff,
  extension: symOutlinedExtension,
  extensionOff: symOutlinedExtensionOff,
  forum: symOutlinedForum,
  home: symOutlinedHome,
  lightMode: symOutlinedLightMode,
  menu: symOutlinedMenu,
  refresh: symOutlinedRefresh,
  translate: symOutlinedTranslate,
} as const;
