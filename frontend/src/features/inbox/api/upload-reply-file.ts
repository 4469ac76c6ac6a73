import { api } from '@/lib/api-client';

import type { ReplyUpload } from '../types';

/** One file for the reply or note being written; it is sent with the message's `upload_ids`. */
export function uploadReplyFile(caseId: number, file: File): Promise<ReplyUpload> {
  const form = new FormData();
  form.append('file', file, file.name);
  return api.post<ReplyUpload>(`/api/v1/cases/${caseId}/uploads/`, form);
}
