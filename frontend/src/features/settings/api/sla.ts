import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { Calendar, CalendarInput, Page, Policy, PolicyInput } from '../types';

export const calendarsQueryKey = ['settings', 'sla', 'calendars'] as const;
export const policiesQueryKey = ['settings', 'sla', 'policies'] as const;

export const calendarsQueryOptions = () =>
  queryOptions({
    queryKey: calendarsQueryKey,
    queryFn: ({ signal }) => api.get<Page<Calendar>>('/api/v1/sla/calendars/?page_size=200', { signal }),
  });

/** Policies in the order they are tried (the API's order). */
export const policiesQueryOptions = () =>
  queryOptions({
    queryKey: policiesQueryKey,
    queryFn: ({ signal }) => api.get<Page<Policy>>('/api/v1/sla/policies/?page_size=200', { signal }),
  });

export function useCalendars() {
  return useQuery(calendarsQueryOptions());
}

export function usePolicies() {
  return useQuery(policiesQueryOptions());
}

export function useSaveCalendar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: number | null; input: CalendarInput }) =>
      id === null ? api.post<Calendar>('/api/v1/sla/calendars/', input) : api.patch<Calendar>(`/api/v1/sla/calendars/${id}/`, input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: calendarsQueryKey }),
  });
}

export function useDeleteCalendar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<void>(`/api/v1/sla/calendars/${id}/`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: calendarsQueryKey }),
  });
}

export function useSavePolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: number | null; input: PolicyInput }) =>
      id === null ? api.post<Policy>('/api/v1/sla/policies/', input) : api.patch<Policy>(`/api/v1/sla/policies/${id}/`, input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: policiesQueryKey }),
  });
}

export function useDeletePolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<void>(`/api/v1/sla/policies/${id}/`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: policiesQueryKey }),
  });
}
