#!/usr/bin/env bash
# `rasa data validate --fail-on-warnings`, made strict: Rasa 3.6 returns 0 for some warnings
# (unused responses, for one), so any warning in its output fails this script, except two
# false positives of Rasa 3.6 itself:
# - the duplicate `faq` intent its importer reports whenever a retrieval intent is listed in
#   the domain (its importer merges it in a second time), which the rules need;
# - "utter_ask_<slot> is not used in any story or rule" for the callback form's questions,
#   which the form asks itself (the validator does not look inside forms);
# - the same for the `utter_channel_*` responses of domain/channels.yml: the wording the channels
#   add themselves (escalation alerts, the widget's labels), read by channels/wording.py;
# - the same for the `utter_escalation_*` responses the escalation actions send by name
#   (actions/escalation.py) and the doctor's `utter_doctor_*` wording of domain/doctor.yml
#   (escalation/messages.py); tests/escalation/test_wording.py checks each one is used;
# - the same for `utter_confirm_red_flag`, which action_ask_red_flag_confirmation sends by name
#   (tests/actions/test_red_flag_confirmation.py checks its variations), and the
#   `utter_caution_*` responses actions/cautions.py sends (tests/actions/test_cautions.py), and
#   `utter_acknowledge` and `utter_out_of_scope`, which action_default_fallback sends, and
#   `utter_callback_details`, which action_answer_callback_question sends, and
#   `utter_callback_name_help`, `utter_callback_phone_help`, `utter_callback_consent_help`,
#   `utter_callback_consent_proxy`, `utter_callback_consent_why`, `utter_callback_not_a_doctor`,
#   `utter_callback_why_phone` and
#   `utter_callback_caller_id`, `utter_callback_cost` and `utter_callback_only_name_and_number`,
#   which the call-back form sends (actions/callback_questions.py), as it does
#   `utter_clinic_contact` (tests/actions/test_faq.py),
#   `utter_callback_not_instead_of_emergency`, which action_answer_callback_request sends, and
#   `utter_callback_complaint` and `utter_callback_booking_not_here`, which action_offer_callback
#   sends (tests/actions/test_callback_offer.py),
#   `utter_callback_time_added`, which action_answer_callback_question sends after the call back
#   (tests/actions/test_callback_time.py),
#   `utter_followup_unsure`, `utter_default` ("say it another way") and `utter_not_covered`,
#   which the FAQ and fallback actions send, and
#   `utter_warning_signs_denied` (and its `_urgent`, `_soon` and `_emergency` forms, after such
#   advice), which the fallback, the FAQ action and action_ask_red_flag_confirmation send,
#   and `utter_other_language`, which action_reply_other_language sends
#   (tests/actions/test_other_language.py);
#   `utter_data_erased` and
#   `utter_data_erasure_failed`, which action_erase_data sends (tests/actions/test_erasure.py);
# - `utter_faq`, the retrieval answer the Rasa server sends itself when neither the action
#   server nor the Rasa server can run action_answer_faq (channels/patches.py).
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p results
.venv/bin/rasa data validate --domain domain --fail-on-warnings >results/validate.log 2>&1
status=$?
warnings=$(grep -E "UserWarning|FutureWarning|ERROR" results/validate.log |
  grep -v "duplicated intents have been found across multiple domain files: faq$" |
  grep -v -E "The utterance 'utter_ask_contact_(name|phone|consent)' is not used in any story" |
  grep -v -E "The utterance 'utter_channel_[a-z_]+' is not used in any story" |
  grep -v -E "The utterance 'utter_(escalation|doctor)_[a-z_]+' is not used in any story" |
  grep -v -E "The utterance 'utter_(confirm_red_flag|caution_[a-z_]+|acknowledge|out_of_scope|callback_details|callback_(name|phone|consent)_help|callback_consent_proxy|callback_consent_why|callback_not_a_doctor|callback_asked_again|callback_why_phone|callback_caller_id|callback_cost|callback_only_name_and_number|callback_not_instead_of_emergency|callback_complaint|callback_booking_not_here|callback_time_added|clinic_contact|followup_unsure|followup_person|default|not_covered|warning_signs_denied(_urgent|_soon|_emergency)?|other_language)' is not used in any story" |
  grep -v -E "The utterance 'utter_data_(erased|erasure_failed)' is not used in any story" |
  grep -v -E "The utterance 'utter_faq' is not used in any story")
if [ "$status" -ne 0 ] || [ -n "$warnings" ]; then
  cat results/validate.log
  echo "validation failed (exit $status):" >&2
  echo "$warnings" >&2
  exit 1
fi
echo "rasa data validate: no warnings"
