/**
 * English messages: the master schema every other locale is checked against. Plugin strings
 * live under `plugins.<pluginId>.*` and arrive with the plugin.
 */
export const en = {
  app: {
    name: 'Pteronimbus',
    tagline: 'Game servers on Kubernetes, run from Discord',
    skipToContent: 'Skip to content',
  },
  nav: {
    main: 'Main navigation',
    toggle: 'Show or hide navigation',
    home: 'Home',
    administration: 'Administration',
    system: 'System',
    pluginSection: 'From plugins',
    breadcrumbs: 'Breadcrumb',
  },
  theme: {
    label: 'Theme',
    light: 'Light',
    dark: 'Dark',
    system: 'Match system',
  },
  language: {
    label: 'Language',
  },
  home: {
    title: 'Welcome to Pteronimbus',
    lead: 'Pteronimbus runs game servers as pods on your Kubernetes clusters. Each Discord server is its own space, and what people may do follows the roles they hold there.',
    points: {
      kubernetesTitle: 'Native to Kubernetes',
      kubernetesBody: 'An operator in each cluster reconciles your servers, even behind NAT.',
      discordTitle: 'Built around Discord',
      discordBody: 'Sign in with Discord; guild admins map roles to permissions.',
      pluginsTitle: 'Games as plugins',
      pluginsBody:
        'Game plugins turn Pterodactyl eggs into templates, so most games work from day one.',
    },
    signInTitle: 'Sign in',
    signInPending:
      'Sign-in with Discord is not part of this build yet. Until it is, the system overview shows what this panel runs.',
    openSystem: 'Open system overview',
  },
  system: {
    title: 'System',
    subtitle: 'The core of this panel and the plugins it loaded.',
    refresh: 'Refresh',
    updatedAt: 'Updated at {time}',
    core: {
      title: 'Core',
      version: 'Version',
      apiVersion: 'API version',
      sdkVersion: 'SDK version',
    },
    plugins: {
      title: 'Plugins',
      count: 'No plugins | {n} plugin | {n} plugins',
      name: 'Name',
      version: 'Version',
      description: 'Description',
      dependencies: 'Depends on',
      permissions: 'Permissions',
      permissionCount: 'No permissions | {n} permission | {n} permissions',
      noDescription: 'No description provided.',
      noDependencies: 'None',
    },
    empty: {
      title: 'No plugins loaded',
      body: 'Core is running on its own. Name plugin packages in PTERONIMBUS_PLUGINS and restart core to add games, Discord sign-in and more.',
    },
    error: {
      title: 'The system overview could not be loaded',
    },
  },
  states: {
    loading: 'Loading…',
    retry: 'Try again',
    errorCode: 'Error code',
    requestId: 'Request ID',
  },
  errors: {
    PN_WEB_NETWORK:
      'The panel could not reach core. Check that core is running and that you are online.',
    PN_WEB_BAD_RESPONSE: 'Core answered with something the panel could not read.',
    PN_WEB_ABORTED: 'The request was cancelled.',
    fallback: 'Core reported an error.',
  },
  pluginPage: {
    providedBy: 'Provided by {plugin}',
    unavailable:
      'This page belongs to a plugin. Plugin pages are not rendered by this version of the panel yet.',
  },
  notFound: {
    title: 'Page not found',
    body: 'Nothing lives at {path}. The link may be outdated or mistyped.',
    home: 'Back to the start page',
  },
};
