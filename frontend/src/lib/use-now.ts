import { useSyncExternalStore } from 'react';

/**
 * One clock for every countdown on screen: a single interval, started by the first
 * subscriber and stopped with the last, so a list of countdowns re-renders once a second
 * together instead of each running its own timer.
 */
const TICK_MS = 1_000;
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of [...listeners]) notify();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const getNow = () => now;

/** The current time in ms, updated every second while the calling component is mounted. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, getNow, getNow);
}

