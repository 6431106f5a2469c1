import { describe, expect, it } from 'vitest';
import { BOT_PERMISSION_FLAGS, botPermissions, canInstall, inviteUrl } from './bot-permissions.ts';

describe('bot permissions', () => {
  it('are the named flags only, never Administrator', () => {
    expect(BOT_PERMISSION_FLAGS).toEqual(['VIEW_CHANNEL', 'SEND_MESSAGES', 'EMBED_LINKS']);
    expect(botPermissions()).toBe(String((1 << 10) | (1 << 11) | (1 << 14)));
    expect(BigInt(botPermissions()) & 8n).toBe(0n);
  });

  it('build the invite for one guild, preselected and locked', () => {
    expect(inviteUrl('https://discord.com/oauth2/authorize', '42', '777')).toBe(
      'https://discord.com/oauth2/authorize?client_id=42&scope=bot%20applications.commands&permissions=19456&guild_id=777&disable_guild_select=true',
    );
    expect(inviteUrl('http://emu/authorize?x=1', '42', '777')).toContain('?x=1&client_id=42');
  });

  it('let owners and Manage Server or Administrator holders install', () => {
    expect(canInstall({ owner: true, permissions: '0' })).toBe(true);
    expect(canInstall({ owner: false, permissions: String(1 << 5) })).toBe(true);
    expect(canInstall({ owner: false, permissions: '8' })).toBe(true);
    expect(canInstall({ owner: false, permissions: String(1 << 28) })).toBe(false);
    expect(canInstall({ owner: false, permissions: 'junk' })).toBe(false);
  });
});
