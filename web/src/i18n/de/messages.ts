import type { MessageSchema } from '../schema.ts';

/** German messages. */
export const de: MessageSchema = {
  app: {
    name: 'Pteronimbus',
    tagline: 'Spielserver auf Kubernetes, gesteuert aus Discord',
    skipToContent: 'Zum Inhalt springen',
  },
  nav: {
    main: 'Hauptnavigation',
    toggle: 'Navigation ein- oder ausblenden',
    home: 'Start',
    administration: 'Verwaltung',
    system: 'System',
    pluginSection: 'Aus Plugins',
    breadcrumbs: 'Brotkrümelnavigation',
  },
  theme: {
    label: 'Farbschema',
    light: 'Hell',
    dark: 'Dunkel',
    system: 'Wie das System',
  },
  language: {
    label: 'Sprache',
  },
  home: {
    title: 'Willkommen bei Pteronimbus',
    lead: 'Pteronimbus betreibt Spielserver als Pods in deinen Kubernetes-Clustern. Jeder Discord-Server ist ein eigener Bereich, und was jemand darf, richtet sich nach seinen Rollen dort.',
    points: {
      kubernetesTitle: 'Für Kubernetes gemacht',
      kubernetesBody: 'Ein Operator in jedem Cluster gleicht deine Server ab – auch hinter NAT.',
      discordTitle: 'Rund um Discord gebaut',
      discordBody: 'Anmeldung mit Discord; Gilden-Admins ordnen Rollen Berechtigungen zu.',
      pluginsTitle: 'Spiele als Plugins',
      pluginsBody:
        'Spiel-Plugins machen aus Pterodactyl-Eggs Vorlagen, sodass die meisten Spiele sofort laufen.',
    },
    signInTitle: 'Anmelden',
    signInPending:
      'Die Anmeldung mit Discord ist in dieser Version noch nicht enthalten. Bis dahin zeigt die Systemübersicht, was dieses Panel ausführt.',
    openSystem: 'Systemübersicht öffnen',
  },
  system: {
    title: 'System',
    subtitle: 'Der Kern dieses Panels und die geladenen Plugins.',
    refresh: 'Aktualisieren',
    updatedAt: 'Aktualisiert um {time}',
    core: {
      title: 'Kern',
      version: 'Version',
      apiVersion: 'API-Version',
      sdkVersion: 'SDK-Version',
    },
    plugins: {
      title: 'Plugins',
      count: 'Keine Plugins | {n} Plugin | {n} Plugins',
      name: 'Name',
      version: 'Version',
      description: 'Beschreibung',
      dependencies: 'Hängt ab von',
      permissions: 'Berechtigungen',
      permissionCount: 'Keine Berechtigungen | {n} Berechtigung | {n} Berechtigungen',
      noDescription: 'Keine Beschreibung angegeben.',
      noDependencies: 'Keine',
    },
    empty: {
      title: 'Keine Plugins geladen',
      body: 'Der Kern läuft ohne Erweiterungen. Trage Plugin-Pakete in PTERONIMBUS_PLUGINS ein und starte den Kern neu, um Spiele, die Discord-Anmeldung und mehr hinzuzufügen.',
    },
    error: {
      title: 'Die Systemübersicht konnte nicht geladen werden',
    },
  },
  states: {
    loading: 'Wird geladen …',
    retry: 'Erneut versuchen',
    errorCode: 'Fehlercode',
    requestId: 'Anfrage-ID',
  },
  errors: {
    PN_WEB_NETWORK:
      'Das Panel hat den Kern nicht erreicht. Prüfe, ob der Kern läuft und ob du online bist.',
    PN_WEB_BAD_RESPONSE: 'Der Kern hat mit etwas geantwortet, das das Panel nicht lesen kann.',
    PN_WEB_ABORTED: 'Die Anfrage wurde abgebrochen.',
    fallback: 'Der Kern hat einen Fehler gemeldet.',
  },
  pluginPage: {
    providedBy: 'Bereitgestellt von {plugin}',
    unavailable:
      'Diese Seite gehört zu einem Plugin. Plugin-Seiten werden von dieser Panel-Version noch nicht dargestellt.',
  },
  notFound: {
    title: 'Seite nicht gefunden',
    body: 'Unter {path} gibt es nichts. Der Link ist vielleicht veraltet oder falsch geschrieben.',
    home: 'Zurück zur Startseite',
  },
};
