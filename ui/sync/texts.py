"""What the sync status line says, one sentence per state. Never "synced" while a change
waits or the last attempt failed: that is decided by ``sync.status`` (app/services/sync.py);
this module only words it."""

from __future__ import annotations

import datetime as dt

from app.i18n import N_
from app.services.sync import DeviceRow, Progress, SyncStatus
from ui.common import _, isolate


def local_time(stamp: str | None) -> str:
    """An ISO time (UTC) as the laptop's clock reads it: 14:32 today, else with the date."""
    if not stamp:
        return ""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return isolate(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    moment = moment.astimezone()
    if moment.date() == dt.datetime.now().astimezone().date():
        return isolate(moment.strftime("%H:%M"))
    return isolate(moment.strftime("%Y-%m-%d %H:%M"))


def time_left(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 90:
        return _("about {n} s").format(n=isolate(max(1, round(seconds))))
    return _("about {n} min").format(n=isolate(round(seconds / 60)))


def waiting(pending: int) -> str:
    return _("Changes waiting to be sent: {n}.").format(n=isolate(pending))


def status_text(status: SyncStatus) -> str:
    state = status.state
    reason = status.reason or ""
    if state == "not_enrolled":
        return _("Not connected to a sync server.")
    if state == "paused":
        return _("Sync is paused while Harbour is locked.")
    if state == "waiting_approval":
        return _("Sync waits: {reason}").format(reason=reason)
    if state == "revoked":
        return _("Sync failed: {reason}").format(reason=reason)
    if state in ("offline", "failed"):
        when = local_time(status.next_retry)
        if state == "offline":
            head = (
                _("Offline: {reason} Next try at {time}.").format(reason=reason, time=when)
                if when
                else _("Offline: {reason}").format(reason=reason)
            )
        else:
            head = (
                _("Sync failed: {reason} Next try at {time}.").format(reason=reason, time=when)
                if when
                else _("Sync failed: {reason}").format(reason=reason)
            )
        return f"{head} {waiting(status.pending)}" if status.pending else head
    if state == "synced":
        synced = _("Synced at {time}.").format(time=local_time(status.last_success))
        # A note for the manager (changes set aside, changes that stay on this laptop).
        return f"{synced} {status.reason}" if status.reason else synced
    # pending: a change waits, or this laptop has not synced yet
    if status.pending:
        return waiting(status.pending)
    if status.last_success:
        return _("Not synced since {time}.").format(time=local_time(status.last_success))
    return _("Not synced yet.")


def progress_text(progress: Progress) -> str:
    if progress.phase == "push" and progress.total:
        left = time_left(progress.seconds_left)
        if left:
            return _("Syncing: {done} of {total} changes sent, {left} left.").format(
                done=isolate(progress.done), total=isolate(progress.total), left=left
            )
        return _("Syncing: {done} of {total} changes sent.").format(
            done=isolate(progress.done), total=isolate(progress.total)
        )
    if progress.phase == "pull" and progress.done:
        return _("Syncing: {done} changes received.").format(done=isolate(progress.done))
    return _("Syncing…")


# What the server (or this laptop) flagged on a device: shown to managers in the Sync
# section under the devices (app/services/sync.py DeviceRow.flags).
FLAG_TEXTS = {
    "cloned_vault": N_(
        "its vault may be a copy: changes came under numbers already held with other changes"
    ),
    "audit_behind": N_(
        "its history is behind what the server anchored: the vault may be restored from a backup"
    ),
    "audit_forked": N_("its history differs from what the server anchored"),
    "audit_broken": N_("the history it sent to the server does not link up"),
    "bad_signature": N_("it sent changes that its signature does not cover"),
    "quarantined": N_("changes from it did not open or verify here and were set aside"),
}


def flag_lines(devices: list[DeviceRow]) -> list[str]:
    """One sentence per flag of each flagged device, for a manager."""
    lines = []
    for device in devices:
        for flag in device.flags:
            problem = _(FLAG_TEXTS[flag]) if flag in FLAG_TEXTS else isolate(flag)
            lines.append(
                _("Device {name} ({code}): {problem}.").format(
                    name=isolate(device.name), code=isolate(device.code), problem=problem
                )
            )
    return lines
