/** French messages of the templates plugin, under `plugins.templates.` in the panel. */
import type { messages as english } from './en.ts';

export const messages: typeof english = {
  nav: 'Modèles',
  title: 'Modèles',
  subtitle:
    'Comment chaque jeu s’exécute. Les modèles globaux sont proposés à chaque serveur Discord de ce panneau.',
  import: 'Importer des eggs',
  search: 'Rechercher des modèles',
  game: 'Jeu',
  allGames: 'Tous les jeux',
  scope: 'Bibliothèque',
  scopes: {
    all: 'Tous les modèles',
    global: 'Globaux uniquement',
    tenant: 'Ce serveur uniquement',
  },
  scopeBadge: {
    tenant: 'Serveur',
  },
  count: 'Aucun modèle | {n} modèle | {n} modèles',
  version: 'Version {n}',
  loadMore: 'Charger plus',
  gameCount: 'Aucun modèle | {n} modèle | {n} modèles',
  empty: {
    title: 'Aucun modèle pour l’instant',
    body: 'Un modèle décrit comment exécuter un jeu : images, commande de démarrage, réglages. Importez un egg Pterodactyl ou Pelican pour créer le premier.',
  },
  noResults: {
    title: 'Aucun modèle ne correspond',
    body: 'Essayez d’autres mots, ou effacez la recherche et les filtres.',
    clear: 'Effacer la recherche et les filtres',
  },
  error: {
    title: 'Les modèles n’ont pas pu être chargés',
  },
  forbidden: {
    title: 'Vous ne pouvez pas ouvrir ces modèles',
    body: 'Il faut la permission {permission}. Les modèles globaux sont gérés par les super-administrateurs du panneau ; l’un d’eux peut vous donner accès.',
    missing: 'Permission manquante',
  },
  importDialog: {
    title: 'Importer des eggs',
    lead: 'Eggs Pterodactyl (PTDL_v1, PTDL_v2) et Pelican (PLCN), en JSON ou en YAML. Chaque egg devient un modèle ; un egg défectueux n’arrête pas les autres.',
    tabs: {
      files: 'Fichiers',
      paste: 'Coller',
      url: 'Depuis une URL',
    },
    drop: 'Déposez des fichiers d’egg ici',
    dropHint: 'ou choisissez des fichiers ; jusqu’à {n} à la fois, 1 Mio chacun',
    choose: 'Choisir des fichiers',
    selected: 'Aucun fichier sélectionné | {n} fichier sélectionné | {n} fichiers sélectionnés',
    remove: 'Retirer {name}',
    pasteLabel: 'Egg en JSON ou en YAML',
    urlLabel: 'Adresse https d’un egg',
    urlHint:
      'Le panneau la récupère lui-même ; seules les adresses https publiques sont autorisées.',
    noteLabel: 'Note pour l’historique des versions (facultatif)',
    submit: 'Importer',
    cancel: 'Annuler',
    close: 'Fermer',
    again: 'Importer d’autres eggs',
    progress: 'Import de {done} sur {total}…',
    summary: 'Rien n’a été importé. | {n} modèle importé. | {n} modèles importés.',
    failedSummary: 'Aucun egg n’a échoué. | {n} egg a échoué. | {n} eggs ont échoué.',
    eggLabel: 'Egg n° {n}',
    format: 'Format',
    provider: 'Affiné par',
    noWarnings: 'Converti à l’identique, rien à signaler.',
    warnings: 'Aucun avertissement | {n} avertissement | {n} avertissements',
    at: 'à',
    nothingToImport: 'Ajoutez d’abord au moins un egg.',
  },
  warningCodes: {
    EGG_PARSER_UNSUPPORTED:
      'Un fichier de configuration utilise un format que le panneau ne sait pas modifier ; il reste tel que le jeu l’écrit.',
    EGG_PLACEHOLDER_UNKNOWN:
      'Une valeur renvoie à un réglage d’un autre panneau que Pteronimbus n’a pas ; elle est écrite telle quelle.',
    EGG_FEATURE_UNSUPPORTED:
      'L’egg demande une fonction de panneau que Pteronimbus n’offre pas ; les serveurs tournent sans elle.',
    EGG_STOP_SIGNAL_UNKNOWN:
      'La commande d’arrêt nomme un signal que le panneau ne connaît pas ; les serveurs sont arrêtés de la manière habituelle.',
    EGG_READINESS_REGEX_INVALID:
      'La ligne de console qui signifie « démarré » est un motif illisible ; cette règle est ignorée.',
    EGG_STARTUP_VARIABLE_UNKNOWN:
      'La commande de démarrage utilise une variable que l’egg ne définit pas ; elle sera vide.',
    EGG_VARIABLE_DUPLICATE:
      'L’egg définit deux fois la même variable ; la première définition est utilisée.',
    EGG_DEFAULT_INVALID:
      'La valeur par défaut d’une variable enfreint ses propres règles ; la personne qui crée un serveur devra la changer.',
    EGG_INSTALL_IMAGE_MISSING:
      'Le script d’installation ne nomme aucune image de conteneur ; il s’exécute dans l’image du jeu.',
    EGG_RULE_UNKNOWN:
      'Une règle de validation est inconnue du panneau ; elle est conservée mais pas vérifiée.',
    EGG_RULE_ALIAS:
      'Une règle de validation était écrite sous une autre forme ; le panneau utilise son équivalent.',
    EGG_RULE_INVALID: 'Une règle de validation est mal formée ; elle est ignorée.',
    EGG_RULE_NOT_ENFORCED:
      'Une règle de validation ne peut pas être vérifiée dans un formulaire (elle dépend d’une base de données ou d’autres champs) ; elle n’est pas appliquée.',
    EGG_REGEX_UNCONVERTIBLE:
      'Une règle de motif utilise une syntaxe d’expression régulière PHP sans équivalent ici ; elle n’est pas appliquée.',
    EGG_RULE_UNSAFE_PATTERN:
      'Une règle de motif pourrait revenir en arrière sans limite sur certaines entrées (risque de déni de service) ; elle n’est pas appliquée.',
    other: 'Un élément de l’egg n’a pas été repris à l’identique.',
  },
  importErrors: {
    PN_EGG_INVALID: 'L’egg n’a pas pu être lu. Le chemin indique où se trouve le problème.',
    PN_TEMPLATE_INVALID: 'L’egg a donné un modèle qui n’est pas valide.',
    PN_TEMPLATE_URL_FORBIDDEN:
      'Cette adresse n’est pas autorisée : seules les adresses https publiques peuvent servir à importer.',
    PN_TEMPLATE_URL_FAILED: 'L’adresse n’a pas pu être récupérée.',
    PN_TEMPLATE_URL_TIMEOUT: 'L’adresse n’a pas répondu en 10 secondes.',
    PN_TEMPLATE_IMPORT_TOO_LARGE: 'L’egg dépasse 1 Mio.',
    PN_TEMPLATE_UNSTORABLE: 'L’egg contient du texte impossible à enregistrer (un caractère NUL).',
    PN_TEMPLATE_PARAMETER_UNSAFE:
      'Un paramètre du modèle converti a un motif qui pourrait bloquer le panneau, ou une longueur supérieure à 4096.',
  },
  detail: {
    title: 'Modèle',
    export: 'Exporter',
    exportAs: 'Exporter en {format}',
    delete: 'Supprimer',
    tabs: {
      parameters: 'Réglages',
      spec: 'Fonctionnement',
      versions: 'Versions',
    },
    parametersLead:
      'Le formulaire que remplit la personne qui crée un serveur à partir de ce modèle. Les valeurs deviennent des variables d’environnement.',
    hiddenParameters:
      'Aucun réglage n’est caché aux créateurs de serveurs. | {n} réglage est caché aux créateurs de serveurs. | {n} réglages sont cachés aux créateurs de serveurs.',
    checkForm: 'Vérifier le formulaire',
    formValid: 'Toutes les valeurs sont valides.',
    error: {
      title: 'Le modèle n’a pas pu être chargé',
    },
    notFound: {
      title: 'Modèle introuvable',
      body: 'Il a peut-être été supprimé, ou le lien est erroné.',
      back: 'Retour à la bibliothèque',
    },
    spec: {
      images: 'Images de conteneur',
      defaultImage: 'par défaut',
      startup: 'Commande de démarrage',
      variants: 'Autres commandes de démarrage',
      ports: 'Ports',
      portName: 'Nom',
      portNumber: 'Port',
      protocol: 'Protocole',
      portVariable: 'Variable',
      noPorts: 'Aucun port déclaré.',
      stop: 'Arrêt',
      stopCommand: 'Commande de console {command}',
      stopSignal: 'Signal {signal}',
      readiness: 'Démarré quand la console affiche',
      regex: 'motif',
      noReadiness: 'Aucune règle : le serveur est considéré comme démarré dès qu’il tourne.',
      install: 'Script d’installation',
      installImage: 'S’exécute dans {image} avec {entrypoint}',
      noInstall: 'Aucune étape d’installation.',
      configFiles: 'Fichiers de configuration modifiés avant chaque démarrage',
      noConfigFiles: 'Aucun fichier de configuration n’est modifié.',
      parser: 'format {parser}',
      replacement: 'mettre {match} à {value}',
      resources: 'Ressources par défaut',
      cpu: 'Processeur',
      cpuValue: '{n} millicœurs',
      memory: 'Mémoire',
      disk: 'Disque',
      mib: '{n} Mio',
      environment: 'Environnement fixe',
      features: 'Fonctions',
    },
    versions: {
      title: 'Historique des versions',
      current: 'actuelle',
      by: 'par {user}',
      system: 'par le panneau',
      note: 'Note',
      warnings: 'Aucun avertissement | {n} avertissement | {n} avertissements',
      compare: 'Comparer',
      from: 'De la version',
      to: 'À la version',
      option: 'Version {n}',
      rollback: 'Revenir à cette version',
      rollbackTitle: 'Revenir à la version {n} ?',
      rollbackBody:
        'Cela ajoute une nouvelle version identique à la version {n}. Aucune version n’est supprimée : vous pouvez annuler de la même façon. Les serveurs gardent leur version jusqu’à ce qu’on les déplace.',
      rollbackConfirm: 'Revenir',
      error: 'Les versions n’ont pas pu être chargées',
    },
    diff: {
      title: 'Changements de la version {from} à la version {to}',
      none: 'Ces versions sont identiques.',
      added: 'ajouté',
      removed: 'supprimé',
      changed: 'modifié',
      before: 'Avant',
      after: 'Après',
      error: 'La comparaison n’a pas pu être chargée',
      count: 'Aucun changement | {n} changement | {n} changements',
    },
    deleteDialog: {
      title: 'Supprimer {name} ?',
      body: 'Le modèle disparaît de la bibliothèque et son nom court est libéré. Ses versions sont conservées pour mémoire, mais il ne peut pas être restauré depuis le panneau.',
      confirmLabel: 'Saisissez {name} pour confirmer',
      confirm: 'Supprimer le modèle',
      inUseTitle: 'Ce modèle est utilisé',
      inUseBody:
        'Des serveurs tournent encore dessus, il ne peut donc pas être supprimé. Déplacez-les d’abord vers un autre modèle.',
      users: 'Utilisé par',
    },
    actionFailed: 'L’action a échoué',
  },
};
