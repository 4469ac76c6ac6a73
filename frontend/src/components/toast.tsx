import { Notification, Portal } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import classes from './toast.module.css';

export interface Toast {
  message: string;
  title?: string;
  tone?: 'success' | 'error';
  /** How long it stays; errors stay twice as long. */
  durationMs?: number;
}

type ShownToast = Toast & { id: number };

const ToastContext = createContext<(toast: Toast) => void>(() => {});

/** Short confirmations ("queued again") in the corner, read out by screen readers. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [toasts, setToasts] = useState<ShownToast[]>([]);
  const nextId = useRef(0);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => setToasts((shown) => shown.filter((toast) => toast.id !== id)), []);
  const show = useCallback(
    (toast: Toast) => {
      nextId.current += 1;
      const id = nextId.current;
      setToasts((shown) => [...shown.slice(-2), { ...toast, id }]);
      const timer = setTimeout(
        () => {
          timers.current.delete(timer);
          dismiss(id);
        },
        toast.durationMs ?? (toast.tone === 'error' ? 10_000 : 5_000),
      );
      timers.current.add(timer);
    },
    [dismiss],
  );
  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((timer) => clearTimeout(timer));
  }, []);

  return (
    <ToastContext value={show}>
      {children}
      <Portal>
        <div className={classes.toasts} role="status" aria-live="polite">
          {toasts.map((toast) => (
            <Notification
              key={toast.id}
              title={toast.title}
              color={toast.tone === 'error' ? 'red' : 'teal'}
              icon={toast.tone === 'error' ? <IconX size={18} /> : <IconCheck size={18} />}
              onClose={() => dismiss(toast.id)}
              closeButtonProps={{ 'aria-label': t('common.close') }}
              withBorder
              data-testid="toast"
            >
              {toast.message}
            </Notification>
          ))}
        </div>
      </Portal>
    </ToastContext>
  );
}

export function useToast() {
  return useContext(ToastContext);
}
