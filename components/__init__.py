"""Custom Rasa NLU components of the back-spasm clinic assistant.

- `red_flag_detector`: the Rasa component (last in the pipeline) that decides, with the ML
  intent, whether a message reports a red flag.
- `red_flag_rules`: loads and checks `knowledge/red_flags.yml`.
- `red_flag_text`: normalises raw patient text (HTML, control characters, typography).
- `red_flag_matching`: compiles the rules into spaCy matchers and finds candidate mentions.
- `red_flag_scope`: clauses, negation, hypothetical and question scope.
- `red_flag_cues`: the words and patterns the scope analysis looks for.
- `red_flag_engine`: text in, findings out (matching + scope + modifiers).
- `red_flag_decision`: combines the findings with the ML intent.

Urgency levels, entity names and advice values come from `clinic.contract`.

Nothing here touches the network or a database, and nothing is loaded at import time.
"""
