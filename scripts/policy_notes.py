"""The prose of docs/policy-findings-on-public-data.md that the counts cannot write.

Each note was checked against the source files named in it (see their READMEs in
../shared/data) and the mappings in forcewatch/intake/mappings/. Numbers quoted
here are counts of source rows, fixed by the file versions the document lists.
"""

from __future__ import annotations


def P(text: str) -> str:  # noqa: N802
    """One paragraph: the source's line breaks and indents are not part of it."""
    return " ".join(text.split())


DEADLY_NOTE = P(
    """
    `forcewatch check` opens a deadly-force review case for every incident with deadly
    force used on a person. A firearm discharge the source says was not at a person
    (`discharged_at_person = false`: Cincinnati's WEAPON DISCHARGE AT AN ANIMAL and
    ACCIDENTAL DISCHARGE, Chicago 2021-2023's accidental and animal discharges) is not
    deadly force in the report view, so it opens no case and meets no deadly-force rule
    (the first run of this document found all 212 Cincinnati cases and 31 of Chicago
    2021-2023's opened for such discharges; the view was changed in commit 5f93641).
    The number in brackets counts cases whose every deadly force application was
    recorded as not at a person, and should stay 0.
    """
)

RULE_NOTES = {
    "neck-restraint": P(
        """
        Only Minneapolis (`force_type_action`: Conscious / Unconscious Neck Restraint,
        Neck Restraint: subject lost / did not lose consciousness) and Dallas (`LVNR`
        in `ForceType`) record neck restraints. Chicago's TRR forms have no box for
        one: a few member actions `OTHER (SPECIFY)` describe one in `other_description`.
        The 2004-2018 mapping (version 2) files the 11 that say so in so many words as
        `neck_restraint` (CHOKE HOLD, NECK HOLD, ARM AND NECK HOLD, ARM AROUND NECK,
        KNELT ON NECK, APPLIED PRESSURE TO NECK, FOREARM TO LOWER PART OF NECK, GRABBED
        OFFENDER BY THE THROAT); headlocks (about 40), holds "by the neck", pressure
        points and pushes to the face/neck stay `other`, since they do not say the neck
        was compressed. "Unless deadly
        force was justified" is read as resistance level 5, and Minneapolis's
        resistance categories (`type_resistance`) top out at Assaulted Officer
        (aggressive, level 4): no Minneapolis neck restraint can pass, so the rule
        fires on every one with a resistance recorded. The data cannot show the threat
        the officer perceived, and MPD's policy of the day allowed conscious and
        unconscious neck restraints for active aggression until June 2020: the pack
        audits history against the reform standard, not against the department's policy
        in force. Dallas's resistance is read from `UOF_REASON` (mapping version 2):
        an LVNR whose reason is not one of its four resistance values is incomplete.
        """
    ),
    "moving-vehicle-shooting": P(
        """
        Only Chicago's 2021 form says whether shots were fired at a vehicle
        (`fadischrg_fired_at_veh_i`). The 2021-2023 mapping (version 2) fills
        `subject.threat_means` with the subject's `armed_with` weapon where `weapon_use`
        says it was used or threatened (USED - ATTACKED MEMBER, USED - ATTEMPT TO
        ATTACK MEMBER, MEMBER SHOT/SHOT AT, MEMBER AT GUNPOINT), and with no weapon
        otherwise: the rule fires where the subject's only recorded means was the
        vehicle, or where the form records none (weapon POSSESSED, DNA, or a blank
        subject section: the list cannot be unknown per subject, so read those
        findings with the form). Seattle's officer-involved shootings,
        and the firearm discharges of Austin, Dallas and Cincinnati, do not say what
        was shot at.
        """
    ),
    "deadly-force-fleeing": P(
        """
        `subject.fleeing` is mapped for Austin (Subject Resistance EVADING/FLEEING
        MOTOR VEHICLE), Minneapolis (`type_resistance` Fled on Foot / Fled in (a)
        Vehicle) and Dallas (`ForceType` Foot Pursuit / Vehicle Pursuit), each true
        only where the source names flight (never false). Every Austin firing is a PIT
        manoeuvre (force type `vehicle`,
        which the `force_type` code list marks deadly; R2R Reason NECESSARY TO
        IMMOBILIZE A VEHICLE PURSUIT (PIT), 11 rows) on a fleeing car: whether a PIT is
        deadly force depends on its speed, which the data does not record. Flight is
        recorded but not mapped in Chicago (subject action FLED, both forms): an
        actions row cannot yet set a field of the report's subject (see proposal 8).
        """
    ),
    "warning-before-deadly-force": P(
        """
        No public data set records whether a warning was given before force, or whether
        one was feasible: the rule is incomplete on every deadly-force report. It
        applies to neck restraints too (Dallas LVNR, Minneapolis), which the code list
        marks deadly.
        """
    ),
    "deescalation-attempted": P(
        """
        No mapping fills `officer.deescalation`. Chicago's 2021 form has the column:
        its Force Mitigation section (actions file, `other_description` = Force
        Mitigation: MEMBER PRESENCE, VERBAL DIR. / CONTROL TECHNIQUES, ADDITIONAL UNIT
        MEMBERS, SPECIALIZED UNITS, TACTICAL POSITIONING, ZONE OF SAFETY, MOVEMENT TO
        AVOID ATTACK, OTHER, and NONE) is imported as force applications of type
        `deescalation`, `presence` and `verbal_command` rather than as the officer's
        de-escalation list, and the 119 NONE ticks ("no force mitigation") are skipped.
        The other data sets have no such column.
        """
    ),
    "first-aid-and-medical-help": P(
        """
        Only Chicago's 2021 form records aid (`med_treatment_new_trr`). Its mapping
        reads REFUSED MEDICAL AID as `first_aid_given = false` and never sets
        `medical_requested` to false, so every firing there is a subject who refused
        aid after EMS was requested (see the evidence above): not an officer's failure
        to give it. TAKEN TO HOSPITAL alone leaves both facts null (incomplete).
        Minneapolis, Dallas and Austin record injury but not aid; Chicago 2004-2018
        records neither aid nor, after 2016-04, the subject.
        """
    ),
    "medical-help-without-delay": P(
        """
        No data set records when medical help was requested (`medical_minutes`), and
        Chicago's 2021 form has no incident time: incomplete wherever it applies.
        """
    ),
    "duty-to-intervene": P(
        """
        The rule fires only after a reviewer disposes a finding at the incident as out
        of policy; imported public data have no dispositions, and no data set records
        interventions. It cannot apply here by design.
        """
    ),
    "demonstration-munitions-extreme-risk": P(
        """
        No mapping fills `incident.demonstration`. Hints exist: Minneapolis's Crowd
        Control Mace and Baton / Crowd Control Techniques, Dallas's contact reason
        Crowd Control and force reason Crowd Disbursement (77 rows), Minneapolis
        2020-05/06 dates; none says the force was used at a demonstration.
        """
    ),
    "demonstration-munitions-head-neck": P(
        """
        As the rule above; besides, no data set records the body region targeted.
        """
    ),
    "demonstration-munitions-indiscriminate": P(
        """
        As the rules above; besides, no data set records whether munitions were fired
        into a crowd.
        """
    ),
    "handcuffing-justified": P(
        """
        In force from 2021-07-01. Only Chicago's 2021 form records handcuffing (Control
        Tactic HANDCUFFS / PHYSICAL RESTRAINTS), and never why: incomplete on every
        handcuffed subject. Dallas's `Handcuffing` force type ends in 2019, before the
        rule's date.
        """
    ),
    "force-proportionate": P(
        """
        Resistance is recorded by Chicago (the resistance each member action answered,
        2004-2018; the subject's actions, 2021-2023), Austin (Subject Resistance) and
        Minneapolis (`type_resistance`) and Dallas (the four resistance values of
        `UOF_REASON`, mapping version 2); Seattle and Cincinnati record none.
        Both scales are mapped onto the canonical 1-5 continuum, which is coarser than
        the departments' own models. In Chicago 2004-2018 every firing is O.C./CHEMICAL
        WEAPON W/AUTHORIZATION on a Passive Resister (plain O.C./CHEMICAL WEAPON never
        is): the form records these sprayings as authorised, which the view cannot
        carry, so a reviewer must weigh the authorisation against the continuum.
        Where resistance is the subject's highest rather
        than the one the
        force answered (Chicago 2021-2023, Austin), a firearm discharge on an `active`
        subject may answer a threat the form files elsewhere (`armed_with`,
        `weapon_use`).
        """
    ),
    "injury-recorded": P(
        """
        The rule applies to each subject of a report, so a report with no subject at
        all is not flagged: Chicago 2004-2018 TRRs after 2016-04-12 have no subject
        (the subjects export ends there) and pass unseen. Seattle records no injury at
        all; Minneapolis leaves `subject_injury` empty for most rows.
        """
    ),
    "deadly-force-context-recorded": P(
        """
        `subject.fleeing` is true where Austin, Minneapolis or Dallas name flight and
        unknown otherwise (Chicago's FLED is not mapped); `subject.armed` is
        recorded by Chicago, Austin (from Subject Resistance: armed only when it names
        a weapon) and Dallas (rarely).
        """
    ),
}

DATASET_NOTES = {
    "chicago-2004-2018": P(
        """
        One report per TRR (one officer's report on one subject). The reporting officer
        is the only officer of a TRR; the other officers present appear on their own
        TRRs, so `report.officers` lists everyone with a TRR at the event. Mapped:
        force type and the resistance each member action answered, subject armed /
        injured / alleged injury (subjects file, up to 2016-04-12 only). Not in the
        source: aid, warnings, de-escalation, body region, demonstration. In the source
        but not mapped: subject action FLED (`actions`, `action`) → `subject.fleeing`
        (an actions row cannot set the subject's fields). Neck holds described in
        `other_description` are mapped to `neck_restraint` (version 2; 11 rows).
        """
    ),
    "chicago-2021-2023": P(
        """
        The 2021 form (CPD-11.377) records much more: aid and medical treatment,
        hospitalisation, handcuffing, shots at vehicles, the subject's weapon and how
        it was used, the member's force-mitigation efforts, and the supervisor's
        review. `weapon_use` + `armed_with` → `subject.threat_means` (version 2). Not
        mapped although recorded: force mitigation → `officer.deescalation`; subject
        action FLED → `subject.fleeing` (both need an engine feature: proposals 6 and
        8). No incident time (the main file has only the date).
        """
    ),
    "minneapolis": P(
        """
        One incident per response time stamp, no officer and no report: rules about
        officers cannot apply. Force type, resistance the force answered, subject
        injury (mostly empty). About half the force applications answer no level of
        resistance (`type_resistance` Other, Commission of (a) Crime, Unspecified).
        Fled on Foot / Fled in (a) Vehicle (`type_resistance`) → `subject.fleeing`
        (and `in_moving_vehicle` for a vehicle), mapping version 2.
        """
    ),
    "dallas": P(
        """
        One incident per FILENUM; subject injured and arrested, officer badge.
        `UOF_REASON` is the reason for force (the engagement's `force_reason`); from
        mapping version 2 its four resistance-like values (Active Aggression 3,550 rows,
        Defensive Resistance 1,329, Passive Resistance 418, Assault to Other Person 586:
        about 5,900 of 20,600 rows) are also the resistance of the row's force; the
        others (Arrest, Weapon Display, Danger to self or others...) leave it unknown.
        Foot Pursuit (814) / Vehicle Pursuit (3) in `ForceType` → `subject.fleeing`.
        """
    ),
    "austin": P(
        """
        One report per RIN, one officer per report (Austin publishes no officer id).
        Resistance, injury / complaint of injury, flight in a vehicle, armed (edged
        weapon, firearm) are mapped from Subject Resistance and Subject Effects. No
        aid, no warnings, no de-escalation.
        """
    ),
    "seattle": P(
        """
        Level, time, place and pseudonymous ids only: no force type except the
        officer-involved shootings (a firearm discharge), no injury, no resistance.
        Every rule that applies is incomplete; Seattle's rows are useful for counting,
        not for policy checks.
        """
    ),
    "cincinnati": P(
        """
        Force category per row (Taser / beanbag / pepperball / 40 mm are one category,
        `ced_or_projectile`; INJURY TO PRISONER and USE OF FORCE INVESTIGATION say
        nothing of the force used). No resistance, no officer id, no aid. Incidents
        before 2000 are outside every rule's dates.
        """
    ),
}

OUTCOME_NOTES = {
    "intro": P(
        """
        None of the public data sets records a policy finding on a use of force. Three
        outcomes come close, all for Chicago: the TRR's review status, the supervisor's
        note that a complaint log number was obtained (2021-2023), and complaints (CR)
        against the reporting officer with their final findings. Dallas, Austin,
        Seattle, Minneapolis and Cincinnati publish no review status, complaint link or
        finding in these files. Each table gives, per group, the share of reports on
        which at least one rule fired (a possible violation) and which rules.
        """
    ),
    "chicago-2004-2018 complaints": P(
        """
        TRRs grouped by the strongest final finding of an excessive-force allegation
        against the reporting officer in a complaint about an incident on the TRR's
        date (linked by the officer's normalised first and last name and the date: the
        files share no key).
        """
    ),
    "chicago-2004-2018 review": P(
        """
        The chain-of-command review steps (statuses file, up to 2016-04): every TRR
        with a review was approved; TRRs after 2016-04 have no review in this export.
        """
    ),
    "chicago-2021-2023 complaints": P(
        """
        As above, for the 2021 form. The complaints export was taken in 2023-08: most
        complaints about 2021-2023 incidents are not yet closed (no finding).
        """
    ),
    "chicago-2021-2023 status": P(
        """
        The TRR's own status. REJECTED (returned by the reviewer) is the only status
        that marks a report for further review; PRELIMINARY and SUBMITTED are not yet
        reviewed.
        """
    ),
    "chicago-2021-2023 log number": P(
        """
        Whether the reviewing supervisor obtained a complaint log number (statuses
        file, `complaint_log_number_obtained`; Y: someone complained about the force).
        """
    ),
    "limits": P(
        """
        **What the comparison can and cannot show.** It can show whether the reports
        the rules flag are over-represented among those someone complained about or a
        reviewer returned. The groups that would matter most (sustained complaints,
        rejected TRRs) hold a handful of reports, so their intervals are wide; where a
        difference shows, the "by rule" column says which rule drives it, and a rule
        that fires on something a complaint also follows from (a subject who
        complained of injury and refused aid is flagged, and complained of injury) makes
        the groups differ without saying anything about the rule's merit. The
        comparison cannot validate the rules: the chain of command approved virtually
        every TRR, complaint findings judge an officer's conduct in an incident (not the
        written policy these rules encode), the name-and-date link may attach a
        complaint about another incident that day or miss one whose date differs, and
        complainants are a self-selected few. A real validation needs reviewers'
        dispositions of the findings themselves (forcewatch's disposition workflow).
        """
    ),
}

PROPOSALS = """\
For the default pack (rule changes are new versions, never edits):

1. `first-aid-and-medical-help`: add a subject fact `refused_medical_aid` (bool?) to
   the report view and exempt refusals (`... && subject.refused_medical_aid != true`);
   Chicago 2021-2023 maps REFUSED MEDICAL AID there instead of `first_aid_given =
   false`. Today every firing on public data is a refusal.
2. `injury-recorded` (or a new completeness rule, `each: report`): a report of force
   with no subject at all is itself incomplete (`when: size(report.subjects) == 0`).
   This needs the completeness kind to accept a `when` that marks missing facts
   without `needs`, or a report fact `subject_recorded`.
3. `deadly-force-fleeing` and the `vehicle` force type: a PIT manoeuvre is not deadly
   force at every speed. Split the code into `vehicle_pit` (level 4, not deadly) and
   `vehicle_ramming` (deadly), or have the rule skip `vehicle` when the pursuit speed
   is not recorded, and say so in the guidance.
4. `neck-restraint`: say in the guidance that a source whose resistance scale has no
   deadly level (Minneapolis) cannot pass the rule, so its findings ask the reviewer
   to read the narrative; consider `needs: [force.subject.armed]` as a second fact.
5. `force-proportionate`: consider `force.type == 'chemical_oc'` on passive resistance
   with the department's authorisation as its own guidance line (CPD recorded
   "W/AUTHORIZATION"): a view fact `force.authorized` (bool?) would let a department's
   version of the rule accept authorised uses.

For the mappings (each names the source column):

6. chicago-trr-2021-2023 `actions`: Force Mitigation rows → `involvement.deescalation`
   (MEMBER PRESENCE / VERBAL DIR. → verbal_persuasion, TACTICAL POSITIONING and
   MOVEMENT TO AVOID ATTACK → repositioning, ZONE OF SAFETY → distance, ADDITIONAL
   UNIT MEMBERS / SPECIALIZED UNITS → more_personnel, OTHER → other; NONE → the empty
   list). This makes `deescalation-attempted` evaluable on about 6,500 TRRs. Not
   done: the intake engine cannot yet do it. An actions row links to its report, and
   plans an involvement only for officers the row itself names or links, so it
   cannot set the report's involvement; and when several rows give one record a list
   field the first row's list is kept (later rows only fill empty fields), so the
   ticks of one TRR would not be collected. Needed: the report link exposing the
   keys of the report's involvement and subject (`{involvement}`, `{subject}`) so a
   linked row can yield them, and list fields merged (union) across rows.
7. chicago-trr-2021-2023 `subjects`: `weapon_use` + `armed_with` →
   `subject.threat_means` (USED - ATTACKED MEMBER, USED - ATTEMPT TO ATTACK MEMBER,
   MEMBER SHOT/SHOT AT, MEMBER AT GUNPOINT with a weapon other than VEHICLE), making
   `moving-vehicle-shooting` evaluable. Done (mapping version 2).
8. chicago-trr-2004-2018 and chicago-trr-2021-2023 `actions`: subject action FLED →
   `subject.fleeing = true` (24,254 rows in 2004-2018); minneapolis-uof
   `type_resistance` Fled on Foot / Fled in (a) Vehicle → `subject.fleeing` (and
   `in_moving_vehicle`); dallas-r2r `ForceType` Foot Pursuit / Vehicle Pursuit →
   `subject.fleeing`. Done for Minneapolis and Dallas (version 2); Chicago needs the
   engine feature of proposal 6 (an actions row setting the report's subject).
9. dallas-r2r `UOF_REASON`: Passive Resistance → passive, Defensive Resistance →
    active, Active Aggression and Assault to Other Person → aggressive, as the force's
    resistance (the other values stay reasons only). Done (version 2).
10. chicago-trr-2004-2018 `actions`: map `OTHER (SPECIFY)` member actions whose
    `other_description` names a choke or neck hold to `neck_restraint` (a map on the
    joined "action: other_description" text, reviewed row by row: 28 rows mention the
    neck). Done (version 2): 11 rows; headlocks and holds "by the neck" stay `other`.
"""
