import { useCallback, useRef, useState } from 'react';

import { errorMessage } from '@/lib/api-client';

import { uploadReplyFile } from '../api/upload-reply-file';
import type { ReplyUpload } from '../types';

/** Most files one message takes (the API refuses more). */
export const MAX_FILES = 10;

export interface PendingFile {
  key: number;
  name: string;
  size: number;
  status: 'uploading' | 'ready' | 'failed';
  upload?: ReplyUpload;
  error?: string;
}

/**
 * The files attached in a composer. Each one uploads as soon as it is picked, so sending is a
 * single small request; a failed upload stays as a chip with the reason until removed.
 */
export function useReplyUploads(caseId: number) {
  const [files, setFiles] = useState<PendingFile[]>([]);
  const nextKey = useRef(1);

  const add = useCallback(
    (picked: Iterable<File>) => {
      const room = MAX_FILES - files.length;
      for (const file of Array.from(picked).slice(0, Math.max(room, 0))) {
        const key = nextKey.current++;
        setFiles((current) => [...current, { key, name: file.name, size: file.size, status: 'uploading' }]);
        // Through a promise, so even a synchronous failure ends as a failed chip, never a spinner forever.
        Promise.resolve()
          .then(() => uploadReplyFile(caseId, file))
          .then(
          (upload) =>
            setFiles((current) => current.map((item) => (item.key === key ? { ...item, status: 'ready', upload } : item))),
          (error: unknown) =>
            setFiles((current) =>
              current.map((item) => (item.key === key ? { ...item, status: 'failed', error: errorMessage(error) } : item)),
            ),
        );
      }
    },
    [caseId, files.length],
  );

  const remove = useCallback((key: number) => setFiles((current) => current.filter((item) => item.key !== key)), []);
  const clear = useCallback(() => setFiles([]), []);
  const restore = useCallback((previous: PendingFile[]) => setFiles((current) => (current.length ? current : previous)), []);

  return {
    files,
    add,
    remove,
    clear,
    restore,
    uploading: files.some((item) => item.status === 'uploading'),
    readyIds: files.flatMap((item) => (item.status === 'ready' && item.upload ? [item.upload.id] : [])),
    full: files.length >= MAX_FILES,
  };
}
