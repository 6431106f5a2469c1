import type { GameProvider, GameTemplateSpec, ParsedEgg, TemplatePort } from '@pteronimbus/sdk';

/** Id of the provider for eggs no game plugin claims. */
export const GENERIC_PROVIDER_ID = 'generic';

/** Any positive score from a game plugin beats this one. */
export const GENERIC_SCORE = 1;

const APP_ID_VARIABLES = /^(SRCDS_APPID|STEAM_APPID|STEAMCMD_APPID|APP_ID|APPID)$/i;

/**
 * The protocol a secondary port most likely carries, from the variable that names it, or
 * `undefined` when the name says nothing certain. Web interfaces and remote consoles run over TCP
 * whatever the game; a query port is UDP only for Steam games (A2S), since TeamSpeak's query port,
 * for one, is TCP.
 */
export function guessPortProtocol(
  port: TemplatePort,
  egg: ParsedEgg,
): TemplatePort['protocol'] | undefined {
  const name = (port.envVariable ?? port.name).toUpperCase();
  if (/WEB|HTTP|API|RCON|REST/.test(name)) return 'TCP';
  if (/QUERY/.test(name) && egg.variables.some((v) => APP_ID_VARIABLES.test(v.envVariable))) {
    return 'UDP';
  }
  return undefined;
}

/**
 * The provider for any egg no other plugin claims: the generic conversion already serves it, so
 * this only narrows the protocol of secondary ports whose name makes it certain. The primary port
 * keeps TCP and UDP, and nothing else changes.
 */
export const genericProvider: GameProvider = {
  id: GENERIC_PROVIDER_ID,
  matches: () => GENERIC_SCORE,
  refine(template, egg): GameTemplateSpec {
    const ports = template.ports.map((port, i) => {
      if (i === 0 || port.protocol !== 'TCPUDP') return port;
      const protocol = guessPortProtocol(port, egg);
      return protocol ? { ...port, protocol } : port;
    });
    return { ...template, ports };
  },
};
