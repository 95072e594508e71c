import { i18n } from '@/i18n';

export function setDocumentTitle(title: string): void {
  const app = i18n.global.t('app.name');
  document.title = title && title !== app ? `${title} – ${app}` : app;
}

/** Moves focus to the page's h1 so screen reader and keyboard users start at the new content. */
export function focusHeading(): void {
  const heading = document.querySelector<HTMLElement>('#main h1');
  if (!heading) return;
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
  heading.focus();
}
