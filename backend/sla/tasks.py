"""Background jobs of the sla app. Tasks take ids or nothing, reload, and call a service."""

from procrastinate.contrib.django import app

from sla.models import SlaPolicy
from sla.services import sla_events_dispatch, sla_policy_reapply, sla_sweep


@app.periodic(cron="* * * * *", periodic_id="every_minute")
@app.task(queue="maintenance", queueing_lock="sla_sweep", lock="sla_sweep")
def sweep_sla_clocks(timestamp: int | None = None) -> int:
    """Mark clocks that went at risk or breached (at most a minute late), then send their
    alerts. One at a time (lock), never queued twice (queueing_lock); a re-run changes
    nothing that was already marked."""
    examined = sla_sweep()
    sla_events_dispatch()
    return examined


@app.task(queue="maintenance")
def reapply_sla_policy(policy_id: int) -> int:
    """Recompute the open cases of a policy (re-apply asked on a large workspace)."""
    policy = SlaPolicy.objects.filter(pk=policy_id).first()
    return 0 if policy is None else sla_policy_reapply(policy=policy)
