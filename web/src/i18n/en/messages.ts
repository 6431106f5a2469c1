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
    templates: 'Templates',
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
    signedInAs: 'Signed in as {name}',
    superAdminLead: 'You are a super admin: you manage the global template library and the system.',
    memberLead:
      'You are in no Discord servers this panel knows yet. | You are in {n} Discord server this panel knows. | You are in {n} Discord servers this panel knows.',
    signInUnavailableTitle: 'Sign-in is not set up',
    signInUnavailable:
      'This panel runs without the Discord sign-in plugin, so it shows only what anyone may see.',
    openTemplates: 'Open template library',
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
  login: {
    title: 'Sign in',
    heading: 'Sign in to Pteronimbus',
    lead: 'Run game servers on your Kubernetes clusters and manage them from Discord. Your Discord roles decide what you may do.',
    continue: 'Continue with Discord',
    openPanel: 'Open the panel',
    privacy:
      'Discord tells the panel who you are and which servers you are in. The panel never posts as you and never sees your password.',
    pointsLabel: 'What Pteronimbus does',
    points: {
      kubernetes: 'Servers run as pods on your clusters',
      discord: 'Permissions follow Discord roles',
      games: 'Pterodactyl and Pelican eggs work',
    },
    notices: {
      denied: {
        title: 'Sign-in cancelled',
        body: 'You declined on Discord, so nothing was shared. Continue with Discord when you are ready.',
      },
      expired: {
        title: 'Your session has ended',
        body: 'You were signed out, for example after a long time away. Sign in again to continue where you were.',
      },
      discordUnavailable: {
        title: 'Discord could not be reached',
        body: 'Discord did not answer the sign-in. This is usually brief: try again in a minute.',
      },
      stale: {
        title: 'The sign-in took too long',
        body: 'The sign-in link expired or was used twice. Start again from this page.',
      },
      deactivated: {
        title: 'This account is deactivated',
        body: 'An administrator of this panel deactivated your account. Ask them to restore it.',
      },
      rateLimited: {
        title: 'Too many attempts',
        body: 'Sign-in was tried too often from here. Wait a minute, then try again.',
      },
      notConfigured: {
        title: 'Sign-in is not set up',
        body: 'This panel has no Discord application configured. Its administrator needs to set DISCORD_CLIENT_ID and DISCORD_CLIENT_SECRET.',
      },
      unreachable: {
        title: 'The panel could not reach core',
        body: 'Check that core is running and that you are online, then try again.',
      },
      other: {
        title: 'Sign-in failed',
        body: 'Something went wrong while signing in. Try again; if it keeps failing, give the code below to the panel’s administrator.',
      },
    },
  },
  user: {
    menu: 'Account of {name}',
    superAdmin: 'Super admin',
    logout: 'Sign out',
  },
  schemaForm: {
    requiredLabel: '{label} (required)',
    none: 'None',
    noFields: 'This template has no settings to fill in.',
    errors: {
      required: 'This field is required.',
      integer: 'Enter a whole number.',
      number: 'Enter a number.',
      boolean: 'Choose on or off.',
      minLength:
        'Enter at least one character. | Enter at least {n} character. | Enter at least {n} characters.',
      maxLength: 'Leave this empty. | Enter at most {n} character. | Enter at most {n} characters.',
      minimum: 'Enter {limit} or more.',
      maximum: 'Enter {limit} or less.',
      exclusiveMinimum: 'Enter more than {limit}.',
      exclusiveMaximum: 'Enter less than {limit}.',
      pattern: 'This does not have the expected form ({pattern}).',
      forbiddenPattern: 'This has a form that is not allowed ({pattern}).',
      enum: 'Choose one of: {values}.',
      const: 'This must be {value}.',
    },
  },
  templates: {
    title: 'Templates',
    subtitle:
      'How each game runs. Global templates are offered to every Discord server on this panel.',
    import: 'Import eggs',
    search: 'Search templates',
    game: 'Game',
    allGames: 'All games',
    scope: 'Library',
    scopes: {
      all: 'All templates',
      global: 'Global only',
      tenant: 'This server only',
    },
    scopeBadge: {
      tenant: 'Server',
    },
    count: 'No templates | {n} template | {n} templates',
    version: 'Version {n}',
    loadMore: 'Load more',
    gameCount: 'No templates | {n} template | {n} templates',
    empty: {
      title: 'No templates yet',
      body: 'A template says how to run one game: images, start command, settings. Import a Pterodactyl or Pelican egg to create the first.',
    },
    noResults: {
      title: 'No template matches',
      body: 'Try other words, or clear the search and filters.',
      clear: 'Clear search and filters',
    },
    error: {
      title: 'The templates could not be loaded',
    },
    forbidden: {
      title: 'You cannot open these templates',
      body: 'This needs the {permission} permission. Global templates are managed by the panel’s super admins; a super admin can grant access.',
      missing: 'Missing permission',
    },
    importDialog: {
      title: 'Import eggs',
      lead: 'Pterodactyl (PTDL_v1, PTDL_v2) and Pelican (PLCN) eggs, as JSON or YAML. Each egg becomes a template; a broken egg does not stop the others.',
      tabs: {
        files: 'Files',
        paste: 'Paste',
        url: 'From a URL',
      },
      drop: 'Drop egg files here',
      dropHint: 'or choose files; up to {n} at a time, 1 MiB each',
      choose: 'Choose files',
      selected: 'No files selected | {n} file selected | {n} files selected',
      remove: 'Remove {name}',
      pasteLabel: 'Egg as JSON or YAML',
      urlLabel: 'https address of an egg',
      urlHint: 'The panel fetches it itself; only public https addresses are allowed.',
      noteLabel: 'Note for the version history (optional)',
      submit: 'Import',
      cancel: 'Cancel',
      close: 'Close',
      again: 'Import more',
      progress: 'Importing {done} of {total}…',
      summary: 'Nothing was imported. | {n} template imported. | {n} templates imported.',
      failedSummary: 'No egg failed. | {n} egg failed. | {n} eggs failed.',
      eggLabel: 'Egg {n}',
      format: 'Format',
      provider: 'Refined by',
      noWarnings: 'Converted exactly, nothing to report.',
      warnings: 'No warnings | {n} warning | {n} warnings',
      at: 'at',
      nothingToImport: 'Add at least one egg first.',
    },
    warningCodes: {
      EGG_PARSER_UNSUPPORTED:
        'A config file uses a format the panel cannot edit, so the panel leaves that file as the game writes it.',
      EGG_PLACEHOLDER_UNKNOWN:
        'A value refers to a setting of another panel that Pteronimbus does not have; it is written literally.',
      EGG_FEATURE_UNSUPPORTED:
        'The egg asks for a panel feature Pteronimbus does not offer; servers run without it.',
      EGG_STOP_SIGNAL_UNKNOWN:
        'The stop command names a signal the panel does not know; servers are stopped the standard way.',
      EGG_READINESS_REGEX_INVALID:
        'The console line that means “started” is a pattern that could not be read; that rule is left out.',
      EGG_STARTUP_VARIABLE_UNKNOWN:
        'The start command uses a variable the egg does not define; it will be empty.',
      EGG_VARIABLE_DUPLICATE:
        'The egg defines the same variable twice; the first definition is used.',
      EGG_DEFAULT_INVALID:
        'A variable’s default value breaks its own rules; whoever creates a server must change it.',
      EGG_INSTALL_IMAGE_MISSING:
        'The install script names no container image; it runs in the game’s own image.',
      EGG_RULE_UNKNOWN: 'A validation rule is unknown to the panel; it is kept but not checked.',
      EGG_RULE_ALIAS:
        'A validation rule was written in another form; the panel uses its equivalent.',
      EGG_RULE_INVALID: 'A validation rule is malformed, so it is ignored.',
      EGG_RULE_NOT_ENFORCED:
        'A validation rule cannot be checked in a form (it depends on a database or on other fields); it is not enforced.',
      EGG_REGEX_UNCONVERTIBLE:
        'A pattern rule uses PHP regular-expression syntax with no equivalent here; it is not enforced.',
      other: 'Something in the egg did not carry over exactly.',
    },
    importErrors: {
      PN_EGG_INVALID: 'The egg could not be read. The path shows where the problem is.',
      PN_TEMPLATE_INVALID: 'The egg converted into a template that is not valid.',
      PN_TEMPLATE_URL_FORBIDDEN:
        'That address is not allowed: only public https addresses can be imported from.',
      PN_TEMPLATE_URL_FAILED: 'The address could not be fetched.',
      PN_TEMPLATE_URL_TIMEOUT: 'The address did not answer within 10 seconds.',
      PN_TEMPLATE_IMPORT_TOO_LARGE: 'The egg is larger than 1 MiB.',
      PN_TEMPLATE_UNSTORABLE: 'The egg contains text that cannot be stored (a NUL character).',
    },
    detail: {
      title: 'Template',
      export: 'Export',
      exportAs: 'Export as {format}',
      delete: 'Delete',
      tabs: {
        parameters: 'Settings',
        spec: 'How it runs',
        versions: 'Versions',
      },
      parametersLead:
        'The form someone creating a server from this template fills in. Values become environment variables.',
      hiddenParameters:
        'No setting is hidden from server creators. | {n} setting is hidden from server creators. | {n} settings are hidden from server creators.',
      checkForm: 'Check the form',
      formValid: 'Every value is valid.',
      error: {
        title: 'The template could not be loaded',
      },
      notFound: {
        title: 'Template not found',
        body: 'It may have been deleted, or the link is wrong.',
        back: 'Back to the library',
      },
      spec: {
        images: 'Container images',
        defaultImage: 'default',
        startup: 'Start command',
        variants: 'Other start commands',
        ports: 'Ports',
        portName: 'Name',
        portNumber: 'Port',
        protocol: 'Protocol',
        portVariable: 'Variable',
        noPorts: 'No ports declared.',
        stop: 'Stop',
        stopCommand: 'Console command {command}',
        stopSignal: 'Signal {signal}',
        readiness: 'Started when the console shows',
        regex: 'pattern',
        noReadiness: 'No rule: the server counts as started as soon as it runs.',
        install: 'Install script',
        installImage: 'Runs in {image} with {entrypoint}',
        noInstall: 'No install step.',
        configFiles: 'Config files patched before each start',
        noConfigFiles: 'No config files are patched.',
        parser: 'format {parser}',
        replacement: 'set {match} to {value}',
        resources: 'Default resources',
        cpu: 'CPU',
        cpuValue: '{n} millicores',
        memory: 'Memory',
        disk: 'Disk',
        mib: '{n} MiB',
        environment: 'Fixed environment',
        features: 'Features',
      },
      versions: {
        title: 'Version history',
        current: 'current',
        by: 'by {user}',
        system: 'by the panel',
        note: 'Note',
        warnings: 'No warnings | {n} warning | {n} warnings',
        compare: 'Compare',
        from: 'From version',
        to: 'To version',
        option: 'Version {n}',
        rollback: 'Roll back to this version',
        rollbackTitle: 'Roll back to version {n}?',
        rollbackBody:
          'This adds a new version equal to version {n}. No version is removed, so you can undo it the same way. Servers keep their version until they are moved.',
        rollbackConfirm: 'Roll back',
        error: 'The versions could not be loaded',
      },
      diff: {
        title: 'Changes from version {from} to version {to}',
        none: 'These versions are identical.',
        added: 'added',
        removed: 'removed',
        changed: 'changed',
        before: 'Before',
        after: 'After',
        error: 'The comparison could not be loaded',
        count: 'No changes | {n} change | {n} changes',
      },
      deleteDialog: {
        title: 'Delete {name}?',
        body: 'The template disappears from the library and its short name becomes free. Its versions are kept for the record, but it cannot be restored from the panel.',
        confirmLabel: 'Type {name} to confirm',
        confirm: 'Delete template',
        inUseTitle: 'This template is in use',
        inUseBody:
          'Servers still run on it, so it cannot be deleted. Move them to another template first.',
        users: 'Used by',
      },
      actionFailed: 'The action failed',
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
    PN_WEB_FILE_TOO_LARGE: 'The file is larger than 1 MiB, so it was not sent.',
    PN_WEB_FILE_UNREADABLE: 'The browser could not read the file.',
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
