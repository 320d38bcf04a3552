"""Templates for the local services in the demo directory, repeated across districts with variation.

Each template is written in a small text format so that the words stay readable:

    == key                    slug prefix; the district, town or area is added to it
    org: family-help          a role from organisations.organisation_for(), or an organisation slug
    per: district             one per district; "town 2" = one per town, at most 2 a district;
                              "area" = one per locality (north, central, east)
    at: hub community         venue kinds to hold it at, in order of preference ("none": no venue)
    sites: 2                  how many venues (in different towns where possible); default 1
    kind / levels / themes / ages (min max; -1 is pregnancy) / eligibility
    cost: free | detail       cost, then an optional detail after " | "
    modes / languages         "local" adds the district's community languages to English
    features:                 accessibility features, names separated by ";" (default: by venue kind)
    name:                     name patterns separated by " / "
    summary: p1: p2: p3:      repeatable: each line is one variant; one is picked per listing
    self_referral: professional_referral: early_help_assessment: statutory_referral:  how to get in
    times:                    timetables separated by " / ", e.g. "Mon-Fri 09:00-17:00, Sat 10:00-12:00"
    notes:                    opening notes separated by " / "
    only:                     limit to these districts

Text may use {town}, {venue}, {district}, {area}, {org} and {phone}.
"""

from __future__ import annotations

# Community languages offered through bilingual staff or interpreters, beyond English.
LOCAL_LANGUAGES: dict[str, list[str]] = {
    "burnley": ["ur", "bn", "pa"],
    "chorley": ["pl"],
    "fylde": [],
    "hyndburn": ["ur", "gu", "pa"],
    "lancaster": ["pl", "ar"],
    "pendle": ["ur", "pa"],
    "preston": ["gu", "ur", "pa", "pl"],
    "ribble-valley": [],
    "rossendale": ["ur"],
    "south-ribble": ["pl"],
    "west-lancashire": ["pl", "ro"],
    "wyre": ["pl"],
}

_STEP_FREE = ["Wheelchair accessible entrance", "Accessible toilet facilities"]
FEATURES_BY_VENUE_KIND: dict[str, list[str]] = {
    "hub": _STEP_FREE + ["Baby changing facilities", "Parking nearby", "Bus stop nearby"],
    "library": _STEP_FREE + ["Hearing loop", "Building has lift", "Bus stop nearby"],
    "youth": ["Partial wheelchair access", "Accessible toilet facilities", "Bus stop nearby"],
    "health": _STEP_FREE
    + ["Hearing loop", "Disabled car parking space", "Car parking", "Baby changing facilities"],
    "community": ["Partial wheelchair access", "Parking nearby", "Baby changing facilities"],
    "leisure": _STEP_FREE + ["Changing facilities", "Hoist", "Car parking", "Disabled car parking space"],
    "school": _STEP_FREE + ["Car parking", "Hearing loop"],
    "office": _STEP_FREE + ["Building has lift", "Hearing loop", "Bus stop nearby"],
}

_LIST_KEYS = {"summary", "p1", "p2", "p3"}
_ACCESS_KEYS = {"self_referral", "professional_referral", "early_help_assessment", "statutory_referral"}


def parse_templates(text: str) -> list[dict]:
    """Read templates in the format described at the top of this module."""
    templates: list[dict] = []
    for block in text.split("\n== ")[1:]:
        key, *lines = block.strip().splitlines()
        template: dict = {"key": key.strip(), "access": {}, "description": [[], [], []], "summary": []}
        for line in lines:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            field, _, value = line.partition(":")
            field, value = field.strip(), value.strip()
            if field == "summary":
                template["summary"].append(value)
            elif field in _LIST_KEYS:
                template["description"][int(field[1]) - 1].append(value)
            elif field in _ACCESS_KEYS:
                template["access"][field] = value
            elif field in template:
                raise ValueError(f"{key}: {field} given twice")
            else:
                template[field] = value
        template["description"] = [variants for variants in template["description"] if variants]
        templates.append(_typed(template))
    return templates


def _typed(template: dict) -> dict:
    per, _, limit = template.get("per", "district").partition(" ")
    cost, _, cost_detail = template.get("cost", "free").partition("|")
    ages = [int(age) for age in template["ages"].split()]
    return {
        **template,
        "per": per,
        "limit": int(limit) if limit else None,
        "at": [] if template.get("at", "none") == "none" else template["at"].split(),
        "sites": int(template.get("sites", 1)),
        "levels": [int(level) for level in template["levels"].split()],
        "themes": template["themes"].split(),
        "ages": (ages[0], ages[1]),
        "cost": cost.strip(),
        "cost_detail": cost_detail.strip(),
        "modes": template["modes"].split(),
        "languages": template.get("languages", "en").split(),
        "features": [name.strip() for name in template["features"].split(";")]
        if "features" in template
        else None,
        "name": [name.strip() for name in template["name"].split(" / ")],
        "times": [times.strip() for times in template.get("times", "").split(" / ") if times.strip()],
        "notes": [note.strip() for note in template.get("notes", "").split(" / ") if note.strip()],
        "only": template["only"].split() if "only" in template else None,
        "always_open": template.get("always_open", "no") == "yes",
    }


_EARLY_YEARS = """
== stay-and-play
org: family-help
per: town 2
at: hub community
kind: universal
levels: 1 2
themes: early-years activities parenting
ages: 0 4
eligibility: Babies and children under five with a parent, grandparent or carer.
cost: free
modes: in-person
languages: local
name: Stay and Play – {town} / {town} Stay and Play / Little Explorers Stay and Play, {town}
summary: Drop-in play sessions at {venue} for children under five and the grown-ups who look after them.
summary: Messy play, toys, songs and a chat with family hub staff. Come along with your under-five at {venue}.
summary: A relaxed play session for under-fives and their parents or carers. No need to book.
p1: Each session has messy play, books, toys and a song at the end. Staff from the family hub are there to chat about anything from sleep and potty training to nursery places.
p1: Children play while you meet other local parents and carers. Family hub staff join in and can answer questions about development, behaviour or childcare.
p2: It is a good way to find out what else the family hub does. If you are worried about your child's speech or development, mention it and staff can arrange a check with the health visitor.
p2: You can bring older brothers and sisters in the school holidays. Tea and coffee are free, and there is usually fruit for the children.
self_referral: Just turn up with your child. The first time, staff will ask for your name, your child's date of birth and your postcode.
times: Mon 09:30-11:30, Thu 13:30-15:00 / Tue 09:30-11:00, Fri 10:00-11:30 / Wed 13:00-14:30, Sat 10:00-11:30
notes: Term time only. / Runs all year except bank holidays. / Closed for two weeks in August.

== baby-group
org: family-help
at: hub community
kind: universal
levels: 1
themes: pregnancy-and-baby early-years
ages: 0 1
eligibility: Parents and carers with babies who are not yet walking.
cost: free
modes: in-person
languages: local
name: Baby Group – {town} / Bumps and Babies, {town} / First Steps Baby Group, {town}
summary: A weekly group for parents and babies under one: baby massage, songs, weighing and time to talk.
summary: Meet other new parents, try baby massage and sensory play, and see the health visitor if you need to.
p1: The group is for babies from birth until they start walking. Each week there is a short activity such as baby massage, tummy time or messy play, then time to chat.
p1: New parenthood can be lonely. This group is a friendly place to meet other parents with babies of the same age and to ask questions without being judged.
p2: A health visitor usually comes once a month and can weigh your baby. Dads, partners and grandparents are welcome.
p2: Staff can tell you about infant feeding support, starting solid food and free childcare when your child turns two.
self_referral: Just come along. You do not need to book, but you can ring {phone} to check the session is on.
professional_referral: Health visitors and midwives can ask the family hub to welcome a parent who is anxious about coming for the first time.
times: Tue 10:00-11:30 / Wed 13:30-15:00 / Thu 10:00-11:30 / Fri 13:00-14:30
notes: Term time only. / Runs all year.

== rhyme-time
org: lancashire-libraries
per: town 2
at: library
kind: universal
levels: 1
themes: early-years activities
ages: 0 4
eligibility: Babies and children under five with an adult.
cost: free
modes: in-person
languages: en
name: Rhyme Time at {venue} / Baby and Toddler Rhyme Time, {town} / Story and Rhyme Time, {town} Library
summary: Songs, rhymes and a story for babies and under-fives at {venue}. Free, and no need to book.
summary: Half an hour of nursery rhymes and action songs, then time to borrow books. For under-fives and their grown-ups.
p1: Singing and rhymes help babies and toddlers learn to talk. Library staff lead the songs, and it does not matter if you don't know the words.
p1: A short, lively session of rhymes, songs and a picture book. Children can borrow up to twelve books free, and there are no fines on children's books.
p2: Children can join the library at any age. Bring something with your address on it to join on the day.
p2: Buggy parking is by the entrance. The children's library stays open afterwards for play and books.
self_referral: Just turn up. Sessions can get busy, so arrive a few minutes early.
times: Mon 10:30-11:00 / Wed 10:00-10:30, Sat 10:30-11:00 / Thu 14:00-14:30 / Fri 10:30-11:00
notes: Runs all year except bank holidays. / No sessions in August.

== health-visiting-clinic
org: lancashire-childrens-health-nhs
at: health hub
kind: universal
levels: 1 2
themes: pregnancy-and-baby early-years healthy-lifestyles
ages: -1 5
eligibility: Every family living in {district}, from late pregnancy until the child starts school.
cost: free
modes: in-person home-visits phone
languages: local
name: Health Visiting – {district} / {district} Health Visiting Team / Child Health Clinic and Health Visitors, {town}
summary: Health visitors support every family from late pregnancy until school: home visits, development checks and a weekly clinic.
summary: Your health visiting team for {district}. Ring the duty line with any worry about your baby or young child, or come to the clinic.
p1: Health visitors are nurses or midwives with extra training. They visit you at home before and after your baby is born, and review your child's health and development at one and at two.
p1: The health visiting team sees every family with a young child. They can help with feeding, sleep, crying, behaviour, how you are feeling and keeping your child safe.
p2: The weekly drop-in clinic at {venue} is for weighing, advice and a chat. A duty health visitor answers the phone on weekdays.
p2: If you move into {district} with a child under five, ring the team so that they can arrange a visit.
self_referral: Ring the duty health visitor on {phone}, or drop in to the clinic at {venue}.
professional_referral: GPs, midwives and other professionals can refer through the NHS trust's single point of access.
times: Mon-Fri 09:00-17:00 / Mon-Fri 08:30-16:30
notes: Drop-in clinic on Wednesday mornings at the venue listed. / Drop-in clinic on Tuesday afternoons at the venue listed.

== antenatal-sessions
org: lancashire-childrens-health-nhs
at: hub health
kind: universal
levels: 1
themes: pregnancy-and-baby
ages: -1 -1
eligibility: Pregnant women and people from about 28 weeks, with a partner or supporter.
cost: free
modes: in-person online
languages: local
name: Preparing for Birth and Baby – {district} / Antenatal Sessions, {town}
summary: Free antenatal sessions run by midwives and health visitors: labour, feeding, caring for a new baby and looking after yourself.
summary: A four-week course for parents-to-be, with an evening option for working parents. Online sessions too.
p1: The course covers labour and birth, feeding your baby, safe sleep and what to expect in the first weeks. You can bring a partner, friend or relative.
p1: Midwives and health visitors run the sessions together. There is plenty of time for questions, and you will meet other parents due around the same time.
p2: Sessions are also run online for anyone who cannot get to the venue.
p2: Ask about the sessions for young parents under 20 if you would feel more comfortable with people your own age.
self_referral: Book through your midwife, or ring {phone} and ask for antenatal sessions in {district}.
professional_referral: Midwives can book a place for you at your booking appointment.
times: Tue 18:00-20:00 / Thu 18:30-20:30 / Sat 10:00-12:00
notes: A four-week course; new courses start most months.

== infant-feeding
org: bump-to-baby-peer-support
at: hub community library
kind: commissioned
levels: 1 2
themes: pregnancy-and-baby early-years healthy-lifestyles
ages: -1 2
eligibility: Anyone feeding a baby or toddler, or pregnant and thinking about feeding.
cost: free
modes: in-person phone home-visits
languages: local
name: Infant Feeding Support – {town} / Feeding Friends, {town} / Baby Feeding Café, {town}
summary: Friendly help with breastfeeding, bottle feeding and starting solid food, from trained peer supporters and infant feeding staff.
summary: A feeding café at {venue} with peer supporters, plus phone support and home visits for early feeding problems.
p1: However you are feeding your baby, you are welcome. Peer supporters are parents who have been trained to help with positioning, latching, expressing and bottle feeding.
p1: Feeding problems are common in the first weeks. Come to the café, talk it through and try things with someone beside you.
p2: If you are struggling at home in the first two weeks, ring and a feeding specialist can visit. They work alongside your health visitor.
p2: There is also advice on starting solid food, bottles, formula costs and going back to work.
self_referral: Drop in to the café, or ring {phone} for a call back the same day.
professional_referral: Midwives and health visitors can ask for a home visit for a family with early feeding difficulties.
times: Wed 10:00-12:00 / Thu 13:00-15:00 / Fri 10:00-12:00, Sat 10:00-11:30
notes: Phone support every day in the first fortnight after birth.
"""

_FAMILIES_AND_YOUNG_PEOPLE = """
== parenting-course
org: family-help
at: hub community
kind: targeted
levels: 2 3
themes: parenting family-relationships
ages: 0 18
eligibility: Parents and carers who want help with their child's behaviour or with family life.
cost: free
modes: in-person online
languages: local
name: Calmer Family Life course – {district} / Understanding Your Child course – {district} / Parenting Together course – {district}
summary: A free group course for parents over eight to ten weeks: routines, boundaries, and staying calm when things get heated.
summary: Practical ideas for parents who are finding their child's behaviour hard. Small groups, in person or online, daytime or evening.
p1: Each week a small group of parents looks at one topic, such as praise and play, setting limits, tantrums or arguments with teenagers. Nobody is made to speak in front of the group.
p1: The course is based on well-tested parenting programmes. Parents say the most useful part is hearing that other families have the same struggles.
p2: There is an evening group for working parents and an online group for anyone who cannot get to {venue}.
p2: Grandparents, foster carers and step-parents are welcome. A crèche is available for daytime groups if you book ahead.
self_referral: Ring the family help team on {phone} to book a place. They will call you before the course starts.
professional_referral: Schools, health visitors and GPs can refer a parent with their consent; email the family help team.
early_help_assessment: The course is often part of an early help plan; the lead professional can book it.
times: Tue 09:30-11:30 / Wed 18:30-20:30 / Thu 13:00-15:00, Thu 18:00-20:00
notes: New courses start in September, January and April.

== family-support
org: family-help
at: hub
kind: targeted
levels: 2 3
themes: parenting family-relationships school-attendance money-work-housing alcohol-and-drugs
ages: -1 18
eligibility: Families in {district} who need more help than universal services can give, with a child or young person up to 18.
cost: free
modes: home-visits in-person phone
languages: local
name: Family Support Workers – {district} / Early Help Family Support – {district}
summary: A family support worker works with your whole family at home for a few months: routines, behaviour, school, money and relationships.
summary: Early help for families with more than one worry. A worker visits you at home and helps you make and stick to a plan.
p1: Family support workers help with things like getting children to school, bedtimes and routines, arguments at home, money, housing and a parent's drinking or mental health.
p1: The worker agrees a plan with the family, visits regularly and brings in other services when needed. Support usually lasts three to six months.
p2: Most families are supported through an early help assessment, which means telling your story once rather than to every agency.
p2: If things get harder, the worker will talk to you about it openly and can ask for more specialist help.
self_referral: Ring {phone} and ask to talk to the duty family help worker. They will talk through what is happening and what might help.
professional_referral: Contact the family help team by email or phone. If you are unsure whether a family needs early help or children's social care, use the early help consultation line.
early_help_assessment: Complete an early help assessment with the family and send it to the {district} family help team, who will allocate a worker or advise on a lead professional.
times: Mon-Thu 08:45-17:00, Fri 08:45-16:30
notes: Evening visits can be arranged for working parents.

== young-carers-group
org: lancashire-young-carers-network
at: youth community hub
kind: targeted
levels: 2
themes: young-carers activities mental-health
ages: 8 18
eligibility: Children and young people who help look after someone at home who is ill, disabled, or has a mental health or drug or alcohol problem.
cost: free
modes: in-person
languages: local
name: Young Carers Group – {district} / {town} Young Carers Club
summary: A fortnightly group where young carers have a break, have fun and meet others who understand, with trips in the holidays.
summary: Time off from caring: games, food, trips and someone to talk to. For young carers aged 8 to 18 in {district}.
p1: Young carers often do a lot at home and miss out on time with friends. The group is a break: games, cooking, crafts, and trips out in the school holidays.
p1: The club splits into a younger group (8 to 12) and an older group (13 to 18). Transport can be arranged if getting there is hard.
p2: A young carers worker can also meet you one-to-one, talk to your school and help your family get a carer's assessment.
p2: You don't need a diagnosis or paperwork for the person you look after. If you help out at home more than most children your age, you are welcome.
self_referral: Young people and parents can ring {phone} or fill in the short form on the website.
professional_referral: Schools and other professionals can refer with the young person's agreement, using the network's referral form.
times: Tue 16:30-18:30 / Wed 16:00-18:00 / Thu 17:00-19:00
notes: Every other week in term time, with trips in the holidays.

== send-parent-group
org: lancashire-parent-carer-forum
at: community hub library
kind: universal
levels: 1 2
themes: send parenting
ages: 0 25
eligibility: Parents and carers of children and young people with special educational needs or disabilities, with or without a diagnosis.
cost: free
modes: in-person online
languages: local bfi
name: SEND Parents' Coffee Morning – {district} / Parent Carer Drop-in – {town}
summary: A friendly monthly meet-up for parents of children with SEND, with or without a diagnosis. Share tips, get information, have a cuppa.
summary: Parents of children with additional needs meet monthly at {venue}. Speakers on EHCPs, benefits, ADHD and autism.
p1: The coffee morning is run by parents who understand. You can come to listen, to ask about EHCPs and SEN support, or just to be with people who get it.
p1: Some months there is a speaker, such as the SEND information and advice service, a benefits adviser or the short breaks team.
p2: The forum collects parents' views to help improve local services, but nobody has to take part in that.
p2: A BSL interpreter can be booked with a week's notice. There is also a monthly evening meeting online.
self_referral: Just come along, or ring {phone} to be added to the forum's mailing list.
times: Mon 10:00-12:00 / Wed 09:30-11:30 / Fri 10:00-12:00, Tue 19:00-20:30
notes: First week of each month, term time. / Monthly; the online meeting is on the second Tuesday.

== food-bank
org: food-bank
at: community hub
sites: 2
kind: targeted
levels: 2 3
themes: money-work-housing
ages: -1 25
eligibility: People in {district} who cannot afford food, referred with a voucher.
cost: free
modes: in-person
languages: local
name: {district} Food Bank / Emergency Food – {district} / Food Bank Centres, {district}
summary: Three days of emergency food for people in crisis, given with a voucher from an advice agency, school, GP or family hub.
summary: Emergency food parcels at centres in {district}. Volunteers can also put you in touch with debt and benefits advice.
p1: You need a food bank voucher, which you can get from family hubs, schools, advice agencies, GP surgeries and many other services. If you don't know where to get one, ring and volunteers will help.
p1: Parcels include tinned and dried food, toiletries and nappies if you need them. Tell the volunteers about allergies or anything you cannot cook.
p2: Volunteers have time for a cup of tea and can put you in touch with money advice, the council's support fund or energy help.
p2: There are also a few fresh items, baby milk and school uniform swaps at some centres.
self_referral: If you don't have a voucher, ring {phone} and volunteers will tell you where to get one quickly.
professional_referral: Agencies registered with the food bank can issue an e-voucher. Ask the food bank to register your service.
times: Mon 12:00-14:00, Thu 12:00-14:00 / Tue 10:00-12:00, Fri 10:00-12:00 / Wed 11:00-13:00, Sat 10:00-12:00
notes: Closed on bank holidays.

== money-advice
org: red-rose-money-advice
at: hub library community
kind: commissioned
levels: 1 2
themes: money-work-housing
ages: -1 25
eligibility: Anyone living in {district}. Priority for families with children.
cost: free
modes: in-person phone online
languages: local
name: Money Advice Drop-in – {town} / Debt and Benefits Advice, {district}
summary: Free, confidential advice on debt, benefits, Universal Credit and energy bills, at a drop-in at {venue} or by phone.
summary: Talk to a money adviser about debts, benefit checks, rent arrears or bills. Drop in or call.
p1: Advisers can check you are getting all the benefits you are entitled to, help you deal with debts and bailiffs, and support you to challenge a benefit decision.
p1: Many families are missing money they are entitled to. An adviser can do a full benefit check in under an hour and help you apply.
p2: Bring any letters, bills and details of your income. If you cannot get to the drop-in, the phone line is open on weekdays.
p2: The advice is free, confidential and independent. Advisers will never judge you or tell you off for debts.
self_referral: Drop in to {venue}, or ring {phone} to book a phone appointment.
professional_referral: Family hubs and schools can make a referral online with the family's consent.
times: Mon 09:30-12:30, Thu 09:30-12:30 / Tue 13:00-16:00, Fri 09:30-12:30 / Wed 09:30-12:30, Wed 17:00-19:00
notes: Phone line Monday to Friday, 9am to 5pm.

== domestic-abuse-outreach
org: domestic-abuse
at: none
kind: commissioned
levels: 2 3 4
themes: domestic-abuse family-relationships mental-health
ages: -1 18
eligibility: Adults in {district} who are experiencing or have experienced domestic abuse, and their children.
cost: free
modes: phone home-visits
languages: local
name: Domestic Abuse Outreach – {district} / Domestic Abuse Support – {district}
summary: Confidential support if someone at home hurts, scares or controls you: safety planning, help with housing and the police, and support for children.
summary: An outreach worker can meet you somewhere safe in {district}, help you plan to stay safe and stay alongside you for as long as you need.
p1: Outreach workers support people of any gender. They can help you make a safety plan, understand your options, get a non-molestation order, and deal with housing, money and the police.
p1: You do not have to leave your relationship to get support. Workers meet you somewhere safe, such as a family hub or GP surgery, or talk by phone at times that are safe for you.
p2: A children's worker can support children who have lived with abuse. If the risk is very high, the service works with the county IDVA service.
p2: If you are in danger now, call 999. If you cannot speak, press 55 when asked on a mobile.
self_referral: Ring {phone} at a time when it is safe. If you can't talk, say so and ask when to call back.
professional_referral: Professionals can refer with the person's consent, using the service's secure form. Complete a risk assessment if you can.
early_help_assessment: Family help teams can add domestic abuse support to an early help plan.
times: Mon-Fri 09:00-17:00, Tue 17:00-19:00
notes: Out of hours, call the National Domestic Abuse Helpline on 0808 2000 247 (24 hours).

== recovery-course
org: domestic-abuse
at: community hub
kind: commissioned
levels: 2 3
themes: domestic-abuse mental-health parenting
ages: -1 18
eligibility: Women aged 16 and over in {district} who have experienced domestic abuse, including mothers of children of any age. Children do not attend the group.
cost: free
modes: in-person
languages: local
name: Moving On domestic abuse recovery course – {district} / Free to Be course – {district}
summary: A 12-week group for women who have experienced domestic abuse: understanding what happened, its effect on children, and rebuilding confidence.
summary: A closed group course that helps women recognise abusive behaviour, understand its effect on children and feel stronger. Crèche available.
p1: The course looks at the tactics abusers use, how abuse affects children, and how to spot warning signs in future relationships. It is run by two trained facilitators.
p1: Women on the course say it helps them stop blaming themselves. You only share what you want to share.
p2: For safety, the exact room is confirmed when you book. Please don't tell anyone you don't trust where the group meets.
p2: A free crèche is available for children under five if booked in advance.
self_referral: Ring {phone} when it is safe to do so. A worker will call you back for a short chat before you join.
professional_referral: Professionals can refer with the woman's consent using the service's secure referral form.
times: Mon 10:00-12:30 / Wed 13:00-15:30 / Thu 18:00-20:30
notes: New groups start about every three months.

== sexual-health-clinic
org: lancashire-young-peoples-sexual-health
at: health youth
kind: commissioned
levels: 1 2
themes: sexual-health healthy-lifestyles
ages: 13 25
eligibility: Young people aged 13 to 25. Under-16s are seen confidentially; staff follow safeguarding rules if someone is at risk of harm.
cost: free
modes: in-person phone
languages: en
name: Young People's Sexual Health Clinic – {town} / Youth Sexual Health Drop-in, {town}
summary: Free, confidential contraception, condoms, pregnancy tests, STI testing and advice for young people up to 25. Walk in after school.
summary: A young people's clinic at {venue}: the pill, implants, emergency contraception, C-Card condoms and chlamydia tests. No appointment needed.
p1: Nurses and youth workers see young people without an appointment. You can come on your own or bring a friend, and you won't be judged.
p1: You can get free condoms with a C-Card, emergency contraception, pregnancy tests and STI tests, and talk about relationships and consent.
p2: What you say stays private. The only time staff would share anything is if they thought you or someone else was at risk of serious harm, and they would talk to you first.
p2: Free STI postal test kits can also be ordered online if you don't want to come in.
self_referral: Walk in during the drop-in, or ring {phone} to book a time that suits you.
professional_referral: School nurses and youth workers can book an appointment for a young person and come with them.
times: Tue 15:30-18:30 / Wed 15:30-19:00, Sat 10:00-12:00 / Thu 16:00-19:00
notes: Last patient seen 30 minutes before closing.

== school-nursing
org: lancashire-childrens-health-nhs
at: school youth health
kind: universal
levels: 1 2
themes: healthy-lifestyles mental-health sexual-health bullying
ages: 5 19
eligibility: Children and young people aged 5 to 19 living or going to school in {district}, and their parents.
cost: free
modes: in-person phone
languages: local
name: School Nursing – {district} / School Nurse Drop-in – {town}
summary: School nurses help with health, growth, emotional wellbeing, bedwetting, puberty and healthy relationships. Drop-ins and a confidential text service.
summary: Talk to a school nurse about anything from sleep and eating to worries, bullying or sex and relationships. Drop-ins in schools and at {venue}.
p1: School nurses run drop-ins in secondary schools and see primary-age children with their parents. They can help with continence, sleep, healthy eating, emotional health and long-term conditions in school.
p1: Young people can text a school nurse in confidence about things like stress, self-harm, relationships or bullying, and get a reply within one working day.
p2: Parents can ring the team for advice, for example about bedwetting, a child's weight or starting school with a medical condition.
p2: The team also runs the national child measurement programme and school-age immunisations.
self_referral: Young people can drop in at school or text the school nurse. Parents can ring {phone}.
professional_referral: Schools and GPs can refer through the NHS trust's single point of access.
times: Mon-Fri 08:30-16:30
notes: Drop-ins run in term time.

== attendance-support
org: lancashire-attendance-and-inclusion
at: none
kind: targeted
levels: 2 3
themes: school-attendance send mental-health
ages: 5 16
eligibility: Children of school age in {district} who are missing school, refusing to go, or at risk of exclusion.
cost: free
modes: phone home-visits
languages: local
name: School Attendance Support – {district} / Attendance and Inclusion Team – {district}
summary: Help when a child is missing school or can't face going: a worker looks at the reasons with the family and school and agrees a plan.
summary: Attendance officers work with parents, schools and other services to get children back into school and learning.
p1: Children miss school for many reasons: anxiety, bullying, unmet SEND, illness, caring at home or trouble in the family. The worker's first job is to find out why.
p1: The officer can visit you at home, come to meetings at school, and help agree a return plan such as a gradual start or extra support.
p2: Fines and prosecution are a last resort. The service would much rather help families early.
p2: If your child has been excluded or is on a part-time timetable, the team can explain your rights and the school's duties.
self_referral: Parents can ring {phone} for advice. Most families are first referred by their child's school.
professional_referral: Schools refer through the attendance service's online form after their own support has been tried.
early_help_assessment: Attendance support can be part of an early help plan; invite the attendance officer to the team around the family meeting.
times: Mon-Thu 08:45-17:00, Fri 08:45-16:30
notes: Term time and the first week of school holidays.

== youth-club
org: lancashire-youth-service
per: town 2
at: youth
kind: universal
levels: 1 2
themes: activities bullying healthy-lifestyles
ages: 11 19
eligibility: Young people aged 11 to 19, or up to 25 with SEND.
cost: varies | Free; some trips cost a small amount.
modes: in-person
languages: en
name: {town} Youth Club / Open Youth Club at {venue} / {town} Youth Centre evenings
summary: Evening youth club with sport, games, cooking, music and youth workers to talk to. Drop in, no need to book.
summary: Somewhere to go after school: pool, games consoles, football, arts and trips, with trained youth workers.
p1: The club is open to any young person aged 11 to 19. There is sport, music, cooking, games, and projects young people choose themselves.
p1: Youth workers run activities and are there to listen. They can help with things like stress, relationships, staying safe, or finding work or training.
p2: There is a separate SEND session for young people up to 25 once a week. Ask staff for details.
p2: Young people can also get free condoms and advice about sexual health, drugs and alcohol in confidence.
self_referral: Just turn up. On your first visit a youth worker will take your name and an emergency contact.
professional_referral: Professionals can contact the youth centre to arrange an introduction for a young person who would find it hard to walk in alone.
times: Mon 18:00-21:00, Wed 18:00-21:00 / Tue 18:30-21:00, Fri 18:30-21:30 / Thu 18:00-21:00, Sat 13:00-16:00
notes: Closed on bank holidays.

== street-youth-work
org: youth-charity
at: youth community
kind: targeted
levels: 2 3
themes: youth-crime exploitation activities alcohol-and-drugs
ages: 11 19
eligibility: Young people aged 11 to 19 in {district}, especially those at risk of anti-social behaviour, exploitation or getting into trouble.
cost: free
modes: in-person phone
languages: en
name: Street-based Youth Work – {district} / Detached Youth Work and Mentoring – {district}
summary: Youth workers meet young people where they hang out in the evenings, and offer one-to-one mentoring to those at risk of crime or exploitation.
summary: Evening outreach on the streets and in parks, plus mentoring for young people being drawn into trouble, county lines or anti-social behaviour.
p1: Workers go out in pairs on weekday and weekend evenings to places where young people gather. They chat, offer activities and help with anything that is worrying young people.
p1: Mentors spend time with young people one-to-one over several months, working on goals the young person chooses and helping them stay safe.
p2: The team works from {venue} and with schools, the police and the youth justice service to spot young people at risk of exploitation early.
p2: Workers can also help young people back into education or training.
self_referral: Young people and parents can ring {phone} or message the team's social media.
professional_referral: Schools, police and social workers can refer a young person for mentoring using the charity's referral form.
early_help_assessment: Mentoring can be part of an early help plan for a young person.
times: Wed 18:00-22:00, Fri 18:00-22:00, Sat 17:00-21:00 / Tue 18:00-21:30, Fri 19:00-23:00
notes: Street-based sessions move around the district depending on where young people are.

== holiday-activities-and-food
org: schools
at: school leisure youth community
kind: targeted
levels: 1 2
themes: activities healthy-lifestyles money-work-housing
ages: 5 16
eligibility: Free places for children who get benefits-related free school meals. Other children can book paid places if there is room.
cost: varies | Free for children on benefits-related free school meals; about £15 a day for others.
modes: in-person
languages: en
name: Holiday Activities and Food – {town} / Holiday Club at {venue} / {town} Summer and Holiday Club
summary: A holiday club with a hot meal, sport, crafts and trips, free for children who get benefits-related free school meals.
summary: Active days out of the house in the Easter, summer and Christmas holidays, with a healthy lunch for every child.
p1: Each day includes a hot lunch, physical activity and something creative, from football and dance to cooking and den building.
p1: The club is run by school staff and local coaches. Parents are invited to a cooking session once each holiday.
p2: Places for children on free school meals are funded by the government's holiday activities and food programme. Your child's school sends a code to book.
p2: Children with SEND are welcome; tell the club what support your child needs when you book.
self_referral: Book with the code from your child's school, or ring {phone} to ask about paid places.
professional_referral: Social workers and family support workers can book a funded place for a child who does not get free school meals but needs one.
times: Mon-Thu 10:00-14:00 / Mon-Fri 09:30-13:30
notes: School holidays only: four weeks in summer, one week at Easter and Christmas.

== youth-counselling
org: counselling
at: youth community health
kind: commissioned
levels: 2
themes: mental-health bereavement bullying
ages: 11 25
eligibility: Young people aged 11 to 25 who live or study in {district}.
cost: free
modes: in-person online phone
languages: en
name: Youth Counselling – {district} / Someone to Talk To, {town} / Counselling for Young People, {town}
summary: Free, confidential counselling for young people aged 11 to 25, face to face at {venue}, online or by phone. Refer yourself.
summary: Talk to a trained counsellor about anything: anxiety, low mood, family problems, bullying, grief or self-harm.
p1: Counsellors offer up to twelve weekly sessions. The first appointment is a chat about what is going on and what might help.
p1: You can choose to meet in person, by video or by phone. Evening appointments are available for young people at school or work.
p2: Counselling is confidential. The counsellor would only share something if they were worried you or someone else was at serious risk, and would talk to you first if they could.
p2: If you need more specialist help, your counsellor can help you get it through CAMHS or your GP.
self_referral: Fill in the form on the website or ring {phone}. Parents can call too, but the young person needs to want counselling.
professional_referral: Schools, GPs and youth workers can refer with the young person's agreement.
times: Mon 15:30-20:00, Wed 15:30-20:00, Sat 10:00-13:00 / Tue 14:00-20:00, Thu 14:00-20:00
notes: Waiting times vary; ask when you call.

== active-families
org: active-lancashire-families
at: leisure
kind: universal
levels: 1 2
themes: healthy-lifestyles activities
ages: 4 16
eligibility: Families with children aged 4 to 16.
cost: varies | £2 a family a session; free with a Lancashire leisure card for families on low incomes.
modes: in-person
languages: en
name: Active Families – {town} / Family Fit and Swim, {town}
summary: Low-cost family activity sessions at {venue}: swimming, games, climbing and dance, plus healthy eating and cooking tips.
summary: Get moving together. Weekend family swims and sports sessions for £2 a family, free for families on low incomes.
p1: Sessions are for the whole family, not just the children. Instructors pick activities that everyone can join in, whatever their fitness.
p1: There is a six-week healthy family course each term with cooking on a budget, sleep, screen time and being active.
p2: Parents who want to stop smoking or vaping can get free support from the stop smoking adviser at the centre.
p2: Sessions for children with SEND and their families run once a month with quieter music and lighting.
self_referral: Just turn up, or book online to make sure of a place.
professional_referral: School nurses, health visitors and GPs can refer families to the healthy family course.
times: Sat 09:00-11:00, Sun 10:00-12:00 / Sat 13:00-15:00, Wed 17:30-18:30 / Sun 09:00-11:00, Fri 17:00-18:00
notes: Swim sessions need an adult in the water with children under eight.

== bereavement-group
org: little-lanterns-bereavement
at: community hub library
kind: targeted
levels: 2
themes: bereavement mental-health
ages: 5 18
eligibility: Children and young people aged 5 to 18 who have been bereaved, and their parents or carers.
cost: free
modes: in-person phone
languages: en
name: Children's Bereavement Group – {district} / Little Lanterns Group, {town}
summary: A monthly group for bereaved children and their families to remember the person who died, meet others and learn ways to cope.
summary: Grief support for children aged 5 to 18: family group sessions at {venue} and one-to-one support at home or in school.
p1: Children and parents spend some time together and some in separate groups. Activities help children talk about the person who died and their feelings, at their own pace.
p1: There is a younger group and a teenage group. Parents have their own space to talk with a worker and other parents.
p2: Support can start at any time after a death, including before an expected death. Workers can also advise schools.
p2: If a death was sudden or traumatic, the charity can offer one-to-one support first.
self_referral: Parents and young people aged 13 and over can ring {phone}.
professional_referral: Schools, GPs, hospices and social workers can refer with the family's agreement.
times: Sat 10:00-12:00 / Tue 17:00-19:00 / Thu 16:30-18:30
notes: Once a month.
only: burnley chorley fylde hyndburn lancaster preston rossendale west-lancashire wyre

== anti-bullying-group
org: stand-together-lancashire
at: youth community library
kind: targeted
levels: 2
themes: bullying mental-health
ages: 8 16
eligibility: Children aged 8 to 16 who are being bullied in school, online or in the community, and their parents.
cost: free
modes: in-person online
languages: en
name: Stand Together Group – {town} / Bullying Support Group, {town}
summary: A small weekly group for children who are being bullied, to rebuild confidence and friendships, with advice for parents.
summary: Support for children and young people who are bullied, including online. Meet others, learn what helps, and get advice on talking to school.
p1: The group runs for six weeks. Children do activities on confidence, friendship, staying safe online and what to do when bullying happens.
p1: A worker meets the family first to understand what is happening, including any online bullying or hate-based bullying.
p2: Parents get advice on working with the school, including how to use the school's complaints procedure if things don't change.
p2: The charity also trains peer mentors in local schools.
self_referral: Ring {phone} or fill in the online form.
professional_referral: Schools and school nurses can refer with the family's consent.
times: Mon 16:00-17:30 / Wed 16:30-18:00 / Thu 16:00-17:30
notes: Six-week groups in term time.
only: burnley hyndburn pendle preston south-ribble lancaster wyre

== young-parents
org: family-help
at: hub community
kind: targeted
levels: 2 3
themes: pregnancy-and-baby parenting early-years sexual-health
ages: -1 2
eligibility: Young parents and parents-to-be aged 24 and under, and their babies and toddlers.
cost: free
modes: in-person home-visits
languages: en
name: Young Parents Group – {town} / Young Mums and Dads, {town}
summary: A weekly group for parents under 25 and their babies: meet other young parents, get help with money, housing, college and health.
summary: For young parents-to-be and parents aged 24 and under. Relaxed group, lunch, and a worker who can visit at home.
p1: The group is a place to meet other young parents without feeling judged. Each week has a relaxed activity with the babies and something useful, such as budgeting, cooking or going back to college.
p1: Workers help with things young parents often tell us are hard: housing, benefits, childcare for college, relationships and feeling low.
p2: Young dads are welcome, and there is a dads' session once a month.
p2: Free childcare funding (Care to Learn) can help with nursery costs while you study. Staff can help you apply.
self_referral: Just come along, or ring {phone} and a worker will meet you first if you prefer.
professional_referral: Midwives, health visitors and the leaving care service can refer young parents.
early_help_assessment: The group and home visits can be part of an early help plan.
times: Wed 12:00-14:00 / Thu 11:00-13:00 / Fri 12:30-14:30
notes: Free lunch. Term time only.
only: burnley preston lancaster west-lancashire hyndburn wyre pendle

== childrens-social-work
org: lancashire-childrens-social-care
at: office community
kind: specialist
levels: 3 4
themes: parenting domestic-abuse family-relationships
ages: -1 17
eligibility: Children in {district} assessed as in need, in need of protection, or in care, and their families.
cost: free
modes: home-visits in-person
languages: local
name: Children's Social Work Team – {district} / {district} Children's Social Care Team
summary: Social workers for children in need, child protection and children in care in {district}. Reached only through the front door (MASH).
summary: The {district} social work team assesses and supports children in need and children at risk of significant harm. Referrals go through the front door.
p1: Social workers carry out assessments, lead child in need and child protection plans, and support children in care and their carers. They work with the family help team so that families can step down to early help when things improve.
p1: The team works with families where a child has been seriously harmed or is at risk of it, or where a child's needs cannot be met without social care. Wherever it is safe, the aim is to keep children with their families.
p2: Families cannot ask for this team directly. If you are worried about a child, contact the children's social care front door; in an emergency call 999.
p2: Parents involved with the team can ask for an advocate, and can see their own records. An independent reviewing officer chairs reviews for children in care.
statutory_referral: All referrals go through the children's social care front door (MASH) on {phone}. Professionals follow up with the multi-agency referral form within 48 hours.
times: Mon-Thu 08:45-17:00, Fri 08:45-16:30
notes: Out of hours, the county's emergency duty team covers urgent child protection work.

== welcome-drop-in
org: lancashire-welcome-network
at: community library hub
kind: targeted
levels: 1 2
themes: money-work-housing family-relationships mental-health
ages: -1 25
eligibility: Refugee and asylum-seeking families and young people, and other new arrivals to the UK.
cost: free
modes: in-person phone
languages: en ar ku fa uk so
name: Welcome Drop-in – {town} / New Families Welcome Café, {town}
summary: A weekly drop-in with interpreters for refugee and asylum-seeking families: help with school places, GP registration, benefits and English classes.
summary: Practical help and a warm welcome for families new to the UK, with interpreters in Arabic, Kurdish, Farsi, Ukrainian and Somali.
p1: Volunteers and staff help families register with a GP and dentist, apply for school places, understand letters and find English classes.
p1: There is a children's play corner and free hot drinks. You can come every week or just when you need help.
p2: Caseworkers can give one-to-one help with asylum support and benefits, and refer to specialist legal advice.
p2: The network also runs a group for unaccompanied young people aged 16 to 25.
self_referral: Drop in, or ring {phone} and say which language you speak.
professional_referral: Schools, health visitors and housing providers can refer a family using the network's form.
times: Tue 10:00-13:00 / Thu 10:00-13:00 / Mon 13:00-16:00
notes: Interpreters for other languages can be booked with notice.
only: preston burnley pendle hyndburn lancaster west-lancashire
"""

TEMPLATES: list[dict] = parse_templates(_EARLY_YEARS + _FAMILIES_AND_YOUNG_PEOPLE)
