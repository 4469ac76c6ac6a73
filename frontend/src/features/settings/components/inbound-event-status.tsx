import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import type { InboundEventStatus } from '../types';
import { STATUS_COLORS } from '../utils/webhook-log';

/** pending, processed, ignored, rejected, malformed, failed, dead — with what it means on hover. */
export function InboundEventStatusBadge({ status }: { status: InboundEventStatus }) {
  const { t } = useTranslation();
  const { color, variant } = STATUS_COLORS[status] ?? { color: 'gray', variant: 'light' };
  return (
    <Tooltip label={t(`settings.webhookLog.statusHelp.${status}`)} withArrow openDelay={300}>
      <Badge
        color={color}
        variant={variant}
        radius="sm"
        // A table squeezes badges; the status must stay readable whole.
        style={{ minWidth: 'max-content' }}
        data-testid="inbound-event-status"
        data-status={status}
      >
        {t(`settings.webhookLog.statuses.${status}`, { defaultValue: status })}
      </Badge>
    </Tooltip>
  );
}
