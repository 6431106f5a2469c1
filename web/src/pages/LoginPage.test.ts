import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { mountInPanel } from '../__fixtures__/mount.ts';
import { i18n } from '../i18n/instance.ts';
import { useSessionStore } from '../stores/session.ts';
import LoginPage from './LoginPage.vue';
import { loginNotice } from './loginNotice.ts';

afterEach(() => {
  document.body.innerHTML = '';
});

async function mountLogin(path: string, status: 'anonymous' | 'unavailable' = 'anonymous') {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().status = status;
  const { wrapper } = await mountInPanel(LoginPage, { path, pinia });
  await flushPromises();
  return wrapper;
}

describe('login page', () => {
  it('says what the product does and starts the Discord sign-in with the return path', async () => {
    const wrapper = await mountLogin('/login?returnTo=/admin/templates%3Fq%3Dpaper');
    expect(wrapper.get('h1').text()).toBe('Sign in to Pteronimbus');
    expect(wrapper.text()).toContain('Kubernetes');
    const button = wrapper.get('[data-testid="login-discord"]');
    expect(button.element.tagName).toBe('A');
    expect(button.text()).toBe('Continue with Discord');
    expect(button.attributes('href')).toBe('/auth/login?returnTo=%2Fadmin%2Ftemplates%3Fq%3Dpaper');
    expect(button.find('svg').exists()).toBe(true);
    expect(wrapper.find('[data-testid="login-notice"]').exists()).toBe(false);
  });

  it('does not pass a return path that leaves the panel', async () => {
    const wrapper = await mountLogin('/login?returnTo=https://evil.example/');
    expect(wrapper.get('[data-testid="login-discord"]').attributes('href')).toBe('/auth/login');
  });

  it('explains a consent denied on Discord without calling it an error', async () => {
    const wrapper = await mountLogin('/login?error=denied');
    const notice = wrapper.get('[data-testid="login-notice"]');
    expect(notice.attributes('role')).toBe('status');
    expect(notice.text()).toContain('Sign-in cancelled');
    expect(notice.find('[data-testid="login-error-code"]').exists()).toBe(false);
  });

  it('explains an expired session', async () => {
    const wrapper = await mountLogin('/login?reason=expired');
    expect(wrapper.get('[data-testid="login-notice"]').text()).toContain('Your session has ended');
  });

  it.each(['PN_DISCORD_UNAVAILABLE', 'PN_AUTH_DISCORD_FAILED'])(
    'says Discord could not be reached for %s, with the code',
    async (code) => {
      const wrapper = await mountLogin(`/login?error=${code}`);
      const notice = wrapper.get('[data-testid="login-notice"]');
      expect(notice.attributes('role')).toBe('alert');
      expect(notice.text()).toContain('Discord could not be reached');
      expect(notice.get('[data-testid="login-error-code"]').text()).toBe(code);
    },
  );

  it('shows any other code as it came', async () => {
    const wrapper = await mountLogin('/login?error=PN_INTERNAL');
    const notice = wrapper.get('[data-testid="login-notice"]');
    expect(notice.text()).toContain('Sign-in failed');
    expect(notice.get('[data-testid="login-error-code"]').text()).toBe('PN_INTERNAL');
  });

  it('speaks the chosen language', async () => {
    i18n.global.locale.value = 'de';
    const wrapper = await mountLogin('/login?error=PN_DISCORD_UNAVAILABLE');
    expect(wrapper.get('[data-testid="login-discord"]').text()).toBe('Weiter mit Discord');
    expect(wrapper.get('[data-testid="login-notice"]').text()).toContain(
      'Discord ist nicht erreichbar',
    );
  });

  it('says when this core has no sign-in and offers the panel instead', async () => {
    const wrapper = await mountLogin('/login', 'unavailable');
    expect(wrapper.find('[data-testid="login-discord"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="login-notice"]').text()).toContain('not set up');
    expect(wrapper.get('[data-testid="login-open-panel"]').attributes('href')).toBe('/');
  });
});

describe('loginNotice', () => {
  it('echoes only code-shaped values', () => {
    expect(loginNotice({ error: '<script>' })).toEqual({
      kind: 'other',
      tone: 'error',
      code: null,
    });
    expect(loginNotice({ error: ['PN_AUTH_STATE_INVALID'] })).toEqual({
      kind: 'stale',
      tone: 'error',
      code: 'PN_AUTH_STATE_INVALID',
    });
    expect(loginNotice({})).toBeNull();
  });
});
