"""Red-flag escalation, independent of Rasa: cases, the doctor's notifications, the worker.

Modules, one per concern:
- `rules`: the case rules as pure functions (episode, urgency raise, flag merge, revision).
- `db`: the tables (named constraints, a schema version), the engine and SQLite set-up.
- `queue`: the delivery queue (transactional outbox): enqueue, claim (one statement where the
  database allows it), mark delivered or failed.
- `store`: records red flags and contact details on cases, reads and purges them.
- `flags`: what each red flag may indicate (read lazily from `knowledge/red_flags.yml`).
- `messages`: the doctor's message (webhook JSON body, Slack text and blocks), worded by the
  `utter_doctor_*` responses of `domain/doctor.yml`.
- `notifiers`: the webhook and Slack Web API clients.
- `outbox`: claims due deliveries, sends them, retries with backoff.
- `contact`: name and phone number validation for the callback form.
- `service`: `EscalationService`, built once from the settings; what the actions call.
- `worker`: `python -m escalation.worker`, the long-running delivery process.

The Rasa actions (`actions/escalation.py`) are thin adapters over `service`. Nothing here
imports Rasa or touches the network or a database at import time.
"""
