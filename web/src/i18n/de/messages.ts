import type { MessageSchema } from '../schema.ts';
import { server } from './server.ts';
import { servers } from './servers.ts';
import { limits } from './limits.ts';

/** German messages. */
export const de: MessageSchema = {
  app: {
    name: 'Pteronimbus',
    tagline: 'Spielserver auf Kubernetes, gesteuert aus Discord',
    skipToContent: 'Zum Inhalt springen',
  },
  nav: {
    tenants: 'Discord-Server',
    main: 'Hauptnavigation',
    toggle: 'Navigation ein- oder ausblenden',
    home: 'Start',
    administration: 'Verwaltung',
    system: 'System',
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
    signedInAs: 'Angemeldet als {name}',
    superAdminLead:
      'Du bist Super-Admin: Du verwaltest die globale Vorlagenbibliothek und das System.',
    memberLead:
      'Du bist in keinem Discord-Server, den dieses Panel kennt. | Du bist in {n} Discord-Server, den dieses Panel kennt. | Du bist in {n} Discord-Servern, die dieses Panel kennt.',
    signInUnavailableTitle: 'Anmeldung ist nicht eingerichtet',
    signInUnavailable:
      'Dieses Panel läuft ohne das Plugin für die Discord-Anmeldung und zeigt daher nur, was alle sehen dürfen.',
    openTemplates: 'Vorlagenbibliothek öffnen',
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
  login: {
    title: 'Anmelden',
    heading: 'Bei Pteronimbus anmelden',
    lead: 'Betreibe Spielserver in deinen Kubernetes-Clustern und verwalte sie über Discord. Deine Discord-Rollen bestimmen, was du darfst.',
    continue: 'Weiter mit Discord',
    openPanel: 'Panel öffnen',
    privacy:
      'Discord teilt dem Panel mit, wer du bist und in welchen Servern du bist. Das Panel postet nie in deinem Namen und sieht nie dein Passwort.',
    pointsLabel: 'Was Pteronimbus kann',
    points: {
      kubernetes: 'Server laufen als Pods in deinen Clustern',
      discord: 'Berechtigungen folgen den Discord-Rollen',
      games: 'Eggs von Pterodactyl und Pelican funktionieren',
    },
    notices: {
      denied: {
        title: 'Anmeldung abgebrochen',
        body: 'Du hast bei Discord abgelehnt, daher wurde nichts geteilt. Fahre mit Discord fort, sobald du bereit bist.',
      },
      expired: {
        title: 'Deine Sitzung ist abgelaufen',
        body: 'Du wurdest abgemeldet, zum Beispiel nach längerer Abwesenheit. Melde dich erneut an, um dort weiterzumachen, wo du warst.',
      },
      discordUnavailable: {
        title: 'Discord ist nicht erreichbar',
        body: 'Discord hat auf die Anmeldung nicht geantwortet. Das dauert meist nicht lange: Versuche es in einer Minute erneut.',
      },
      stale: {
        title: 'Die Anmeldung hat zu lange gedauert',
        body: 'Der Anmeldelink ist abgelaufen oder wurde zweimal verwendet. Beginne noch einmal auf dieser Seite.',
      },
      deactivated: {
        title: 'Dieses Konto ist deaktiviert',
        body: 'Ein Administrator dieses Panels hat dein Konto deaktiviert. Bitte ihn, es wiederherzustellen.',
      },
      rateLimited: {
        title: 'Zu viele Versuche',
        body: 'Von hier wurde zu oft versucht, sich anzumelden. Warte eine Minute und versuche es dann erneut.',
      },
      notConfigured: {
        title: 'Anmeldung ist nicht eingerichtet',
        body: 'Für dieses Panel ist keine Discord-Anwendung konfiguriert. Sein Administrator muss DISCORD_CLIENT_ID und DISCORD_CLIENT_SECRET setzen.',
      },
      unreachable: {
        title: 'Das Panel hat den Kern nicht erreicht',
        body: 'Prüfe, ob der Kern läuft und ob du online bist, und versuche es dann erneut.',
      },
      other: {
        title: 'Anmeldung fehlgeschlagen',
        body: 'Bei der Anmeldung ist etwas schiefgegangen. Versuche es erneut; schlägt es weiter fehl, gib den Code unten an den Administrator des Panels weiter.',
      },
    },
  },
  user: {
    menu: 'Konto von {name}',
    superAdmin: 'Super-Admin',
    logout: 'Abmelden',
  },
  schemaForm: {
    requiredLabel: '{label} (Pflichtfeld)',
    none: 'Keine Angabe',
    noFields: 'Diese Vorlage hat keine Einstellungen zum Ausfüllen.',
    errors: {
      PN_WEB_INSTALL_TIMEOUT:
        'Der Bot ist dem Discord-Server noch nicht beigetreten. Bestätige die Einladung in Discord und versuche es dann erneut.',
      required: 'Dieses Feld ist erforderlich.',
      integer: 'Gib eine ganze Zahl ein.',
      number: 'Gib eine Zahl ein.',
      boolean: 'Wähle an oder aus.',
      minLength:
        'Gib mindestens ein Zeichen ein. | Gib mindestens {n} Zeichen ein. | Gib mindestens {n} Zeichen ein.',
      maxLength:
        'Lass dieses Feld leer. | Gib höchstens {n} Zeichen ein. | Gib höchstens {n} Zeichen ein.',
      minimum: 'Gib {limit} oder mehr ein.',
      maximum: 'Gib {limit} oder weniger ein.',
      exclusiveMinimum: 'Gib mehr als {limit} ein.',
      exclusiveMaximum: 'Gib weniger als {limit} ein.',
      pattern: 'Das hat nicht die erwartete Form ({pattern}).',
      forbiddenPattern: 'Diese Form ist nicht erlaubt ({pattern}).',
      enum: 'Wähle eines von: {values}.',
      const: 'Der Wert muss {value} sein.',
      accept: 'Schalte dies ein, um fortzufahren.',
      unknown: 'Diese Einstellung gibt es in dieser Vorlage nicht.',
    },
  },
  tenants: {
    title: 'Discord-Server',
    subtitle:
      'Jeder Discord-Server mit Pteronimbus ist ein eigener Bereich mit eigenen Servern und Rechten.',
    mine: 'Deine Server mit Pteronimbus',
    error: 'Deine Discord-Server konnten nicht geladen werden',
    empty: {
      title: 'Noch keine Discord-Server',
      body: 'Du bist in keinem Discord-Server mit Pteronimbus und verwaltest keinen, in den es hinzugefügt werden könnte. Bitte einen Server-Admin, es hinzuzufügen.',
    },
    installable: {
      title: 'Pteronimbus zu einem Discord-Server hinzufügen',
      lead: 'Server, die dir gehören oder die du verwalten darfst. Beim Hinzufügen wird der Bot eingeladen; er verlangt keine Adminrechte.',
      none: 'Es gibt keinen Discord-Server ohne Pteronimbus, den du verwaltest.',
      error: 'Die Discord-Server, die du verwaltest, konnten nicht geladen werden',
      previously: 'War schon eingerichtet; die Einstellungen sind erhalten',
      add: 'Zum Discord-Server hinzufügen',
      addTo: 'Zum Discord-Server hinzufügen: {name}',
    },
    install: {
      title: 'Pteronimbus wird zu {name} hinzugefügt',
      steps: {
        invite: 'Bot im neuen Tab einladen',
        waiting: 'Warten, bis der Bot beitritt',
        creating: 'Server-Bereich einrichten',
      },
      state: {
        pending: 'noch nicht begonnen',
        active: 'läuft',
        done: 'erledigt',
        failed: 'fehlgeschlagen',
      },
      waitingHint: 'Bestätige die Einladung im Discord-Tab. Diese Seite geht von selbst weiter.',
      openInvite: 'Einladung erneut öffnen',
      cancel: 'Abbrechen',
      timeoutTitle: 'Der Bot ist noch nicht beigetreten',
      failedTitle: 'Hinzufügen von Pteronimbus fehlgeschlagen',
    },
    switcher: {
      label: 'Aktueller Discord-Server: {name}. Server wechseln',
      all: 'Alle Discord-Server',
    },
    nav: {
      section: 'Dieser Discord-Server',
      dashboard: 'Übersicht',
      access: 'Rollen und Zugriff',
      audit: 'Protokoll',
      settings: 'Einstellungen',
      missing: 'Benötigt die Berechtigung {permission}',
    },
    settings: {
      title: 'Einstellungen',
      subtitle: 'Wie sich Pteronimbus in diesem Discord-Server verhält.',
      general: 'Allgemein',
      nameOverride: 'Anzeigename',
      nameOverrideHint:
        'Wird im Panel statt des Namens des Discord-Servers ({name}) angezeigt. Leer lassen, um diesen Namen zu verwenden.',
      cluster: 'Standard-Cluster',
      clusterHint:
        'Neue Spielserver landen in diesem Cluster, wenn beim Anlegen kein anderer gewählt wird.',
      clusterNone: 'Keiner: Pteronimbus wählt',
      clusterMissing: '{id} (nicht mehr freigegeben)',
      clusterConnected: 'Verbunden',
      clusterDisconnected: 'Gerade nicht verbunden',
      clustersFailed:
        'Die Liste der Cluster konnte nicht geladen werden ({code}). Gib stattdessen die Cluster-ID ein.',
      notifications: 'Benachrichtigungen',
      channel: 'Benachrichtigungskanal',
      channelHint:
        'Hier meldet der Bot den Serverstatus. Die Liste zeigt die Text- und Ankündigungskanäle, die der Bot sehen kann.',
      channelNone: 'Keiner: keine Benachrichtigungen',
      channelMissing: '{id} (nicht mehr in Discord)',
      channelAnnouncement: 'Ankündigungskanal',
      channelsFailed:
        'Die Liste der Kanäle konnte nicht geladen werden ({code}). Gib stattdessen die Kanal-ID ein (Entwicklermodus in Discord, Rechtsklick auf den Kanal, ID kopieren).',
      quotas: 'Kontingente',
      quotasLead:
        'Grenzen für alle Spielserver dieses Discord-Servers zusammen. Ein leeres Feld bedeutet die Obergrenze, die die Administratoren dieses Panels festgelegt haben; ein Kontingent kann nur niedriger sein.',
      quota: {
        servers: 'Spielserver',
        cpuMillicores: 'CPU (Millicores)',
        memoryMb: 'Arbeitsspeicher (MB)',
        diskGb: 'Speicherplatz (GB)',
      },
      cpuHint: '1000 Millicores sind ein CPU-Kern.',
      noLimit: 'Bis zur Obergrenze',
      defaults: 'Noch nichts angepasst: Jede Einstellung unten nutzt ihren Standardwert.',
      invalid: {
        tooLong: 'Höchstens {max} Zeichen.',
        channelId: 'Eine Discord-Kanal-ID hat 5 bis 25 Ziffern.',
        wholeNumber: 'Eine ganze Zahl, 0 oder mehr.',
        tooLarge: 'Höchstens {max}.',
      },
      save: 'Speichern',
      discard: 'Änderungen verwerfen',
      unsaved: 'Du hast ungespeicherte Änderungen.',
      fixProblems: 'Korrigiere die markierten Felder, um zu speichern.',
      saved: 'Einstellungen gespeichert.',
      saveError: 'Die Einstellungen konnten nicht gespeichert werden',
      loadError: 'Die Einstellungen konnten nicht geladen werden',
      leaveConfirm: 'Du hast ungespeicherte Einstellungen. Seite verlassen und sie verlieren?',
      forbidden: {
        title: 'Du darfst die Einstellungen dieses Discord-Servers nicht ändern',
        body: 'Das dürfen Tenant-Admins (der Eigentümer und Mitglieder mit Administrator, Server verwalten oder Rollen verwalten). Frag eine dieser Personen oder bitte um die Berechtigung unten.',
        permission: 'Benötigte Berechtigung',
      },
      danger: {
        title: 'Gefahrenbereich',
        uninstallTitle: 'Pteronimbus von diesem Discord-Server entfernen',
        uninstallLead:
          'Er verschwindet sofort für alle aus dem Panel. Du kannst Pteronimbus später wieder hinzufügen.',
        ownerOnly: 'Nur der Eigentümer des Discord-Servers kann Pteronimbus entfernen.',
        uninstall: 'Pteronimbus entfernen…',
        dialogTitle: 'Pteronimbus von {name} entfernen',
        botStays: 'Der Bot bleibt im Discord-Server, bis ihn jemand in Discord entfernt.',
        dataChoice: 'Was mit den Daten passiert',
        keep: 'Daten behalten',
        keepHint:
          'Spielserver werden gestoppt, ihre Dateien bleiben erhalten. Einstellungen, Rollenzuordnungen und das Audit-Log bleiben gespeichert; beim erneuten Hinzufügen ist alles wieder da.',
        delete: 'Daten löschen',
        deleteHint:
          'Spielserver werden samt ihren Dateien gelöscht. Einstellungen, Rollenzuordnungen, Vorlagen, das Audit-Log und die Daten aller Plugins für diesen Discord-Server werden endgültig gelöscht.',
        confirmLabel: 'Zur Bestätigung {name} eingeben',
        mismatch: 'Gib den Namen des Discord-Servers genau wie angezeigt ein.',
        confirm: 'Pteronimbus entfernen',
        cancel: 'Abbrechen',
        error: 'Pteronimbus konnte nicht entfernt werden',
      },
    },
    scope: {
      title: 'Wo diese Berechtigungen gelten',
      all: 'Auf allen Spielservern',
      allHint: 'Jeder Spielserver dieses Discord-Servers, auch später angelegte.',
      some: 'Nur auf ausgewählten Spielservern',
      someHint: 'Nur auf den unten gewählten Spielservern.',
      servers: 'Spielserver',
      loading: 'Spielserver werden geladen',
      none: 'Dieser Discord-Server hat noch keine Spielserver, daher kann eine Zuordnung nur für alle gelten. Sobald es Server gibt, kannst du sie eingrenzen.',
      forbidden:
        'Zum Eingrenzen auf Server wird die Spielserver-Liste gebraucht, und dafür die Berechtigung {permission}.',
      loadError: 'Die Spielserver konnten nicht geladen werden',
      pickOne: 'Wähle mindestens einen Spielserver oder alle Spielserver.',
      removed: 'Entfernter Server ({id})',
      everywhere: 'auf allen Spielservern',
      onServers: 'auf {servers}',
      elsewhere: 'Nur auf manchen Spielservern',
    },
    shellError: 'Dieser Discord-Server konnte nicht geöffnet werden',
  },
  dashboard: {
    syncTitle: 'Discord-Abgleich',
    subtitle: 'Gameserver, letzte Aktivität und der Abgleich mit Discord.',
    members: 'Abgeglichene Mitglieder',
    roles: 'Rollen',
    lastSync: 'Letzter Abgleich',
    never: 'Noch nicht abgeglichen',
    syncNow: 'Jetzt abgleichen',
    syncing: 'Abgleich mit Discord läuft…',
    syncDone: '{members} Mitglieder und {roles} Rollen in {seconds} s abgeglichen.',
    syncFailed: 'Der Abgleich ist fehlgeschlagen',
    lastError: 'Der letzte Abgleich ist fehlgeschlagen: {message}',
    statusError: 'Der Stand des Abgleichs konnte nicht geladen werden',
    statusForbidden: 'Mitglieder und Rollen zu sehen erfordert die Berechtigung {permission}.',
    quickLinks: 'Weiter zu',
    installedAt: 'Pteronimbus hinzugefügt {time}',
    servers: {
      title: 'Gameserver',
      viewAll: 'Alle Server',
      total: 'Keine Server | {n} Server | {n} Server',
      state: {
        running: 'Läuft',
        starting: 'Startet oder installiert',
        stopped: 'Gestoppt',
        failed: 'Fehlgeschlagen',
        stale: 'Veraltet',
        unknown: 'Noch nicht gemeldet',
      },
      staleHint: 'Ihr Cluster meldet sich nicht mehr: Das Angezeigte kann alt sein.',
      players: 'Spieler online',
      playersOf: 'Kein Server meldet Spieler | Gemeldet von {n} Server | Gemeldet von {n} Servern',
      playersNone: 'Nicht gemeldet',
      playersHidden: 'Um Spieler zu sehen, ist die Berechtigung {permission} nötig.',
      attention: 'Braucht Aufmerksamkeit',
      attentionNone: 'Alles in Ordnung: Kein Server ist fehlgeschlagen oder veraltet.',
      error: 'Die Gameserver konnten nicht geladen werden',
      forbidden: 'Um Gameserver zu sehen, ist die Berechtigung {permission} nötig.',
      empty: {
        title: 'Noch keine Gameserver',
        body: 'Erstelle einen aus einer Vorlage: Spiel wählen, Einstellungen ausfüllen, und der Cluster installiert ihn.',
      },
      create: 'Server erstellen',
      createDenied: 'Zum Erstellen von Servern ist die Berechtigung {permission} nötig.',
    },
    activity: {
      title: 'Letzte Aktivität',
      viewAll: 'Audit-Log',
      empty: 'In diesem Discord-Server ist noch nichts passiert.',
      error: 'Die letzte Aktivität konnte nicht geladen werden',
      forbidden: 'Um die letzte Aktivität zu sehen, ist die Berechtigung {permission} nötig.',
    },
  },
  access: {
    title: 'Rollen und Zugriff',
    subtitle: 'Was jede Discord-Rolle in Pteronimbus darf.',
    roles: 'Discord-Rollen',
    roleSearch: 'Rolle suchen',
    noRoleMatch: 'Keine Rolle passt.',
    roleChanged: 'geändert',
    discordAdmin: 'Admin über Discord',
    everyone: 'alle im Server',
    granted: '{n} Berechtigung | {n} Berechtigungen',
    adminNote:
      'Mitglieder mit dieser Rolle sind Admins über Discord: Sie haben jede als impliziert markierte Berechtigung, egal was hier zugeordnet ist.',
    everyoneNote: 'Was du hier vergibst, bekommt jedes Mitglied des Discord-Servers.',
    search: 'Berechtigungen durchsuchen',
    noMatch: 'Keine Berechtigung passt zur Suche.',
    selectGroup: 'Alle Berechtigungen in {group} auswählen',
    implied: 'als Discord-Admin vorhanden',
    notMappable: 'kommt nur von Discord',
    notHeld: 'du hast sie selbst nicht und kannst sie daher nicht vergeben',
    aboveYou:
      'Diese Rolle steht auf oder über deiner höchsten Discord-Rolle: wie in Discord kannst du nur Rollen unter deiner ändern.',
    save: 'Speichern',
    discard: 'Änderungen verwerfen',
    unsaved:
      '{n} Rolle hat ungespeicherte Änderungen. | {n} Rollen haben ungespeicherte Änderungen.',
    saved: 'Gespeichert.',
    saveError: 'Die Änderungen konnten nicht gespeichert werden',
    loadError: 'Rollen und Berechtigungen konnten nicht geladen werden',
    readOnly: 'Du kannst alles ansehen, zum Ändern brauchst du die Berechtigung {permission}.',
    leaveConfirm: 'Es gibt ungespeicherte Änderungen an Rollen. Trotzdem verlassen und verwerfen?',
    empty: {
      title: 'Noch keine Rollen synchronisiert',
      body: 'Pteronimbus hat die Rollen dieses Discord-Servers noch nicht gelesen. Starte eine Synchronisierung in der Übersicht.',
    },
    forbidden: {
      title: 'Du darfst Rollen und Zugriff hier nicht sehen',
      body: 'Bitte einen Admin dieses Discord-Servers um die Berechtigung unten.',
      permission: 'Benötigte Berechtigung',
    },
    effective: {
      title: 'Wirksame Berechtigungen',
      lead: 'Wähle ein Mitglied, um zu sehen, was es darf und warum.',
      member: 'Mitglied suchen',
      noMatch: 'Kein Mitglied passt.',
      error: 'Die Berechtigungen dieses Mitglieds konnten nicht geladen werden',
      roles: 'Seine Rollen',
      none: 'Dieses Mitglied hat keine Berechtigung.',
      viaAdmin: 'als Admin über Discord',
      viaRoles: 'über {roles}',
      granted: 'gewährt',
    },
  },
  permissions: {
    groups: {
      servers: 'Spielserver',
      console: 'Konsole und Logs',
      files: 'Dateien',
      templates: 'Vorlagen',
      tenant: 'Dieser Discord-Server',
    },
    server: {
      read: { label: 'Spielserver sehen', description: 'Spielserver und ihren Status auflisten.' },
      create: { label: 'Spielserver anlegen', description: 'Neue Spielserver einrichten.' },
      update: {
        label: 'Spielserver ändern',
        description: 'Einstellungen und Ressourcen bearbeiten.',
      },
      delete: {
        label: 'Spielserver löschen',
        description: 'Spielserver samt Daten entfernen.',
      },
      start: { label: 'Spielserver starten', description: 'Gestoppte Spielserver starten.' },
      stop: { label: 'Spielserver stoppen', description: 'Laufende Spielserver stoppen.' },
      restart: {
        label: 'Spielserver neu starten',
        description: 'Laufende Spielserver neu starten.',
      },
      console: {
        read: { label: 'Konsole lesen', description: 'Die Live-Ausgabe der Konsole verfolgen.' },
        write: {
          label: 'Konsolenbefehle senden',
          description: 'Befehle in die Konsole eingeben.',
        },
      },
      logs: {
        read: { label: 'Logs lesen', description: 'Frühere Logs lesen und herunterladen.' },
      },
      metrics: {
        read: { label: 'Messwerte sehen', description: 'CPU, Speicher und Spielerzahlen sehen.' },
      },
      files: {
        read: {
          label: 'Dateien durchsuchen',
          description: 'Serverdateien durchsuchen und herunterladen.',
        },
        write: {
          label: 'Dateien bearbeiten',
          description: 'Serverdateien hochladen, bearbeiten und löschen.',
        },
      },
    },
    template: {
      read: { label: 'Vorlagen sehen', description: 'Die Vorlagenbibliothek durchsuchen.' },
      manage: {
        label: 'Vorlagen verwalten',
        description: 'Vorlagen importieren, bearbeiten und entfernen.',
      },
    },
    tenant: {
      members: {
        read: {
          label: 'Mitglieder und Rollen sehen',
          description: 'Synchronisierte Mitglieder und Rollen sehen.',
        },
      },
      roles: {
        manage: {
          label: 'Zugriff verwalten',
          description: 'Discord-Rollen Berechtigungen zuordnen.',
        },
      },
      settings: {
        manage: {
          label: 'Einstellungen verwalten',
          description: 'Die Einstellungen dieses Discord-Servers ändern.',
        },
      },
    },
    audit: {
      read: {
        label: 'Audit-Log lesen',
        description: 'Sehen, wer was wann geändert hat.',
      },
    },
  },
  audit: {
    title: 'Audit-Log',
    subtitle: 'Wer in diesem Discord-Server was geändert hat, neueste zuerst.',
    filters: 'Audit-Log filtern',
    actor: 'Handelnde Person (Discord-ID)',
    action: 'Aktion',
    actionHint: 'Genau, oder ein Präfix mit * am Ende',
    targetType: 'Zieltyp',
    targetId: 'Ziel-ID',
    from: 'Von',
    to: 'Bis',
    apply: 'Filter anwenden',
    reset: 'Filter löschen',
    loadMore: 'Mehr laden',
    override: 'Eingriff als Super-Admin',
    error: 'Das Audit-Log konnte nicht geladen werden',
    moreError: 'Weitere Einträge konnten nicht geladen werden',
    empty: {
      title: 'Noch nichts aufgezeichnet',
      body: 'Änderungen in diesem Discord-Server erscheinen hier.',
    },
    emptyFiltered: {
      title: 'Kein Eintrag passt',
      body: 'Nichts Aufgezeichnetes passt zu diesen Filtern. Erweitere den Zeitraum oder lösche die Filter.',
    },
    forbidden: {
      title: 'Du darfst das Audit-Log hier nicht lesen',
      body: 'Bitte einen Admin dieses Discord-Servers um die Berechtigung unten.',
    },
    actorType: { user: 'Eine Person', bot: 'Der Bot', system: 'Pteronimbus (System)' },
    source: {
      web: 'Web-Panel',
      bot: 'Discord-Bot',
      api: 'Programmierschnittstelle',
      system: 'System (intern)',
      operator: 'Operator (Kubernetes)',
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
    PN_WEB_FILE_TOO_LARGE: 'Die Datei ist größer als 1 MiB und wurde daher nicht gesendet.',
    PN_WEB_FILE_UNREADABLE: 'Der Browser konnte die Datei nicht lesen.',
    fallback: 'Der Kern hat einen Fehler gemeldet.',
    PN_SERVER_PARAMETER_LOCKED:
      'Nur wer Vorlagen verwaltet, darf diese Einstellungen ändern; sie behalten den Wert, den die Vorlage vorgibt.',
  },
  notFound: {
    title: 'Seite nicht gefunden',
    body: 'Unter {path} gibt es nichts. Der Link ist vielleicht veraltet oder falsch geschrieben.',
    home: 'Zurück zur Startseite',
  },
  servers,
  server,
  limits,
};
