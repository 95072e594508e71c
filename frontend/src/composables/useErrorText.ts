import { useI18n } from 'vue-i18n';
import { isApiError } from '@/api/client';

/** A Swedish (or English) sentence for any error from the API client. */
export function useErrorText() {
  const { t } = useI18n();
  return function errorText(e: unknown): string {
    if (!e) return '';
    if (isApiError(e)) {
      if (e.isNetworkError) return t('errors.network');
      if (e.statusCode === 401) return t('errors.unauthorized');
      if (e.statusCode === 403) return t('errors.forbidden');
      if (e.statusCode === 404) return t('errors.notFound');
      if (e.statusCode >= 500) return t('errors.server');
      return e.message || t('errors.generic');
    }
    return t('errors.generic');
  };
}
