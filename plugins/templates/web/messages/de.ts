/** German messages of the templates plugin, under `plugins.templates.` in the panel. */
import type { messages as english } from './en.ts';

export const messages: typeof english = {
  nav: 'Vorlagen',
  title: 'Vorlagen',
  subtitle:
    'Wie jedes Spiel läuft. Globale Vorlagen stehen jedem Discord-Server in diesem Panel zur Verfügung.',
  import: 'Eggs importieren',
  search: 'Vorlagen durchsuchen',
  game: 'Spiel',
  allGames: 'Alle Spiele',
  scope: 'Bibliothek',
  scopes: {
    all: 'Alle Vorlagen',
    global: 'Nur globale',
    tenant: 'Nur dieser Server',
  },
  scopeBadge: {
    tenant: 'Server',
  },
  count: 'Keine Vorlagen | {n} Vorlage | {n} Vorlagen',
  version: 'Version {n}',
  loadMore: 'Mehr laden',
  gameCount: 'Keine Vorlagen | {n} Vorlage | {n} Vorlagen',
  empty: {
    title: 'Noch keine Vorlagen',
    body: 'Eine Vorlage beschreibt, wie ein Spiel läuft: Images, Startbefehl, Einstellungen. Importiere ein Egg von Pterodactyl oder Pelican, um die erste anzulegen.',
  },
  noResults: {
    title: 'Keine Vorlage passt',
    body: 'Versuche andere Wörter oder setze Suche und Filter zurück.',
    clear: 'Suche und Filter zurücksetzen',
  },
  error: {
    title: 'Die Vorlagen konnten nicht geladen werden',
  },
  forbidden: {
    title: 'Du kannst diese Vorlagen nicht öffnen',
    body: 'Dafür ist die Berechtigung {permission} nötig. Globale Vorlagen verwalten die Super-Admins des Panels; ein Super-Admin kann dir Zugriff geben.',
    missing: 'Fehlende Berechtigung',
  },
  importDialog: {
    title: 'Eggs importieren',
    lead: 'Eggs von Pterodactyl (PTDL_v1, PTDL_v2) und Pelican (PLCN) als JSON oder YAML. Jedes Egg wird zu einer Vorlage; ein fehlerhaftes Egg hält die anderen nicht auf.',
    tabs: {
      files: 'Dateien',
      paste: 'Einfügen',
      url: 'Von einer URL',
    },
    drop: 'Egg-Dateien hier ablegen',
    dropHint: 'oder Dateien auswählen; bis zu {n} auf einmal, je 1 MiB',
    choose: 'Dateien auswählen',
    selected: 'Keine Datei ausgewählt | {n} Datei ausgewählt | {n} Dateien ausgewählt',
    remove: '{name} entfernen',
    pasteLabel: 'Egg als JSON oder YAML',
    urlLabel: 'https-Adresse eines Eggs',
    urlHint: 'Das Panel ruft sie selbst ab; nur öffentliche https-Adressen sind erlaubt.',
    noteLabel: 'Notiz für den Versionsverlauf (optional)',
    submit: 'Importieren',
    cancel: 'Abbrechen',
    close: 'Schließen',
    again: 'Weitere importieren',
    progress: '{done} von {total} werden importiert …',
    summary: 'Nichts wurde importiert. | {n} Vorlage importiert. | {n} Vorlagen importiert.',
    failedSummary:
      'Kein Egg ist fehlgeschlagen. | {n} Egg ist fehlgeschlagen. | {n} Eggs sind fehlgeschlagen.',
    eggLabel: 'Egg {n}',
    format: 'Format',
    provider: 'Verfeinert von',
    noWarnings: 'Exakt übernommen, nichts zu melden.',
    warnings: 'Keine Warnungen | {n} Warnung | {n} Warnungen',
    at: 'bei',
    nothingToImport: 'Füge zuerst mindestens ein Egg hinzu.',
  },
  warningCodes: {
    EGG_PARSER_UNSUPPORTED:
      'Eine Konfigurationsdatei hat ein Format, das das Panel nicht bearbeiten kann; die Datei bleibt so, wie das Spiel sie schreibt.',
    EGG_PLACEHOLDER_UNKNOWN:
      'Ein Wert verweist auf eine Einstellung eines anderen Panels, die Pteronimbus nicht hat; er wird wörtlich geschrieben.',
    EGG_FEATURE_UNSUPPORTED:
      'Das Egg verlangt eine Panel-Funktion, die Pteronimbus nicht bietet; Server laufen ohne sie.',
    EGG_STOP_SIGNAL_UNKNOWN:
      'Der Stoppbefehl nennt ein Signal, das das Panel nicht kennt; Server werden auf die übliche Weise gestoppt.',
    EGG_READINESS_REGEX_INVALID:
      'Die Konsolenzeile, die „gestartet“ bedeutet, ist ein Muster, das nicht gelesen werden konnte; diese Regel entfällt.',
    EGG_STARTUP_VARIABLE_UNKNOWN:
      'Der Startbefehl nutzt eine Variable, die das Egg nicht definiert; sie bleibt leer.',
    EGG_VARIABLE_DUPLICATE:
      'Das Egg definiert dieselbe Variable zweimal; die erste Definition gilt.',
    EGG_DEFAULT_INVALID:
      'Der Standardwert einer Variable verletzt ihre eigenen Regeln; wer einen Server anlegt, muss ihn ändern.',
    EGG_INSTALL_IMAGE_MISSING:
      'Das Installationsskript nennt kein Container-Image; es läuft im Image des Spiels.',
    EGG_RULE_UNKNOWN:
      'Eine Validierungsregel ist dem Panel unbekannt; sie bleibt erhalten, wird aber nicht geprüft.',
    EGG_RULE_ALIAS:
      'Eine Validierungsregel war anders geschrieben; das Panel verwendet ihre Entsprechung.',
    EGG_RULE_INVALID: 'Eine Validierungsregel ist fehlerhaft und wird ignoriert.',
    EGG_RULE_NOT_ENFORCED:
      'Eine Validierungsregel lässt sich in einem Formular nicht prüfen (sie hängt von einer Datenbank oder anderen Feldern ab); sie wird nicht durchgesetzt.',
    EGG_REGEX_UNCONVERTIBLE:
      'Eine Musterregel nutzt Syntax für reguläre Ausdrücke aus PHP ohne Entsprechung hier; sie wird nicht durchgesetzt.',
    EGG_RULE_UNSAFE_PATTERN:
      'Eine Musterregel könnte bei manchen Eingaben unbegrenzt zurückverfolgen (Gefahr einer Dienstblockade); sie wird nicht durchgesetzt.',
    other: 'Etwas im Egg wurde nicht exakt übernommen.',
  },
  importErrors: {
    PN_EGG_INVALID: 'Das Egg konnte nicht gelesen werden. Der Pfad zeigt, wo das Problem liegt.',
    PN_TEMPLATE_INVALID: 'Aus dem Egg wurde eine Vorlage, die nicht gültig ist.',
    PN_TEMPLATE_URL_FORBIDDEN:
      'Diese Adresse ist nicht erlaubt: Importiert werden kann nur von öffentlichen https-Adressen.',
    PN_TEMPLATE_URL_FAILED: 'Die Adresse konnte nicht abgerufen werden.',
    PN_TEMPLATE_URL_TIMEOUT: 'Die Adresse hat nicht innerhalb von 10 Sekunden geantwortet.',
    PN_TEMPLATE_IMPORT_TOO_LARGE: 'Das Egg ist größer als 1 MiB.',
    PN_TEMPLATE_UNSTORABLE:
      'Das Egg enthält Text, der nicht gespeichert werden kann (ein NUL-Zeichen).',
    PN_TEMPLATE_PARAMETER_UNSAFE:
      'Ein Parameter der umgewandelten Vorlage hat ein Muster, das das Panel blockieren könnte, oder eine Länge über 4096.',
  },
  detail: {
    title: 'Vorlage',
    export: 'Exportieren',
    exportAs: 'Als {format} exportieren',
    delete: 'Löschen',
    tabs: {
      parameters: 'Einstellungen',
      spec: 'So läuft es',
      versions: 'Versionen',
    },
    parametersLead:
      'Das Formular, das ausfüllt, wer aus dieser Vorlage einen Server anlegt. Die Werte werden zu Umgebungsvariablen.',
    hiddenParameters:
      'Keine Einstellung ist vor Server-Erstellern verborgen. | {n} Einstellung ist vor Server-Erstellern verborgen. | {n} Einstellungen sind vor Server-Erstellern verborgen.',
    checkForm: 'Formular prüfen',
    formValid: 'Alle Werte sind gültig.',
    error: {
      title: 'Die Vorlage konnte nicht geladen werden',
    },
    notFound: {
      title: 'Vorlage nicht gefunden',
      body: 'Sie wurde vielleicht gelöscht, oder der Link ist falsch.',
      back: 'Zurück zur Bibliothek',
    },
    spec: {
      images: 'Container-Images',
      defaultImage: 'Standard',
      startup: 'Startbefehl',
      variants: 'Weitere Startbefehle',
      ports: 'Ports',
      portName: 'Name',
      portNumber: 'Port',
      protocol: 'Protokoll',
      portVariable: 'Variable',
      noPorts: 'Keine Ports angegeben.',
      stop: 'Stoppen',
      stopCommand: 'Konsolenbefehl {command}',
      stopSignal: 'Signal {signal}',
      readiness: 'Gestartet, wenn die Konsole zeigt',
      regex: 'Muster',
      noReadiness: 'Keine Regel: Der Server gilt als gestartet, sobald er läuft.',
      install: 'Installationsskript',
      installImage: 'Läuft in {image} mit {entrypoint}',
      noInstall: 'Kein Installationsschritt.',
      configFiles: 'Vor jedem Start angepasste Konfigurationsdateien',
      noConfigFiles: 'Keine Konfigurationsdateien werden angepasst.',
      parser: 'Format {parser}',
      replacement: '{match} auf {value} setzen',
      resources: 'Standardressourcen',
      cpu: 'CPU',
      cpuValue: '{n} Millicores',
      memory: 'Arbeitsspeicher',
      disk: 'Speicherplatz',
      mib: '{n} MiB',
      environment: 'Feste Umgebung',
      features: 'Funktionen',
    },
    versions: {
      title: 'Versionsverlauf',
      current: 'aktuell',
      by: 'von {user}',
      system: 'vom Panel',
      note: 'Notiz',
      warnings: 'Keine Warnungen | {n} Warnung | {n} Warnungen',
      compare: 'Vergleichen',
      from: 'Von Version',
      to: 'Bis Version',
      option: 'Version {n}',
      rollback: 'Auf diese Version zurücksetzen',
      rollbackTitle: 'Auf Version {n} zurücksetzen?',
      rollbackBody:
        'Das legt eine neue Version gleich Version {n} an. Keine Version wird entfernt, du kannst es also genauso rückgängig machen. Server behalten ihre Version, bis sie umgezogen werden.',
      rollbackConfirm: 'Zurücksetzen',
      error: 'Die Versionen konnten nicht geladen werden',
    },
    diff: {
      title: 'Änderungen von Version {from} zu Version {to}',
      none: 'Diese Versionen sind identisch.',
      added: 'hinzugefügt',
      removed: 'entfernt',
      changed: 'geändert',
      before: 'Vorher',
      after: 'Nachher',
      error: 'Der Vergleich konnte nicht geladen werden',
      count: 'Keine Änderungen | {n} Änderung | {n} Änderungen',
    },
    deleteDialog: {
      title: '{name} löschen?',
      body: 'Die Vorlage verschwindet aus der Bibliothek, und ihr Kurzname wird frei. Ihre Versionen bleiben zur Nachvollziehbarkeit erhalten, sie lässt sich im Panel aber nicht wiederherstellen.',
      confirmLabel: 'Zur Bestätigung {name} eingeben',
      confirm: 'Vorlage löschen',
      inUseTitle: 'Diese Vorlage wird verwendet',
      inUseBody:
        'Es laufen noch Server damit, daher kann sie nicht gelöscht werden. Ziehe sie zuerst auf eine andere Vorlage um.',
      users: 'Verwendet von',
    },
    actionFailed: 'Die Aktion ist fehlgeschlagen',
  },
};
