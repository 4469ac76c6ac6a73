import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { components } from '@/lib/api-schema';

import type { Message } from '../types';
import { appendMessage } from '../utils/cache';

export type ComposerMode = 'reply' | 'note';

export interface SendMessageInput {
  caseId: number;
  mode: ComposerMode;
  text: string;
  cannedResponseId?: number | null;
  /** Files uploaded with `uploadReplyFile` for this message. */
  uploadIds?: number[];
  /** WhatsApp outside its 24-hour window: an approved template instead of free text. */
  template?: components['schemas']['WhatsAppTemplateRequest'] | null;
}

/** A public reply (`reply/`) or a private note (`notes/`). */
export function sendMessage({ caseId, mode, text, cannedResponseId, uploadIds, template }: SendMessageInput): Promise<Message> {
  if (mode === 'note') {
    const note: components['schemas']['CaseNoteInputRequest'] = { text };
    if (uploadIds?.length) note.upload_ids = uploadIds;
    return api.post<Message>(`/api/v1/cases/${caseId}/notes/`, note);
  }
  const body: components['schemas']['CaseReplyInputRequest'] = { text };
  if (cannedResponseId) body.canned_response_id = cannedResponseId;
  if (uploadIds?.length) body.upload_ids = uploadIds;
  if (template) body.template = template;
  return api.post<Message>(`/api/v1/cases/${caseId}/reply/`, body);
}

export function useSendMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: sendMessage,
    onSuccess: (message) => appendMessage(queryClient, message),
  });
}
