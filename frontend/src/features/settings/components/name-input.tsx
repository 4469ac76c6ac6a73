import { TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { fieldError } from '../utils/form';

interface NameInputProps {
  label: string;
  value: string;
  onChange(value: string): void;
  /** True after a submit with the name left empty. */
  missing: boolean;
  /** What to say when it is missing; "Name is required" unless given. */
  requiredMessage?: string;
  /** The save mutation's error, for the API's word on `name`. */
  saveError: unknown;
}

/** The required, autofocused name field at the top of a settings form. */
export function NameInput({ label, value, onChange, missing, requiredMessage, saveError }: NameInputProps) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={label}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      required
      maxLength={120}
      error={missing ? (requiredMessage ?? t('settings.common.nameRequired')) : fieldError(saveError, 'name')}
      data-autofocus
    />
  );
}
