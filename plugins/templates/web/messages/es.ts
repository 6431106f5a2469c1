/** Spanish messages of the templates plugin, under `plugins.templates.` in the panel. */
import type { messages as english } from './en.ts';

export const messages: typeof english = {
  nav: 'Plantillas',
  title: 'Plantillas',
  subtitle:
    'Cómo se ejecuta cada juego. Las plantillas globales se ofrecen a todos los servidores de Discord de este panel.',
  import: 'Importar eggs',
  search: 'Buscar plantillas',
  game: 'Juego',
  allGames: 'Todos los juegos',
  scope: 'Biblioteca',
  scopes: {
    all: 'Todas las plantillas',
    global: 'Solo globales',
    tenant: 'Solo este servidor',
  },
  scopeBadge: {
    tenant: 'Servidor',
  },
  count: 'Ninguna plantilla | {n} plantilla | {n} plantillas',
  version: 'Versión {n}',
  loadMore: 'Cargar más',
  gameCount: 'Ninguna plantilla | {n} plantilla | {n} plantillas',
  empty: {
    title: 'Todavía no hay plantillas',
    body: 'Una plantilla describe cómo ejecutar un juego: imágenes, comando de inicio, ajustes. Importa un egg de Pterodactyl o Pelican para crear la primera.',
  },
  noResults: {
    title: 'Ninguna plantilla coincide',
    body: 'Prueba con otras palabras o borra la búsqueda y los filtros.',
    clear: 'Borrar búsqueda y filtros',
  },
  error: {
    title: 'No se pudieron cargar las plantillas',
  },
  forbidden: {
    title: 'No puedes abrir estas plantillas',
    body: 'Hace falta el permiso {permission}. Las plantillas globales las gestionan los superadministradores del panel; uno de ellos puede darte acceso.',
    missing: 'Permiso que falta',
  },
  importDialog: {
    title: 'Importar eggs',
    lead: 'Eggs de Pterodactyl (PTDL_v1, PTDL_v2) y Pelican (PLCN), en JSON o YAML. Cada egg se convierte en una plantilla; un egg defectuoso no detiene a los demás.',
    tabs: {
      files: 'Archivos',
      paste: 'Pegar',
      url: 'Desde una URL',
    },
    drop: 'Suelta aquí los archivos de eggs',
    dropHint: 'o elige archivos; hasta {n} a la vez, 1 MiB cada uno',
    choose: 'Elegir archivos',
    selected: 'Ningún archivo seleccionado | {n} archivo seleccionado | {n} archivos seleccionados',
    remove: 'Quitar {name}',
    pasteLabel: 'Egg en JSON o YAML',
    urlLabel: 'Dirección https de un egg',
    urlHint: 'El panel la descarga por sí mismo; solo se permiten direcciones https públicas.',
    noteLabel: 'Nota para el historial de versiones (opcional)',
    submit: 'Importar',
    cancel: 'Cancelar',
    close: 'Cerrar',
    again: 'Importar más',
    progress: 'Importando {done} de {total}…',
    summary: 'No se importó nada. | Se importó {n} plantilla. | Se importaron {n} plantillas.',
    failedSummary: 'Ningún egg falló. | Falló {n} egg. | Fallaron {n} eggs.',
    eggLabel: 'Egg n.º {n}',
    format: 'Formato',
    provider: 'Refinada por',
    noWarnings: 'Convertido tal cual, nada que señalar.',
    warnings: 'Ninguna advertencia | {n} advertencia | {n} advertencias',
    at: 'en',
    nothingToImport: 'Añade primero al menos un egg.',
  },
  warningCodes: {
    EGG_PARSER_UNSUPPORTED:
      'Un archivo de configuración usa un formato que el panel no sabe editar; se deja tal como lo escribe el juego.',
    EGG_PLACEHOLDER_UNKNOWN:
      'Un valor hace referencia a un ajuste de otro panel que Pteronimbus no tiene; se escribe literalmente.',
    EGG_FEATURE_UNSUPPORTED:
      'El egg pide una función del panel que Pteronimbus no ofrece; los servidores funcionan sin ella.',
    EGG_STOP_SIGNAL_UNKNOWN:
      'El comando de parada nombra una señal que el panel no conoce; los servidores se detienen de la forma habitual.',
    EGG_READINESS_REGEX_INVALID:
      'La línea de consola que significa «iniciado» es un patrón que no se pudo leer; esa regla se omite.',
    EGG_STARTUP_VARIABLE_UNKNOWN:
      'El comando de inicio usa una variable que el egg no define; quedará vacía.',
    EGG_VARIABLE_DUPLICATE:
      'El egg define la misma variable dos veces; se usa la primera definición.',
    EGG_DEFAULT_INVALID:
      'El valor predeterminado de una variable incumple sus propias reglas; quien cree un servidor tendrá que cambiarlo.',
    EGG_INSTALL_IMAGE_MISSING:
      'El script de instalación no indica ninguna imagen de contenedor; se ejecuta en la imagen del juego.',
    EGG_RULE_UNKNOWN:
      'El panel no conoce una regla de validación; se conserva, pero no se comprueba.',
    EGG_RULE_ALIAS:
      'Una regla de validación estaba escrita de otra forma; el panel usa su equivalente.',
    EGG_RULE_INVALID: 'Una regla de validación está mal formada y se ignora.',
    EGG_RULE_NOT_ENFORCED:
      'Una regla de validación no se puede comprobar en un formulario (depende de una base de datos o de otros campos); no se aplica.',
    EGG_REGEX_UNCONVERTIBLE:
      'Una regla de patrón usa sintaxis de expresiones regulares de PHP sin equivalente aquí; no se aplica.',
    EGG_RULE_UNSAFE_PATTERN:
      'Una regla de patrón podría retroceder sin límite con algunas entradas (riesgo de denegación de servicio); no se aplica.',
    other: 'Algo del egg no se trasladó exactamente.',
  },
  importErrors: {
    PN_EGG_INVALID: 'No se pudo leer el egg. La ruta indica dónde está el problema.',
    PN_TEMPLATE_INVALID: 'El egg dio como resultado una plantilla que no es válida.',
    PN_TEMPLATE_URL_FORBIDDEN:
      'Esa dirección no está permitida: solo se puede importar desde direcciones https públicas.',
    PN_TEMPLATE_URL_FAILED: 'No se pudo descargar la dirección.',
    PN_TEMPLATE_URL_TIMEOUT: 'La dirección no respondió en 10 segundos.',
    PN_TEMPLATE_IMPORT_TOO_LARGE: 'El egg ocupa más de 1 MiB.',
    PN_TEMPLATE_UNSTORABLE: 'El egg contiene texto que no se puede guardar (un carácter NUL).',
    PN_TEMPLATE_PARAMETER_UNSAFE:
      'Un parámetro de la plantilla convertida tiene un patrón que podría bloquear el panel, o una longitud mayor de 4096.',
  },
  detail: {
    title: 'Plantilla',
    export: 'Exportar',
    exportAs: 'Exportar como {format}',
    delete: 'Eliminar',
    tabs: {
      parameters: 'Ajustes',
      spec: 'Cómo se ejecuta',
      versions: 'Versiones',
    },
    parametersLead:
      'El formulario que rellena quien crea un servidor a partir de esta plantilla. Los valores se convierten en variables de entorno.',
    hiddenParameters:
      'Ningún ajuste está oculto para quienes crean servidores. | {n} ajuste está oculto para quienes crean servidores. | {n} ajustes están ocultos para quienes crean servidores.',
    checkForm: 'Comprobar el formulario',
    formValid: 'Todos los valores son válidos.',
    error: {
      title: 'No se pudo cargar la plantilla',
    },
    notFound: {
      title: 'Plantilla no encontrada',
      body: 'Puede que se haya eliminado o que el enlace sea incorrecto.',
      back: 'Volver a la biblioteca',
    },
    spec: {
      images: 'Imágenes de contenedor',
      defaultImage: 'predeterminada',
      startup: 'Comando de inicio',
      variants: 'Otros comandos de inicio',
      ports: 'Puertos',
      portName: 'Nombre',
      portNumber: 'Puerto',
      protocol: 'Protocolo',
      portVariable: 'Variable',
      noPorts: 'No se declaran puertos.',
      stop: 'Parada',
      stopCommand: 'Comando de consola {command}',
      stopSignal: 'Señal {signal}',
      readiness: 'Iniciado cuando la consola muestra',
      regex: 'patrón',
      noReadiness: 'Sin regla: el servidor cuenta como iniciado en cuanto se ejecuta.',
      install: 'Script de instalación',
      installImage: 'Se ejecuta en {image} con {entrypoint}',
      noInstall: 'Sin paso de instalación.',
      configFiles: 'Archivos de configuración que se modifican antes de cada inicio',
      noConfigFiles: 'No se modifica ningún archivo de configuración.',
      parser: 'formato {parser}',
      replacement: 'poner {match} a {value}',
      resources: 'Recursos predeterminados',
      cpu: 'Procesador',
      cpuValue: '{n} milinúcleos',
      memory: 'Memoria',
      disk: 'Disco',
      mib: '{n} MiB',
      environment: 'Entorno fijo',
      features: 'Funciones',
    },
    versions: {
      title: 'Historial de versiones',
      current: 'actual',
      by: 'por {user}',
      system: 'por el panel',
      note: 'Nota',
      warnings: 'Ninguna advertencia | {n} advertencia | {n} advertencias',
      compare: 'Comparar',
      from: 'Desde la versión',
      to: 'Hasta la versión',
      option: 'Versión {n}',
      rollback: 'Volver a esta versión',
      rollbackTitle: '¿Volver a la versión {n}?',
      rollbackBody:
        'Esto añade una versión nueva igual a la versión {n}. No se elimina ninguna versión, así que puedes deshacerlo de la misma manera. Los servidores conservan su versión hasta que se los mueva.',
      rollbackConfirm: 'Volver',
      error: 'No se pudieron cargar las versiones',
    },
    diff: {
      title: 'Cambios de la versión {from} a la versión {to}',
      none: 'Estas versiones son idénticas.',
      added: 'añadido',
      removed: 'eliminado',
      changed: 'cambiado',
      before: 'Antes',
      after: 'Después',
      error: 'No se pudo cargar la comparación',
      count: 'Ningún cambio | {n} cambio | {n} cambios',
    },
    deleteDialog: {
      title: '¿Eliminar {name}?',
      body: 'La plantilla desaparece de la biblioteca y su nombre corto queda libre. Sus versiones se conservan como registro, pero no se puede restaurar desde el panel.',
      confirmLabel: 'Escribe {name} para confirmar',
      confirm: 'Eliminar plantilla',
      inUseTitle: 'Esta plantilla está en uso',
      inUseBody:
        'Todavía hay servidores que la usan, así que no se puede eliminar. Muévelos antes a otra plantilla.',
      users: 'La usan',
    },
    actionFailed: 'La acción falló',
  },
};
