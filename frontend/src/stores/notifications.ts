import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Notification } from '@uppsikt/shared';
import { api, type QueryOf } from '@/api/client';

export type NotificationFilters = QueryOf<'listNotifications'>;

/** E-mail Uppsikt has sent or owes (Administration → Utskick). */
export const useNotificationsStore = defineStore('notifications', () => {
  /** Notifications queued again in this session (their new state, by id). */
  const retried = ref(new Map<string, Notification>());

  async function list(query: NotificationFilters, signal?: AbortSignal): Promise<{ items: Notification[]; total: number }> {
    return api('listNotifications', { query, signal });
  }

  async function retry(id: string): Promise<Notification> {
    const updated = await api('retryNotification', { params: { id } });
    retried.value = new Map(retried.value).set(id, updated);
    return updated;
  }

  return { retried, list, retry };
});
