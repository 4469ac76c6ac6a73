import type { Translation } from './en';

export const es: Translation = {
  app: {
    name: 'Dialogo',
    tagline: 'Todas las conversaciones con tus clientes, de cada canal, en una sola bandeja.',
    footnote: 'CRM social y atención al cliente de código abierto',
  },
  common: {
    loading: 'Cargando…',
    comingSoon: 'Próximamente',
    soon: 'Pronto',
    language: 'Idioma',
    skipToContent: 'Saltar al contenido',
  },
  auth: {
    pitch: {
      resolution: 'Resuelve más casos en la primera respuesta',
      satisfaction: 'Mide la satisfacción tras cada caso',
      cost: 'Conoce el coste de cada seguidor atendido',
    },
    login: {
      title: 'Inicia sesión',
      subtitle: 'Hola de nuevo. La bandeja de tu equipo te espera.',
      email: 'Correo electrónico',
      emailPlaceholder: 'tu@empresa.com',
      password: 'Contraseña',
      passwordPlaceholder: 'Tu contraseña',
      submit: 'Iniciar sesión',
      failed: 'No hemos podido iniciar tu sesión',
      emailRequired: 'Introduce tu correo electrónico.',
      emailInvalid: 'Introduce un correo válido, como nombre@empresa.com.',
      passwordRequired: 'Introduce tu contraseña.',
    },
    logout: 'Cerrar sesión',
    logoutFailed: 'No hemos podido cerrar tu sesión. Inténtalo de nuevo.',
    account: 'Cuenta',
    roles: {
      admin: 'Administrador',
      supervisor: 'Supervisor',
      agent: 'Agente',
    },
    workspace: {
      label: 'Espacio de trabajo',
      switch: 'Cambiar de espacio de trabajo',
      switchFailed: 'No hemos podido cambiar de espacio de trabajo.',
    },
  },
  nav: {
    label: 'Navegación principal',
    toggle: 'Mostrar u ocultar la navegación',
    inbox: 'Bandeja',
    customers: 'Clientes',
    reports: 'Informes',
    settings: 'Configuración',
  },
  comingSoon: {
    customers:
      'Una única historia por cliente en todos los canales, con etiquetas y niveles de fidelidad: personas, no tickets.',
    reports:
      'Tasa de resolución, tiempos de respuesta, satisfacción y coste por seguidor atendido, por canal, equipo, agente y nivel de fidelidad.',
    settings:
      'Conecta canales y define políticas de SLA, horarios laborables, reglas de etiquetado y roles.',
  },
  inbox: {
    title: 'Bandeja',
    views: {
      label: 'Vistas',
      mine: 'Mías',
      unassigned: 'Sin asignar',
      all: 'Todas',
    },
    cases: {
      label: 'Casos',
      emptyTitle: 'Todavía no hay casos',
      emptyDescription:
        'Cuando un cliente escriba por cualquier canal conectado, su caso aparecerá aquí al instante.',
    },
    caseView: {
      emptyTitle: 'Ningún caso seleccionado',
      emptyDescription: 'Elige un caso de la lista para ver toda la conversación con el cliente.',
    },
  },
  realtime: {
    idle: 'Sin conexión',
    connecting: 'Conectando…',
    connected: 'Conectado',
    reconnecting: 'Reconectando…',
    description: 'Actualizaciones en directo',
  },
  errors: {
    network: 'No hemos podido contactar con el servidor. Revisa tu conexión e inténtalo de nuevo.',
    server: 'Algo ha fallado por nuestra parte. Inténtalo de nuevo en un momento.',
    unexpected: 'Ha ocurrido algo inesperado. Inténtalo de nuevo.',
    boundaryTitle: 'Esta página ha dejado de funcionar',
    boundaryDescription: 'Un error inesperado ha detenido la página. Recargarla suele solucionarlo.',
    reload: 'Recargar',
    notFoundTitle: 'Página no encontrada',
    notFoundDescription: 'La página que has abierto no existe o se ha movido.',
    backHome: 'Volver a la bandeja',
  },
};
