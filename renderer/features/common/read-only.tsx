// Changing controls on a read-only profile: disabled, with a tooltip saying why (main refuses
// such changes too, and the store's command path before it).
import type { ButtonHTMLAttributes } from 'react';
import { useWarren } from '../../store/context';
import { readOnlyReason } from '../../store/target-slice';

/** Why the window may not change the broker it is on, or null. */
export const useReadOnly = (): string | null => useWarren((s) => readOnlyReason(s.target));

/** A button that changes the broker: disabled on a read-only profile, saying why. */
export function ChangeButton({ disabled, title, ...rest }: ButtonHTMLAttributes<HTMLButtonElement>) {
  const why = useReadOnly();
  return <button type="button" {...rest} disabled={disabled || why !== null} title={why ?? title} />;
}
