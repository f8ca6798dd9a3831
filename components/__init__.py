"""Custom Rasa NLU components of the back-spasm clinic assistant.

Rasa components (in pipeline order, config.yml):
- `red_flag_classifier`: the learned per-flag model, the other-language emergency model and the
  language identifier, trained by `rasa train` (`red_flag_model`, `language_model`).
- `language_guard`: messages in other languages get "English only" and the emergency number.
- `red_flag_detector`: decides, with the rules, the learned model, the ML intent and the
  conversation's recent turns, whether a message reports a red flag.

Their parts:
- `red_flag_rules`, `red_flag_rule_types`: load and check `knowledge/red_flags.yml`.
- `red_flag_text`: normalises raw patient text (HTML, control characters, weekdays).
- `red_flag_matching`: compiles the rules into spaCy matchers and finds candidate mentions.
- `red_flag_scope`, `red_flag_questions`, `red_flag_cues`: clauses, negation, hypothetical and
  question cues; `red_flag_status`: how one mention is meant.
- `red_flag_engine`: text in, rule findings out (matching + scope + modifiers).
- `red_flag_experiencer`: medspaCy's ConText for a relative's own history and events long over.
- `red_flag_context`: the patient's recent messages of the session.
- `red_flag_decision`: combines rule findings, the model's scores and the ML intent.
- `language`: English or not, from function words and scripts.

Urgency levels, entity names and advice values come from `clinic.contract`.

Nothing here touches the network or a database, and nothing is loaded at import time.
"""
