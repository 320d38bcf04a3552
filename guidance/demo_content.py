"""The demo guidance, safeguarding contacts and pathways, as plain data (loaded by `guidance.demo`).

Written for a reading age of about 9 where families read it: short sentences, everyday words.
"""

from __future__ import annotations

# --------------------------------------------------------------------------- safeguarding contacts

CONTACTS = {
    "emergency": {
        "name": "Police or ambulance: 999",
        "description": "If anyone is in danger now, or badly hurt, call 999. If you can't talk, call 999 and press 55.",
        "phone": "999",
    },
    "mash": {
        "name": "Children's social care front door (MASH)",
        "description": "Call if you think a child is being harmed or is at risk of harm. Anyone can call.",
        "phone": "0300 123 6720",
        "out_of_hours_phone": "0300 123 6722",
    },
    "consultation": {
        "name": "Early help consultation line",
        "description": "For professionals: talk a worry through with an early help practitioner before you act.",
        "phone": "0300 123 6730",
        "email": "earlyhelp@rightdoor.example",
    },
    "crisis": {
        "name": "Mental health crisis line (NHS 111, option 2)",
        "description": "Call any time, day or night, if someone's mental health is in crisis.",
        "phone": "111",
    },
    "domestic-abuse": {
        "name": "National Domestic Abuse Helpline",
        "description": "Free and confidential, open 24 hours. They can help you make a plan to stay safe.",
        "phone": "0808 2000 247",
    },
}


# --------------------------------------------------------------------------- building helpers


def rich(*paragraphs: str) -> str:
    return "".join(p if p.startswith("<") else f"<p>{p}</p>" for p in paragraphs)


def bullets(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def answer(id: str, label: str, next: str, hint: str = "") -> dict:
    return {"id": id, "label": label, "hint": hint, "next": next}


def single(id: str, question: str, answers: list[dict], hint: str = "", danger: bool = False) -> dict:
    return {
        "type": "single_choice",
        "value": {
            "id": id,
            "question": question,
            "hint": hint,
            "asks_about_danger": danger,
            "answers": answers,
        },
    }


def multiple(
    id: str,
    question: str,
    answers: list[dict],
    none_next: str,
    hint: str = "",
    none_label: str = "None of these",
) -> dict:
    return {
        "type": "multiple_choice",
        "value": {
            "id": id,
            "question": question,
            "hint": hint,
            "asks_about_danger": False,
            "answers": answers,
            "none_label": none_label,
            "none_next": none_next,
        },
    }


def age(id: str, question: str, bands: list[tuple[str, int, int, str]], hint: str = "") -> dict:
    return {
        "type": "child_age",
        "value": {
            "id": id,
            "question": question,
            "hint": hint
            or "Enter their age in years. For a baby under 1, enter 0. If you are pregnant, enter 'pregnant'.",
            "bands": [
                {"label": label, "min_age": low, "max_age": high, "next": next}
                for label, low, high, next in bands
            ],
        },
    }


def outcome(
    id: str,
    heading: str,
    guidance: str,
    *,
    themes: list[str],
    level: int | None = None,
    urgency: str = "non-urgent",
    families: str = "",
    professionals: str = "",
    contact: str | None = None,
    kinds: list[str] | None = None,
    levels: list[int] | None = None,
    access: list[str] | None = None,
    related: list[str] | None = None,
) -> dict:
    return {
        "type": "outcome",
        "value": {
            "id": id,
            "heading": heading,
            "guidance": guidance,
            "level": str(level) if level else "",
            "urgency": urgency,
            "next_steps_families": families,
            "next_steps_professionals": professionals,
            "escalation_contact": contact,  # a CONTACTS key, swapped for the snippet's id on load
            "related_guidance": related or [],  # guidance slugs, swapped for page ids on load
            "services": {
                "themes": themes,
                "kinds": kinds or [],
                "levels": [str(n) for n in levels or []],
                "access": access or [],
                "max_services": 5,
            },
        },
    }


# --------------------------------------------------------------------------- guidance pages


def callout(heading: str, text: str) -> dict:
    return {"type": "callout", "value": {"heading": heading, "text": text}}


def warning(text: str) -> dict:
    return {"type": "warning", "value": {"text": text}}


def text(*paragraphs: str) -> dict:
    return {"type": "rich_text", "value": rich(*paragraphs)}


def accordion(heading: str, items: list[tuple[str, str]]) -> dict:
    return {
        "type": "accordion",
        "value": {"heading": heading, "items": [{"heading": h, "body": rich(b)} for h, b in items]},
    }


def services(heading: str, themes: list[str], kinds: list[str] | None = None, age: int | None = None) -> dict:
    return {
        "type": "matching_services",
        "value": {
            "heading": heading,
            "filter": {"themes": themes, "kinds": kinds or [], "levels": [], "access": [], "max_services": 5},
            "age": age,
        },
    }


SAFETY_WARNING = warning("If a child is in danger now, call 999.")

GUIDANCE = [
    {
        "slug": "continuum-of-need",
        "title": "The continuum of need: levels 1 to 4",
        "audience": "professionals",
        "summary": "How Lancashire describes children's needs, from universal help to statutory services, and what to do at each level.",
        "related": ["early-help-assessment", "worried-about-a-child"],
        "body": [
            text(
                "The continuum of need helps professionals talk about a family's needs in the same way. It is a guide, "
                "not a tick-box: use your judgement, talk to the family, and use the consultation line if you are unsure.",
            ),
            accordion(
                "The four levels",
                [
                    (
                        "Level 1: universal",
                        "The child's needs are met by services everyone can use: school, GP, health visitor, children's centre, library. No extra help is needed.",
                    ),
                    (
                        "Level 2: additional needs",
                        "Needs are not clear, not known or not met. One agency, or a few working together, can help. Start an early help assessment and agree a lead professional.",
                    ),
                    (
                        "Level 3: complex needs",
                        "Several needs, or needs that have not improved with early help. The family needs an integrated response, such as intensive family support, through a team around the family.",
                    ),
                    (
                        "Level 4: acute needs",
                        "A child is at risk of significant harm, or needs statutory help. Contact the children's social care front door (MASH) straight away.",
                    ),
                ],
            ),
            callout(
                "Not sure?",
                rich(
                    "Call the early help consultation line on 0300 123 6730 to talk a worry through. If a child is at risk of significant harm, contact the MASH."
                ),
            ),
            SAFETY_WARNING,
            services(
                "Services for families with additional needs",
                ["parenting", "family-relationships"],
                ["targeted", "commissioned"],
            ),
        ],
    },
    {
        "slug": "early-help-assessment",
        "title": "Early help assessments: what they are and how to start one",
        "audience": "families",
        "summary": "An early help assessment brings together the people helping your family, so you tell your story once.",
        "related": ["continuum-of-need", "parenting-support"],
        "body": [
            text(
                "An early help assessment is a way for you and the people who work with your family to talk about what is "
                "going well and what help you need. It used to be called a CAF.",
                "It is your choice to take part. Nobody will take your children away because you ask for help.",
            ),
            accordion(
                "How it works",
                [
                    (
                        "Who can start one",
                        "Anyone who works with your family can start one with you: a teacher, health visitor, GP, nursery or family worker. You can ask for one too.",
                    ),
                    (
                        "What happens",
                        "You meet the worker and talk about your family. Together you write down what you need and who will help. One person, the lead professional, keeps things moving.",
                    ),
                    (
                        "What happens next",
                        "The people helping you meet with you every few weeks, as a team around the family, to check the plan is working.",
                    ),
                ],
            ),
            callout(
                "For professionals",
                rich(
                    "Start an assessment with the family's consent, using the early help assessment form. If you are unsure, call the early help consultation line on 0300 123 6730."
                ),
            ),
            services(
                "Services you can reach through an early help assessment",
                ["parenting", "family-relationships", "mental-health"],
                ["targeted"],
            ),
        ],
    },
    {
        "slug": "worried-about-a-child",
        "title": "Worried about a child",
        "audience": "families",
        "summary": "What to do if you think a child is being hurt, or is not safe. Anyone can ask for help.",
        "related": ["domestic-abuse", "continuum-of-need"],
        "body": [
            warning("If a child is in danger now, call 999."),
            text(
                "If you think a child is being hurt, or is not being looked after, tell someone. You do not need to be sure.",
                "Call the children's social care front door (MASH) on 0300 123 6720. Out of hours, call 0300 123 6722.",
            ),
            accordion(
                "What to look out for",
                [
                    (
                        "Signs a child may be hurt",
                        "Marks or bruises nobody explains, being scared of someone, or a big change in how they behave.",
                    ),
                    (
                        "Signs a child is not looked after",
                        "Often hungry, dirty or left alone, or missing school a lot.",
                    ),
                    (
                        "If a child tells you",
                        "Listen. Stay calm. Do not promise to keep it a secret. Tell the MASH as soon as you can.",
                    ),
                ],
            ),
            callout(
                "You can talk to someone first",
                rich(
                    "If you are not sure, talk to a teacher, a health visitor or your GP. Children can call Childline on 0800 1111."
                ),
            ),
            services("Services that help keep children safe", ["domestic-abuse", "exploitation"]),
        ],
    },
    {
        "slug": "childs-mental-health",
        "title": "Worried about your child's feelings",
        "audience": "families",
        "summary": "What to do if your child seems sad, worried or angry a lot, and who can help.",
        "related": ["worried-about-a-child", "school-worries"],
        "body": [
            text(
                "All children feel sad, worried or angry sometimes. If it goes on for weeks, or stops them doing normal things, it is time to get help."
            ),
            accordion(
                "Things you can do",
                [
                    (
                        "Talk and listen",
                        "Find a calm time. Ask how they feel, and listen without trying to fix it straight away.",
                    ),
                    (
                        "Talk to school",
                        "Their teacher may have seen something too. Many schools have a mental health lead.",
                    ),
                    ("See your GP", "Your GP can check your child and tell you about local help."),
                ],
            ),
            warning(
                "If your child has hurt themselves badly or talks about ending their life, call 999 or NHS 111 (option 2)."
            ),
            services("Help with feelings near you", ["mental-health"]),
        ],
    },
    {
        "slug": "babys-first-year",
        "title": "Your baby's first year",
        "audience": "families",
        "summary": "Help with feeding, sleep, crying and your own feelings after having a baby.",
        "related": ["parenting-support"],
        "body": [
            text("Having a baby is a big change. Lots of parents need help, and it is fine to ask."),
            accordion(
                "Where to get help",
                [
                    (
                        "Your health visitor",
                        "Your health visitor sees you at home and can help with feeding, sleep and crying.",
                    ),
                    (
                        "Family hubs and children's centres",
                        "Free groups where you can meet other parents and get advice.",
                    ),
                    (
                        "If you feel low",
                        "Many parents feel low or anxious after a baby. Tell your health visitor or GP. Help works.",
                    ),
                ],
            ),
            callout(
                "Never shake a baby",
                rich(
                    "If the crying is too much, put your baby down safely in their cot, walk away for a few minutes and call someone."
                ),
            ),
            services("Help for babies and parents", ["pregnancy-and-baby", "early-years"], age=0),
        ],
    },
    {
        "slug": "money-and-housing",
        "title": "Help with money, debt and housing",
        "audience": "families",
        "summary": "Free help if you are worried about money, bills, debt or where you live.",
        "related": ["early-help-assessment"],
        "body": [
            text(
                "Money worries can make everything harder. Free, private advice can help you sort out bills and debts, and check you get all the money you should."
            ),
            accordion(
                "Things that can help",
                [
                    ("Check your benefits", "An adviser can check you are getting everything you can claim."),
                    ("Debt advice", "Free debt advice is private and will not judge you."),
                    (
                        "If you might lose your home",
                        "Get advice straight away. The council must help if you may become homeless.",
                    ),
                ],
            ),
            services("Money and housing help", ["money-work-housing"]),
        ],
    },
    {
        "slug": "domestic-abuse",
        "title": "Domestic abuse: getting help safely",
        "audience": "families",
        "sensitive": True,
        "summary": "If someone at home hurts, scares or controls you, you are not alone. Help is free and private.",
        "related": ["worried-about-a-child"],
        "body": [
            warning("If you are in danger now, call 999. If you can't talk, call 999 and press 55."),
            text(
                "Domestic abuse is when a partner, ex-partner or family member hurts, scares or controls you. It can be hitting, "
                "shouting, threats, controlling money or checking your phone.",
                "The National Domestic Abuse Helpline is free and open day and night: 0808 2000 247.",
            ),
            accordion(
                "Staying safe online",
                [
                    ("Leave this site quickly", "Use the 'Exit this page' button at the top of every page."),
                    (
                        "Your browser history",
                        "This page asks your browser not to keep a copy. You can also use a private window.",
                    ),
                ],
            ),
            services("Domestic abuse services", ["domestic-abuse"]),
        ],
    },
    {
        "slug": "school-worries",
        "title": "When your child won't go to school",
        "audience": "families",
        "summary": "What to do if your child is missing school, is excluded or finds school very hard.",
        "related": ["childs-mental-health"],
        "body": [
            text(
                "If your child is missing school, talk to the school first. Ask to speak to their teacher, the special needs lead (SENCO) or the attendance officer."
            ),
            accordion(
                "Common reasons",
                [
                    (
                        "Worry or anxiety",
                        "Some children feel too worried to go in. The school can make a plan with you.",
                    ),
                    ("Special needs", "If your child has special needs, ask the SENCO about extra help."),
                    ("Bullying", "Tell the school. They must take it seriously."),
                ],
            ),
            services("Help with school", ["school-attendance", "send", "bullying"]),
        ],
    },
    {
        "slug": "parenting-support",
        "title": "Parenting support: courses and groups",
        "audience": "families",
        "summary": "Free courses and groups for parents and carers, from babies to teenagers.",
        "related": ["babys-first-year", "early-help-assessment"],
        "body": [
            text(
                "Every parent finds it hard sometimes. Parenting courses are friendly and practical, and lots of parents go."
            ),
            callout(
                "Asking for help is a good thing",
                rich("Going on a course does not mean you are a bad parent. It means you care."),
            ),
            services("Parenting courses and groups", ["parenting"]),
        ],
    },
    {
        "slug": "young-carers",
        "title": "Young carers: help for you",
        "audience": "young-people",
        "summary": "If you look after someone in your family, you can get support, breaks and someone to talk to.",
        "related": ["childs-mental-health"],
        "body": [
            text(
                "A young carer is someone under 18 who helps look after a family member who is ill, disabled or has problems with drink or drugs."
            ),
            accordion(
                "What help you can get",
                [
                    ("Someone to talk to", "A young carers worker can listen and help."),
                    ("Time for you", "Clubs and trips where you can have fun with other young carers."),
                    ("Help at school", "Tell your school, so they understand if you are late or tired."),
                ],
            ),
            services("Young carers services", ["young-carers"]),
        ],
    },
]


# --------------------------------------------------------------------------- pathways

BEHAVIOUR = {
    "slug": "behaviour-or-feelings",
    "title": "I'm worried about my child's behaviour or feelings",
    "audience": "families",
    "sensitive": False,
    "safeguarding_relevant": True,
    "intro": "Answer a few questions about your child. We will tell you what kind of help fits and show services near you.",
    "questions": [
        single(
            "danger",
            "Is your child, or anyone else, in danger right now?",
            [
                answer("yes", "Yes", "get-help-now"),
                answer("no", "No", "age"),
            ],
            hint="For example, they have hurt themselves badly, say they want to end their life, or someone is hurting them.",
            danger=True,
        ),
        age(
            "age",
            "How old is your child?",
            [("Pregnancy to 4", -1, 4, "little-ones"), ("5 to 25", 5, 25, "worries")],
        ),
        multiple(
            "worries",
            "What worries you about your child?",
            [
                answer("self-harm", "They hurt themselves or talk about not wanting to live", "self-harm"),
                answer(
                    "exploitation",
                    "They are in trouble with the police, or older people are pressuring them",
                    "exploitation",
                ),
                answer("low-mood", "They seem very sad, worried or anxious", "how-long"),
                answer("anger", "Angry outbursts, or behaviour I can't manage", "how-long"),
                answer("school", "Problems at school, like not going in", "school"),
            ],
            none_next="everyday-support",
        ),
        single(
            "how-long",
            "How much is this affecting your child and your family?",
            [
                answer("a-little", "A little. It started not long ago and we are coping", "feelings-early"),
                answer(
                    "a-lot",
                    "A lot. It has gone on for months, or affects school, sleep or home life",
                    "feelings-more-help",
                ),
                answer("not-sure", "I'm not sure", "feelings-more-help"),
            ],
        ),
    ],
    "outcomes": [
        outcome(
            "get-help-now",
            "Get help now: call 999",
            rich(
                "If someone is in danger or badly hurt, call 999 now. If you can't talk, call 999 and press 55."
            ),
            urgency="emergency",
            contact="emergency",
            themes=["mental-health"],
            families=rich(
                "Call 999. When everyone is safe, call the children's social care front door on 0300 123 6720."
            ),
            related=["worried-about-a-child"],
        ),
        outcome(
            "self-harm",
            "Get urgent help for your child today",
            rich(
                "When a child hurts themselves or talks about ending their life, they need help today. You have done the right thing by looking."
            ),
            level=4,
            urgency="same-day",
            contact="crisis",
            themes=["mental-health"],
            families=bullets(
                "Call NHS 111 and choose option 2, or call your GP today.",
                "Keep medicines and sharp things out of reach.",
                "Stay with your child and tell them you are there to help.",
            ),
            professionals=rich(
                "Follow your safeguarding procedures. Contact the MASH if you think the child is at risk of harm."
            ),
            related=["childs-mental-health"],
        ),
        outcome(
            "exploitation",
            "Your child may be at risk of being exploited",
            rich(
                "Older people sometimes pressure children into crime, such as carrying drugs ('county lines'). This is abuse, and your child is not to blame."
            ),
            level=3,
            urgency="urgent",
            contact="mash",
            themes=["exploitation", "youth-crime"],
            families=bullets(
                "Call the children's social care front door on 0300 123 6720 today.",
                "Write down names, places and times you know about.",
                "If your child is missing, call the police on 999.",
            ),
            professionals=rich(
                "Share what you know with the MASH and complete a child exploitation risk assessment."
            ),
            related=["worried-about-a-child"],
        ),
        outcome(
            "school",
            "Talk to your child's school, and get support",
            rich(
                "Problems at school often have a reason behind them, such as worry, bullying or special needs. School is the best place to start."
            ),
            level=2,
            themes=["school-attendance", "send", "bullying"],
            families=bullets(
                "Ask to meet your child's teacher or the SENCO.",
                "Ask the school about an early help assessment.",
            ),
            professionals=rich("Consider an early help assessment with the family if needs are not clear."),
            related=["school-worries", "early-help-assessment"],
        ),
        outcome(
            "feelings-early",
            "Support for your child's feelings",
            rich(
                "It is good that you have noticed early. Talking, routines and a little support often help a lot."
            ),
            level=1,
            themes=["mental-health", "parenting"],
            access=["self_referral"],
            families=bullets(
                "Talk to your child at a calm time and listen.",
                "Tell their school or GP what you have noticed.",
                "Contact one of the services below. You can refer yourself.",
            ),
            related=["childs-mental-health", "parenting-support"],
        ),
        outcome(
            "feelings-more-help",
            "Your child may need more help with their feelings",
            rich(
                "When worries or anger go on for months, or affect school, sleep or family life, your child may need more support than home and school can give."
            ),
            level=2,
            themes=["mental-health"],
            families=bullets(
                "See your GP and tell them how long this has gone on.",
                "Ask your child's school about an early help assessment.",
                "Contact one of the services below.",
            ),
            professionals=rich(
                "Consider an early help assessment and a referral to emotional health and wellbeing services."
            ),
            related=["childs-mental-health", "early-help-assessment"],
        ),
        outcome(
            "little-ones",
            "Help with a young child's behaviour",
            rich(
                "Tantrums, biting and sleep problems are common in young children. Your health visitor and local family hub can help."
            ),
            level=1,
            themes=["early-years", "parenting"],
            families=bullets("Talk to your health visitor.", "Try a local parent and child group."),
            related=["parenting-support", "babys-first-year"],
        ),
        outcome(
            "everyday-support",
            "Everyday support for you and your child",
            rich(
                "You did not choose any of the worries we listed. Parenting courses, activities and your child's school can still help."
            ),
            level=1,
            themes=["parenting", "activities"],
            families=rich("Have a look at the services below, or search for something else."),
            related=["parenting-support"],
        ),
    ],
}

BABY = {
    "slug": "baby-or-young-child",
    "title": "I need help with a baby or young child",
    "audience": "families",
    "sensitive": False,
    "safeguarding_relevant": False,
    "intro": "For parents who are expecting a baby or have a child under 5. Find help with health, feeding, money and more.",
    "questions": [
        age(
            "age",
            "How old is your child?",
            [
                ("Pregnancy", -1, -1, "pregnancy"),
                ("Under 2", 0, 1, "baby"),
                ("2 to 4", 2, 4, "toddler"),
                ("5 and over", 5, 25, "older-child"),
            ],
        ),
        single(
            "pregnancy",
            "What would help you most?",
            [
                answer("health", "Checks for me and my baby, and getting ready for birth", "pregnancy-care"),
                answer("feelings", "I feel low or worried, or I'm not coping", "parent-feelings"),
                answer("money", "Money, housing or getting things for the baby", "money"),
            ],
        ),
        multiple(
            "baby",
            "What would you like help with?",
            [
                answer("feelings", "I feel low or worried, or I'm not coping", "parent-feelings"),
                answer("care", "Feeding, sleep or crying", "baby-care"),
                answer("money", "Money, housing or getting things for the baby", "money"),
                answer("groups", "Meeting other parents", "groups"),
            ],
            none_next="groups",
        ),
        multiple(
            "toddler",
            "What would you like help with?",
            [
                answer("development", "Talking, playing or how they are growing", "development"),
                answer("behaviour", "Tantrums, sleep or behaviour", "toddler-behaviour"),
                answer("childcare", "Free childcare, nursery or starting school", "childcare"),
                answer("money", "Money or housing", "money"),
            ],
            none_next="groups",
        ),
    ],
    "outcomes": [
        outcome(
            "pregnancy-care",
            "Help while you are pregnant",
            rich("Your midwife will check you and your baby. Local groups can help you get ready for birth."),
            level=1,
            themes=["pregnancy-and-baby"],
            families=bullets(
                "If you have not seen a midwife yet, contact your GP.",
                "Ask about antenatal classes near you.",
            ),
            related=["babys-first-year"],
        ),
        outcome(
            "parent-feelings",
            "Help with how you are feeling",
            rich(
                "Lots of parents feel low or anxious during pregnancy or after a baby. It is not your fault, and help works."
            ),
            level=2,
            themes=["mental-health", "pregnancy-and-baby"],
            families=bullets(
                "Tell your midwife, health visitor or GP this week.",
                "If you have thoughts of harming yourself or your baby, call NHS 111 option 2 now.",
            ),
            professionals=rich("Consider a referral to perinatal mental health services."),
            related=["babys-first-year"],
        ),
        outcome(
            "money",
            "Help with money and housing",
            rich(
                "You may be able to get more money, such as Healthy Start vouchers or Sure Start Maternity Grant. Free advice can help."
            ),
            level=1,
            themes=["money-work-housing"],
            families=bullets(
                "Ask an adviser to check your benefits.", "Ask your health visitor about Healthy Start."
            ),
            related=["money-and-housing"],
        ),
        outcome(
            "baby-care",
            "Help with feeding, sleep and crying",
            rich(
                "Your health visitor can help with feeding, sleep and crying. Baby groups and feeding cafes are friendly places to ask."
            ),
            level=1,
            themes=["pregnancy-and-baby", "early-years"],
            families=bullets("Call your health visitor.", "Try a baby group or feeding cafe near you."),
            related=["babys-first-year"],
        ),
        outcome(
            "groups",
            "Groups for you and your child",
            rich(
                "Family hubs and children's centres run free groups where you can meet other parents, play and ask for advice."
            ),
            level=1,
            themes=["early-years", "activities"],
            families=rich("Pop along to a group below. You don't need to book most of them."),
            related=["babys-first-year", "parenting-support"],
        ),
        outcome(
            "development",
            "Help with your child's talking, play and growing",
            rich(
                "Children grow at different speeds. If you are worried, your health visitor can check how your child is doing."
            ),
            level=1,
            themes=["early-years", "send"],
            families=bullets(
                "Ask your health visitor for a check.", "Read, sing and talk with your child every day."
            ),
            related=["babys-first-year"],
        ),
        outcome(
            "toddler-behaviour",
            "Help with tantrums, sleep and behaviour",
            rich(
                "Tantrums and sleep problems are very common at this age. A parenting group can give you ideas that work."
            ),
            level=1,
            themes=["parenting", "early-years"],
            families=bullets("Talk to your health visitor.", "Try a parenting group near you."),
            related=["parenting-support"],
        ),
        outcome(
            "childcare",
            "Free childcare and getting ready for school",
            rich(
                "Some 2-year-olds and all 3 and 4-year-olds can get free childcare. Your family hub can help you apply."
            ),
            level=1,
            themes=["early-years"],
            families=bullets("Check if you can get free childcare.", "Visit nurseries near you."),
            related=["babys-first-year"],
        ),
        outcome(
            "older-child",
            "This guide is for children under 5",
            rich("For older children, try our guide about behaviour and feelings, or search for services."),
            level=1,
            themes=["parenting"],
            families=rich(
                "<p><a href=\"/pathways/behaviour-or-feelings/\">I'm worried about my child's behaviour or feelings</a></p>"
            ),
            related=["parenting-support"],
        ),
    ],
}

HOME = {
    "slug": "things-are-difficult-at-home",
    "title": "Things are difficult at home",
    "audience": "families",
    "sensitive": True,
    "safeguarding_relevant": True,
    "intro": "If home is hard right now, answer a few questions to find help. Use 'Exit this page' at any time.",
    "questions": [
        single(
            "danger",
            "Is anyone in danger right now?",
            [
                answer("yes", "Yes", "get-help-now"),
                answer("no", "No", "what"),
            ],
            hint="For example, someone is hurting you or a child, or threatening to.",
            danger=True,
        ),
        multiple(
            "what",
            "What is happening at home?",
            [
                answer("abuse", "Someone at home hurts, scares or controls me", "children-at-home"),
                answer("child-harm", "A child is being hurt or not looked after", "child-not-safe"),
                answer("drink-drugs", "Drinking or drugs are causing problems", "drink-drugs"),
                answer("arguing", "Lots of arguing, or we are splitting up", "relationships"),
                answer("money", "Money, debt or housing worries", "money"),
                answer("caring", "A child helps look after someone in the family", "young-carers"),
            ],
            none_next="other-help",
        ),
        single(
            "children-at-home",
            "Do children live with you?",
            [
                answer("yes", "Yes", "abuse-with-children"),
                answer("no", "No", "abuse"),
            ],
        ),
    ],
    "outcomes": [
        outcome(
            "get-help-now",
            "Get help now: call 999",
            rich(
                "If you or anyone else is in danger, call 999 now. If you can't talk, call 999 and press 55."
            ),
            urgency="emergency",
            contact="emergency",
            themes=["domestic-abuse"],
            families=rich(
                "When you are safe, the National Domestic Abuse Helpline can help you plan: 0808 2000 247, day or night."
            ),
            related=["domestic-abuse"],
        ),
        outcome(
            "child-not-safe",
            "Tell someone a child is not safe",
            rich(
                "If a child is being hurt or not looked after, call the children's social care front door today. You do not need to be sure."
            ),
            level=4,
            urgency="urgent",
            contact="mash",
            themes=["parenting", "domestic-abuse"],
            families=bullets(
                "Call 0300 123 6720 (out of hours 0300 123 6722).", "If the child is in danger now, call 999."
            ),
            related=["worried-about-a-child"],
        ),
        outcome(
            "abuse-with-children",
            "Help for you and your children",
            rich(
                "What is happening is not your fault. Domestic abuse harms children too, even when they don't see it. "
                "Specialist workers can help you and your children stay safe."
            ),
            level=3,
            urgency="urgent",
            contact="domestic-abuse",
            themes=["domestic-abuse"],
            families=bullets(
                "Call the National Domestic Abuse Helpline on 0808 2000 247, day or night.",
                "Contact a local service below. They can meet you somewhere safe.",
                "Delete this page from your history if someone checks your phone.",
            ),
            professionals=rich(
                "Complete a DASH risk assessment and refer to MARAC if the risk is high. Tell the MASH if children are at risk."
            ),
            related=["domestic-abuse"],
        ),
        outcome(
            "abuse",
            "Help if someone hurts, scares or controls you",
            rich(
                "What is happening is not your fault. You can get free, private help to stay safe, whatever you decide to do."
            ),
            level=3,
            urgency="urgent",
            contact="domestic-abuse",
            themes=["domestic-abuse"],
            families=bullets(
                "Call the National Domestic Abuse Helpline on 0808 2000 247, day or night.",
                "Contact a local service below.",
            ),
            related=["domestic-abuse"],
        ),
        outcome(
            "drink-drugs",
            "Help with drinking or drugs in the family",
            rich(
                "Drinking or drugs can affect the whole family. Free, private services help the person using and the people around them."
            ),
            level=2,
            themes=["alcohol-and-drugs"],
            families=bullets(
                "Contact a service below. Many let you refer yourself.",
                "If children are not safe, call 0300 123 6720.",
            ),
        ),
        outcome(
            "relationships",
            "Help with arguing or splitting up",
            rich(
                "Lots of families go through hard times together. Support can help you talk and make plans that work for your children."
            ),
            level=1,
            themes=["family-relationships"],
            families=bullets(
                "Try a relationship or family support service below.",
                "If arguments become frightening, you can call 0808 2000 247.",
            ),
            related=["parenting-support"],
        ),
        outcome(
            "money",
            "Help with money, debt or housing",
            rich(
                "Free, private advice can help you deal with debts, check your benefits and keep your home."
            ),
            level=1,
            themes=["money-work-housing"],
            families=bullets(
                "Contact an advice service below.", "If you might lose your home, get help straight away."
            ),
            related=["money-and-housing"],
        ),
        outcome(
            "young-carers",
            "Help for young carers",
            rich("Children who help look after someone can get support, breaks and someone to talk to."),
            level=2,
            themes=["young-carers"],
            families=bullets(
                "Contact a young carers service below.", "Tell the child's school, so they can help."
            ),
            related=["young-carers"],
        ),
        outcome(
            "other-help",
            "Other help for your family",
            rich(
                "You did not choose any of the things we listed. Family support and parenting services can help with lots of things."
            ),
            level=1,
            themes=["family-relationships", "parenting"],
            families=rich("Have a look at the services below, or search for something else."),
            related=["parenting-support"],
        ),
    ],
}

PROFESSIONALS = {
    "slug": "right-door-for-professionals",
    "title": "Where does this family's need sit on the continuum, and what is the right door?",
    "audience": "professionals",
    "sensitive": False,
    "safeguarding_relevant": True,
    "intro": "For professionals: a few questions to find the likely level of need and the right way in. It supports your judgement; it does not replace it.",
    "questions": [
        single(
            "harm",
            "Is a child in immediate danger, or at risk of significant harm?",
            [
                answer("danger", "Yes, a child is in immediate danger", "emergency"),
                answer("significant-harm", "Yes, I think a child is at risk of significant harm", "level-4"),
                answer("no", "No", "age"),
            ],
            danger=True,
        ),
        age(
            "age",
            "How old is the child?",
            [("Pregnancy to 25", -1, 25, "needs")],
            hint="Enter their age in years, 0 for a baby, or 'pregnant' for an unborn child.",
        ),
        single(
            "needs",
            "Which best describes the family's needs?",
            [
                answer(
                    "universal", "Universal services (school, GP, health visitor) can meet them", "level-1"
                ),
                answer(
                    "additional", "Additional needs that my agency, or one or two others, can meet", "level-2"
                ),
                answer("several", "Several needs, or needs that have not improved", "early-help"),
                answer("not-sure", "I'm not sure", "consult"),
            ],
        ),
        single(
            "early-help",
            "Has an early help assessment been done, and has the plan helped?",
            [
                answer("no-assessment", "No early help assessment yet", "start-assessment"),
                answer("not-improving", "Yes, but needs are not improving or are getting worse", "level-3"),
                answer(
                    "not-engaging",
                    "The family won't engage and I am worried about a child's safety",
                    "level-4",
                ),
            ],
        ),
    ],
    "outcomes": [
        outcome(
            "emergency",
            "A child is in immediate danger: call 999",
            rich(
                "Call 999 now. Then contact the children's social care front door (MASH) and follow your safeguarding procedures."
            ),
            urgency="emergency",
            contact="emergency",
            themes=["parenting", "domestic-abuse", "exploitation"],
            levels=[4],
            professionals=bullets(
                "Call 999.",
                "Contact the MASH on 0300 123 6720 (out of hours 0300 123 6722).",
                "Tell your designated safeguarding lead.",
            ),
            related=["worried-about-a-child"],
        ),
        outcome(
            "level-4",
            "Likely level 4: contact the MASH",
            rich(
                "A child may be at risk of significant harm. This needs a statutory response from children's social care."
            ),
            level=4,
            urgency="urgent",
            contact="mash",
            themes=["parenting", "domestic-abuse", "exploitation"],
            levels=[4],
            professionals=bullets(
                "Contact the MASH today on 0300 123 6720.",
                "Tell your designated safeguarding lead.",
                "Record your concern and what you did.",
            ),
            families=rich(
                "Tell the family you are worried and what you will do, unless that would put a child at more risk."
            ),
            related=["worried-about-a-child", "continuum-of-need"],
        ),
        outcome(
            "level-1",
            "Likely level 1: universal services",
            rich(
                "The family's needs can be met by services everyone can use. Signpost them to universal services below."
            ),
            level=1,
            themes=["parenting", "activities", "early-years"],
            kinds=["universal"],
            professionals=rich(
                "Share information about local services with the family. Keep an eye on how things go."
            ),
            families=rich("You can contact any of these services yourself."),
            related=["continuum-of-need"],
        ),
        outcome(
            "level-2",
            "Likely level 2: additional needs",
            rich(
                "Your agency, with one or two others, can meet these needs. An early help assessment helps everyone work together."
            ),
            level=2,
            themes=["parenting", "family-relationships", "mental-health"],
            levels=[2],
            professionals=bullets(
                "Talk to the family about an early help assessment.",
                "Agree who will be the lead professional.",
                "Refer to targeted services below.",
            ),
            related=["early-help-assessment", "continuum-of-need"],
        ),
        outcome(
            "start-assessment",
            "Start an early help assessment",
            rich(
                "With several needs, an early help assessment is the right door. It brings the family and professionals together around one plan."
            ),
            level=2,
            themes=["parenting", "family-relationships"],
            access=["early_help_assessment"],
            professionals=bullets(
                "Ask the family's consent and start the assessment.",
                "Hold a team around the family meeting.",
                "Call the consultation line if you need advice.",
            ),
            related=["early-help-assessment"],
        ),
        outcome(
            "level-3",
            "Likely level 3: complex needs",
            rich(
                "Needs are not improving with early help. The family may need intensive, integrated support."
            ),
            level=3,
            contact="consultation",
            themes=["parenting", "family-relationships", "domestic-abuse", "mental-health"],
            levels=[3],
            professionals=bullets(
                "Review the early help plan with the family.",
                "Call the early help consultation line to discuss a step up.",
                "Refer to intensive family support services below.",
            ),
            related=["continuum-of-need"],
        ),
        outcome(
            "consult",
            "Not sure? Talk it through",
            rich(
                "Thresholds are not a tick-box. The early help consultation line can help you think about the family's needs."
            ),
            level=2,
            contact="consultation",
            themes=["parenting", "family-relationships"],
            levels=[2],
            professionals=bullets(
                "Call the early help consultation line on 0300 123 6730.",
                "Read the continuum of need guidance.",
            ),
            related=["continuum-of-need"],
        ),
    ],
}

PATHWAYS = [BEHAVIOUR, BABY, HOME, PROFESSIONALS]
