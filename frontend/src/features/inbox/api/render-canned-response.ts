import { api } from '@/lib/api-client';
import type { components } from '@/lib/api-schema';

type RenderedText = components['schemas']['RenderedText'];

/** A canned response's body with its variables (`{{customer.first_name}}`, …) filled for a case. */
export async function renderCannedResponse(cannedId: number, caseId: number): Promise<string> {
  const { text } = await api.get<RenderedText>(`/api/v1/canned-responses/${cannedId}/render/?case=${caseId}`);
  return text;
}
