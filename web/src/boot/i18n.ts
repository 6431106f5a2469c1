import { defineBoot } from '#q-app';
import { i18n } from '../i18n/instance.ts';
import { useLocaleStore } from '../stores/locale.ts';

export default defineBoot(async ({ app, store }) => {
  app.use(i18n);
  await useLocaleStore(store).apply();
});
