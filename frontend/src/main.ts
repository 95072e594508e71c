import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { i18n, restoreLocale } from './i18n';
import { createAppRouter } from './router';
import { setUnauthorizedHandler } from './api/client';
import { useAuthStore } from './stores/auth';
import './styles/main.css';

async function start(): Promise<void> {
  await restoreLocale();
  const app = createApp(App);
  const pinia = createPinia();
  app.use(pinia);
  app.use(i18n);
  const router = createAppRouter();
  app.use(router);

  // A 401 from any call means the session ended: back to the login page, then back here.
  setUnauthorizedHandler(() => {
    const auth = useAuthStore(pinia);
    if (!auth.isLoggedIn) return;
    auth.sessionEnded();
    const current = router.currentRoute.value;
    if (current.meta.access !== 'public') void router.push({ name: 'login', query: { redirect: current.fullPath } });
  });

  // Draw the page once its route (and the session check) is settled: drawing the shell first and
  // then the navigation and the page pushed everything down (layout shift 0.6 on Mina rapporter).
  await router.isReady().catch(() => undefined);
  app.mount('#app');
}

void start();
