import { toValue, watchEffect, type MaybeRefOrGetter } from 'vue';
import { setDocumentTitle } from '@/router/page';

/** Keeps document.title in step with a page's own title (e.g. the case reference). */
export function usePageTitle(title: MaybeRefOrGetter<string | null | undefined>): void {
  watchEffect(() => {
    const value = toValue(title);
    if (value) setDocumentTitle(value);
  });
}
