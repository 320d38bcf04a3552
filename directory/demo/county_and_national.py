"""County-wide and national services for the demo directory, one listing each.

Written in the same text format as ``service_templates`` (see its docstring), with ``per: county`` or
``per: national``. ``at`` names venues as ``district/kind`` (``preston/office``), one location each;
``phone``, ``email`` and ``website`` override the organisation's contact details.

The national helplines run by real organisations (NSPCC, Samaritans, Refuge, FRANK, Shout, YoungMinds,
Shelter) give only their well-known public numbers and no opening hours we are unsure of.
"""

from __future__ import annotations

from .service_templates import parse_templates

_COUNTY = """
== childrens-social-care-front-door
org: lancashire-childrens-social-care
per: county
at: none
kind: specialist
levels: 3 4
themes: parenting domestic-abuse exploitation
ages: -1 17
eligibility: Anyone worried that a child or young person in Lancashire is being harmed or is at risk of harm.
cost: free
modes: phone online
languages: en
name: Children's Social Care Front Door (MASH)
summary: Report a worry that a child is being abused or neglected. The multi-agency safeguarding hub decides what help is needed. In an emergency call 999.
p1: The front door is where anyone, including family members, neighbours and professionals, can tell children's social care that they are worried about a child. Police, health and education staff work together in the multi-agency safeguarding hub (MASH) to decide what should happen next.
p2: Not every contact leads to social work. Many families are passed to early help or to a more suitable service. Outside office hours, call the emergency duty team.
statutory_referral: Professionals must make a referral by phone and follow it up with the online multi-agency referral form within 48 hours.
self_referral: Members of the public can ring {phone}. You can stay anonymous, but it helps if you give your details.
times: Mon-Thu 08:45-17:00, Fri 08:45-16:30
notes: Outside these hours, ring the emergency duty team.

== childrens-social-care-out-of-hours
org: lancashire-childrens-social-care
per: county
at: none
phone: 03069 990199
kind: specialist
levels: 4
themes: parenting domestic-abuse
ages: -1 17
eligibility: Urgent worries about a child's safety that cannot wait until the next working day.
cost: free
modes: phone
languages: en
name: Children's Social Care Emergency Duty Team
summary: Out-of-hours social work for urgent child protection worries in the evening, overnight, at weekends and on bank holidays.
p1: The emergency duty team covers Lancashire when the front door is closed. Social workers respond to urgent child protection concerns and can arrange emergency placements.
p2: If a child is in immediate danger, call 999 first.
statutory_referral: Professionals and the public ring {phone}. Police make referrals directly.
self_referral: Anyone can ring {phone} if they are worried about a child's immediate safety.
times: Mon-Fri 00:00-08:45, Mon-Thu 17:00-23:59, Fri 16:30-23:59, Sat-Sun 00:00-23:59
notes: Also open 24 hours on bank holidays.

== early-help-consultation-line
org: lancashire-childrens-social-care
per: county
at: none
phone: 03069 990160
kind: targeted
levels: 2 3
themes: parenting family-relationships school-attendance
ages: -1 18
eligibility: Professionals working with children and families in Lancashire.
cost: free
modes: phone online
languages: en
name: Early Help Consultation Line for Professionals
summary: A phone line where professionals can talk through a worry about a family with an experienced practitioner and agree the right next step.
p1: Practitioners can discuss whether an early help assessment is right, who could be the lead professional, and which local services could help. The line gives advice; it does not decide thresholds for you.
p2: If during the call it becomes clear a child may be at risk of significant harm, the practitioner will transfer you to the front door.
professional_referral: Ring {phone} with the family's details, or book a call back online.
times: Mon-Fri 09:00-16:30

== idva-service
org: safer-homes-lancashire
per: county
at: preston/office burnley/office lancaster/office
kind: commissioned
levels: 3 4
themes: domestic-abuse
ages: 16 25
eligibility: Adults and young people aged 16 and over at high risk of serious harm from a partner, ex-partner or family member.
cost: free
modes: phone in-person
languages: en ur pa pl bfi
name: Independent Domestic Violence Advisers (IDVA)
summary: Specialist advisers for people at high risk from domestic abuse: safety planning, support through court and the MARAC, and help with housing.
p1: IDVAs work with people whose risk is assessed as high, often after an incident reported to the police. They help make safety plans, speak up for the person at the MARAC meeting, and support them through criminal and family courts.
p2: Advisers meet people somewhere safe and keep in touch by phone at safe times. The service includes young people's IDVAs for 16 and 17 year olds.
professional_referral: Complete the DASH risk assessment and refer to the MARAC; for high-risk cases the IDVA service will contact the person within one working day.
self_referral: Ring {phone} when it is safe to do so.
times: Mon-Fri 09:00-17:00, Wed 17:00-19:00
notes: Appointments at the offices listed are by arrangement only.

== child-to-parent-violence
org: safer-homes-lancashire
per: county
at: none
kind: commissioned
levels: 2 3
themes: family-relationships domestic-abuse parenting
ages: 10 17
eligibility: Families where a young person aged 10 to 17 is violent or abusive towards a parent or carer.
cost: free
modes: home-visits phone online
languages: en
name: Respect at Home: child to parent violence programme
summary: A programme for families where a young person is aggressive or violent towards a parent: separate and joint sessions at home.
p1: Parents and young people each work with a practitioner, then come together to agree how to handle conflict safely. It is not about blame.
p2: Sessions are weekly at home or online over about twelve weeks.
self_referral: Parents can ring {phone}.
professional_referral: Family help, youth justice and schools can refer with the family's consent.
early_help_assessment: Often part of an early help plan; the lead professional can refer.
times: Mon-Fri 09:00-17:00, Tue 17:00-20:00, Thu 17:00-20:00

== young-peoples-drug-and-alcohol-service
org: clearway-young-peoples-service
per: county
at: preston/community burnley/community lancaster/community
kind: commissioned
levels: 2 3
themes: alcohol-and-drugs mental-health youth-crime
ages: 10 25
eligibility: Young people aged 10 to 25 who are worried about their drinking or drug use, or who others are worried about.
cost: free
modes: in-person phone online home-visits
languages: en
name: Young People's Drug and Alcohol Service
summary: Confidential help for young people who use alcohol, cannabis or other drugs: one-to-one support at a place that suits them, with no judgement.
p1: Workers meet young people at school, college, home or the service's bases and talk about what they use, why and what they want to change. Young people do not have to stop using to get help.
p2: The service also gives harm reduction advice and supports young people who are being exploited through drug dealing.
self_referral: Young people can ring or text {phone}, or use the web chat.
professional_referral: Schools, youth justice, GPs and social workers can refer using the online form.
times: Mon-Fri 09:00-17:00, Tue 17:00-19:00 / Mon-Fri 09:00-17:00, Thu 17:00-19:00

== hidden-harm-service
org: clearway-young-peoples-service
per: county
at: none
kind: commissioned
levels: 2 3
themes: alcohol-and-drugs family-relationships young-carers
ages: 5 18
eligibility: Children and young people affected by a parent's or carer's drinking or drug use.
cost: free
modes: home-visits online phone
languages: en
name: Hidden Harm: support for children of parents who drink or use drugs
summary: One-to-one and group support for children living with a parent's drinking or drug use, to understand it is not their fault and stay safe.
p1: Workers meet children at school or at home, using play and activities to help them talk about life at home and make a safety plan. There are also holiday groups.
p2: Parents in treatment can get support to talk to their children about their drinking or drug use.
self_referral: Parents and young people aged 12 and over can ring {phone}.
professional_referral: Any professional can refer with the family's consent.
early_help_assessment: The service can join the team around the family as part of an early help plan.
times: Mon-Fri 09:00-17:00

== camhs-crisis-line
org: lancashire-camhs-nhs
per: county
at: none
phone: 01632 960419
kind: specialist
levels: 3 4
themes: mental-health
ages: 0 18
eligibility: Children and young people in Lancashire in a mental health crisis, and their parents or carers.
cost: free
modes: phone
languages: en
name: CAMHS Crisis Line
summary: A 24-hour phone line for young people in a mental health crisis and the adults worried about them. If life is at risk now, call 999.
p1: Mental health practitioners answer calls at any time of day or night. They can talk through what is happening, give advice and, if needed, arrange an urgent assessment or home treatment.
p2: You don't need to be known to CAMHS to call.
self_referral: Ring {phone} at any time. Young people can call themselves.
professional_referral: Professionals can ring for urgent advice about a young person in crisis.
always_open: yes

== camhs-community
org: lancashire-camhs-nhs
per: county
at: preston/health burnley/health lancaster/health
kind: specialist
levels: 3
themes: mental-health send
ages: 0 18
eligibility: Children and young people with moderate to severe mental health difficulties that are affecting daily life.
cost: free
modes: in-person online
languages: en ur pl bfi
name: CAMHS – Child and Adolescent Mental Health Services
summary: Specialist assessment and treatment for children and young people with significant mental health difficulties, including eating disorders.
p1: CAMHS teams include psychologists, psychiatrists, mental health nurses and therapists. After an assessment they may offer therapy, medication, family work or advice to the people around the child.
p2: While you wait, the team will tell you who to contact if things get worse. For milder worries, counselling or the mental health support team in school may help sooner.
professional_referral: GPs, school nurses, schools and social workers refer through the single point of access.
times: Mon-Fri 09:00-17:00, Tue 17:00-19:00
notes: Appointments only.

== mental-health-support-teams
org: lancashire-camhs-nhs
per: county
at: preston/school burnley/school lancaster/school
kind: targeted
levels: 1 2
themes: mental-health school-attendance bullying
ages: 5 18
eligibility: Pupils at schools that have a mental health support team, and their parents.
cost: free
modes: in-person online
languages: en
name: Mental Health Support Teams in Schools
summary: Practitioners in schools who help pupils with mild to moderate anxiety, low mood and worries, and support staff and parents.
p1: Education mental health practitioners offer short pieces of work, usually six to eight sessions, based on cognitive behavioural therapy. For younger children they often work through the parent.
p2: Teams also help schools with their whole-school approach to wellbeing. Ask your child's school whether it has a team.
professional_referral: The school's mental health lead refers.
self_referral: Parents and secondary-age pupils can ask the school's mental health lead or pastoral team.
times: Mon-Fri 08:30-16:30
notes: Term time only.

== sendiass
org: lancashire-sendiass
per: county
at: chorley/office
kind: universal
levels: 1 2 3
themes: send school-attendance
ages: 0 25
eligibility: Parents and carers of children with SEND, and children and young people with SEND up to 25.
cost: free
modes: phone online in-person
languages: en bfi ur pl
name: SEND Information, Advice and Support Service (SENDIASS)
summary: Free, impartial advice about SEN support, EHC needs assessments and plans, exclusions and appeals, for parents and young people.
p1: Advisers explain the law and your options in plain English. They can help you write to school or the council, prepare for meetings and, in some cases, come with you.
p2: Young people aged 16 to 25 can get advice in their own right. A BSL video call can be booked.
self_referral: Ring {phone} or use the online enquiry form.
professional_referral: Professionals can pass on a family's details with their consent.
times: Mon-Fri 09:30-16:30, Wed 17:00-19:00

== send-workshops-online
org: lancashire-parent-carer-forum
per: county
at: none
kind: universal
levels: 1 2
themes: send parenting
ages: 0 25
eligibility: Parent carers of children and young people with SEND in Lancashire.
cost: free
modes: online
languages: en
name: Online Workshops for SEND Parent Carers
summary: Free evening workshops online: EHCPs, preparing for adulthood, sleep, sensory needs and looking after yourself as a parent carer.
p1: Each workshop is led by a parent carer with a specialist guest. Cameras can stay off and questions can be typed.
p2: Recordings of past workshops are on the forum's website.
self_referral: Book on the forum's website or ring {phone}.
times: Tue 19:00-20:30 / Thu 19:30-21:00
notes: Twice a month.

== short-breaks
org: together-short-breaks
per: county
at: preston/leisure burnley/leisure lancaster/leisure
kind: specialist
levels: 3
themes: send activities
ages: 5 18
eligibility: Disabled children and young people aged 5 to 18 with substantial needs, after a short breaks assessment.
cost: free
modes: in-person
languages: en bfi
name: Short Breaks for Disabled Children
summary: After-school, weekend and holiday clubs for disabled children with substantial needs, giving them fun and their families a break.
p1: Clubs have high staff ratios and staff trained in personal care, communication and positive behaviour support. There are also one-to-one sessions in the community.
p2: Families eligible for short breaks can also ask about direct payments to arrange their own.
self_referral: Parents can ask for a short breaks assessment by ringing {phone}.
professional_referral: Social workers and SENCOs can refer with the family's consent.
early_help_assessment: A short breaks assessment can be requested as part of an early help plan.
times: Tue 16:00-19:00, Sat 10:00-15:00 / Thu 16:00-19:00, Sun 10:00-15:00 / Sat 10:00-16:00

== youth-justice
org: lancashire-youth-justice-service
per: county
at: preston/community burnley/office lancaster/office
kind: specialist
levels: 3 4
themes: youth-crime exploitation alcohol-and-drugs
ages: 10 17
eligibility: Young people aged 10 to 17 who have been arrested, charged, or given an out-of-court disposal or a court order, and those at risk of offending.
cost: free
modes: in-person home-visits
languages: en ur
name: Youth Justice Service
summary: Works with young people who have offended or are at risk of it, and their families, to stop further offending and keep them safe.
p1: A case worker assesses each young person and agrees a plan covering things like school, substance use, emotional health, exploitation and making amends to victims. Teams work from bases in the north, centre and east of the county.
p2: The prevention team works with young people who are starting to get into trouble but have not been charged.
statutory_referral: Referrals come from the courts and the police for young people on orders or out-of-court disposals.
professional_referral: Schools and youth workers can refer to the prevention team using the referral form.
times: Mon-Fri 09:00-17:00, Thu 17:00-19:00

== exploitation-team
org: lancashire-childrens-social-care
per: county
at: none
phone: 03069 990170
kind: specialist
levels: 3 4
themes: exploitation youth-crime sexual-health
ages: 10 18
eligibility: Children and young people at risk of, or experiencing, child sexual exploitation, criminal exploitation (including county lines) or trafficking.
cost: free
modes: home-visits phone
languages: en
name: Child Exploitation Team
summary: Social workers, police and health staff working together with children at risk of sexual or criminal exploitation, including county lines.
p1: The team offers intensive, trusted relationships with young people and advice to professionals. It also shares information to disrupt people who exploit children.
p2: Signs include going missing, new phones or money, older friends and sudden changes in behaviour.
statutory_referral: Referrals come through the children's social care front door.
professional_referral: Professionals can ring for advice and complete the exploitation screening tool.
times: Mon-Fri 09:00-17:00

== prevent-advice
org: lancashire-childrens-social-care
per: county
at: none
phone: 03069 990180
kind: specialist
levels: 3
themes: exploitation
ages: 10 25
eligibility: Professionals and families worried that a young person is being drawn into extremism.
cost: free
modes: phone online
languages: en
name: Radicalisation and Extremism Advice (Prevent)
summary: Advice for parents and professionals worried that a child or young person is being drawn into extremist ideas, online or in person.
p1: Advisers talk through the concern and explain what support is available, including the voluntary Channel programme. Support is about safeguarding, not criminalising.
p2: If you think someone is in immediate danger, call 999.
professional_referral: Ring {phone} or email the Prevent team.
self_referral: Parents can ring {phone} for confidential advice.
times: Mon-Fri 09:00-17:00

== missing-from-home
org: lancashire-youth-service
per: county
at: none
kind: commissioned
levels: 3
themes: exploitation family-relationships
ages: 10 18
eligibility: Children and young people in Lancashire who have gone missing from home or care.
cost: free
modes: home-visits phone
languages: en
name: Return Home Conversations after Going Missing
summary: An independent worker meets a young person after they have been missing, to understand why, keep them safe and stop it happening again.
p1: The worker is not from the police or social care. They talk with the young person about what happened while they were missing and what would help.
p2: Information is shared with the young person's social worker or family help worker when it is needed to keep them safe.
statutory_referral: Police notify the service whenever a child is reported missing.
times: Mon-Fri 09:00-19:00, Sat 10:00-16:00

== care-leavers
org: lancashire-leaving-care
per: county
at: preston/community
kind: specialist
levels: 3
themes: money-work-housing mental-health
ages: 16 25
eligibility: Young people who have been in the care of Lancashire County Council and are now 16 to 25.
cost: free
modes: in-person phone online
languages: en
name: Leaving Care Service
summary: A personal adviser for care leavers up to 25: help with housing, money, education, work and health, and a drop-in hub in Preston.
p1: Every care leaver has a pathway plan and a personal adviser who stays in touch. Support includes a setting-up-home grant, help with university and apprenticeships, and free prescriptions and council tax relief.
p2: The drop-in hub has laundry, a kitchen and advisers on hand.
statutory_referral: Young people are referred automatically when they leave care.
self_referral: Care leavers who have lost touch can ring {phone} at any age up to 25.
times: Mon-Fri 09:00-17:00, Wed 17:00-19:00, Sat 11:00-14:00

== young-adult-carers
org: lancashire-young-carers-network
per: county
at: none
kind: targeted
levels: 2
themes: young-carers mental-health money-work-housing
ages: 16 25
eligibility: Young adult carers aged 16 to 25 in Lancashire.
cost: free
modes: online phone
languages: en
name: Young Adult Carers Support
summary: Support for carers aged 16 to 25 with college, work, money and time for themselves. Online group evenings and one-to-one help.
p1: A worker helps with carer's assessments, Carer's Allowance, and talking to colleges and employers. The online group meets in the evening.
p2: There are also social meet-ups and a residential weekend each summer.
self_referral: Ring {phone} or message through the website.
professional_referral: Colleges and GPs can refer.
times: Mon-Fri 10:00-17:00, Tue 19:00-20:30

== youth-homelessness-prevention
org: lancashire-youth-service
per: county
at: preston/community
phone: 03069 990310
kind: targeted
levels: 2 3
themes: money-work-housing family-relationships
ages: 16 25
eligibility: Young people aged 16 to 25 who are homeless, about to be, or arguing with family about leaving home.
cost: free
modes: phone in-person
languages: en
name: Young People's Housing and Homelessness Advice
summary: Advice and mediation for 16 to 25 year olds at risk of losing their home, and help to find somewhere safe if they can't stay.
p1: Where it is safe, workers try family mediation first. If a young person cannot go home, they help with emergency accommodation and a housing application.
p2: 16 and 17 year olds who become homeless are also assessed by children's social care.
self_referral: Ring {phone}.
professional_referral: Schools and colleges can refer online.
times: Mon-Fri 09:00-17:00

== online-youth-counselling
org: talkzone-youth-counselling
per: county
at: none
kind: commissioned
levels: 1 2
themes: mental-health bullying family-relationships
ages: 11 25
eligibility: Young people aged 11 to 25 living in Lancashire.
cost: free
modes: online
languages: en
name: Talkzone Online: chat and counselling
summary: Free, anonymous online chat with counsellors, articles and forums for young people, with no waiting list. Open until late evening.
p1: Young people can message a counsellor, book a regular online session or join moderated forums. No referral is needed.
p2: It is not a crisis service. If you feel unsafe now, call 999 or the CAMHS crisis line.
self_referral: Sign up on the website with a nickname.
times: Mon-Fri 12:00-22:00, Sat-Sun 18:00-22:00

== parent-infant-mental-health
org: lancashire-camhs-nhs
per: county
at: none
kind: specialist
levels: 3
themes: pregnancy-and-baby mental-health parenting
ages: -1 2
eligibility: Parents and babies where there are serious worries about the early relationship or a parent's mental health.
cost: free
modes: home-visits online
languages: en
name: Parent-Infant Mental Health Service
summary: Specialist support for parents and babies from pregnancy to age two when a parent's mental health is affecting the bond with the baby.
p1: Therapists work with parent and baby together, usually at home, to build understanding and confidence in the relationship.
p2: The service also advises health visitors and family hub staff working with families who are waiting or do not need specialist help.
professional_referral: Health visitors, midwives, GPs and perinatal mental health teams can refer.
times: Mon-Fri 09:00-17:00

== speech-and-language
org: lancashire-childrens-health-nhs
per: county
at: preston/health burnley/health lancaster/health
kind: specialist
levels: 2 3
themes: send early-years
ages: 0 18
eligibility: Children with speech, language, communication or swallowing difficulties.
cost: free
modes: in-person online
languages: en ur pa pl
name: Children's Speech and Language Therapy
summary: Assessment and therapy for children with speech, language, communication or eating and drinking difficulties, plus advice for parents and schools.
p1: Therapists see children in clinics, nurseries and schools, and run parent workshops on helping children to talk.
p2: For children under five, parents can phone the advice line before a referral.
self_referral: Parents of children under five can ring {phone}.
professional_referral: Health visitors, GPs, schools and nurseries refer using the service's form.
times: Mon-Fri 08:30-16:30

== smokefree-pregnancy
org: lancashire-childrens-health-nhs
per: county
at: none
phone: 01632 960430
kind: universal
levels: 1
themes: pregnancy-and-baby healthy-lifestyles
ages: -1 -1
eligibility: Pregnant women and people who smoke, and their partners.
cost: free
modes: phone online
languages: en
name: Smokefree Pregnancy Support
summary: Free stop smoking support in pregnancy by phone or video, with nicotine replacement and vouchers as you stay smokefree.
p1: An adviser calls weekly to help you stop and stay stopped, and posts free nicotine patches or gum. Partners can join in.
p2: Carbon monoxide readings at your antenatal appointments show how much your baby is protected. Support carries on after the birth if you want it.
self_referral: Ring {phone} or ask your midwife.
professional_referral: Midwives refer at booking if you smoke.
times: Mon-Fri 09:00-17:00, Wed 17:00-19:00
"""

_NATIONAL = """
== nspcc-helpline
org: nspcc
per: national
at: none
kind: universal
levels: 1 2 3 4
themes: parenting domestic-abuse exploitation
ages: -1 18
eligibility: Any adult worried about a child, including parents and professionals.
cost: free
modes: phone online
languages: en
name: NSPCC Helpline
summary: Advice for any adult worried about a child. Call 0808 800 5000 or contact the helpline online.
p1: Helpline practitioners listen, give advice and can pass concerns to children's services or the police when a child is at risk. You don't need to be certain something is wrong to call.
p2: If you think a child is in immediate danger, call 999. Local worries can also go straight to the Lancashire children's social care front door.
self_referral: Call 0808 800 5000 or use the online form on the NSPCC website.
notes: See the NSPCC website for current opening hours.

== childline
org: nspcc
per: national
at: none
phone: 0800 1111
website: https://www.childline.org.uk
kind: universal
levels: 1 2 3 4
themes: mental-health bullying family-relationships exploitation
ages: 5 18
eligibility: Children and young people under 19.
cost: free
modes: phone online
languages: en
name: Childline
summary: Free, confidential help for children and young people under 19, about anything, by phone on 0800 1111 or online.
p1: Childline counsellors talk about anything that is worrying a young person, big or small. Calls are free and do not show on phone bills. The website has one-to-one chat, message boards and advice.
p2: Young people can talk about anything, including bullying, feelings, family, relationships and abuse. They do not have to give their name.
self_referral: Call 0800 1111 or use the 1-2-1 chat on the Childline website.
notes: See the Childline website for current opening hours.

== samaritans
org: samaritans
per: national
at: none
kind: universal
levels: 1 2 3 4
themes: mental-health bereavement
ages: 0 25
eligibility: Anyone, of any age, who is struggling to cope.
cost: free
modes: phone online
languages: en
name: Samaritans
summary: Someone to talk to, day or night, whatever you are going through. Call 116 123 free from any phone.
p1: Trained volunteers listen without judging and without telling you what to do. You can also email jo@samaritans.org.
p2: You don't have to be suicidal to call. Some people ring because they want to talk something through before it gets worse.
self_referral: Call 116 123 free, at any time.
always_open: yes

== national-domestic-abuse-helpline
org: refuge
per: national
at: none
website: https://www.nationaldahelpline.org.uk
kind: universal
levels: 2 3 4
themes: domestic-abuse
ages: -1 25
eligibility: Anyone experiencing domestic abuse, and family, friends and professionals worried about them.
cost: free
modes: phone online
languages: en
name: National Domestic Abuse Helpline
summary: Free, confidential support 24 hours a day for anyone experiencing domestic abuse, and those worried about them. Call 0808 2000 247.
p1: Advisers listen, help you think about your options and safety, and can refer to refuges and local services. Interpreters are available.
p2: If you are in danger now, call 999. The website has a quick exit button and advice on covering your tracks online.
self_referral: Call 0808 2000 247 at any time, or use the live chat on the website.
always_open: yes

== frank
org: frank
per: national
at: none
kind: universal
levels: 1 2
themes: alcohol-and-drugs
ages: 11 25
eligibility: Anyone wanting information about drugs and alcohol, including parents.
cost: free
modes: phone online
languages: en
name: FRANK drugs advice
summary: Honest, confidential information about drugs and alcohol. Call 0300 123 6600, text 82111 or use live chat.
p1: FRANK explains what drugs do, the risks and the law, without judging. Its website has an A to Z of drugs and a service finder.
p2: Parents can use FRANK too, for advice on talking to a child about drugs. For face-to-face help in Lancashire, see the young people's drug and alcohol service.
self_referral: Call 0300 123 6600 or text a question to 82111.
always_open: yes

== shout
org: shout
per: national
at: none
kind: universal
levels: 1 2 3
themes: mental-health
ages: 11 25
eligibility: Anyone in the UK who is struggling to cope.
cost: free
modes: online phone
languages: en
name: Shout 85258 text support
summary: Text SHOUT to 85258 for free, confidential support from a trained volunteer, at any time of day or night.
p1: Texting can feel easier than talking. Volunteers help you take the next step to feeling calmer and safer.
p2: Shout is for anyone of any age, and texts do not show up on phone bills. If life is at risk now, call 999.
self_referral: Text SHOUT to 85258.
always_open: yes

== youngminds-parents-helpline
org: youngminds
per: national
at: none
kind: universal
levels: 1 2
themes: mental-health parenting
ages: 0 25
eligibility: Parents and carers worried about a child or young person's mental health, up to age 25.
cost: free
modes: phone online
languages: en
name: YoungMinds Parents Helpline
summary: Advice for parents and carers worried about a child or young person's mental health, behaviour or wellbeing. Call 0808 802 5544.
p1: Advisers talk through your worries and help you plan what to do next, including how to get help from school, your GP or CAMHS.
p2: The YoungMinds website also has guides for parents on anxiety, self-harm, eating problems and school refusal.
self_referral: Call 0808 802 5544 or use the webchat.
notes: See the YoungMinds website for current opening hours.

== shelter-helpline
org: shelter
per: national
at: none
kind: universal
levels: 2 3
themes: money-work-housing
ages: 16 25
eligibility: Anyone facing homelessness or a housing problem, including families with children.
cost: free
modes: phone online
languages: en
name: Shelter Emergency Helpline
summary: Advice if you are homeless, about to lose your home, or facing an urgent housing problem. Call 0808 800 4444.
p1: Advisers explain your rights and help you act quickly, for example if you are being evicted or have nowhere to sleep tonight. Shelter's website has detailed housing advice.
p2: If you are a family with children and have nowhere to stay tonight, also contact your district council's housing options team.
self_referral: Call 0808 800 4444.
notes: See the Shelter website for current opening hours.

== grief-line
org: grief-line-for-young-people
per: national
at: none
kind: universal
levels: 1 2
themes: bereavement mental-health
ages: 11 25
eligibility: Young people aged 11 to 25 who have been bereaved.
cost: free
modes: phone online
languages: en
name: Grief Line for Young People
summary: Talk or chat online with someone who understands grief. For young people aged 11 to 25 after the death of someone close.
p1: Trained volunteers listen and help young people make sense of how they feel. There are also online groups for young people bereaved by suicide.
p2: Calls and chats are confidential. Parents and carers can get advice about supporting a grieving child.
self_referral: Call {phone} or use the online chat.
times: Mon-Fri 10:00-20:00, Sat 10:00-14:00

== kinship-carers-advice
org: kinship-carers-advice-line
per: national
at: none
kind: universal
levels: 2 3
themes: family-relationships parenting money-work-housing
ages: 0 18
eligibility: Grandparents, relatives and friends raising a child who cannot live with their parents.
cost: free
modes: phone online
languages: en
name: Kinship Carers Advice Line
summary: Advice for grandparents and other relatives raising a child: legal orders, money, school and support groups.
p1: Advisers explain special guardianship, child arrangements orders and the support you may be entitled to, and link you to local kinship carer groups.
p2: Calls are free and confidential. The advice line can also tell you about training and online support groups for kinship carers.
self_referral: Call {phone} or email the advice line.
times: Mon-Fri 09:00-17:00, Tue 18:00-20:00
"""

COUNTY_SERVICES: list[dict] = parse_templates(_COUNTY)
NATIONAL_SERVICES: list[dict] = parse_templates(_NATIONAL)
