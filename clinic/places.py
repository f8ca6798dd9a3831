"""Where a patient writes from: away from home, where the clinic's emergency number may not work.

Shared by the red-flag detector (the first emergency advice names the local number) and the
actions (the replies after it).
"""

from __future__ import annotations

import re
from typing import Final

#: Places patients write from on holiday or travelling ("I am in holiday in Spain, Malaga").
PLACES: Final = (
    r"spain|france|portugal|italy|greece|turkey|germany|netherlands|holland|belgium|cyprus|"
    r"malta|croatia|poland|austria|switzerland|tenerife|majorca|mallorca|ibiza|lanzarote|"
    r"benidorm|malaga|m[aá]laga|the algarve|the canaries|gran canaria|crete|corfu|rhodes|"
    r"paris|rome|amsterdam|dubai|egypt|morocco|thailand|mexico|florida|new york|texas|ohio|"
    r"california|the states|the usa|america"
)
#: Abroad, or asking whether the number works where they are ("im in spain tho does 999 even work
#: here??"): red-flags.md names 112 in the EU, 999 in the UK and 911 in the US.
AWAY: Final = (
    r"(abroad|overseas|(on|in)\s+(a\s+)?holiday|(on|in)\s+vacation|on\s+hols|"
    rf"(i'?m|im|i am|we'?re|we are|staying|here)\s+(now\s+|currently\s+|still\s+)?in\s+({PLACES})|"
    rf"visiting\s+([a-z']+\s+){{0,3}}in\s+({PLACES})|"
    r"not\s+(in\s+)?the\s+(uk|us|usa|country)|"
    r"outside\s+the\s+(uk|us|usa|country|eu))"
)
#: A conversation that says the patient is away from home: the emergency advice then names the
#: local numbers too.
AWAY_FROM_HOME: Final = re.compile(
    rf"\b({AWAY}|holidaying|travel+ing\s+(in|around|through))\b", re.I
)

#: The number a patient away from home is told: 112 works across the EU and from most mobiles
#: elsewhere (red-flags.md names 112 in the EU, 999 in the UK and 911 in the US).
AWAY_EMERGENCY_NUMBER: Final = "112 (or the local emergency number)"
