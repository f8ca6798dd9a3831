"""Red-flag escalation: case store, doctor's message, notifiers, outbox, worker, actions.

Modules, one per concern:
- `urgency`: the three urgency levels and their order.
- `flags`: what each red flag may indicate (read lazily from `knowledge/red_flags.yml`).
- `store`: the SQL case database (cases, deliveries = the transactional outbox).
- `messages`: the doctor's message (webhook JSON body, Slack text and blocks).
- `notifiers`: the webhook and Slack Web API clients.
- `outbox`: claims due deliveries, sends them, retries with backoff.
- `worker`: `python -m actions.escalation.worker`, the long-running delivery process.
- `contact`: name and phone number validation for the callback form.
- `conversation`: what a case takes from the Rasa tracker (patient's words, transcript).
- `runtime`: the process-wide store, notifiers and outbox, built lazily from the settings.
- `actions`: the Rasa actions `action_escalate_case`, `validate_callback_form`,
  `action_submit_callback`.

Nothing here touches the network or a database at import time.
"""
