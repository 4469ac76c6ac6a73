import { Alert, Center, EmptyState, Loader } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { errorMessage } from '@/lib/api-client';

import type { Page } from '../types';

interface QueryStateProps<T> {
  query: UseQueryResult<T>;
  loadFailed: string;
  empty: { when: (data: T) => boolean; icon: ReactNode; title: string; description: string };
  children: (data: T) => ReactNode;
}

/** Loading, failed (in words), empty, or the content: the four states of every settings list. */
export function QueryState<T>({ query, loadFailed, empty, children }: QueryStateProps<T>) {
  const { t } = useTranslation();
  if (query.isPending) {
    return (
      <Center p="xl">
        <Loader size="sm" aria-label={t('common.loading')} />
      </Center>
    );
  }
  if (query.isError) {
    return (
      <Alert color="red" title={loadFailed}>
        {errorMessage(query.error)}
      </Alert>
    );
  }
  if (empty.when(query.data)) {
    return (
      <EmptyState variant="light" icon={empty.icon} py="xl">
        <EmptyState.Title order={2}>{empty.title}</EmptyState.Title>
        <EmptyState.Description>{empty.description}</EmptyState.Description>
      </EmptyState>
    );
  }
  return <>{children(query.data)}</>;
}

interface PageQueryStateProps<Row> extends Omit<QueryStateProps<Page<Row>>, 'empty'> {
  /** What the empty state says; the list is empty when its page has no rows. */
  empty: Omit<QueryStateProps<Page<Row>>['empty'], 'when'>;
}

/** QueryState for a page of a settings list: empty when the page has no rows. */
export function PageQueryState<Row>({ empty, ...props }: PageQueryStateProps<Row>) {
  return <QueryState {...props} empty={{ ...empty, when: (page) => page.results.length === 0 }} />;
}
