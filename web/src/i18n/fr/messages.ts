import type { MessageSchema } from '../schema.ts';
import { server } from './server.ts';
import { servers } from './servers.ts';
import { limits } from './limits.ts';

/** French messages. */
export const fr: MessageSchema = {
  app: {
    name: 'Pteronimbus',
    tagline: 'Des serveurs de jeu sur Kubernetes, pilotés depuis Discord',
    skipToContent: 'Aller au contenu',
  },
  nav: {
    tenants: 'Serveurs Discord',
    main: 'Navigation principale',
    toggle: 'Afficher ou masquer la navigation',
    home: 'Accueil',
    administration: 'Administration',
    system: 'Système',
    breadcrumbs: "Fil d'Ariane",
  },
  theme: {
    label: 'Thème',
    light: 'Clair',
    dark: 'Sombre',
    system: 'Comme le système',
  },
  language: {
    label: 'Langue',
  },
  home: {
    title: 'Bienvenue sur Pteronimbus',
    lead: 'Pteronimbus exécute des serveurs de jeu sous forme de pods dans vos clusters Kubernetes. Chaque serveur Discord dispose de son propre espace, et ce que chacun peut faire dépend des rôles qu’il y détient.',
    points: {
      kubernetesTitle: 'Conçu pour Kubernetes',
      kubernetesBody:
        'Un opérateur dans chaque cluster réconcilie vos serveurs, même derrière un NAT.',
      discordTitle: 'Pensé autour de Discord',
      discordBody:
        'Connexion avec Discord ; les administrateurs de guilde associent des permissions aux rôles.',
      pluginsTitle: 'Les jeux sous forme de plugins',
      pluginsBody:
        'Les plugins de jeu transforment les eggs Pterodactyl en modèles : la plupart des jeux fonctionnent dès le premier jour.',
    },
    signedInAs: 'Connecté en tant que {name}',
    superAdminLead:
      'Vous êtes super-administrateur : vous gérez la bibliothèque globale de modèles et le système.',
    memberLead:
      'Vous n’êtes dans aucun serveur Discord connu de ce panneau. | Vous êtes dans {n} serveur Discord connu de ce panneau. | Vous êtes dans {n} serveurs Discord connus de ce panneau.',
    signInUnavailableTitle: 'La connexion n’est pas configurée',
    signInUnavailable:
      'Ce panneau fonctionne sans le plugin de connexion Discord ; il ne montre donc que ce que tout le monde peut voir.',
    openTemplates: 'Ouvrir la bibliothèque de modèles',
    openSystem: 'Ouvrir la vue d’ensemble du système',
  },
  system: {
    title: 'Système',
    subtitle: 'Le cœur de ce panneau et les plugins qu’il a chargés.',
    refresh: 'Actualiser',
    updatedAt: 'Mis à jour à {time}',
    core: {
      title: 'Cœur',
      version: 'Version',
      apiVersion: 'Version de l’API',
      sdkVersion: 'Version du SDK',
    },
    plugins: {
      title: 'Plugins',
      count: 'Aucun plugin | {n} plugin | {n} plugins',
      name: 'Nom',
      version: 'Version',
      description: 'Description',
      dependencies: 'Dépend de',
      permissions: 'Permissions',
      permissionCount: 'Aucune permission | {n} permission | {n} permissions',
      noDescription: 'Aucune description fournie.',
      noDependencies: 'Aucune',
    },
    empty: {
      title: 'Aucun plugin chargé',
      body: 'Le cœur fonctionne seul. Indiquez des paquets de plugins dans PTERONIMBUS_PLUGINS puis redémarrez le cœur pour ajouter des jeux, la connexion Discord et plus encore.',
    },
    error: {
      title: 'Impossible de charger la vue d’ensemble du système',
    },
  },
  login: {
    title: 'Connexion',
    heading: 'Se connecter à Pteronimbus',
    lead: 'Exécutez des serveurs de jeu sur vos clusters Kubernetes et gérez-les depuis Discord. Vos rôles Discord décident de ce que vous pouvez faire.',
    continue: 'Continuer avec Discord',
    openPanel: 'Ouvrir le panneau',
    privacy:
      'Discord indique au panneau qui vous êtes et dans quels serveurs vous êtes. Le panneau ne publie jamais en votre nom et ne voit jamais votre mot de passe.',
    pointsLabel: 'Ce que fait Pteronimbus',
    points: {
      kubernetes: 'Les serveurs tournent en pods sur vos clusters',
      discord: 'Les permissions suivent les rôles Discord',
      games: 'Les eggs Pterodactyl et Pelican fonctionnent',
    },
    notices: {
      denied: {
        title: 'Connexion annulée',
        body: 'Vous avez refusé sur Discord, donc rien n’a été partagé. Continuez avec Discord quand vous serez prêt.',
      },
      expired: {
        title: 'Votre session a pris fin',
        body: 'Vous avez été déconnecté, par exemple après une longue absence. Reconnectez-vous pour reprendre là où vous en étiez.',
      },
      discordUnavailable: {
        title: 'Discord est injoignable',
        body: 'Discord n’a pas répondu à la connexion. C’est généralement bref : réessayez dans une minute.',
      },
      stale: {
        title: 'La connexion a pris trop de temps',
        body: 'Le lien de connexion a expiré ou a été utilisé deux fois. Recommencez depuis cette page.',
      },
      deactivated: {
        title: 'Ce compte est désactivé',
        body: 'Un administrateur de ce panneau a désactivé votre compte. Demandez-lui de le rétablir.',
      },
      rateLimited: {
        title: 'Trop de tentatives',
        body: 'La connexion a été tentée trop souvent depuis cet endroit. Attendez une minute, puis réessayez.',
      },
      notConfigured: {
        title: 'La connexion n’est pas configurée',
        body: 'Aucune application Discord n’est configurée pour ce panneau. Son administrateur doit définir DISCORD_CLIENT_ID et DISCORD_CLIENT_SECRET.',
      },
      unreachable: {
        title: 'Le panneau n’a pas pu joindre le cœur',
        body: 'Vérifiez que le cœur fonctionne et que vous êtes en ligne, puis réessayez.',
      },
      other: {
        title: 'La connexion a échoué',
        body: 'Un problème est survenu pendant la connexion. Réessayez ; si cela échoue encore, transmettez le code ci-dessous à l’administrateur du panneau.',
      },
    },
  },
  user: {
    menu: 'Compte de {name}',
    superAdmin: 'Super-administrateur',
    logout: 'Se déconnecter',
  },
  schemaForm: {
    requiredLabel: '{label} (obligatoire)',
    none: 'Aucune valeur',
    noFields: 'Ce modèle n’a aucun réglage à remplir.',
    errors: {
      PN_WEB_INSTALL_TIMEOUT:
        'Le bot n’a pas encore rejoint le serveur Discord. Acceptez l’invitation dans Discord, puis réessayez.',
      required: 'Ce champ est obligatoire.',
      integer: 'Saisissez un nombre entier.',
      number: 'Saisissez un nombre.',
      boolean: 'Choisissez activé ou désactivé.',
      minLength:
        'Saisissez au moins un caractère. | Saisissez au moins {n} caractère. | Saisissez au moins {n} caractères.',
      maxLength:
        'Laissez ce champ vide. | Saisissez au plus {n} caractère. | Saisissez au plus {n} caractères.',
      minimum: 'Saisissez {limit} ou plus.',
      maximum: 'Saisissez {limit} ou moins.',
      exclusiveMinimum: 'Saisissez plus de {limit}.',
      exclusiveMaximum: 'Saisissez moins de {limit}.',
      pattern: 'La valeur n’a pas la forme attendue ({pattern}).',
      forbiddenPattern: 'Cette forme n’est pas autorisée ({pattern}).',
      enum: 'Choisissez parmi : {values}.',
      const: 'La valeur doit être {value}.',
      accept: 'Activez ceci pour continuer.',
      unknown: 'Ce paramètre n’existe pas dans ce modèle.',
    },
  },
  tenants: {
    title: 'Serveurs Discord',
    subtitle:
      'Chaque serveur Discord avec Pteronimbus est un espace à part, avec ses propres serveurs et accès.',
    mine: 'Vos serveurs avec Pteronimbus',
    error: 'Impossible de charger vos serveurs Discord',
    empty: {
      title: 'Aucun serveur Discord pour l’instant',
      body: 'Vous n’êtes dans aucun serveur Discord avec Pteronimbus et n’en gérez aucun où l’ajouter. Demandez à un admin du serveur de l’ajouter.',
    },
    installable: {
      title: 'Ajouter Pteronimbus à un serveur Discord',
      lead: 'Les serveurs que vous possédez ou pouvez gérer. L’ajout invite le bot ; il ne demande aucun droit d’admin.',
      none: 'Aucun serveur Discord que vous gérez n’est sans Pteronimbus.',
      error: 'Impossible de charger les serveurs Discord que vous gérez',
      previously: 'Déjà configuré auparavant ; ses réglages sont conservés',
      add: 'Ajouter au serveur Discord',
      addTo: 'Ajouter au serveur Discord : {name}',
    },
    install: {
      title: 'Ajout de Pteronimbus à {name}',
      steps: {
        invite: 'Inviter le bot dans le nouvel onglet',
        waiting: 'Attente de l’arrivée du bot',
        creating: 'Création de l’espace du serveur',
      },
      state: {
        pending: 'pas commencé',
        active: 'en cours',
        done: 'terminé',
        failed: 'échoué',
      },
      waitingHint: 'Acceptez l’invitation dans l’onglet Discord. Cette page continue d’elle-même.',
      openInvite: 'Rouvrir l’invitation',
      cancel: 'Annuler',
      timeoutTitle: 'Le bot n’a pas encore rejoint',
      failedTitle: 'L’ajout de Pteronimbus a échoué',
    },
    switcher: {
      label: 'Serveur Discord actuel : {name}. Changer de serveur',
      all: 'Tous les serveurs Discord',
    },
    nav: {
      section: 'Ce serveur Discord',
      dashboard: 'Vue d’ensemble',
      access: 'Rôles et accès',
      audit: 'Journal d’audit',
      settings: 'Paramètres',
      missing: 'Nécessite la permission {permission}',
    },
    settings: {
      title: 'Paramètres',
      subtitle: 'Le comportement de Pteronimbus dans ce serveur Discord.',
      general: 'Général',
      nameOverride: 'Nom affiché',
      nameOverrideHint:
        'Affiché dans le panneau à la place du nom du serveur Discord ({name}). Laissez vide pour utiliser ce nom.',
      cluster: 'Cluster par défaut',
      clusterHint:
        'Les nouveaux serveurs de jeu vont dans ce cluster, sauf si leur créateur en choisit un autre.',
      clusterNone: 'Aucun : Pteronimbus choisit',
      clusterMissing: '{id} (n’est plus approuvé)',
      clusterConnected: 'Connecté',
      clusterDisconnected: 'Pas connecté en ce moment',
      clustersFailed:
        'La liste des clusters n’a pas pu être chargée ({code}). Saisissez plutôt l’ID du cluster.',
      notifications: 'Messages du bot',
      channel: 'Salon de notifications',
      channelHint:
        'Là où le bot publie l’état des serveurs. La liste montre les salons textuels et d’annonces que le bot peut voir.',
      channelNone: 'Aucun : pas de notifications',
      channelMissing: '{id} (n’existe plus dans Discord)',
      channelAnnouncement: 'Salon d’annonces',
      channelsFailed:
        'La liste des salons n’a pas pu être chargée ({code}). Saisissez plutôt l’ID du salon (mode développeur dans Discord, clic droit sur le salon, Copier l’identifiant).',
      quotas: 'Limites de ressources',
      quotasLead:
        'Limites pour l’ensemble des serveurs de jeu de ce serveur Discord. Un champ vide signifie le plafond fixé par les administrateurs de ce panneau ; un quota ne peut qu’être plus bas.',
      quota: {
        servers: 'Serveurs de jeu',
        cpuMillicores: 'CPU (millicœurs)',
        memoryMb: 'Mémoire (Mo)',
        diskGb: 'Stockage (Go)',
      },
      cpuHint: '1000 millicœurs font un cœur de CPU.',
      noLimit: 'Jusqu’au plafond',
      defaults:
        'Rien n’est encore personnalisé : chaque paramètre ci-dessous utilise sa valeur par défaut.',
      invalid: {
        tooLong: '{max} caractères au plus.',
        channelId: 'Un ID de salon Discord compte de 5 à 25 chiffres.',
        wholeNumber: 'Un nombre entier, 0 ou plus.',
        tooLarge: '{max} au plus.',
      },
      save: 'Enregistrer',
      discard: 'Annuler les modifications',
      unsaved: 'Vous avez des modifications non enregistrées.',
      fixProblems: 'Corrigez les champs signalés pour enregistrer.',
      saved: 'Paramètres enregistrés.',
      saveError: 'Impossible d’enregistrer les paramètres',
      loadError: 'Impossible de charger les paramètres',
      leaveConfirm: 'Vous avez des paramètres non enregistrés. Partir et les perdre ?',
      forbidden: {
        title: 'Vous ne pouvez pas modifier les paramètres de ce serveur Discord',
        body: 'Les admins du serveur (le propriétaire et les membres avec Administrateur, Gérer le serveur ou Gérer les rôles) le peuvent. Demandez à l’un d’eux, ou demandez la permission ci-dessous.',
        permission: 'Permission nécessaire',
      },
      danger: {
        title: 'Zone de danger',
        uninstallTitle: 'Retirer Pteronimbus de ce serveur Discord',
        uninstallLead:
          'Il disparaît aussitôt du panneau, pour tout le monde. Vous pourrez l’ajouter à nouveau plus tard.',
        ownerOnly: 'Seul le propriétaire du serveur Discord peut retirer Pteronimbus.',
        uninstall: 'Retirer Pteronimbus…',
        dialogTitle: 'Retirer Pteronimbus de {name}',
        botStays:
          'Le bot reste dans le serveur Discord jusqu’à ce que quelqu’un le retire dans Discord.',
        dataChoice: 'Ce que deviennent les données',
        keep: 'Garder les données',
        keepHint:
          'Les serveurs de jeu sont arrêtés, leurs fichiers conservés. Les paramètres, les associations de rôles et le journal d’audit restent stockés ; ajouter Pteronimbus à nouveau rétablit le tout.',
        delete: 'Supprimer les données',
        deleteHint:
          'Les serveurs de jeu sont supprimés avec leurs fichiers. Les paramètres, les associations de rôles, les modèles, le journal d’audit et les données de chaque plugin pour ce serveur Discord sont supprimés définitivement.',
        confirmLabel: 'Saisissez {name} pour confirmer',
        mismatch: 'Saisissez le nom du serveur Discord exactement comme affiché.',
        confirm: 'Retirer Pteronimbus',
        cancel: 'Annuler',
        error: 'Impossible de retirer Pteronimbus',
      },
    },
    scope: {
      title: 'Où ces permissions s’appliquent',
      all: 'Sur tous les serveurs de jeu',
      allHint: 'Chaque serveur de jeu de ce serveur Discord, y compris ceux créés plus tard.',
      some: 'Seulement sur des serveurs de jeu choisis',
      someHint: 'Seulement sur les serveurs de jeu choisis ci-dessous.',
      servers: 'Serveurs de jeu',
      loading: 'Chargement des serveurs de jeu',
      none: 'Ce serveur Discord n’a pas encore de serveur de jeu : une association ne peut donc s’appliquer qu’à tous. Dès qu’il y aura des serveurs, vous pourrez la restreindre.',
      forbidden:
        'Restreindre à des serveurs demande la liste des serveurs de jeu, qui demande la permission {permission}.',
      loadError: 'Impossible de charger les serveurs de jeu',
      pickOne: 'Choisissez au moins un serveur de jeu, ou tous les serveurs de jeu.',
      removed: 'Serveur supprimé ({id})',
      everywhere: 'sur tous les serveurs de jeu',
      onServers: 'sur {servers}',
      elsewhere: 'Seulement sur certains serveurs de jeu',
    },
    shellError: 'Impossible d’ouvrir ce serveur Discord',
  },
  dashboard: {
    syncTitle: 'Synchronisation Discord',
    subtitle: 'Serveurs de jeu, activité récente et synchronisation avec Discord.',
    members: 'Membres synchronisés',
    roles: 'Rôles',
    lastSync: 'Dernière synchronisation',
    never: 'Pas encore synchronisé',
    syncNow: 'Synchroniser',
    syncing: 'Synchronisation avec Discord…',
    syncDone: '{members} membres et {roles} rôles synchronisés en {seconds} s.',
    syncFailed: 'La synchronisation a échoué',
    lastError: 'La dernière synchronisation a échoué : {message}',
    statusError: 'Impossible de charger l’état de la synchronisation',
    statusForbidden: 'Voir les membres et les rôles nécessite la permission {permission}.',
    quickLinks: 'Aller à',
    installedAt: 'Pteronimbus ajouté {time}',
    servers: {
      title: 'Serveurs de jeu',
      viewAll: 'Tous les serveurs',
      total: 'Aucun serveur | {n} serveur | {n} serveurs',
      state: {
        running: 'En marche',
        starting: 'Démarrage ou installation',
        stopped: 'Arrêtés',
        failed: 'En échec',
        stale: 'Pas à jour',
        unknown: 'Pas encore signalés',
      },
      staleHint: 'Leur cluster ne répond plus : ce qui est affiché peut être ancien.',
      players: 'Joueurs en ligne',
      playersOf:
        'Aucun serveur ne signale de joueurs | Signalé par {n} serveur | Signalé par {n} serveurs',
      playersNone: 'Non signalé',
      playersHidden: 'Voir les joueurs demande la permission {permission}.',
      attention: 'À surveiller',
      attentionNone: 'Rien à signaler : aucun serveur en échec ou pas à jour.',
      error: 'Les serveurs de jeu n’ont pas pu être chargés',
      forbidden: 'Voir les serveurs de jeu demande la permission {permission}.',
      empty: {
        title: 'Pas encore de serveur de jeu',
        body: 'Créez-en un à partir d’un modèle : choisissez un jeu, remplissez ses réglages, et le cluster l’installe.',
      },
      create: 'Créer un serveur',
      createDenied: 'Créer des serveurs demande la permission {permission}.',
    },
    activity: {
      title: 'Activité récente',
      viewAll: 'Journal d’audit',
      empty: 'Rien ne s’est encore passé sur ce serveur Discord.',
      error: 'L’activité récente n’a pas pu être chargée',
      forbidden: 'Voir l’activité récente demande la permission {permission}.',
    },
  },
  access: {
    title: 'Rôles et accès',
    subtitle: 'Ce que chaque rôle Discord peut faire dans Pteronimbus.',
    roles: 'Rôles Discord',
    roleSearch: 'Chercher un rôle',
    noRoleMatch: 'Aucun rôle ne correspond.',
    roleChanged: 'modifié',
    discordAdmin: 'Admin via Discord',
    everyone: 'tout le serveur',
    granted: '{n} droit accordé | {n} droits accordés',
    adminNote:
      'Les membres ayant ce rôle sont admins via Discord : ils ont chaque permission marquée comme implicite, quoi qu’il soit associé ici.',
    everyoneNote: 'Ce que vous accordez ici, chaque membre du serveur Discord le reçoit.',
    search: 'Chercher des permissions',
    noMatch: 'Aucune permission ne correspond à la recherche.',
    selectGroup: 'Sélectionner toutes les permissions de {group}',
    implied: 'détenue en tant qu’admin Discord',
    notMappable: 'vient uniquement de Discord',
    notHeld: 'vous ne la détenez pas vous-même, vous ne pouvez donc pas l’accorder',
    aboveYou:
      'Ce rôle est au niveau de votre rôle Discord le plus élevé ou au-dessus : comme dans Discord, vous ne pouvez modifier que les rôles en dessous du vôtre.',
    save: 'Enregistrer',
    discard: 'Annuler les modifications',
    unsaved:
      '{n} rôle a des modifications non enregistrées. | {n} rôles ont des modifications non enregistrées.',
    saved: 'Enregistré.',
    saveError: 'Les modifications n’ont pas pu être enregistrées',
    loadError: 'Les rôles et permissions n’ont pas pu être chargés',
    readOnly: 'Vous pouvez consulter, mais modifier l’accès demande la permission {permission}.',
    leaveConfirm: 'Des modifications de rôles ne sont pas enregistrées. Quitter et les perdre ?',
    empty: {
      title: 'Aucun rôle synchronisé',
      body: 'Pteronimbus n’a pas encore lu les rôles de ce serveur Discord. Lancez une synchronisation depuis l’aperçu.',
    },
    forbidden: {
      title: 'Vous ne pouvez pas voir les rôles et accès ici',
      body: 'Demandez à un admin de ce serveur Discord de vous accorder la permission ci-dessous.',
      permission: 'Permission requise',
    },
    effective: {
      title: 'Permissions effectives',
      lead: 'Choisissez un membre pour voir ce qu’il peut faire, et pourquoi.',
      member: 'Chercher un membre',
      noMatch: 'Aucun membre ne correspond.',
      error: 'Les permissions de ce membre n’ont pas pu être chargées',
      roles: 'Ses rôles',
      none: 'Ce membre n’a aucune permission.',
      viaAdmin: 'en tant qu’admin via Discord',
      viaRoles: 'via {roles}',
      granted: 'accordée',
    },
  },
  permissions: {
    groups: {
      servers: 'Serveurs de jeu',
      console: 'Console et journaux',
      files: 'Fichiers',
      templates: 'Modèles',
      tenant: 'Ce serveur Discord',
    },
    server: {
      read: {
        label: 'Voir les serveurs de jeu',
        description: 'Lister les serveurs de jeu et leur état.',
      },
      create: {
        label: 'Créer des serveurs de jeu',
        description: 'Mettre en place de nouveaux serveurs de jeu.',
      },
      update: {
        label: 'Modifier les serveurs de jeu',
        description: 'Changer les réglages et les ressources.',
      },
      delete: {
        label: 'Supprimer des serveurs de jeu',
        description: 'Retirer des serveurs de jeu et leurs données.',
      },
      start: {
        label: 'Démarrer les serveurs de jeu',
        description: 'Démarrer les serveurs arrêtés.',
      },
      stop: {
        label: 'Arrêter les serveurs de jeu',
        description: 'Arrêter les serveurs en marche.',
      },
      restart: {
        label: 'Redémarrer les serveurs de jeu',
        description: 'Redémarrer les serveurs en marche.',
      },
      console: {
        read: {
          label: 'Lire la console',
          description: 'Suivre la sortie de la console en direct.',
        },
        write: {
          label: 'Envoyer des commandes',
          description: 'Taper des commandes dans la console.',
        },
      },
      logs: {
        read: {
          label: 'Lire les journaux',
          description: 'Lire et télécharger les anciens journaux.',
        },
      },
      metrics: {
        read: {
          label: 'Voir les mesures',
          description: 'Voir le CPU, la mémoire et le nombre de joueurs.',
        },
      },
      files: {
        read: {
          label: 'Parcourir les fichiers',
          description: 'Parcourir et télécharger les fichiers du serveur.',
        },
        write: {
          label: 'Modifier les fichiers',
          description: 'Envoyer, modifier et supprimer les fichiers du serveur.',
        },
      },
    },
    template: {
      read: { label: 'Voir les modèles', description: 'Parcourir la bibliothèque de modèles.' },
      manage: {
        label: 'Gérer les modèles',
        description: 'Importer, modifier et retirer des modèles.',
      },
    },
    tenant: {
      members: {
        read: {
          label: 'Voir membres et rôles',
          description: 'Voir les membres et rôles synchronisés.',
        },
      },
      roles: {
        manage: {
          label: 'Gérer les accès',
          description: 'Associer des rôles Discord à des permissions.',
        },
      },
      settings: {
        manage: {
          label: 'Gérer les réglages',
          description: 'Changer les réglages de ce serveur Discord.',
        },
      },
    },
    audit: {
      read: {
        label: 'Lire le journal d’audit',
        description: 'Voir qui a changé quoi, et quand.',
      },
    },
  },
  audit: {
    title: 'Journal d’audit',
    subtitle: 'Qui a changé quoi dans ce serveur Discord, du plus récent au plus ancien.',
    filters: 'Filtrer le journal d’audit',
    actor: 'Auteur (ID Discord)',
    action: 'Action effectuée',
    actionHint: 'Exacte, ou un préfixe terminé par *',
    targetType: 'Type de cible',
    targetId: 'ID de la cible',
    from: 'Du',
    to: 'Au',
    apply: 'Appliquer les filtres',
    reset: 'Effacer les filtres',
    loadMore: 'Charger plus',
    override: 'Intervention de super admin',
    error: 'Le journal d’audit n’a pas pu être chargé',
    moreError: 'Les entrées suivantes n’ont pas pu être chargées',
    empty: {
      title: 'Rien d’enregistré pour l’instant',
      body: 'Les changements faits dans ce serveur Discord apparaissent ici.',
    },
    emptyFiltered: {
      title: 'Aucune entrée ne correspond',
      body: 'Rien ne correspond à ces filtres. Élargissez la période ou effacez les filtres.',
    },
    forbidden: {
      title: 'Vous ne pouvez pas lire le journal d’audit ici',
      body: 'Demandez à un admin de ce serveur Discord de vous accorder la permission ci-dessous.',
    },
    actorType: { user: 'Un utilisateur', bot: 'Le bot', system: 'Pteronimbus (système)' },
    source: {
      web: 'panneau web',
      bot: 'bot Discord',
      api: 'interface de programmation',
      system: 'système',
      operator: 'opérateur',
    },
  },
  states: {
    loading: 'Chargement…',
    retry: 'Réessayer',
    errorCode: 'Code d’erreur',
    requestId: 'ID de requête',
  },
  errors: {
    PN_WEB_NETWORK:
      'Le panneau n’a pas pu joindre le cœur. Vérifiez que le cœur fonctionne et que vous êtes en ligne.',
    PN_WEB_BAD_RESPONSE: 'Le cœur a répondu avec un contenu que le panneau ne sait pas lire.',
    PN_WEB_ABORTED: 'La requête a été annulée.',
    PN_WEB_FILE_TOO_LARGE: 'Le fichier dépasse 1 Mio ; il n’a donc pas été envoyé.',
    PN_WEB_FILE_UNREADABLE: 'Le navigateur n’a pas pu lire le fichier.',
    fallback: 'Le cœur a signalé une erreur.',
    PN_SERVER_PARAMETER_LOCKED:
      'Seules les personnes qui gèrent les modèles peuvent modifier ces réglages ; ils gardent la valeur donnée par le modèle.',
  },
  notFound: {
    title: 'Page introuvable',
    body: 'Il n’y a rien à l’adresse {path}. Le lien est peut-être obsolète ou mal saisi.',
    home: 'Retour à la page d’accueil',
  },
  servers,
  server,
  limits,
};
