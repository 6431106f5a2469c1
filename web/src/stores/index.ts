import { defineStore } from '#q-app';
import { createPinia } from 'pinia';

// Quasar CLI looks for this file's default export to create the Pinia instance.
export default defineStore(() => createPinia());
