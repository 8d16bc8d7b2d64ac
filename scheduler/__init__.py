"""Time: reminders before a round's deadline, overdue escalation, the summary.

`plan` says which moments a round has, `runner` sends what is due at a
moment (through the ledger, so never twice), `service` wakes the runner at
those moments with APScheduler. Adapters deliver; nothing here knows a channel.
"""
