// The installed plugin packages that ship web UI, found when the panel was built.
import { pluginUiSources } from 'virtual:pteronimbus/plugin-ui';

export { pluginUiSources };
