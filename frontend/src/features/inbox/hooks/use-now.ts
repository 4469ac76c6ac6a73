// The shared 1 s clock lives in lib/ so every feature's countdowns tick on the same interval.
export { useNow, useSettled } from '@/lib/use-now';
