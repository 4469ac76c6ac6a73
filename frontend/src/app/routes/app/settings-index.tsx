export { SettingsIndexRoute as default } from './settings';
