"""What every part of the assistant agrees on, with no dependency on Rasa or a database.

- `contract`: urgency levels and their order, slot and entity names, the escalation marker key,
  defaults (emergency number) and project file paths. Components, actions, channels, scripts and
  (through the server) the widget read these names from here and nowhere else.
- `env`: the one parser of environment variables (one meaning of true and false).
- `log_privacy`: the log filter every process installs, so that no log line (Rasa's and the
  libraries' included) carries what patients write.
"""
