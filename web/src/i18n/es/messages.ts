import type { MessageSchema } from '../schema.ts';

/** Spanish messages. */
export const es: MessageSchema = {
  app: {
    name: 'Pteronimbus',
    tagline: 'Servidores de juegos en Kubernetes, gestionados desde Discord',
    skipToContent: 'Saltar al contenido',
  },
  nav: {
    main: 'Navegación principal',
    toggle: 'Mostrar u ocultar la navegación',
    home: 'Inicio',
    administration: 'Administración',
    system: 'Sistema',
    pluginSection: 'De los plugins',
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
    signInTitle: 'Iniciar sesión',
    signInPending:
      'El inicio de sesión con Discord todavía no forma parte de esta versión. Mientras tanto, el resumen del sistema muestra lo que ejecuta este panel.',
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
    fallback: 'El núcleo informó de un error.',
  },
  pluginPage: {
    providedBy: 'Proporcionado por {plugin}',
    unavailable:
      'Esta página pertenece a un plugin. Esta versión del panel todavía no muestra páginas de plugins.',
  },
  notFound: {
    title: 'Página no encontrada',
    body: 'No hay nada en {path}. Puede que el enlace esté desactualizado o mal escrito.',
    home: 'Volver a la página de inicio',
  },
};
