"""What patients say right after escalation advice, as patterns: one or more per kind.

`actions.advice_questions` reads a message with them ("can my son drive me?" is `DRIVEN`, "can
it wait till Monday?" `DELAY`); they live here so that the reading stays short enough to
follow. Each pattern's comment gives the wording it was written for.
"""

from __future__ import annotations

import re

from clinic.places import AWAY

#: The emergency department, named in a question about where to go.
ER = re.compile(r"\b(a ?& ?e|a and e|er|emergency department|casualty|hospital)\b", re.I)
#: Someone else drives ("my husband will drive me", "can my missus drive me", "we'll take him").
DRIVEN = re.compile(
    r"\b(husband|wife|partner|missus|mrs|hubby|boyfriend|girlfriend|gf|bf|friend|mum|mom|dad|son|"
    r"daughter|brother|sister|neighbou?r|someone|somebody|they|he|she|we|mate|pal|colleague|"
    r"workmate|flatmate|housemate|roommate|cousin|uncle|aunt|auntie|gran|nan|grandad|grandpa|gaffer|"
    r"grandson|granddaughter|boss|fianc[eé]e?|other half|family)\b[\w' ]{0,25}?"
    r"(?:\b(drive|driving|drivin)\s+(me|us|him|her|them)\b"
    # a lift, not "so that they take me seriously"
    r"|\b(take|taking|takin|run|running)\s+(me|us|him|her|them)\b(?=\s*(?:[.,!?]|$|in\b|"
    r"to\b|into\b|there\b|down\b|up\b|over\b|round\b|straight\b|now\b|quick)))"
    # (not "the paramedics didn't take him in")
    r"|(?<!n't )(?<!not )\b(drive|driving|drivin)\s+(him|her|them)\b"
    r"|(?<!n't )(?<!not )\b(take|taking)\s+(him|her)\b(?=\s*(?:[.,!?]|$|in\b|to\b|into\b|"
    r"there\b|down\b|up\b|straight\b|now\b))"
    # "she'll drive", "the wife's getting the car", "I'm not driving, she is"
    r"|\b(she|he|they|husband|wife|partner|missus|mrs|hubby|gf|bf|son|daughter|mum|mom|dad|friend|"
    r"mate|neighbou?r|flatmate|housemate|roommate|brother|sister|colleague)('s|'ll| will| can|"
    r" could| is going to| is gonna| is| are)\s+(drive|driving)\b"
    # "is my flatmate driving ok?"
    r"|\b(is|can|could) (my|our) (husband|wife|partner|son|daughter|mum|mom|dad|friend|mate|"
    r"neighbou?r|flatmate|housemate|roommate|brother|sister|colleague) (driving|drive)\b"
    r"|\b(getting|fetching|bringing) the car\b|\b(i'?m|i am) not (the one )?driving\b"
    # "shall we get him up and in my car"
    r"|\b(get|put|take|help|lift|carry)\b[\w' ]{0,20}\b(in|into) (my|the|our|his|her) car\b"
    # someone else at the wheel: a taxi, a cab, a lift
    r"|\b(taxi|uber|minicab|a lift)\b"
    # a cab to ride in, not the lorry's cab the writer sits in all day
    r"|\b(a|by|get|call|order|book|grab|ring|in a) cab\b"
    # "Daughter's coming. Ten minutes.": someone on the way to take them
    r"|\b(husband|wife|partner|hubby|son|daughter|mum|mom|dad|friend|neighbou?r|brother|sister|"
    r"mate)('s| is| will be)\s+(coming|on (her|his|their) way|picking (me|us|him|her) up)\b",
    re.I,
)
#: The writer is not with the person: "I'm 40 minutes away", "not with him", "miles away".
FAR_AWAY = re.compile(
    r"\b(i'?m|im|i am|we'?re|we are|i live|we live)\b[^.?!]{0,15}?"
    r"\b(\d+|five|ten|twenty|thirty|forty|fifty|an?|half an?|couple of|few) ?"
    r"(min(ute)?s?|hours?|hrs?|miles?|km) (away|drive|off)\b"
    r"|\bnot (with|near|there with) (him|her|them)\b|\b(i'?m|i am|we'?re|we are) (far|miles) away\b"
    r"|\bcan'?t get (there|to (him|her|them)) (for|quickly|fast|soon)\b",
    re.I,
)
DRIVE = re.compile(
    # not "an ice pack on his back in the car?": the comfort on the way, not who drives; nor
    # "while I wait for my partner to get the car, ice?": someone else brings it round
    # "lie flat in the back of the car?": a passenger
    r"\bdriv(e|ing|in)\b|(?<!\bin )(?<!\bof )(?<!\bget )(?<!\bgets )(?<!\bgetting )(?<!\bfetch )"
    r"(?<!\bfetches )(?<!\bfetching )(?<!\bbring )(?<!\bbrings )(?<!\bbringing )\bthe car\b"
    # not "what do I say when I get there" (already on the way, in the car as a passenger)
    r"|(?<!\bwhen i )(?<!\bwhen we )(?<!\bonce i )(?<!\bonce we )\bget there\b"
    # "should i try to get to a&e myself in the car", "can we go by car?"
    r"|\bby car\b|\b(myself|on my own|alone)\b[^.?!]{0,10}\b(in|by) (the |my )?car\b"
    # a driver's work: "can I still do my rounds in the van?" (live test, round 52)
    r"|\b(rounds|route|deliveries|drops|shift|runs?)\b[^.?!]{0,12}\bin (the|my) (van|lorry|truck|"
    r"cab|taxi|bus)\b|\b(drive|driving) (the|my) (van|lorry|truck|cab|taxi|bus|forklift)\b"
    # "I'll cycle over to A&E, it's only a mile"
    r"|\b(cycle|cycling|bike|biking|ride my bike|walk|walking|scooter)\b.{0,25}"
    r"\b(a ?& ?e|a and e|er|hospital|there|over|emergency|casualty|mile|miles)\b",
    re.I,
)
#: No car or lift, or public transport asked about: "the hospital is 3 stations in the metro, I
#: can go in metro alone?", "But the bus, is ok to take the bus?", "alone. no car. what now"
#: (live test, round 52): how to get there without driving or being driven.
TRANSPORT = re.compile(
    r"\b(in|on|by|with|take|taking|get|catch|ride) (the |a )?"
    r"(metro|tube|underground|subway|bus|train|tram|coach)\b|\b(bus|buses|train|trains|tram|metro|"
    r"tube)\b[^.?!]{0,30}\b(ok|okay|alright|fine|safe)\b"
    # "my wife has the car and is at work", "my mum is at work" (live test, round 54)
    r"|\b(wife|husband|partner|mum|mom|dad|son|daughter|flatmate|housemate|other half)('s| has| "
    r"took| is| got)( got)? (the car|at work|out|away)\b"
    r"|\b(no|without( a)?|(don'?t|do not|dont) have( a)?|(haven'?t|havent|have not) got( a)?) "
    r"(car|lift|ride|transport|wheels)\b"
    r"|\b(no ?one|nobody|noone|no body) (here |around )?(to|who can|that can|can) "
    r"(take|drive|bring)\b"
    r"|\bcan'?t get there\b(?! (for|quickly|fast|soon))",
    re.I,
)
#: "is 999 free? do I have to pay? I don't have an NHS number yet"
COST = re.compile(
    r"\b(cost|costs|pay|paying|payment|money|free|afford|insurance|insured)\b"
    r"|\b(nhs|insurance|health) (number|card)\b|\bnot registered\b",
    re.I,
)
CALLBACK = re.compile(
    r"\b(will|would|when|is|are) (they|someone|somebody|a doctor|the doctor|the clinic|you)\b.*"
    # "will someone from the clinic follow up after"
    r"\b(call|ring|phone|contact|follow[- ]?up|get back to|be in touch)|\bcall ?back\b|\bring me\b"
    r"|\bcall me\b"
    r"|\b(before|till|until) (they|someone|somebody|the doctor|the clinic|you) "
    r"(call|calls|ring|rings|phone|phones|contact)"
    # "will you tell his gp", "can you let the doctor know": who hears of it
    r"|\b(will|would|can|could|are) (you|u|they|the clinic|someone) (going to )?"
    r"(tell|inform|notify|let \w+( \w+)? know|pass (it|this|that) on)"
    # "will my back doctor at the clinic know about this"
    r"|\b(will|does|do|has|have|would) (my|the|your|our) (\w+ )?"
    r"(doctor|gp|clinic|physio|consultant)s?\b.{0,25}"
    r"\b(know|be told|get told|hear|find out|be informed|been told)\b"
    # "so the clinic has my number right?"
    r"|\b(clinic|you|they|the doctor)( guys)?('ve| have| has|'s)? (got |already got )?"
    r"(my|our|his|her|the) (number|details|phone number)\b",
    re.I,
)
OK = re.compile(
    r"^\W*(ok(ay)?|k|right|alright|aight|ight|fine|sure|will do|going|on my way|calling|doing it|"
    r"thanks?|thank you|ta)\b",
    re.I,
)
#: Help is under way ("the ambulance is on its way", "we're leaving now", "called 999").
UNDERWAY = re.compile(
    r"\b(ambulance|paramedics?|they|help|it)('s| is| are|'re|re)? (is |are )?"
    r"(on (its|their|the) way|coming|here|outside)\b"
    # "The ambulance is taking long time, what to do" (live test, round 54)
    r"|\b(ambulance|paramedics?|they)('s| is| are|'re)? (is |are )?(taking|takes|taking a) "
    r"(so |too |a |very |really )?(long|ages|forever|while)\b"
    r"|\bstill (waiting|waitin) (for|on) (the |an )?(ambulance|paramedics?)\b"
    # "I called already. They say ambulance come maybe 1 hour" (non-native)
    r"|\b(i|we) (have |'ve )?(called|rang|phoned|rung)( them| 999| 911| 112)? already\b"
    r"|\b(i|we) already (called|rang|phoned)\b|\bambulance come\b(?![^.!?]*\?)"
    # "I called, they come." (non-native)
    r"|\b(i|we) (called|rang|phoned|call)\b[^.?!]{0,15}\bthey (come|comes|coming)\b"
    # "on hold w 999", "calling 999 now"
    r"|\bon hold (with |w |to )?(999|911|112|the ambulance)\b|\bcalling (999|911|112) now\b"
    # "alright she's dialling. what now" (round 41 dev)
    r"|\b(she'?s|he'?s|they'?re|we'?re|i'?m|im|she is|he is|they are|we are|i am) "
    r"(now )?(dialling|dialing|calling|ringing|phoning)\b(?! (you|the clinic|my gp|the gp|111))"
    r"|\b(we'?re|we are|i'?m|i am|we'?ll|i'?ll) (going|leaving|heading|off|on (our|my) way)\b"
    # a change of mind at the end: "I'll go after work... no, I will go now"
    r"|\b(i|we) (will|'ll|ll|shall) (go|call|ring|phone|head (there|in|off)) "
    r"(now|straight away|right away|today)\b"
    r"|\b(called|rang|phoned|telephoned|rung|dialled|dialed) (them|999|911|112|an ambulance|the "
    r"ambulance|ambulance)"
    # "they are sending someone", "an ambulance is being sent"
    r"|\b(they'?re|they are|they'?ll|they will) (sending|send) (someone|an ambulance|one|help)\b"
    r"|\b(ambulance|someone|help)('s| is) (being )?sent\b"
    # "Ambulance say maybe 2 hours", "they said 40 minutes"
    r"|\b(ambulance|paramedics|they|999|911|112) (say|says|said)\b[^.?!]{0,20}\b(\d+|an?|one|two|"
    r"half)\s*(hours?|hrs?|mins?|minutes)\b"
    # "ambulance called", "999 has been rung": the call told the other way round
    r"|\b(ambulance|999|911|112)('s| has| is)? (been |now )?(called|rung|phoned|requested)\b"
    # "uber is 12 mins away", "taxi's booked"
    r"|\b(uber|taxi|cab|lift)('s| is)? (\d+|a few|two|five|ten) ?(mins?|minutes) away\b"
    r"|\b(uber|taxi|cab)('s| is)? (booked|here|outside|coming|on (its|the) way)\b"
    # "brother's here, off to a&e now", "we're in the car", "ok calling"
    r"|\b(off|heading|going|driving|on (our|my|the) way) (to|into) (the )?(a ?& ?e|a and e|"
    r"hospital|er|emergency|casualty)\b"
    r"|\b(we'?re|we are|i'?m|i am|he'?s|she'?s) (now )?in the (car|taxi|cab|uber|ambulance)\b",
    re.I,
)
#: "ok calling": the call being made, which is help under way when nothing is asked with it
#: ("ringing them now. what do i do till they get here" asks what to do meanwhile).
CALLING_NOW = re.compile(
    r"^\W*(ok(ay)?\W+)?(calling|ringing|phoning|dialling|dialing)( (them|now|999|911|112|"
    r"an ambulance))*\b",
    re.I,
)
#: Asks whether help was called ("has the ambulance been called?", "did anyone ring 999").
ASKS_IF_CALLED = re.compile(
    r"^\W*(has|have|did|should|shall|do|does|is|was)\b[^.!?]*\b(called|rung|rang|phoned)\b[^.!]*\?",
    re.I,
)
#: The help that is coming is an ambulance (not a lift or a taxi to the hospital).
AMBULANCE_COMING = re.compile(
    r"\b(ambulance|paramedics?|999|911|112)\b|\b(called|rang|rung|phoned|dialled|dialed) them\b"
    r"|\bthey'?(re| are) (coming|on (their|the) way)\b|\bthey (come|comes|coming)\b"
    r"|\b(sending|send|sent) (someone|somebody|help|one)\b"
    r"|\b(someone|help)('s| is) (being )?sent\b",
    re.I,
)
#: Help has come, or the patient is being seen ("the ambulance is here", "we're at A&E now").
ARRIVED = re.compile(
    r"\b(ambulance|paramedics?|they|the crew)('s| is| are|'re|re)? (is |are )?"
    r"(here|outside|arrived|with (us|him|her|me))\b"
    r"|\b(we'?re|we are|i'?m|im|i am|he'?s|he is|she'?s|she is|they'?re|they are) "
    r"(now |literally |already |actually )?(at|in) (the |a )?(a ?& ?e|a and e|er|ed|hospital|"
    r"emergency department|ambulance|casualty)\b"
    # a nurse at work (round 51 dev): "told the reg, they're taking me down to ED"
    r"|\b(taking|wheeling|bringing) (me|him|her) (down|over|straight) to (the )?(a ?& ?e|ed|er|"
    r"resus|emergency department|casualty)\b"
    r"|\bbeing (seen|looked at|checked)\b"
    # "in the ambulance now. so the clinic has my number right?"
    r"|^\W*(now |already )?(in|on) (the|an) ambulance\b|\b(already|now) in the ambulance\b"
    # "ambulance has just pulled up", "paramedics are at the door"
    r"|\b(ambulance|paramedics?|the crew)\b[^.?!]{0,15}\b(pulled up|arrived|at the door)\b"
    # "i can see the blue lights" (live test, round 41)
    r"|\b(see|hear|seen)\b[^.?!]{0,12}\b(blue lights|the siren|the ambulance)\b",
    re.I,
)
#: The person the advice is for will not go ("he's refusing", "she says it's nothing"): the
#: relative asks how to get them seen, not what to tell the call handler.
THEY_REFUSE = re.compile(
    r"\b(he|she|they|hes|shes|theyre|dad|mum|mom|husband|wife|partner)\b[\w' ]{0,20}?"
    r"\b(refus\w*|won'?t (go|come|let|listen|have it)|will not (go|come|let|listen)|"
    r"doesn'?t want to|does not want to|"
    r"don'?t want to go|do not want to go)\b"
    r"|\b(he|she|they) (says?|keeps saying|insists?|thinks?|reckons?)\b.{0,30}\b(nothing|fine|"
    r"just|only|overreact\w*|fuss\w*)\b"
    # "He'll say it can wait till after Christmas", "she says it can wait"
    r"|\b(he|she|they)('ll| will| would| says?| keeps saying| insists?| thinks?| reckons?)"
    r"( say| tell me| insist)?( that)? (it|this|that) (can|could|will) wait\b"
    r"|\b(how|what) (do|can|should|shall) (i|we) (convince|persuade|get) (him|her|them)\b",
    re.I,
)
#: A medicine while waiting for help ("should he take an aspirin?", "can I have a co-codamol?").
MEDICINE = re.compile(
    r"\b(aspirin|paracetamol|ibuprofen|naproxen|co-?codamol|codeine|tramadol|diazepam|nurofen|"
    r"advil|tylenol|painkillers?|pain ?killers?|tablets?|pills?|meds|medicines?|medication)\b"
    r"|\btake something\b",
    re.I,
)
#: Food or drink while waiting ("can I give him a glass of water?", "will they let me eat b4").
FOOD_DRINK = re.compile(
    r"\b(eat|eating|drink|drinking|food|snack|cup of tea|cuppa|glass of \w+|"
    r"(?<!hot )water(?! bottle))\b",
    re.I,
)
#: Cold or warmth for comfort while waiting ("can I put ice on my back while I wait?").
COMFORT = re.compile(
    r"\b(ice|ice ?packs?|cold packs?|frozen peas|heat ?packs?|heat(ing)? pads?|heat|"
    r"hot water bottles?|wheat ?bag|warm (bath|shower|compress)|hot (bath|shower))\b",
    re.I,
)
#: "sorry for being a pain", "sorry to bother you", "sorry for all the questions"
APOLOGY = re.compile(
    r"\bsorry (for|to|about|if)\b.{0,25}\b(pain|bother\w*|nuisance|questions|panic\w*|"
    r"fuss\w*|mess\w*|going on|rambl\w*|waste|wasting)\b",
    re.I,
)
#: Waiting for help, or medicine meanwhile ("what do I do till they come", "can I take aspirin").
WAITING = re.compile(
    # "What I do when I wait?", "what i do now?" after "ambulance come maybe 1 hour"
    r"\bwhat (i|we) (do|can do|should do|must do) (when|while|now|until|till)\b|"
    r"\b(until|till|til|while|whilst|before|meantime|meanwhile)\b.{0,30}\b(come|comes|arrive|"
    r"arrives|get here|gets here|here|there|wait|waiting)\b|\bmeantime\b|\bmeanwhile\b|"
    r"\b(till|until|til) then\b|"
    # "i can put ice on back when i wait ambulance?": comfort until help comes
    r"\b(ice|heat|heat ?pad|hot water bottle|warm|cold)\b.{0,40}\b(when|while|till|until)\s+"
    r"(i|we|he|she)\s+(wait|waiting)\b|"
    # "What can I take for the temperature while I sort it" (round 51 dev)
    r"\bwhat (can|should|could|do) (i|we|he|she) (take|give (him|her))\b|"
    r"\b(aspirin|paracetamol|ibuprofen|naproxen|co-?codamol|codeine|tramadol|painkillers?|"
    r"pain ?killers?|tablets?|pills?|meds|medicines?|medication|take something)\b"
    r"|\btake (some|any|a|my|an)\b|\b(lie|lay|sit) (down|still|flat)\b"
    # "can he have some water?": food and drink while waiting, as medicines
    r"|\b(eat|drink|water|food|cup of tea|cuppa)\b"
    r"|\bshould (i|he|she|we) (lie|lay|sit)\b"
    # "should i move him? he's on the patio still": where to keep them until help comes
    r"|\b(move|lift|pick up|get up|help up)\s+(him|her|them|my (dad|mum|mom|husband|wife|son|"
    r"daughter|partner))\b|\b(get|help|pick|lift) (him|her|them) up\b"
    # "do i unlock the door?", "should I take the heat pad off": getting ready for help
    r"|\b(unlock|open) the (front )?door\b|\b(leave|keep) the (front )?door (open|unlocked)\b"
    r"|\b(heat ?pad|hot water bottle|ice ?pack)\b.{0,12}\boff\b"
    r"|\btake (the|my|his|her) (heat ?pad|hot water bottle|ice ?pack) off\b",
    re.I,
)
#: A later time: "at 6", "tomorrow", "on Monday", "half an hour".
LATER = (
    r"(tomorrow|tmrw|tmw|the morning|tonight|later|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|the weekend|next week|after work|after school|half (an )?hour|an hour|"
    r"a few hours|\d{1,2}(:\d\d)? ?(pm|am|o'?clock)?(?! ?(mins?|minutes)\b))"
)
#: Putting the advice off ("can I wait for my wife to get back at 6?", "ibuprofen first and
#: wait half an hour?", "paracetamol and see how she is on Monday?", "can it wait?"), not
#: waiting for help that is coming.
DELAY = re.compile(
    # "my roommate can take me in like 2 hrs when he gets back"
    r"\b(in|after)\s+(like\s+|about\s+|around\s+|maybe\s+)?(\d+|a few|a couple of|couple of|two|"
    r"three|four|five|an|one)\s*(hrs?|hours?)\b|"
    rf"\b(wait|hold off|leave it|hang on)\b.{{0,40}}\b{LATER}\b"
    # "my wife is back in half an hour, could she drive me then?"
    rf"|\b(back|home|here|free|up|around|off work|finished|finish|finishes|finish work|"
    rf"finishes work)\s+(in|at|by|after|around)\s+{LATER}\b"
    # "he finish work at 6 oclock ... i wait him ok?": the time first, then the wait
    rf"|\b{LATER}\b.{{0,60}}\b(i|we|she|he) (wait|will wait|can wait|could wait)\b"
    # "lie down for half an hour and see if it goes"
    rf"|\b(lie|lay|sit|rest|sleep)( down)? for {LATER}\b"
    r"|\bsee if (it|this|that|the pain|they|she|he)\b.{0,15}\b(goes|go|eases|passes|settles|"
    r"stops|improves|gets better|calms)\b"
    rf"|\b(can|could) (it|this|that|i|we|he|she) (wait|go|leave it)\b.{{0,40}}\b{LATER}\b"
    r"|\bsee how (i|he|she|it|they|we) (am|is|are|go|goes|feel|feels|get on|gets on)\b"
    r"|\b(first|then),? (and )?wait\b|\bwait (and|n) see\b|\bcan (it|this|that) wait\b"
    # "I have meetings all day. Tomorrow morning is ok?"
    rf"|\b{LATER}( morning| afternoon| evening| first thing)? (is|would be|be) "
    r"(ok|okay|alright|fine|enough|too late)\b"
    # "he can take me when he's back from the school run, about 40 mins"
    r"|\b(in|about|around|like|maybe|another)\s+(like\s+|about\s+|around\s+)?"
    r"([3-9]\d|[1-9]\d\d|thirty|forty|fifty|sixty|ninety)\s*(mins?|minutes)\b"
    # "can I have the bath first", "finish my shift first"
    r"|\b(have|take|finish|get|grab|do)\s+(a|the|my|me)?\s*(bath|shower|dinner|tea|lunch|nap|"
    r"sleep|shift|work|meeting|meal)\s+(first|before)\b"
    # "physio's next slot is Friday, I'll just mention it then?" (round 51 dev)
    r"|\b(mention|raise) (it|that|this)\b[^.?!]{0,20}\b(then|there|at (my|the|her|his) "
    r"(appointment|appt|check|check-?up|review|slot|session))\b"
    r"|\bbring (it|that|this) up\b[^.?!]{0,20}\b(then|there|at (my|the|her|his))\b"
    # "i have shift tomorrow 7 oclock, i can go after the shift?"
    r"|\b(go|come|call|ring|see (a|the) doctor|be seen)\s+after\s+(the|my|his|her|work|school)"
    r"(\s+(shift|work|meeting|school|match|class|exam))?\b"
    r"|\bafter (my|the|his|her) (shift|work|meeting|exam)\b.{0,20}\b(ok|okay|alright|fine)\b"
    # "heat pad on and if it goes off in half hour that's fine"
    r"|\b(goes|go|wears|eases|settles|passes|calms)( off| down| away)? (in|after|within) "
    r"(half|an|a|\d+)\b",
    re.I,
)
#: Another service instead of the advice ("would ringing 111 be alright instead?").
INSTEAD = re.compile(
    r"\b(111|gp|doctor|pharmacy|pharmacist|walk[- ]?in( centre| center| clinic)?|"
    r"minor injur\w+|urgent care|chemist)\b.{0,60}\binstead\b"
    r"|\binstead\b.{0,30}\b(111|gp|doctor|pharmacy|pharmacist|walk[- ]?in|minor injur\w+|"
    r"urgent care|chemist)\b"
    # "cant i just see my gp tomorrow": the GP instead, said without "instead"
    r"|\b(can'?t|cant|can|could|couldn'?t)\s+(i|we|he|she)\s+just\s+(see|ring|call|phone|go to|"
    r"wait for|book)\s+(my|the|a|his|her|our)\s+(gp|doctor|pharmacist|physio)\b",
    re.I,
)
#: Doubting the advice ("why 999?", "seriously?", "do I really need to go", "it's just muscles").
WHY = re.compile(
    r"\bwhy\b|\bseriously\b|\breally (need|have)\b|\bbit much\b|\bover ?react|"
    r"\bjust (a )?(muscle|muscles|spasm|back)\b|"
    r"\bis (that|it|this) (something |anything )?(bad|serious|dangerous)\b|"
    # one word after the advice: "serious?", "that bad?", "how serious"
    r"^\W*(how |that |so |very )?(bad|serious|dangerous|worrying)\W*$|"
    r"\b(isn't|is not|not) (that|an?) (emergency|serious)\b|\bwhat does (that|it|this) mean\b|"
    r"\b(it'?s|its|it is) not like (i'?m|im|i am|he'?s|she'?s) dying\b|"
    # "it's probably just stress right?", "surely it's only a pulled muscle"
    r"\b(prob(ably)?|probs|prolly|surely|must be|i bet|i reckon)\b[^.?!]{0,12}"
    r"\b(just|only|nothing)\b|"
    # what it is, which only a doctor can tell (live test, stop 48): "Is this likely to be
    # cancer?", "do you think the cancer has come back?", "is it the disc thing?"
    r"\bis (it|this|that) (likely |probably |maybe )?(to be )?(cancer|a tumou?r|my disc|the disc|"
    r"a slipped disc|the (\w+ )?thing|because of)\b|"
    r"\bwhat (is it|could it be|might it be|do (you|they) think it is)\b|"
    r"\b(has|is) (the|my|her|his) cancer (come|coming) back\b|\bcome back\b[^.?!]{0,10}\bcancer\b",
    re.I,
)
#: Not following the advice ("I'll have a cold drink and sit down", "I'm not going to a
#: doctor", "I'd rather wait and see"): answered with why it matters, like a doubt.
REFUSES = re.compile(
    r"\b(i'?ll|i will|i'?m going to|gonna)\s+(just\s+)?(have|sit|lie|wait|see|sleep|rest|"
    r"take)\b(?!.{0,30}\b(ambulance|999|911|112|a&e|hospital|emergency)\b)"
    r"|\b(i'?m|i am)\s+not\s+(going|calling|ringing|phoning)\b"
    r"|\b(won'?t|will not|not going to|don'?t want to|dont want to)\s+(go|call|ring|phone|bother|"
    r"waste|trouble)\b"
    r"|\brather\s+(not|wait)\b|\bwait and see\b"
    # "I do not wish to be a nuisance to the doctor; they are terribly busy"
    r"|\b(a|be an?|being an?) (nuisance|bother|burden|pest)\b|\bwaste (their|the doctor'?s|the "
    r"gp'?s|anyone'?s|people'?s) time\b|\b(they'?re|they are|doctors are) (terribly |so |very |"
    r"really )?(busy|stretched|overworked)\b",
    re.I,
)
#: What to tell the call handler or the doctors ("what do I say when they answer?").
WHAT_TO_SAY = re.compile(
    r"\b(what|wot|wat|wht) (do|should|shall|must|d|di|dae) (i|we|u|ah) (actually |even |exactly )?"
    r"(say|tell)\b|\bwhat words\b"
    r"|\bwhat to (say|tell)\b"
    # "what i tell them?"
    r"|\bwhat (i|we) (should |must |have to |need to )?(say|tell)\b"
    r"|\b(should|do|shall) (i|we) (need to |have to )?(mention|tell (them|the|about))\b"
    # "should I bring anything?": the medicines, or a list of them
    r"|\b(should|do|does|shall|must|need to) (i|we|he|she|they)( need to| have to)? "
    r"(bring|take|pack) (anything|something)\b"
    # "Should I pack my tablets to take with me?", "do I bring a list of my medicines"
    r"|\b(should|do|shall|must) (i|we|he|she)( need to| have to)? (bring|take|pack) (my|his|her|"
    r"their|the|a list of)( \w+){0,2} (tablets|pills|medicines?|medication|meds|inhaler|list)\b"
    r"(?! (now|today|tonight|for the pain|while))"
    # "My neighbour will take me. Bring anything?"
    r"|(?:^|[.!?,]\s*)(bring|take|pack) (anything|something)( with (me|us|him|her))?\s*\?"
    r"|\bwhat (should|do|shall|must) (i|we|he|she) (bring|take|pack)\b"
    # "What I should bring to hospital?"
    r"|\bwhat (i|we|he|she) (should|must|need to|have to) (bring|take|pack)\b"
    # "what will they want to know?", "what do they ask you?"
    r"|\bwhat (will|would|do|does|might) (they|the doctors?|111|the call handler) "
    r"(want|need|ask|wanna)\b"
    # "They ask me where is the pain, I say back?": what to answer the call handler
    r"|\b(they|he|she|the (call handler|operator|lady|man|woman)) (ask|asks|asked|are asking|is "
    r"asking) (me |us )?(where|what|how|when|if|about)\b",
    re.I,
)
#: Calling the help off ("should I ring back and cancel the ambulance?", "it's easing, tell
#: them not to come?", "do I still need to go now it's better?"): never, whatever eases.
CANCEL = re.compile(
    r"\bcancel\w*\s+(the\s+|my\s+|our\s+|his\s+|her\s+)?(ambulance|999|911|112|paramedics?|"
    r"it|them|that)\b|\bcall (it|them|the ambulance) off\b"
    r"|\bsend (it|them|the ambulance) (away|back)\b"
    r"|\b(tell|ask) (them|the ambulance|999|911|112) not to (come|bother)\b"
    # not "do i still need the gp" for a sick note afterwards (live test, round 47)
    r"|\b(do|does|should) (i|we|he|she) (still|really still) (need|have|go|wait)\b"
    r"(?!\s+(the|a|my|to see( the| a| my)?)\s+(gp|doctor|sick note|fit note|note)\b)"
    r"|\b(don'?t|do not|no longer|not) (need|want) (the|an|that) (ambulance|paramedics)\b",
    re.I,
)
OR = re.compile(r"\bor\b(?!\s+(no|not)\b)", re.I)
#: Whether to call an ambulance ("should i ring an ambulance or is that overkill?", "999 or 111,
#: which one?"), asked after the advice.
AMBULANCE = re.compile(
    r"\b(ambulance|paramedics?)\b|\b(999|911|112)\b.{0,25}(\bor\b|\?)"
    r"|\b(ring|call|phone|dial)(ing)? (999|911|112)\b",
    re.I,
)
#: A message that opens by asking why ("why today tho", "why do I need to go?").
OPENS_WITH_WHY = re.compile(r"^\W*(but |so |ok |okay )?(why|how come)\b", re.I)
#: A message's sentences, to tell which one asks.
PARTS = re.compile(r"(?<=[.!?])\s+")
#: Kinds that an ambulance question comes before ("should she go to A&E or do I ring for an
#: ambulance?"); with any other kind the message is about that.
BEFORE_AMBULANCE = frozenset({"driven", "drive", "transport", "instead", "closed", "worried"})
#: The doctor's practice is shut ("gp's shut at the weekend", "who do I call if the surgery is
#: closed on saturday?").
CLOSED = re.compile(
    r"\b(gp|gps|gp'?s|practice|surgery|doctors?|doctor'?s)\b.{0,25}\b(shut|closed|not open)\b"
    # "the GP surgery never picks up the phone before 8am" (live test, round 54)
    r"|\b(gp|gps|gp'?s|practice|surgery|doctors?|doctor'?s)\b.{0,25}\b(never|doesn'?t|does not|"
    r"won'?t|isn'?t|not) (pick|picks|picking|answer|answers|answering)\b"
    r"|\b(shut|closed)\b.{0,25}\b(weekend|saturday|sunday|tonight|bank holiday|evenings?)\b"
    r"|\bout of hours\b|\bout-of-hours\b"
    # no appointment soon: "the surgery has nothing till Thursday", "GP can't see me till Monday"
    r"|\b(nothing(?! to do)|no (appointments?|slots?|space)|"
    r"not? (have )?any(thing| appointments?| slots?)|"
    r"doesn'?t have any(thing)?|can'?t (see|fit) (me|him|her|us|them)( in)?|fully booked|"
    r"booked up)\b[^.?!]{0,30}\b(till|until|til|before)\b",
    re.I,
)
#: The case reference asked again ("what was that reference number?", "the ESC code").
REFERENCE = re.compile(r"\b(reference|ref)\b|\besc\b|\besc-\w+|\bcase (number|no|code)\b", re.I)
#: A question without its question mark ("ok who do i ring"): not an acknowledgement.
ASKS = re.compile(
    r"\b(who|what|where|which|how|when|should|can|do i|does|(will|would|could|are) you|"
    r"yes or no)\b",
    re.I,
)
WORRIED = re.compile(
    r"\b(scared|worried|frightened|frightening|afraid|anxious|panick|nervous|terrified|scary)"
    r"|\bare you saying\b|\bdoes (that|this) mean (it'?s|i'?ve|i have|the)\b"
    # "Do you think I've broken something?" (live test, round 47)
    r"|\bdo you think (i'?ve|i have|she'?s|he'?s|she has|he has) (broken|fractured|cracked|got)\b"
    r"|\b(is|could|might) (it|this|that) be (cancer|a fracture|broken|serious|the cancer)\b"
    # "Could it just be flu on top? Half the school's had it" after a fever (round 51 dev)
    r"|\b(is|could|might|can) (it|this|that) (just |only )?be (the )?(flu|a virus|a bug|covid|"
    r"a cold|a chest infection)\b",
    re.I,
)


#: The patient says the advice came from a misreading ("no no, I don't have a problem with pee,
#: I only asked a question"), with every warning sign in the message denied.
CORRECTION = re.compile(
    r"\b(only|just) (ask|asking|asked|a question|wondering|curious|checking)\b"
    r"|\bi (was|am|'m|m) (only |just )?(asking|wondering|curious)\b"
    r"|\bmisunderst\w*|\bmisread\b|\bgot (it|me) wrong\b|\bnot what i (meant|said)\b"
    # "mate you've got the wrong end of the stick", "it was a figure of speech"
    r"|\bwrong end of the stick\b|\bfigure of speech\b|\b(just |only )?an expression\b"
    r"|\b(i was|only|just) joking\b|\bnot literally\b"
    r"|\bi (didn'?t|did not) (say|mean) (that|i)\b"
    # "i havent got any of that, i said IF", "it was a what-if question"
    r"|\bi said (if|what if|in case)\b|\bwhat[- ]if question\b|\bhypothetical(ly)?\b"
    r"|\bit was (just |only )?(a )?(question|what[- ]if)\b"
    r"|\bwhy (are|r) (you|u) (telling|saying|asking) (me )?to (call|ring|dial|phone)\b",
    re.I,
)
#: "no, i said it was my NAN, years ago": the sign was a relative's, long ago.
_RELATIVES = (
    r"(?:nan|nana|gran|granny|grandma|grandad|grandpa|mum|mom|mam|dad|mother|father|sister|"
    r"brother|aunt|auntie|uncle|husband|wife|partner|friend|son|daughter|cousin)"
)
RELATIVE_MEANT = re.compile(
    rf"\bi (said|meant|was talking about|was on about)\b[^.?!]{{0,20}}\b(my|our) {_RELATIVES}\b",
    re.I,
)
#: "i dont have osteoporosis, my NAN does", "it was my grandmother": the relative has it.
_RELATIVES_WORDS = rf"(?:{_RELATIVES}|grandmother|grandfather)"
RELATIVE_HAS_IT = re.compile(
    rf"\b(?:it|that)(?:'s| is| was) my {_RELATIVES_WORDS}\b"
    rf"|\bmy {_RELATIVES_WORDS} (?:does|did|has|had)\b"
    rf"|\bmy {_RELATIVES_WORDS}\W*$",
    re.I,
)
#: "I do NOT have osteoporosis", "i don't take steroids": the writer says it is not theirs.
WRITER_HAS_NOT = re.compile(
    r"\bi (?:do ?n'?t|do not|never|have ?n'?t|have not|ain'?t)(?: got| even)? "
    r"(?:have|take|got|had)\b",
    re.I,
)
LONG_AGO = re.compile(
    r"\b(years? ago|ages ago|long (time )?ago|once|back then|in the past|used to|"
    r"when (she|he|they) (was|were|had))\b",
    re.I,
)
#: The writer says they are well ("my legs are fine", "nothing wrong with me").
WRITER_WELL = re.compile(
    r"\bmy (legs?|bladder|bowels?|waterworks|chest|feeling|back)('s| is| are)? "
    r"(fine|ok|okay|normal|good)"
    r"|\b(i'?m|i am) (fine|ok|okay)\b|\bnothing (wrong )?(to do )?with me\b|\bnot me\b",
    re.I,
)


#: What will be done there ("what will they do at A&E?", "whit are a&e gonna dae").
WHAT_HAPPENS = re.compile(
    r"\b(what|wat|whit|wot)\s+(will|would|are|r|is|do|does)\s+(they|a ?& ?e|a and e|the\s+"
    r"(hospital|doctors?|paramedics|er|nurses?)|er|casualty|the emergency department)\s+"
    r"((even|actually|exactly|really)\s+)?((going|goin|gonna|gonnae)\s+(to\s+)?)?(do|dae|doing)\b"
    r"|\bwhat\s+happens\s+(at|in|when\s+(i|we|he|she)\s+get\s+to)\s+(a ?& ?e|the\s+hospital|"
    r"hospital|casualty|the\s+er|there)\b"
    r"|\bwill\s+they\s+(do\s+)?(an?\s+)?(scan|x-?ray|mri|ct|tests?|operat\w*|surgery)\b",
    re.I,
)


#: Calling the emergency number again ("I already called 999!! should i ring them again and
#: tell them about the foot?"): yes, with what has changed.
CALL_AGAIN = re.compile(
    r"\b(ring|call|phone|dial)(ing)?\s+(them|999|911|112|the ambulance|emergency|the emergency "
    r"number)\s+(again|back)\b|\b(ring|call|phone|dial)\s+(again|back)\s+(999|911|112)\b|"
    r"\b(should|do|shall) (i|we) (ring|call|phone|dial) again\b"
    # a change while help is coming: "he's just gone really drowsy and isnt making sense",
    # "pain in my left arm now as well, does that change anything"
    r"|\b(gone|going|getting|become|becoming|is|seems|looks)\s+(really\s+|very\s+|a bit\s+|all\s+|"
    r"(even\s+|much\s+|a bit\s+|a lot\s+)?more\s+)?"
    r"(drowsy|confused|sleepy|grey|gray|blue|pale|floppy|clammy|unresponsive|breathless|quiet)\b"
    # "hes getting drowsier" (live test, round 45)
    r"|\b(drowsier|sleepier|paler|greyer|grayer|weaker|more confused)\b"
    r"|\b(isn'?t|is not|not) (really |properly )?(making sense|responding|answering|breathing "
    r"properly)\b"
    # "his eyes keep closing", "keeps nodding off"
    r"|\beyes (keep |are |keeps )?(closing|rolling)\b|\bkeeps? (nodding|drifting) off\b"
    r"|\b(passed out|fainted|collapsed|blacked out|can'?t wake)\b"
    # the writer worse while waiting: "feel like im going to pass out", "i feel worse, really
    # faint" (live test, stop 48)
    r"|\b(feel|feeling|felt|think|thinking)\s+(like\s+)?((i'?m|im|i am|i'?ll|ill)\s+"
    r"(going to|gonna|about to)\s+)?(pass out|faint|black out|collapse)\b"
    r"|\b(i|i'?m|im|i am)\s+(feel|feeling|getting)\s+(much |a lot |even |really |so )?"
    r"(worse|fainter|faint|dizzier)\b"
    r"|\b(now|also) (as well|too)\b|\bas well now\b|\bdoes (that|this) change anything\b",
    re.I,
)
#: "what now", "what next", "what do we do": asking for the next step.
WHAT_NOW = re.compile(r"\bwhat (now|next|do (i|we) do( now)?)\b", re.I)
#: A symptom worse since the advice ("chest is a bit worse now tbh", live test, round 41):
#: "call again and tell them" once help is coming; before any call, the advice again.
_WORSE_SUBJECT = (
    r"\b(it|its|it'?s|pain|chest|back|legs?|arm|numbness|tingling)\s+(is\s+|are\s+|'?s\s+)?"
)
_DEGREE = r"(a bit\s+|a little\s+|much\s+|way\s+|even\s+|really\s+)?"
WORSE_NOW = re.compile(
    rf"{_WORSE_SUBJECT}{_DEGREE}(worse|spreading)\s+now\b"
    # "its getting worse", not "is it getting worse if i move?"
    rf"|{_WORSE_SUBJECT}(getting|got|gone)\s+{_DEGREE}worse\b"
    r"(?!\s+(if|when|after|with|on)\b)(?![^.!?]*\?)",
    re.I,
)
#: No practice to call, or none that can see them today ("I have no GP", "surgery's full").
NO_GP = re.compile(
    r"\b(i have no|i'?ve no|i (?:don'?t|dont|do not) have(?: an?| any)?|"
    r"haven'?t got(?: an?| any)?) "
    r"(gp|family doctor|doctor practice|doctor here|local doctor|doctor|practice)\b"
    r"|\bno (gp|family doctor|doctor practice|local doctor|doctor here)\b"
    r"|\bnot registered( with)?( a| any)? (gp|doctor|practice|anywhere)\b"
    # "GP says earliest is tomorrow 9am", "they can't see her till Monday"
    # (not a physio's, chiropractor's or osteopath's slot: not seeing a doctor at all)
    r"|(?<!physio's )(?<!physio )(?<!chiro's )(?<!osteo's )"
    r"\b(earliest|first|next) (appointment |appt |slot )?(is|they have|they've got|they can do) "
    r"(tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|next week|in \w+ days)\b"
    r"|\b(gp|gps|gp'?s|practice|surgery|doctors?|they)('s|'re| is| are)? (all |completely )?"
    r"(full|fully booked|booked up)\b"
    r"|\b(can'?t|cannot|won'?t) (see|fit) (me|him|her|us|them)( in)? (today|till|until)\b"
    # "GP surgery says no appointments left today"
    r"|\bno (more )?(appointments?|appts?|slots?)( left| free| available| today)?\b"
    # "my GP surgery doesnt have anything today, the receptionist said ring back tomorrow"
    r"|\b(does ?n'?t|do ?n'?t|have ?n'?t|has ?n'?t|had) (have |got )?(anything|any(thing)? (free|"
    r"left|available))( for)?( me)?( today| till| until)\b"
    r"|\b(said|told me|says) (to )?(ring|call|phone|try) (back|again) (tomorrow|on monday|"
    r"next week|in the morning)\b"
    # "is there somewhere I can just walk in?"
    r"|\b(somewhere|anywhere|a place) (i|we|he|she) can (just )?walk (in|into)\b"
    r"|\bwhat('?s| is| does)\s+(the\s+)?\d{3}\b(?!\s*\d)",
    re.I,
)

#: Fainting or collapse asked about while waiting ("his lips look pale what if he faints").
COLLAPSE = re.compile(
    r"\b(what if|if|when|and if|in case) (he|she|they|i|mum|dad|my \w+) "
    r"(faints?|fainted|passes out|pass out|passed out|collapses?|collapsed|stops? breathing|"
    r"blacks? out|goes unconscious|"
    r"is unconscious|won'?t wake)\b"
    r"|\b(he|she|they)('s| is| has| have|'ve)? (just )?(fainted|passed out|collapsed|"
    r"stopped breathing|unconscious)\b",
    re.I,
)

#: The patient's plan to see their own doctor ("Ok I will call my médecin traitant on Monday",
#: "I'll ring the GP"): after "book in the next few days", what was advised; after emergency
#: advice, not where to go.
SEES_DOCTOR = re.compile(
    r"\b(i|we)('ll| will| shall| am going to|'m going to| gonna| can) (just )?(call|ring|phone|"
    r"see|book( in)?( with)?|contact|make an appointment with|get an appointment with) (my|the|our|"
    r"a) (own )?(family )?(doctor|gp|g\.p\.|médecin|medecin|surgery|practice|physio)\b",
    re.I,
)
LATER_WORD = re.compile(rf"\b{LATER}\b", re.I)

#: The number to call asked again ("what was the number again?", "which number do I ring?").
NUMBER = re.compile(
    r"\b(what|wat|wots?|whats|which)('?s|\s+is|\s+was|\s+'s)?\s+(the\s+|that\s+)?"
    r"(phone\s+|tele?phone\s+|emergency\s+)?(number|no\.?|nr)\b(?!\s+of\b)"
    r"|\b(number|no\.?)\s+(again|to\s+(call|ring|dial|phone))\b"
    r"|\bwhat\s+(do|should|shall)\s+(i|we)\s+(dial|ring|call)\b",
    re.I,
)

ABROAD = re.compile(
    r"\b(does|do|will|would|can|could)\s+(\d{3}|the\s+number|that\s+number|that|it|this)\s+"
    r"(even\s+|still\s+|actually\s+)?(work|connect|go\s+through)\b(?=[^.!?]*\b(here|abroad|"
    r"over\s*here|overseas|from\s+here|in\s+[a-z]+)\b)"
    r"|\b(what|which|whats)('?s|\s+is)?\s+(the\s+)?(emergency\s+|local\s+|ambulance\s+)?"
    r"(number|no\.?)\s+(here|abroad|over\s+here|in\s+[a-z]+)\b"
    # "what's the number for 111 over here?" (round 48 dev)
    r"|\b(number|no\.?)\s+(for|of)\s+(\d{3}|the\s+\w+)\s+((over|out)\s*here|here|abroad|in\s+[a-z]+)\b"
    rf"|\b{AWAY}\b[^.!?]{{0,60}}\b(\d{{3}}|number|no\.)(?!\w)"
    rf"|\b(\d{{3}}|number)\b[^.!?]{{0,40}}\b{AWAY}\b"
    # "999 is number of England no? I am in Spain now"
    r"|\b(999|911|112)\s+(is|=)\s+(the\s+)?(number\s+)?(of|for|in)\s+(england|the\s+uk|uk|"
    r"britain|america|the\s+us|the\s+states)\b"
    # said alone, at the end: "I'm in Ohio btw not the UK", "we're on holiday abroad"
    rf"|^\W*(i'?m|im|i am|we'?re|were|we are)\b[^.!?]{{0,30}}\b{AWAY}"
    r"(\s+in\s+[a-z]+(\s+[a-z]+)?)?(\s+(right\s+now|at\s+the\s+moment|atm|now))?\W*$",
    re.I,
)
#: Stopping a medicine of one's own before being seen ("Should I stop my warfarin in case they
#: need to do something?"): not without the doctor who treats them.
STOP_MEDICINE = re.compile(
    r"\b(stop|stopping|skip|skipping|pause|hold off|come off|coming off|leave off|miss|missing)"
    r"\b[^.?!]{0,20}\b(warfarin|blood[- ]?thinners?|apixaban|rivaroxaban|eliquis|xarelto|"
    r"edoxaban|dabigatran|clopidogrel|medications?|medicines?|meds|tablets|pills|insulin|"
    r"steroids?|prednisolone)\b"
    # "what about the warfarin, stop it or not?"
    r"|\b(warfarin|blood[- ]?thinners?|apixaban|rivaroxaban|eliquis|xarelto|insulin|steroids?)"
    r"\b[^.?!]{0,25}\b(stop|skip|pause|hold off|come off)\b",
    re.I,
)
#: Someone the patient cannot leave ("the boys are only 4 and 6, I cant leave them", "who will
#: mind the children?", "what about the kids").
_DEPENDANTS = (
    r"(kids|children|child|boys|girls|grandkids|grandchildren|grandson|granddaughter|baby|"
    r"little ones?|toddler|twins|mum|mam|mom|dad|husband|wife)"
)
DEPENDANTS = re.compile(
    rf"\b(can'?t|cannot|can not|cant|could ?n'?t) (just )?leave (the|my|them|him|her|"
    rf"{_DEPENDANTS})\b"
    rf"|\b(who|what) (will|would|is going to|gonna|'ll) (mind|look after|watch|care for|have|"
    rf"do with) (the|my) {_DEPENDANTS}\b"
    rf"|\bwhat about (the|my) {_DEPENDANTS}\b"
    rf"|\b(i'?m|i am|im) (on my own |alone )?(looking after|minding|babysitting|watching|"
    rf"caring for) (the|my) {_DEPENDANTS}\b",
    re.I,
)
#: The patient's own regular medicine or inhaler ("can i use my blue inhaler", "should I still
#: take my insulin?"); stopping one is `STOP_MEDICINE`.
USUAL_MEDICINE = re.compile(
    r"\b(can|could|should|may|do|ok to|okay to|is it ok to|allowed to)\b[^.?!]{0,20}\b"
    r"(use|take|have|keep (using|taking)|still (use|take))\b[^.?!]{0,12}\b"
    r"(inhaler|puffer|insulin|gtn( spray)?|my (usual|normal|regular|daily) "
    r"(tablets?|pills?|meds|medicines?|medication|spray))\b"
    # a medicine already prescribed: "should I keep taking the naproxen" (round 51 dev)
    r"|\b(keep|carry on|still) (taking|using|on) (the|my|his|her) (naproxen|ibuprofen|"
    r"co-?codamol|codeine|paracetamol|diclofenac|tablets?|pills?|meds|medicines?|medication)\b"
    r"|\b(inhaler|puffer)\b[^.?!]{0,25}\b(or not|ok|okay|allowed|can i)\b",
    re.I,
)
#: How soon the advice means ("ok but how soon exactly?", "how urgently should she go?"); not
#: how soon something else may be done ("how soon can I train again?").
HOW_SOON = re.compile(r"\bhow (soon|quickly|urgent|urgently)\b(?! (can|could) )", re.I)
#: A time of the patient's own, asked about: "this afternoon, is that soon enough?".
SOON_ENOUGH = re.compile(r"\b(soon|quick|early|fast) enough\b|\btoo (late|long)\b\W*\?", re.I)

#: Asking the bot or the clinic to call the emergency services ("can the clinic call an
#: ambulance for me?", "can you ring 999 for us"): it cannot.
CALL_FOR_ME = re.compile(
    r"\b(can|could|will|would|pls|please)( (you|u|the clinic|someone there|the doctor|the bot|"
    r"you guys|your (doctor|team|clinic)))?( please| just)? (call|ring|phone|get|send|contact) "
    r"(an? |the )?(ambulance|999|911|112|paramedics?|emergency services|help)\b"
    r"|\b(call|ring|phone) (an? |the )?(ambulance|999|911|112|paramedics?) for "
    r"(me|us|him|her|them)\b",
    re.I,
)
#: Fear of being judged or in trouble ("will they judge me for the drugs?", "will I get in
#: trouble for drinking", "im so embarrassed"): they are there to help, tell them everything.
JUDGED = re.compile(
    r"\b(judge|judged|judging|judgy|lecture|tell me off|report (me|us|him|her|it))\b"
    r"|\b(get|be|am|are|is) (in|into) trouble\b|\bcall (the )?(police|cops)\b"
    r"|\b(embarrass\w*|ashamed|shame)\b"
    # "will they think I'm wasting their time" (round 51 dev)
    r"|\bwast(e|ing) (their|the|your|everyone'?s|people'?s|nhs) time\b|\btime ?waster\b",
    re.I,
)
#: Help in the patient's own language: "they have somebody speak polish on phone?"
INTERPRETER = re.compile(
    r"\b(interpreter|interpretor|translator|translation)\b"
    r"|\b(speak|speaks|speaking|talk|talks)\s+(polish|arabic|turkish|dutch|german|spanish|"
    r"french|italian|portuguese|romanian|russian|ukrainian|urdu|punjabi|hindi|bengali|"
    r"chinese|mandarin|cantonese|somali|farsi|persian|kurdish|tigrinya|amharic|my language)\b"
    r"|\b(in|speak|speaks) my (own )?language\b",
    re.I,
)
#: Calling the emergency number for someone else ("should I ring 999 for her or tell her to do
#: it? im not there"): yes, with their address, not the caller's.
CALL_FOR_THEM = re.compile(
    r"\b(should|shall|can|could|do|must) (i|we) (ring|call|phone|dial) (999|911|112|an ambulance|"
    r"the ambulance|them|someone|emergency) for (her|him|them|my \w+)\b",
    re.I,
)


#: Sport or training while waiting to be seen: "will I still make the half in 5 weeks", "is it ok
#: to do my easy 5k tonight", "can I still go to the gym" (live test, round 49).
SPORT = re.compile(
    r"^(?=.*\b(can|could|should|ok|okay|alright|fine|still|make|allowed|safe|go)\b)"
    r"(?=.*\b(run|runs|running|jog|jogging|gym|training|football|footy|rugby|netball|marathon|"
    # a half marathon, not "half the school's had it"
    r"a half|half[- ]marathon|5k|10k|parkrun|match|competition|compete|race|workout|swim|"
    # not a "sports massage" asked about (live test, round 52)
    r"swimming|cycling|sports?(?! (massage|therap\w*))|tennis|golf|climbing|weights|spin class)"
    r"\b)",
    re.I,
)
