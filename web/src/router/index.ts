import { defineRouter } from '#q-app';
import { createRouter, createWebHistory } from 'vue-router';
import { routes } from './routes.ts';

// Quasar CLI looks for this file's default export to create the router.
export default defineRouter(() =>
  createRouter({
    history: createWebHistory(import.meta.env.BASE_URL),
    routes,
    scrollBehavior: () => ({ left: 0, top: 0 }),
  }),
);
