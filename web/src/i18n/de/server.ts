import type { MessageSchema } from '../schema.ts';

/** German strings of the single game server page. */
export const server: MessageSchema['server'] = {
  title: 'Spielserver',
  subtitle: '{game} · Vorlagenversion {version}',
  permissionMissing: 'Benötigt die Berechtigung {permission}',
  cancel: 'Abbrechen',
  error: 'Der Server konnte nicht geladen werden',
  forbidden: {
    title: 'Du kannst diesen Server nicht sehen',
    body: 'Einen Spielserver anzusehen erfordert eine Berechtigung, die deine Rollen weder hier noch auf diesem Server gewähren. Ein Admin dieses Discord-Servers kann sie einer deiner Rollen geben.',
  },
  notFound: {
    title: 'Diesen Server gibt es nicht',
    body: 'Vielleicht wurde er gelöscht, oder der Link zeigt auf einen anderen Discord-Server.',
    back: 'Zurück zu den Servern',
  },
  tabs: {
    overview: 'Übersicht',
    console: 'Konsole',
    settings: 'Einstellungen',
    activity: 'Aktivität',
    danger: 'Gefahrenbereich',
  },
  stream: {
    live: 'Verbunden',
    connecting: 'Verbinde…',
    reconnecting: 'Verbinde erneut…',
    off: 'Nicht verbunden',
    dropped:
      'Live-Aktualisierungen für diesen Server wurden beendet ({code}): Deine Berechtigungen haben sich vielleicht geändert. Was du siehst, kann veraltet sein.',
    banner:
      'Live-Aktualisierungen sind pausiert: Die Verbindung zum Panel ist unterbrochen. Verbinde erneut… Nichts geht verloren; was inzwischen geschah, erscheint, sobald sie zurück ist.',
  },
  actions: {
    label: 'Energieaktionen',
    start: 'Starten',
    stop: 'Stoppen',
    restart: 'Neu starten',
    kill: 'Sofort beenden',
    why: {
      running: 'Der Server läuft bereits oder startet gerade.',
      stopped: 'Der Server ist bereits gestoppt oder wird gerade gestoppt.',
    },
    sent: {
      start: 'Start gesendet. Der Zustand oben folgt dem, was der Cluster meldet.',
      stop: 'Stopp gesendet. Der Zustand oben folgt dem, was der Cluster meldet.',
      restart: 'Neustart gesendet: Der Server stoppt und startet dann wieder.',
      kill: 'Sofortiges Beenden gesendet: Der Server stoppt sofort, ohne zu speichern.',
    },
    failed: '{action} ist fehlgeschlagen, nichts wurde geändert.',
  },
  overview: {
    facts: 'Angaben zum Server',
    stale:
      'Der Cluster meldet sich nicht mehr. Dieser Zustand wurde zuletzt {age} gemeldet und kann veraltet sein.',
    staleNever:
      'Der Cluster meldet sich nicht mehr und hat diesen Server noch nie gemeldet: Sein Zustand ist unbekannt.',
    status: 'Zustand',
    address: 'Adresse',
    noAddress: 'Noch keine Adresse',
    players: 'Spieler',
    uptime: 'Laufzeit',
    notRunning: 'Läuft nicht',
    uptimeDays: '{days} T. {hours} Std.',
    uptimeHours: '{hours} Std. {minutes} Min.',
    resources: 'Ressourcen',
    resourcesValue: '{cpu} CPU · {memory} Arbeitsspeicher · {disk} Speicherplatz',
  },
  players: {
    online: '{online} im Spiel',
    of: '{online} von {max}',
  },
  metrics: {
    title: 'Ressourcennutzung',
    range: 'Zeitraum',
    ranges: {
      '1h': 'Letzte Stunde',
      '6h': 'Letzte 6 Stunden',
      '24h': 'Letzter Tag',
    },
    forbidden: {
      title: 'Du kannst die Ressourcennutzung nicht sehen',
      body: 'Die Diagramme dieses Servers erfordern eine Berechtigung, die deine Rollen nicht gewähren.',
    },
    error: 'Die Ressourcennutzung konnte nicht geladen werden',
    table: 'Werte als Tabelle zeigen',
    time: 'Zeit',
    notMeasured: 'Nicht gemessen',
    unavailable:
      'Nicht verfügbar: Der Cluster misst das nicht (zum Beispiel kein metrics-server, oder das Spiel beantwortet keine Spielerabfragen).',
    summary: '{chart}, {range}. Jetzt: {current}.',
    charts: {
      cpu: 'CPU (Kerne)',
      memory: 'Arbeitsspeicher',
      disk: 'Speicherplatz',
      network: 'Netzwerk',
      players: 'Spieler',
    },
    fields: {
      cpu: 'Prozessor',
      memory: 'Arbeitsspeicher',
      disk: 'Speicherplatz',
      networkRx: 'Empfangen',
      networkTx: 'Gesendet',
      playersOnline: 'Im Spiel',
      playersMax: 'Plätze',
    },
  },
  console: {
    title: 'Konsole',
    tools: 'Konsolenwerkzeuge',
    output: 'Konsolenausgabe',
    empty: 'Noch keine Ausgabe. Zeilen erscheinen hier, sobald der Server sie ausgibt.',
    live: 'Verbunden',
    connecting: 'Verbinde…',
    closed: 'Nicht verfolgt',
    pause: 'Anhalten',
    follow: 'Mitlaufen',
    followHeld: 'Mitlaufen ({count} neue Zeile) | Mitlaufen ({count} neue Zeilen)',
    search: 'Ausgabe durchsuchen',
    findNext: 'Weitersuchen',
    noMatch: 'Kein Treffer',
    copy: 'Kopieren',
    copiedSelection: 'Auswahl kopiert',
    copiedAll: 'Ausgabe kopiert',
    copyFailed:
      'Der Browser hat das Kopieren abgelehnt. Markiere den Text und kopiere ihn von Hand.',
    download: 'Logs herunterladen',
    command: 'Befehl',
    send: 'Senden',
    sendFailed: 'Der Befehl wurde nicht gesendet: {message}',
    forbidden: {
      title: 'Du kannst diese Konsole nicht lesen',
      body: 'Die Konsole erfordert eine Berechtigung, die deine Rollen auf diesem Server nicht gewähren.',
    },
  },
  install: {
    title: 'Installation',
    running: 'Installation läuft',
    waiting: 'Warte darauf, dass der Cluster den Fortschritt der Installation meldet…',
    output: 'Ausgabe der Installation',
    ended: 'Das Installationsskript ist fertig.',
    failed:
      'Die Ausgabe der Installation konnte nicht bis zum Ende gelesen werden: {message} ({code})',
  },
  settings: {
    templateError: 'Die Vorlage dieses Servers konnte nicht geladen werden',
    save: 'Speichern',
    saved: 'Gespeichert. Der Cluster übernimmt die Änderung.',
    version: {
      title: 'Vorlagenversion',
      current: '{template}, Version {version}',
      available: 'Version {version} der Vorlage ist verfügbar.',
      review: 'Aktualisierung prüfen',
      upToDate: 'Dieser Server nutzt die neueste Version seiner Vorlage.',
      moved: 'Von Version {from} auf Version {to} gewechselt.',
      droppedItem: '{name} wurde verworfen: {message}',
      confirmTitle: 'Von Version {from} auf {to} wechseln?',
      confirmBody:
        'Einstellungen, die die neue Version noch kennt und akzeptiert, bleiben erhalten. Die anderen werden verworfen, und es gelten die Standardwerte der neuen Version.',
      kept: 'Bleibt erhalten',
      keptNone:
        'Keine deiner Einstellungen bleibt erhalten: Alle Werte kommen aus den Standardwerten.',
      dropped: 'Wird verworfen',
      droppedNone: 'Nichts wird verworfen.',
      reason: {
        removed: 'die neue Version hat diese Einstellung nicht mehr',
        invalid: 'die neue Version akzeptiert diesen Wert nicht',
      },
      confirm: 'Auf Version {version} wechseln',
      default: 'Standard',
    },
    parameters: {
      title: 'Einstellungen des Spiels',
    },
    resources: {
      title: 'Ressourcen',
      cpu: 'CPU (Millicores)',
      cpuHint: '1000 Millicores sind ein CPU-Kern.',
      memory: 'Arbeitsspeicher (MiB)',
      memoryHint: '1024 MiB sind 1 GiB.',
      disk: 'Speicherplatz (MiB)',
      diskHint: 'Größe des Datenvolumes.',
      invalid: 'Eine ganze Zahl größer als null.',
    },
  },
  danger: {
    reinstall: {
      title: 'Neu installieren',
      body: 'Führt das Installationsskript der Vorlage erneut aus, etwa um eine kaputte Installation zu reparieren.',
      action: 'Neu installieren',
      confirmTitle: '{name} neu installieren?',
      confirmBody:
        'Der Server stoppt, während das Installationsskript läuft. Dateien, die das Skript schreibt, werden ersetzt; andere Dateien auf dem Datenvolume bleiben.',
      sent: 'Neuinstallation gesendet. Den Fortschritt zeigt der Tab Konsole.',
    },
    delete: {
      title: 'Diesen Server löschen',
      body: 'Entfernt den Server aus dem Cluster. Das lässt sich nicht rückgängig machen.',
      action: 'Löschen…',
      confirmTitle: '{name} löschen?',
      dataLabel: 'Was mit den Daten geschieht',
      keep: 'Datenvolume behalten (Welten, Spielstände, Konfiguration)',
      drop: 'Datenvolume ebenfalls löschen',
      lossKeep:
        'Der Server, seine Einstellungen und sein Verlauf hier werden gelöscht. Das Datenvolume bleibt im Cluster, wo ein Admin des Clusters es wiederherstellen kann.',
      lossDrop:
        'Der Server, seine Einstellungen und alle seine Daten – Welten, Spielstände, Konfiguration – werden endgültig gelöscht.',
      typeName: 'Gib zur Bestätigung {name} ein',
      confirm: 'Server löschen',
    },
  },
  activity: {
    forbidden: {
      title: 'Du kannst die Aktivität nicht sehen',
      body: 'Das Audit-Log erfordert eine Berechtigung, die deine Rollen nicht gewähren.',
    },
    error: 'Die Aktivität konnte nicht geladen werden',
    empty: {
      title: 'Noch keine Aktivität',
      body: 'Änderungen an diesem Server, Konsolenbefehle und Energieaktionen erscheinen hier.',
    },
    more: 'Mehr zeigen',
    all: 'Im Audit-Log öffnen',
  },
};
