import type { Translation } from './en';

export const pl: Translation = {
  app: {
    name: 'Dialogo',
    tagline: 'Każda rozmowa z klientem, z każdego kanału, w jednej skrzynce.',
    footnote: 'Otwartoźródłowy CRM społecznościowy i obsługa klienta',
  },
  common: {
    loading: 'Ładowanie…',
    comingSoon: 'Wkrótce',
    soon: 'Wkrótce',
    language: 'Język',
    skipToContent: 'Przejdź do treści',
  },
  auth: {
    pitch: {
      resolution: 'Rozwiązuj więcej spraw już przy pierwszej odpowiedzi',
      satisfaction: 'Pytaj o zadowolenie po każdej sprawie',
      cost: 'Wiedz, ile kosztuje obsługa każdego obserwującego',
    },
    login: {
      title: 'Zaloguj się',
      subtitle: 'Witaj ponownie. Skrzynka Twojego zespołu czeka.',
      email: 'Adres e-mail',
      emailPlaceholder: 'ty@firma.pl',
      password: 'Hasło',
      passwordPlaceholder: 'Twoje hasło',
      submit: 'Zaloguj się',
      failed: 'Nie udało się Cię zalogować',
      emailRequired: 'Podaj adres e-mail.',
      emailInvalid: 'Podaj poprawny adres e-mail, np. imie@firma.pl.',
      passwordRequired: 'Podaj hasło.',
    },
    logout: 'Wyloguj się',
    logoutFailed: 'Nie udało się Cię wylogować. Spróbuj ponownie.',
    account: 'Konto',
    roles: {
      admin: 'Administrator',
      supervisor: 'Kierownik',
      agent: 'Konsultant',
    },
    workspace: {
      label: 'Przestrzeń robocza',
      switch: 'Zmień przestrzeń roboczą',
      switchFailed: 'Nie udało się zmienić przestrzeni roboczej.',
    },
  },
  nav: {
    label: 'Nawigacja główna',
    toggle: 'Pokaż lub ukryj nawigację',
    inbox: 'Skrzynka',
    customers: 'Klienci',
    reports: 'Raporty',
    settings: 'Ustawienia',
  },
  comingSoon: {
    customers:
      'Jedna historia klienta ze wszystkich kanałów, z tagami i poziomami lojalności — ludzie, nie zgłoszenia.',
    reports:
      'Odsetek rozwiązanych spraw, czasy odpowiedzi, zadowolenie i koszt obsługi obserwującego — według kanału, zespołu, konsultanta i poziomu lojalności.',
    settings:
      'Podłączaj kanały, ustalaj zasady SLA, godziny pracy, reguły tagowania i role.',
  },
  inbox: {
    title: 'Skrzynka',
    views: {
      label: 'Widoki',
      mine: 'Moje',
      unassigned: 'Nieprzypisane',
      all: 'Wszystkie',
    },
    cases: {
      label: 'Sprawy',
      emptyTitle: 'Nie ma jeszcze spraw',
      emptyDescription:
        'Gdy klient napisze na dowolnym podłączonym kanale, jego sprawa od razu pojawi się tutaj.',
    },
    caseView: {
      emptyTitle: 'Nie wybrano sprawy',
      emptyDescription: 'Wybierz sprawę z listy, aby zobaczyć całą rozmowę z klientem.',
    },
  },
  realtime: {
    idle: 'Brak połączenia',
    connecting: 'Łączenie…',
    connected: 'Połączono',
    reconnecting: 'Ponowne łączenie…',
    description: 'Aktualizacje na żywo',
  },
  errors: {
    network: 'Nie udało się połączyć z serwerem. Sprawdź połączenie i spróbuj ponownie.',
    server: 'Coś poszło nie tak po naszej stronie. Spróbuj ponownie za chwilę.',
    unexpected: 'Wydarzyło się coś nieoczekiwanego. Spróbuj ponownie.',
    boundaryTitle: 'Ta strona przestała działać',
    boundaryDescription: 'Nieoczekiwany błąd zatrzymał stronę. Zwykle pomaga jej odświeżenie.',
    reload: 'Odśwież',
    notFoundTitle: 'Nie znaleziono strony',
    notFoundDescription: 'Otwarta strona nie istnieje albo została przeniesiona.',
    backHome: 'Wróć do skrzynki',
  },
};
