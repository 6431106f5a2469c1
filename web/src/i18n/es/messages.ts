import type { MessageSchema } from '../schema.ts';
import { server } from './server.ts';
import { servers } from './servers.ts';
import { limits } from './limits.ts';

/** Spanish messages. */
export const es: MessageSchema = {
  app: {
    name: 'Pteronimbus',
    tagline: 'Servidores de juegos en Kubernetes, gestionados desde Discord',
    skipToContent: 'Saltar al contenido',
  },
  nav: {
    tenants: 'Servidores de Discord',
    main: 'Navegación principal',
    toggle: 'Mostrar u ocultar la navegación',
    home: 'Inicio',
    administration: 'Administración',
    system: 'Sistema',
    breadcrumbs: 'Ruta de navegación',
  },
  theme: {
    label: 'Tema',
    light: 'Claro',
    dark: 'Oscuro',
    system: 'Según el sistema',
  },
  language: {
    label: 'Idioma',
  },
  home: {
    title: 'Te damos la bienvenida a Pteronimbus',
    lead: 'Pteronimbus ejecuta servidores de juegos como pods en tus clústeres de Kubernetes. Cada servidor de Discord tiene su propio espacio, y lo que cada persona puede hacer depende de los roles que tiene allí.',
    points: {
      kubernetesTitle: 'Nativo de Kubernetes',
      kubernetesBody: 'Un operador en cada clúster concilia tus servidores, incluso detrás de NAT.',
      discordTitle: 'Pensado para Discord',
      discordBody:
        'Inicia sesión con Discord; los administradores del servidor asignan permisos a los roles.',
      pluginsTitle: 'Juegos como plugins',
      pluginsBody:
        'Los plugins de juegos convierten los eggs de Pterodactyl en plantillas, así que la mayoría de los juegos funcionan desde el primer día.',
    },
    signedInAs: 'Sesión iniciada como {name}',
    superAdminLead:
      'Eres superadministrador: gestionas la biblioteca global de plantillas y el sistema.',
    memberLead:
      'No estás en ningún servidor de Discord que este panel conozca. | Estás en {n} servidor de Discord que este panel conoce. | Estás en {n} servidores de Discord que este panel conoce.',
    signInUnavailableTitle: 'El inicio de sesión no está configurado',
    signInUnavailable:
      'Este panel funciona sin el plugin de inicio de sesión con Discord, así que solo muestra lo que cualquiera puede ver.',
    openTemplates: 'Abrir la biblioteca de plantillas',
    openSystem: 'Abrir el resumen del sistema',
  },
  system: {
    title: 'Sistema',
    subtitle: 'El núcleo de este panel y los plugins que ha cargado.',
    refresh: 'Actualizar',
    updatedAt: 'Actualizado a las {time}',
    core: {
      title: 'Núcleo',
      version: 'Versión',
      apiVersion: 'Versión de la API',
      sdkVersion: 'Versión del SDK',
    },
    plugins: {
      title: 'Plugins',
      count: 'Ningún plugin | {n} plugin | {n} plugins',
      name: 'Nombre',
      version: 'Versión',
      description: 'Descripción',
      dependencies: 'Depende de',
      permissions: 'Permisos',
      permissionCount: 'Ningún permiso | {n} permiso | {n} permisos',
      noDescription: 'Sin descripción.',
      noDependencies: 'Ninguna',
    },
    empty: {
      title: 'No hay plugins cargados',
      body: 'El núcleo funciona por sí solo. Indica paquetes de plugins en PTERONIMBUS_PLUGINS y reinicia el núcleo para añadir juegos, el inicio de sesión con Discord y mucho más.',
    },
    error: {
      title: 'No se pudo cargar el resumen del sistema',
    },
  },
  login: {
    title: 'Iniciar sesión',
    heading: 'Inicia sesión en Pteronimbus',
    lead: 'Ejecuta servidores de juegos en tus clústeres de Kubernetes y gestiónalos desde Discord. Tus roles de Discord deciden lo que puedes hacer.',
    continue: 'Continuar con Discord',
    openPanel: 'Abrir el panel',
    privacy:
      'Discord le dice al panel quién eres y en qué servidores estás. El panel nunca publica en tu nombre ni ve tu contraseña.',
    pointsLabel: 'Qué hace Pteronimbus',
    points: {
      kubernetes: 'Los servidores se ejecutan como pods en tus clústeres',
      discord: 'Los permisos siguen los roles de Discord',
      games: 'Los eggs de Pterodactyl y Pelican funcionan',
    },
    notices: {
      denied: {
        title: 'Inicio de sesión cancelado',
        body: 'Lo rechazaste en Discord, así que no se compartió nada. Continúa con Discord cuando quieras.',
      },
      expired: {
        title: 'Tu sesión ha terminado',
        body: 'Se cerró tu sesión, por ejemplo tras mucho tiempo fuera. Vuelve a iniciar sesión para seguir donde estabas.',
      },
      discordUnavailable: {
        title: 'No se pudo contactar con Discord',
        body: 'Discord no respondió al inicio de sesión. Suele ser algo breve: inténtalo de nuevo en un minuto.',
      },
      stale: {
        title: 'El inicio de sesión tardó demasiado',
        body: 'El enlace de inicio de sesión caducó o se usó dos veces. Empieza de nuevo desde esta página.',
      },
      deactivated: {
        title: 'Esta cuenta está desactivada',
        body: 'Un administrador de este panel desactivó tu cuenta. Pídele que la restablezca.',
      },
      rateLimited: {
        title: 'Demasiados intentos',
        body: 'Se intentó iniciar sesión demasiadas veces desde aquí. Espera un minuto y vuelve a intentarlo.',
      },
      notConfigured: {
        title: 'El inicio de sesión no está configurado',
        body: 'Este panel no tiene ninguna aplicación de Discord configurada. Su administrador debe definir DISCORD_CLIENT_ID y DISCORD_CLIENT_SECRET.',
      },
      unreachable: {
        title: 'El panel no pudo contactar con el núcleo',
        body: 'Comprueba que el núcleo está en marcha y que tienes conexión, y vuelve a intentarlo.',
      },
      other: {
        title: 'No se pudo iniciar sesión',
        body: 'Algo salió mal al iniciar sesión. Vuelve a intentarlo; si sigue fallando, pasa el código de abajo al administrador del panel.',
      },
    },
  },
  user: {
    menu: 'Cuenta de {name}',
    superAdmin: 'Superadministrador',
    logout: 'Cerrar sesión',
  },
  schemaForm: {
    requiredLabel: '{label} (obligatorio)',
    none: 'Sin valor',
    noFields: 'Esta plantilla no tiene ajustes que rellenar.',
    errors: {
      PN_WEB_INSTALL_TIMEOUT:
        'El bot aún no se ha unido al servidor de Discord. Acepta la invitación en Discord y vuelve a intentarlo.',
      required: 'Este campo es obligatorio.',
      integer: 'Introduce un número entero.',
      number: 'Introduce un número.',
      boolean: 'Elige activado o desactivado.',
      minLength:
        'Introduce al menos un carácter. | Introduce al menos {n} carácter. | Introduce al menos {n} caracteres.',
      maxLength:
        'Deja este campo vacío. | Introduce como máximo {n} carácter. | Introduce como máximo {n} caracteres.',
      minimum: 'Introduce {limit} o más.',
      maximum: 'Introduce {limit} o menos.',
      exclusiveMinimum: 'Introduce más de {limit}.',
      exclusiveMaximum: 'Introduce menos de {limit}.',
      pattern: 'No tiene la forma esperada ({pattern}).',
      forbiddenPattern: 'Esa forma no está permitida ({pattern}).',
      enum: 'Elige uno de: {values}.',
      const: 'El valor debe ser {value}.',
      accept: 'Actívalo para continuar.',
      unknown: 'Este ajuste no existe en esta plantilla.',
    },
  },
  tenants: {
    title: 'Servidores de Discord',
    subtitle:
      'Cada servidor de Discord con Pteronimbus es un espacio propio, con sus propios servidores y accesos.',
    mine: 'Tus servidores con Pteronimbus',
    error: 'No se pudieron cargar tus servidores de Discord',
    empty: {
      title: 'Aún no hay servidores de Discord',
      body: 'No estás en ningún servidor de Discord con Pteronimbus ni administras ninguno donde añadirlo. Pide a un admin del servidor que lo añada.',
    },
    installable: {
      title: 'Añadir Pteronimbus a un servidor de Discord',
      lead: 'Servidores que te pertenecen o que puedes gestionar. Al añadirlo se invita al bot; no pide derechos de admin.',
      none: 'No hay ningún servidor de Discord que gestiones sin Pteronimbus.',
      error: 'No se pudieron cargar los servidores de Discord que gestionas',
      previously: 'Ya se configuró antes; sus ajustes se conservan',
      add: 'Añadir al servidor de Discord',
      addTo: 'Añadir al servidor de Discord: {name}',
    },
    install: {
      title: 'Añadiendo Pteronimbus a {name}',
      steps: {
        invite: 'Invita al bot en la nueva pestaña',
        waiting: 'Esperando a que el bot se una',
        creating: 'Creando el espacio del servidor',
      },
      state: {
        pending: 'sin empezar',
        active: 'en curso',
        done: 'hecho',
        failed: 'fallido',
      },
      waitingHint: 'Acepta la invitación en la pestaña de Discord. Esta página sigue sola.',
      openInvite: 'Abrir la invitación de nuevo',
      cancel: 'Cancelar',
      timeoutTitle: 'El bot aún no se ha unido',
      failedTitle: 'No se pudo añadir Pteronimbus',
    },
    switcher: {
      label: 'Servidor de Discord actual: {name}. Cambiar de servidor',
      all: 'Todos los servidores de Discord',
    },
    nav: {
      section: 'Este servidor de Discord',
      dashboard: 'Resumen',
      access: 'Roles y acceso',
      audit: 'Registro de auditoría',
      settings: 'Ajustes',
      missing: 'Requiere el permiso {permission}',
    },
    settings: {
      title: 'Ajustes',
      subtitle: 'Cómo se comporta Pteronimbus en este servidor de Discord.',
      general: 'Lo básico',
      nameOverride: 'Nombre visible',
      nameOverrideHint:
        'Se muestra en el panel en lugar del nombre del servidor de Discord ({name}). Déjalo vacío para usar ese nombre.',
      cluster: 'Clúster predeterminado',
      clusterHint:
        'Los nuevos servidores de juego van a este clúster salvo que quien los crea elija otro.',
      clusterNone: 'Ninguno: que elija Pteronimbus',
      clusterMissing: '{id} (ya no está aprobado)',
      clusterConnected: 'Conectado',
      clusterDisconnected: 'Sin conexión ahora mismo',
      clustersFailed:
        'No se pudo cargar la lista de clústeres ({code}). Escribe el ID del clúster.',
      notifications: 'Notificaciones',
      channel: 'Canal de notificaciones',
      channelHint:
        'Donde el bot publica el estado de los servidores. La lista muestra los canales de texto y de anuncios que el bot puede ver.',
      channelNone: 'Ninguno: sin notificaciones',
      channelMissing: '{id} (ya no está en Discord)',
      channelAnnouncement: 'Canal de anuncios',
      channelsFailed:
        'No se pudo cargar la lista de canales ({code}). Escribe el ID del canal (modo desarrollador en Discord, clic derecho en el canal, Copiar ID).',
      quotas: 'Cuotas',
      quotasLead:
        'Límites para todos los servidores de juego de este servidor de Discord juntos. Un campo vacío significa el tope que fijaron los administradores de este panel; una cuota solo puede ser menor.',
      quota: {
        servers: 'Servidores de juego',
        cpuMillicores: 'CPU (milinúcleos)',
        memoryMb: 'Memoria (MB)',
        diskGb: 'Almacenamiento (GB)',
      },
      cpuHint: '1000 milinúcleos son un núcleo de CPU.',
      noLimit: 'Hasta el tope',
      defaults: 'Aún no hay nada personalizado: cada ajuste de abajo usa su valor predeterminado.',
      invalid: {
        tooLong: 'Como máximo {max} caracteres.',
        channelId: 'Un ID de canal de Discord tiene de 5 a 25 dígitos.',
        wholeNumber: 'Un número entero, 0 o más.',
        tooLarge: 'Como máximo {max}.',
      },
      save: 'Guardar',
      discard: 'Descartar cambios',
      unsaved: 'Tienes cambios sin guardar.',
      fixProblems: 'Corrige los campos marcados para guardar.',
      saved: 'Ajustes guardados.',
      saveError: 'No se pudieron guardar los ajustes',
      loadError: 'No se pudieron cargar los ajustes',
      leaveConfirm: 'Tienes ajustes sin guardar. ¿Salir y perderlos?',
      forbidden: {
        title: 'No puedes cambiar los ajustes de este servidor de Discord',
        body: 'Pueden hacerlo los admins del servidor (el propietario y los miembros con Administrador, Gestionar servidor o Gestionar roles). Pídeselo a uno de ellos o pide el permiso de abajo.',
        permission: 'Permiso necesario',
      },
      danger: {
        title: 'Zona de peligro',
        uninstallTitle: 'Quitar Pteronimbus de este servidor de Discord',
        uninstallLead:
          'Desaparece del panel al instante, para todos. Puedes volver a añadirlo más tarde.',
        ownerOnly: 'Solo el propietario del servidor de Discord puede quitar Pteronimbus.',
        uninstall: 'Quitar Pteronimbus…',
        dialogTitle: 'Quitar Pteronimbus de {name}',
        botStays:
          'El bot se queda en el servidor de Discord hasta que alguien lo quite en Discord.',
        dataChoice: 'Qué pasa con los datos',
        keep: 'Conservar los datos',
        keepHint:
          'Los servidores de juego se detienen y sus archivos se conservan. Los ajustes, las asignaciones de roles y el registro de auditoría se conservan; al añadir Pteronimbus de nuevo vuelve todo.',
        delete: 'Borrar los datos',
        deleteHint:
          'Los servidores de juego se borran con sus archivos. Los ajustes, las asignaciones de roles, las plantillas, el registro de auditoría y los datos de cada plugin para este servidor de Discord se borran para siempre.',
        confirmLabel: 'Escribe {name} para confirmar',
        mismatch: 'Escribe el nombre del servidor de Discord tal como se muestra.',
        confirm: 'Quitar Pteronimbus',
        cancel: 'Cancelar',
        error: 'No se pudo quitar Pteronimbus',
      },
    },
    scope: {
      title: 'Dónde se aplican estos permisos',
      all: 'En todos los servidores de juego',
      allHint: 'Cada servidor de juego de este servidor de Discord, también los creados más tarde.',
      some: 'Solo en servidores de juego elegidos',
      someHint: 'Solo en los servidores de juego elegidos abajo.',
      servers: 'Servidores de juego',
      loading: 'Cargando servidores de juego',
      none: 'Este servidor de Discord aún no tiene servidores de juego, así que una asignación solo puede aplicarse a todos. Cuando haya servidores, podrás acotarla.',
      forbidden:
        'Acotar a servidores necesita la lista de servidores de juego, que necesita el permiso {permission}.',
      loadError: 'No se pudieron cargar los servidores de juego',
      pickOne: 'Elige al menos un servidor de juego, o todos los servidores de juego.',
      removed: 'Servidor eliminado ({id})',
      everywhere: 'en todos los servidores de juego',
      onServers: 'en {servers}',
      elsewhere: 'Solo en algunos servidores de juego',
    },
    shellError: 'No se pudo abrir este servidor de Discord',
  },
  dashboard: {
    syncTitle: 'Sincronización con Discord',
    subtitle: 'Servidores de juego, actividad reciente y la sincronización con Discord.',
    members: 'Miembros sincronizados',
    roles: 'Roles del servidor',
    lastSync: 'Última sincronización',
    never: 'Aún sin sincronizar',
    syncNow: 'Sincronizar ahora',
    syncing: 'Sincronizando con Discord…',
    syncDone: '{members} miembros y {roles} roles sincronizados en {seconds} s.',
    syncFailed: 'La sincronización falló',
    lastError: 'La última sincronización falló: {message}',
    statusError: 'No se pudo cargar el estado de la sincronización',
    statusForbidden: 'Ver miembros y roles requiere el permiso {permission}.',
    quickLinks: 'Ir a',
    installedAt: 'Pteronimbus añadido {time}',
    servers: {
      title: 'Servidores de juego',
      viewAll: 'Todos los servidores',
      total: 'Ningún servidor | {n} servidor | {n} servidores',
      state: {
        running: 'En marcha',
        starting: 'Arrancando o instalando',
        stopped: 'Detenidos',
        failed: 'Con fallo',
        stale: 'Desactualizados',
        unknown: 'Sin datos aún',
      },
      staleHint: 'Su clúster dejó de informar: lo que se muestra puede ser antiguo.',
      players: 'Jugadores en línea',
      playersOf:
        'Ningún servidor informa jugadores | Informado por {n} servidor | Informado por {n} servidores',
      playersNone: 'Sin datos',
      playersHidden: 'Ver los jugadores requiere el permiso {permission}.',
      attention: 'Requieren atención',
      attentionNone: 'Todo en orden: ningún servidor ha fallado ni está desactualizado.',
      error: 'No se pudieron cargar los servidores de juego',
      forbidden: 'Ver los servidores de juego requiere el permiso {permission}.',
      empty: {
        title: 'Aún no hay servidores de juego',
        body: 'Crea uno a partir de una plantilla: elige un juego, rellena sus ajustes y el clúster lo instala.',
      },
      create: 'Crear un servidor',
      createDenied: 'Crear servidores requiere el permiso {permission}.',
    },
    activity: {
      title: 'Actividad reciente',
      viewAll: 'Registro de auditoría',
      empty: 'Todavía no ha pasado nada en este servidor de Discord.',
      error: 'No se pudo cargar la actividad reciente',
      forbidden: 'Ver la actividad reciente requiere el permiso {permission}.',
    },
  },
  access: {
    title: 'Roles y acceso',
    subtitle: 'Lo que cada rol de Discord puede hacer en Pteronimbus.',
    roles: 'Roles de Discord',
    roleSearch: 'Buscar un rol',
    noRoleMatch: 'Ningún rol coincide.',
    roleChanged: 'cambiado',
    discordAdmin: 'Admin por Discord',
    everyone: 'todo el servidor',
    granted: '{n} permiso | {n} permisos',
    adminNote:
      'Los miembros con este rol son admins por Discord: tienen cada permiso marcado como implícito, sea cual sea la asignación aquí.',
    everyoneNote: 'Lo que concedas aquí lo recibe cada miembro del servidor de Discord.',
    search: 'Buscar permisos',
    noMatch: 'Ningún permiso coincide con la búsqueda.',
    selectGroup: 'Seleccionar todos los permisos de {group}',
    implied: 'lo tiene como admin de Discord',
    notMappable: 'solo viene de Discord',
    notHeld: 'no lo tienes tú, así que no puedes concederlo',
    aboveYou:
      'Este rol está al nivel de tu rol de Discord más alto o por encima: como en Discord, solo puedes cambiar roles por debajo del tuyo.',
    save: 'Guardar',
    discard: 'Descartar cambios',
    unsaved: '{n} rol tiene cambios sin guardar. | {n} roles tienen cambios sin guardar.',
    saved: 'Guardado.',
    saveError: 'No se pudieron guardar los cambios',
    loadError: 'No se pudieron cargar los roles y permisos',
    readOnly: 'Puedes mirar, pero cambiar el acceso requiere el permiso {permission}.',
    leaveConfirm: 'Hay cambios de roles sin guardar. ¿Salir y perderlos?',
    empty: {
      title: 'Aún no hay roles sincronizados',
      body: 'Pteronimbus todavía no ha leído los roles de este servidor de Discord. Lanza una sincronización desde el resumen.',
    },
    forbidden: {
      title: 'No puedes ver los roles y el acceso aquí',
      body: 'Pide a un admin de este servidor de Discord que te conceda el permiso de abajo.',
      permission: 'Permiso necesario',
    },
    effective: {
      title: 'Permisos efectivos',
      lead: 'Elige un miembro para ver qué puede hacer y por qué.',
      member: 'Buscar un miembro',
      noMatch: 'Ningún miembro coincide.',
      error: 'No se pudieron cargar los permisos de este miembro',
      roles: 'Sus roles',
      none: 'Este miembro no tiene ningún permiso.',
      viaAdmin: 'como admin por Discord',
      viaRoles: 'por {roles}',
      granted: 'concedido',
    },
  },
  permissions: {
    groups: {
      servers: 'Servidores de juego',
      console: 'Consola y registros',
      files: 'Archivos',
      templates: 'Plantillas',
      tenant: 'Este servidor de Discord',
    },
    server: {
      read: {
        label: 'Ver servidores de juego',
        description: 'Listar los servidores de juego y su estado.',
      },
      create: {
        label: 'Crear servidores de juego',
        description: 'Preparar nuevos servidores de juego.',
      },
      update: {
        label: 'Cambiar servidores de juego',
        description: 'Editar ajustes y recursos.',
      },
      delete: {
        label: 'Eliminar servidores de juego',
        description: 'Quitar servidores de juego y sus datos.',
      },
      start: {
        label: 'Arrancar servidores de juego',
        description: 'Arrancar servidores detenidos.',
      },
      stop: {
        label: 'Detener servidores de juego',
        description: 'Detener servidores en marcha.',
      },
      restart: {
        label: 'Reiniciar servidores de juego',
        description: 'Reiniciar servidores en marcha.',
      },
      console: {
        read: { label: 'Leer la consola', description: 'Seguir la salida de la consola en vivo.' },
        write: {
          label: 'Enviar comandos',
          description: 'Escribir comandos en la consola.',
        },
      },
      logs: {
        read: { label: 'Leer registros', description: 'Leer y descargar registros anteriores.' },
      },
      metrics: {
        read: {
          label: 'Ver métricas',
          description: 'Ver CPU, memoria y número de jugadores.',
        },
      },
      files: {
        read: {
          label: 'Explorar archivos',
          description: 'Explorar y descargar archivos del servidor.',
        },
        write: {
          label: 'Editar archivos',
          description: 'Subir, editar y borrar archivos del servidor.',
        },
      },
    },
    template: {
      read: { label: 'Ver plantillas', description: 'Explorar la biblioteca de plantillas.' },
      manage: {
        label: 'Gestionar plantillas',
        description: 'Importar, editar y quitar plantillas.',
      },
    },
    tenant: {
      members: {
        read: {
          label: 'Ver miembros y roles',
          description: 'Ver los miembros y roles sincronizados.',
        },
      },
      roles: {
        manage: {
          label: 'Gestionar el acceso',
          description: 'Asignar permisos a roles de Discord.',
        },
      },
      settings: {
        manage: {
          label: 'Gestionar ajustes',
          description: 'Cambiar los ajustes de este servidor de Discord.',
        },
      },
    },
    audit: {
      read: {
        label: 'Leer el registro de auditoría',
        description: 'Ver quién cambió qué y cuándo.',
      },
    },
  },
  audit: {
    title: 'Registro de auditoría',
    subtitle: 'Quién cambió qué en este servidor de Discord, lo más reciente primero.',
    filters: 'Filtrar el registro de auditoría',
    actor: 'Autor (ID de Discord)',
    action: 'Acción',
    actionHint: 'Exacta, o un prefijo que termine en *',
    targetType: 'Tipo de objetivo',
    targetId: 'ID del objetivo',
    from: 'Desde',
    to: 'Hasta',
    apply: 'Aplicar filtros',
    reset: 'Borrar filtros',
    loadMore: 'Cargar más',
    override: 'Intervención de superadmin',
    error: 'No se pudo cargar el registro de auditoría',
    moreError: 'No se pudieron cargar más entradas',
    empty: {
      title: 'Aún no hay nada registrado',
      body: 'Los cambios hechos en este servidor de Discord aparecen aquí.',
    },
    emptyFiltered: {
      title: 'Ninguna entrada coincide',
      body: 'Nada registrado coincide con estos filtros. Amplía el periodo o borra los filtros.',
    },
    forbidden: {
      title: 'No puedes leer el registro de auditoría aquí',
      body: 'Pide a un admin de este servidor de Discord que te conceda el permiso de abajo.',
    },
    actorType: { user: 'Un usuario', bot: 'El bot', system: 'Pteronimbus (sistema)' },
    source: {
      web: 'panel web',
      bot: 'bot de Discord',
      api: 'interfaz de programación',
      system: 'sistema',
      operator: 'operador',
    },
  },
  states: {
    loading: 'Cargando…',
    retry: 'Reintentar',
    errorCode: 'Código de error',
    requestId: 'ID de solicitud',
  },
  errors: {
    PN_WEB_NETWORK:
      'El panel no pudo conectar con el núcleo. Comprueba que el núcleo esté en marcha y que tengas conexión.',
    PN_WEB_BAD_RESPONSE: 'El núcleo respondió con algo que el panel no puede leer.',
    PN_WEB_ABORTED: 'Se canceló la solicitud.',
    PN_WEB_FILE_TOO_LARGE: 'El archivo ocupa más de 1 MiB, así que no se envió.',
    PN_WEB_FILE_UNREADABLE: 'El navegador no pudo leer el archivo.',
    fallback: 'El núcleo informó de un error.',
    PN_SERVER_PARAMETER_LOCKED:
      'Solo quien gestiona plantillas puede cambiar estos ajustes; conservan el valor que les da la plantilla.',
  },
  notFound: {
    title: 'Página no encontrada',
    body: 'No hay nada en {path}. Puede que el enlace esté desactualizado o mal escrito.',
    home: 'Volver a la página de inicio',
  },
  servers,
  server,
  limits,
};
