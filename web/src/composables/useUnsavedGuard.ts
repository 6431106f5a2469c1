import { onBeforeUnmount, onMounted, type Ref } from 'vue';
import { onBeforeRouteLeave } from 'vue-router';

/**
 * Asks before a page with unsaved edits is left: navigating inside the panel through a confirm
 * in the page's own words, closing or reloading the tab through the browser's prompt. Call it in
 * the setup of a page a RouterView renders (route guards only run there).
 */
export function useUnsavedGuard(unsaved: Readonly<Ref<boolean>>, question: () => string): void {
  onBeforeRouteLeave(() => !unsaved.value || window.confirm(question()));

  // Browsers show their own wording; asking is all a page may do on unload.
  function onBeforeUnload(event: BeforeUnloadEvent): void {
    if (!unsaved.value) return;
    event.preventDefault();
    event.returnValue = '';
  }

  onMounted(() => window.addEventListener('beforeunload', onBeforeUnload));
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onBeforeUnload));
}
