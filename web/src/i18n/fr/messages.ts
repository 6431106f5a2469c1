import type { MessageSchema } from '../schema.ts';

/** French messages. */
export const fr: MessageSchema = {
  app: {
    name: 'Pteronimbus',
    tagline: 'Des serveurs de jeu sur Kubernetes, pilotés depuis Discord',
    skipToContent: 'Aller au contenu',
  },
  nav: {
    main: 'Navigation principale',
    toggle: 'Afficher ou masquer la navigation',
    home: 'Accueil',
    administration: 'Administration',
    system: 'Système',
    pluginSection: 'Ajouts des plugins',
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
    signInTitle: 'Connexion',
    signInPending:
      'La connexion avec Discord ne fait pas encore partie de cette version. En attendant, la vue d’ensemble du système montre ce que ce panneau exécute.',
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
    fallback: 'Le cœur a signalé une erreur.',
  },
  pluginPage: {
    providedBy: 'Fourni par {plugin}',
    unavailable:
      'Cette page appartient à un plugin. Cette version du panneau n’affiche pas encore les pages de plugins.',
  },
  notFound: {
    title: 'Page introuvable',
    body: 'Il n’y a rien à l’adresse {path}. Le lien est peut-être obsolète ou mal saisi.',
    home: 'Retour à la page d’accueil',
  },
};
