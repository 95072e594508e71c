import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CaughtMail, UserListItem } from '@uppsikt/shared';
import { api, fetchAll, type BodyOf } from '@/api/client';

/** Administration: users with their roles, and the built-in mail catcher. */
export const useUsersStore = defineStore('users', () => {
  const items = ref<UserListItem[]>([]);

  async function load(): Promise<UserListItem[]> {
    items.value = await fetchAll((page, pageSize) => api('listUsers', { query: { page, pageSize } }), 200);
    return items.value;
  }

  function upsert(user: UserListItem): UserListItem {
    const i = items.value.findIndex((u) => u.id === user.id);
    if (i >= 0) items.value.splice(i, 1, user);
    else items.value.push(user);
    return user;
  }

  async function create(input: BodyOf<'createUser'>): Promise<UserListItem> {
    return upsert(await api('createUser', { body: input }));
  }

  async function patch(id: string, input: BodyOf<'patchUser'>): Promise<UserListItem> {
    return upsert(await api('patchUser', { params: { id }, body: input }));
  }

  async function mail(page = 1, pageSize = 50): Promise<{ items: CaughtMail[]; total: number }> {
    return api('mailCatcher', { query: { page, pageSize } });
  }

  return { items, load, create, patch, mail };
});
