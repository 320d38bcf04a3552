"""Organisations for the demo directory.

Local organisations are fictional: their websites and emails use ``example.org.uk`` and their phone
numbers come from Ofcom's ranges kept for drama (01632 960xxx, 0113/0117/0151/0161 496 0xxx,
020 7946 0xxx, 0808 157 0xxx, 03069 990xxx), so none of them rings a real person. The national
helplines at the end are real organisations with their well-known public numbers and no address.

Which regional charity covers which district is set here too (``REGION_ORGANISATIONS``), so that the
service templates can ask "who runs the food bank in Wyre?".
"""

from __future__ import annotations

from . import places

# Lancashire's three children's services localities.
AREAS: dict[str, list[str]] = {
    "north": ["lancaster", "wyre", "fylde"],
    "central": ["preston", "south-ribble", "chorley", "west-lancashire"],
    "east": ["burnley", "pendle", "hyndburn", "rossendale", "ribble-valley"],
}
AREA_NAMES = {"north": "North Lancashire", "central": "Central Lancashire", "east": "East Lancashire"}
AREA_BASES = {"north": "lancaster", "central": "preston", "east": "burnley"}


def area_of(district: str) -> str:
    return next(area for area, districts in AREAS.items() if district in districts)


FAMILY_HELP_PHONES = {
    "burnley": "0161 496 0110",
    "chorley": "01632 960210",
    "fylde": "0113 496 0310",
    "hyndburn": "0161 496 0120",
    "lancaster": "0113 496 0320",
    "pendle": "0161 496 0130",
    "preston": "01632 960220",
    "ribble-valley": "0161 496 0140",
    "rossendale": "0161 496 0150",
    "south-ribble": "01632 960230",
    "west-lancashire": "0151 496 0110",
    "wyre": "0113 496 0330",
}


def family_help_slug(district: str) -> str:
    return f"lancashire-family-help-{district}"


def _family_help(district: str) -> dict:
    name = places.DISTRICT_NAMES[district]
    hub = places.venue(district, "hub")
    other_towns = [town for town in places.towns(district) if town != hub.town]
    reach = f" and runs sessions in {', '.join(other_towns)}" if other_towns else ""
    return {
        "slug": family_help_slug(district),
        "name": f"Lancashire Family Help – {name}",
        "description": [
            f"Lancashire County Council's family help team for {name}. It is based at {hub.name}{reach}.",
            "The team runs the family hubs and children's centres, offers early help to families who "
            "need a bit more support, and can be the lead professional for an early help assessment.",
        ],
        "website": "https://lancashire-family-help.example.org.uk",
        "email": f"{district}@lancashire-family-help.example.org.uk",
        "phone": FAMILY_HELP_PHONES[district],
        "address": f"{hub.name}\n{hub.address}\n{hub.town}",
        "postcode": hub.postcode,
    }


# slug | name | phone | where (district/venue kind, or blank) | website (- for the usual) | description
_TABLE = """
lancashire-youth-service | Lancashire Youth Service | 01632 960300 | preston/office | - | The county council's youth service. It runs youth centres in every district, detached youth work on the streets and targeted youth support for young people aged 11 to 19, or up to 25 with SEND.
lancashire-childrens-social-care | Lancashire Children's Social Care | 03069 990100 | preston/office | - | The county council's children's social care service, including the multi-agency safeguarding hub (MASH). It works with children in need, children who need protection, children in care and care leavers. If a child is in immediate danger, call 999.
lancashire-youth-justice-service | Lancashire Youth Justice Service | 03069 990110 | preston/community | - | Works with young people aged 10 to 17 who are in trouble with the police or the courts, and with their families. Teams in the north, centre and east of the county include social workers, police officers, health and education staff.
lancashire-libraries | Lancashire Libraries | 03069 990120 | preston/library | - | Free public libraries across the county. As well as books, most run rhyme times and story times for under-fives, homework clubs and free computer and wifi use.
lancashire-attendance-and-inclusion | Lancashire Attendance and Inclusion Service | 03069 990130 | preston/office | - | Works with schools and families when a child is missing school, at risk of exclusion or out of education. Officers look for the reason behind the absence and help agree a plan to get the child back into learning.
lancashire-sendiass | Lancashire SEND Information, Advice and Support Service | 03069 990140 | chorley/office | - | Free, impartial and confidential advice for parents, children and young people up to 25 about special educational needs and disabilities. It is run at arm's length from the council so that its advice is independent.
lancashire-leaving-care | Lancashire Leaving Care Service | 03069 990150 | preston/community | - | Personal advisers for young people leaving the council's care, from 16 until 21, or 25 if they want support. Help with housing, money, education, work and health.
lancashire-childrens-health-nhs | Lancashire Children's Health NHS Trust | 01632 960400 | preston/health | - | The NHS trust that provides health visiting, school nursing and infant feeding support across Lancashire. Health visitors see every family from pregnancy until the child starts school.
lancashire-camhs-nhs | Lancashire Child and Family Mental Health NHS Trust | 01632 960410 | preston/health | - | Provides child and adolescent mental health services (CAMHS) for Lancashire, from mental health support teams in schools to specialist and crisis care. Most young people are referred by a GP, school or other professional.
lancashire-young-peoples-sexual-health | Lancashire Young People's Sexual Health Service | 01632 960420 | lancaster/health | - | Free and confidential sexual health clinics and drop-ins for young people up to 25. Part of the NHS sexual health service, commissioned by the county council.
ribble-learning-trust | Ribble Learning Trust | 01632 960500 | south-ribble/school | - | A multi-academy trust of primary and secondary schools in Preston, South Ribble and Chorley. Its schools share pastoral teams, a school-based counselling service and holiday clubs.
pennine-schools-partnership | Pennine Schools Partnership | 0161 496 0500 | burnley/school | - | A partnership of schools in Burnley, Pendle, Hyndburn and Rossendale. Member schools work together on attendance, inclusion and support for pupils with SEND.
lune-and-wyre-academy-trust | Lune and Wyre Academy Trust | 0113 496 0500 | lancaster/school | - | A group of primary and secondary academies in the Lancaster district, Wyre and Fylde. The trust runs parent workshops and holiday activities open to local families.
pendle-and-burnley-youth-action | Pendle and Burnley Youth Action | 0161 496 0600 | pendle/office | - | A youth charity working on the streets and in community buildings in Burnley and Pendle. Youth workers run evening and weekend sessions and mentoring for young people at risk of being drawn into crime or exploitation.
fylde-coast-youth-trust | Fylde Coast Youth Trust | 0113 496 0600 | wyre/office | - | A charity for young people in Fylde and Wyre. It runs youth clubs, a young people's counselling service and summer projects, with most of its work in Fleetwood and St Annes.
rossendale-youth-works | Rossendale Youth Works | 0161 496 0610 | rossendale/office | - | A small youth charity in Rossendale running drop-ins, arts and music projects and one-to-one support for young people aged 11 to 19.
morecambe-bay-youth-collective | Morecambe Bay Youth Collective | 0113 496 0610 | lancaster/office | - | A charity working with young people in Lancaster, Morecambe and Heysham. It runs an LGBT+ youth group, a young women's group and outreach in the West End of Morecambe.
preston-youth-collective | Preston Youth Collective | 01632 960600 | preston/community | - | A charity running youth clubs, sports sessions and mentoring in Preston and South Ribble. It works closely with schools and the youth justice team.
west-lancs-youth-partnership | West Lancs Youth Partnership | 0151 496 0600 | west-lancashire/community | - | Youth workers in Skelmersdale, Ormskirk and Burscough. The partnership runs open-access clubs, detached youth work and a programme for young people not in education, employment or training.
east-lancashire-domestic-abuse-service | East Lancashire Domestic Abuse Service | 0161 496 0700 | hyndburn/office | - | Outreach, advocacy, groups and children's work for people affected by domestic abuse in Burnley, Pendle, Hyndburn, Rossendale and the Ribble Valley. Commissioned by the county council. Staff will talk to you somewhere safe.
central-lancashire-domestic-abuse-service | Central Lancashire Domestic Abuse Service | 01632 960700 | chorley/office | - | Support for adults and children affected by domestic abuse in Preston, South Ribble, Chorley and West Lancashire. Outreach workers, recovery courses and a children's worker in each district.
north-lancashire-domestic-abuse-service | North Lancashire Domestic Abuse Service | 0113 496 0700 | lancaster/office | - | Domestic abuse outreach and group work in the Lancaster district, Wyre and Fylde. Its staff also support people in the safe house it runs for women and children.
safer-homes-lancashire | Safer Homes Lancashire | 03069 990200 | preston/office | - | The county's independent domestic violence adviser (IDVA) service for people at high risk of serious harm. Commissioned by the county council and the police and crime commissioner.
lancashire-young-carers-network | Lancashire Young Carers Network | 03069 990210 | south-ribble/office | - | A charity supporting young carers aged 8 to 18 and young adult carers up to 25 in every district. It runs groups and trips, gives one-to-one support and helps schools to identify young carers.
preston-and-south-ribble-food-bank | Preston and South Ribble Food Bank | 01632 960800 | preston/community | - | A food bank run by churches and volunteers in Preston and South Ribble. It gives three days of emergency food to people referred with a voucher and can point them to money and housing advice.
chorley-and-west-lancs-food-bank | Chorley and West Lancs Food Bank | 0151 496 0800 | chorley/community | - | Emergency food parcels for people in crisis in Chorley and West Lancashire, from several centres across both districts. Volunteers also help people contact advice services.
burnley-and-pendle-food-bank | Burnley and Pendle Food Bank | 0161 496 0800 | burnley/community | - | A food bank with centres in Burnley, Padiham, Nelson and Colne. It gives emergency food and toiletries to people referred by local agencies.
hyndburn-rossendale-ribble-valley-pantries | Hyndburn, Rossendale and Ribble Valley Community Pantries | 0161 496 0810 | hyndburn/community | - | Community pantries where members pay a small weekly amount and choose food worth much more. There is also a free emergency food service for people referred by an agency.
lancaster-and-morecambe-food-bank | Lancaster and Morecambe Food Bank | 0113 496 0800 | lancaster/community | - | Emergency food parcels for people in Lancaster, Morecambe, Heysham and Carnforth. Run by volunteers from local churches and community groups.
fylde-coast-food-bank | Fylde Coast Food Bank | 0113 496 0810 | wyre/community | - | Food bank centres in Fleetwood, Thornton-Cleveleys, Poulton, Garstang, St Annes and Kirkham. Emergency food for people referred with a voucher.
lancashire-parent-carer-forum | Lancashire Parent Carer Forum | 03069 990220 | ribble-valley/office | - | An independent group of parents and carers of children and young people with SEND. It gathers families' views to improve local services and runs friendly coffee mornings in every district.
together-short-breaks | Together Short Breaks Lancashire | 03069 990230 | south-ribble/community | - | Provides short breaks for disabled children and young people, giving them fun things to do and their families a rest. Commissioned by the county council.
little-lanterns-bereavement | Little Lanterns Children's Bereavement Support | 0117 496 0100 | fylde/office | - | A charity supporting children, young people and families after someone close to them has died. It runs groups, one-to-one support and advice for schools.
red-rose-money-advice | Red Rose Money Advice | 0117 496 0200 | preston/office | - | Free, confidential advice on debt, benefits and money worries, with sessions in family hubs and community centres across Lancashire and a phone line.
clearway-young-peoples-service | Clearway Young People's Drug and Alcohol Service | 0117 496 0300 | preston/community | - | Confidential support for young people up to 25 who are worried about their own drinking or drug use, and for children affected by a parent's drinking or drug use. Commissioned by the county council.
talkzone-youth-counselling | Talkzone Youth Counselling | 0117 496 0400 | burnley/office | - | Free counselling for young people aged 11 to 25 in East and Central Lancashire, in person, by phone or online. Young people can refer themselves.
bay-youth-counselling | Bay Youth Counselling | 0113 496 0900 | lancaster/office | - | A counselling charity for young people in the Lancaster district, Wyre and Fylde. Sessions are free and confidential.
stand-together-lancashire | Stand Together Lancashire | 0117 496 0500 | hyndburn/office | - | An anti-bullying charity that trains peer mentors in schools and runs support groups for children who are being bullied, and advice sessions for their parents.
lancashire-welcome-network | Lancashire Welcome Network | 0117 496 0600 | preston/community | - | Helps refugee and asylum-seeking families settle in Lancashire: English classes, help with schools and GP registration, and a weekly drop-in with interpreters.
active-lancashire-families | Active Lancashire Families | 0117 496 0700 | south-ribble/leisure | - | A healthy lifestyles programme for families, run with district leisure centres. It offers low-cost family swims and activity sessions, cooking courses and stop smoking support for parents.
bump-to-baby-peer-support | Bump to Baby Peer Support | 0117 496 0800 | lancaster/community | - | Trained volunteer mums and dads who support parents during pregnancy and the first year, including with infant feeding and low mood. Works alongside the NHS health visiting teams.
"""

# National organisations: real, with their public numbers and websites, and no local address.
_NATIONAL_TABLE = """
nspcc | NSPCC | 0808 800 5000 | https://www.nspcc.org.uk | help@nspcc.org.uk | The UK children's charity. Its helpline is for adults worried about a child, and it runs Childline for children and young people.
samaritans | Samaritans | 116 123 | https://www.samaritans.org | jo@samaritans.org | A charity offering emotional support to anyone who is struggling to cope, at any time of day or night.
refuge | Refuge | 0808 2000 247 | https://refuge.org.uk | - | A charity for women and children experiencing domestic abuse. It runs the National Domestic Abuse Helpline.
frank | FRANK | 0300 123 6600 | https://www.talktofrank.com | - | Honest information and advice about drugs and alcohol, for young people and their families, from a government-funded service.
shout | Shout | 85258 | https://giveusashout.org | - | A free, confidential text messaging support service for anyone in the UK who is struggling to cope.
youngminds | YoungMinds | 0808 802 5544 | https://www.youngminds.org.uk | - | A charity for children and young people's mental health, with a helpline for parents and carers.
shelter | Shelter | 0808 800 4444 | https://www.shelter.org.uk | - | A housing and homelessness charity offering advice by phone, online and in person.
grief-line-for-young-people | Grief Line for Young People | 0808 157 0100 | - | - | A fictional national charity for the demo: a phone and online chat service for young people up to 25 who have been bereaved.
kinship-carers-advice-line | Kinship Carers Advice Line | 0808 157 0200 | - | - | A fictional national advice line for the demo: grandparents, aunts, uncles and friends raising a child who cannot live with their parents.
"""


def _rows(table: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.split("|")] for line in table.strip().splitlines()]


def _local(slug: str, name: str, phone: str, where: str, website: str, description: str) -> dict:
    district, kind = where.split("/")
    base = places.venue(district, kind, "office", "community")
    domain = f"{slug}.example.org.uk"
    return {
        "slug": slug,
        "name": name,
        "description": description,
        "website": f"https://{domain}" if website == "-" else website,
        "email": f"hello@{domain}",
        "phone": phone,
        "address": f"{base.name}\n{base.address}\n{base.town}",
        "postcode": base.postcode,
    }


def _national(slug: str, name: str, phone: str, website: str, email: str, description: str) -> dict:
    domain = f"{slug}.example.org.uk"
    return {
        "slug": slug,
        "name": name,
        "description": description,
        "website": f"https://{domain}" if website == "-" else website,
        "email": (f"hello@{domain}" if website == "-" else "") if email == "-" else email,
        "phone": phone,
        "address": "",
        "postcode": "",
    }


ORGANISATIONS: list[dict] = (
    [_family_help(district) for district in places.DISTRICT_NAMES]
    + [_local(*row) for row in _rows(_TABLE)]
    + [_national(*row) for row in _rows(_NATIONAL_TABLE)]
)
ORGANISATIONS_BY_SLUG = {organisation["slug"]: organisation for organisation in ORGANISATIONS}

# Regional charities by district: who runs the food bank, domestic abuse outreach and so on.
REGION_ORGANISATIONS: dict[str, dict[str, str]] = {
    "food-bank": {
        "preston": "preston-and-south-ribble-food-bank",
        "south-ribble": "preston-and-south-ribble-food-bank",
        "chorley": "chorley-and-west-lancs-food-bank",
        "west-lancashire": "chorley-and-west-lancs-food-bank",
        "burnley": "burnley-and-pendle-food-bank",
        "pendle": "burnley-and-pendle-food-bank",
        "hyndburn": "hyndburn-rossendale-ribble-valley-pantries",
        "rossendale": "hyndburn-rossendale-ribble-valley-pantries",
        "ribble-valley": "hyndburn-rossendale-ribble-valley-pantries",
        "lancaster": "lancaster-and-morecambe-food-bank",
        "fylde": "fylde-coast-food-bank",
        "wyre": "fylde-coast-food-bank",
    },
    "domestic-abuse": {
        **dict.fromkeys(AREAS["east"], "east-lancashire-domestic-abuse-service"),
        **dict.fromkeys(AREAS["central"], "central-lancashire-domestic-abuse-service"),
        **dict.fromkeys(AREAS["north"], "north-lancashire-domestic-abuse-service"),
    },
    "counselling": {
        **dict.fromkeys(AREAS["east"] + AREAS["central"], "talkzone-youth-counselling"),
        **dict.fromkeys(AREAS["north"], "bay-youth-counselling"),
    },
    "youth-charity": {
        "burnley": "pendle-and-burnley-youth-action",
        "pendle": "pendle-and-burnley-youth-action",
        "fylde": "fylde-coast-youth-trust",
        "wyre": "fylde-coast-youth-trust",
        "rossendale": "rossendale-youth-works",
        "lancaster": "morecambe-bay-youth-collective",
        "preston": "preston-youth-collective",
        "south-ribble": "preston-youth-collective",
        "west-lancashire": "west-lancs-youth-partnership",
    },
    "schools": {
        **dict.fromkeys(["preston", "south-ribble", "chorley", "west-lancashire"], "ribble-learning-trust"),
        **dict.fromkeys(
            ["burnley", "pendle", "hyndburn", "rossendale", "ribble-valley"], "pennine-schools-partnership"
        ),
        **dict.fromkeys(AREAS["north"], "lune-and-wyre-academy-trust"),
    },
}


def organisation_for(role: str, district: str) -> str | None:
    """The slug of the organisation that plays ``role`` in ``district`` ("family-help", "food-bank"…)."""
    if role == "family-help":
        return family_help_slug(district)
    if role in REGION_ORGANISATIONS:
        return REGION_ORGANISATIONS[role].get(district)
    return role if role in ORGANISATIONS_BY_SLUG else None
