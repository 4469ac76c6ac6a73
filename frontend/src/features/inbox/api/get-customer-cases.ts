import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { CasePage } from '../types';

const PAGE_SIZE = 10;

export const customerCasesQueryRoot = ['inbox', 'customer-cases'] as const;
export const customerCasesQueryKey = (customerId: number) => [...customerCasesQueryRoot, customerId] as const;

/** A customer's cases on every channel, newest first (the first page is enough for the panel). */
export function getCustomerCases(customerId: number, signal?: AbortSignal): Promise<CasePage> {
  return api.get<CasePage>(`/api/v1/customers/${customerId}/cases/?page_size=${PAGE_SIZE}`, { signal });
}

export const customerCasesQueryOptions = (customerId: number) =>
  queryOptions({
    queryKey: customerCasesQueryKey(customerId),
    queryFn: ({ signal }) => getCustomerCases(customerId, signal),
  });

export function useCustomerCases(customerId: number) {
  return useQuery(customerCasesQueryOptions(customerId));
}
