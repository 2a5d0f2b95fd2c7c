"""Cases of the default pack's rules about each subject and each officer."""

from __future__ import annotations

from tests.policy.cases import Case, bystander, force_on, injured

PEOPLE_CASES = [
    # -- deescalation-attempted -------------------------------------------------
    Case(
        "deescalation-attempted",
        "fires when an officer striking tried no de-escalation",
        "fired",
        force_on("strike", officer={"deescalation": []}),
        items=("officer:o0",),
    ),
    Case(
        "deescalation-attempted",
        "passes when the officer tried a tactic",
        "passed",
        force_on("strike", officer={"deescalation": ["verbal_persuasion"]}),
    ),
    Case(
        "deescalation-attempted",
        "does not apply to a control hold (level 2)",
        None,
        force_on("joint_lock", officer={"deescalation": []}),
    ),
    Case(
        "deescalation-attempted",
        "does not apply to a display of a firearm",
        None,
        force_on("firearm_display", officer={"deescalation": []}),
    ),
    Case(
        "deescalation-attempted",
        "does not apply to level-3 force recorded as not applied",
        None,
        force_on("strike", applied=False, officer={"deescalation": []}),
    ),
    Case(
        "deescalation-attempted",
        "checks only the officer who used the force",
        "passed",
        {
            "officers": [{"deescalation": ["time"]}, {"deescalation": []}],
            "subjects": [{}],
            "force": [{"type": "takedown", "officer": 0}],
        },
    ),
    Case(
        "deescalation-attempted",
        "is incomplete where tactics are not recorded",
        "incomplete",
        force_on("impact_weapon"),
        missing=("officer.deescalation",),
    ),
    # -- first-aid-and-medical-help ---------------------------------------------
    Case(
        "first-aid-and-medical-help",
        "fires when an injured subject got no first aid",
        "fired",
        injured(injured=True, first_aid_given=False, medical_requested=True),
        items=("subject:s0",),
    ),
    Case(
        "first-aid-and-medical-help",
        "fires when no medical help was requested after a complaint",
        "fired",
        injured(
            complained_of_injury=True, first_aid_given=True, medical_requested=False
        ),
    ),
    Case(
        "first-aid-and-medical-help",
        "passes with first aid and medical help",
        "passed",
        injured(injured=True, first_aid_given=True, medical_requested=True),
    ),
    Case(
        "first-aid-and-medical-help",
        "does not apply to a subject not injured",
        None,
        injured(injured=False, first_aid_given=False, medical_requested=False),
    ),
    Case(
        "first-aid-and-medical-help",
        "does not apply where injury is not recorded",
        None,
        injured(first_aid_given=False, medical_requested=False),
    ),
    Case(
        "first-aid-and-medical-help",
        "is incomplete without first aid recorded",
        "incomplete",
        injured(injured=True, medical_requested=True),
        missing=("subject.first_aid_given",),
    ),
    # -- medical-help-without-delay ---------------------------------------------
    Case(
        "medical-help-without-delay",
        "fires after 16 minutes",
        "fired",
        injured(injured=True, medical_requested=True, medical_minutes=16),
    ),
    Case(
        "medical-help-without-delay",
        "passes at 15 minutes",
        "passed",
        injured(injured=True, medical_requested=True, medical_minutes=15),
    ),
    Case(
        "medical-help-without-delay",
        "passes on a complaint answered at once",
        "passed",
        injured(complained_of_injury=True, medical_requested=True, medical_minutes=0),
    ),
    Case(
        "medical-help-without-delay",
        "does not apply when no help was requested (the first-aid rule fires)",
        None,
        injured(injured=True, medical_requested=False, medical_minutes=40),
    ),
    Case(
        "medical-help-without-delay",
        "does not apply to a subject not injured",
        None,
        injured(injured=False, medical_requested=True, medical_minutes=40),
    ),
    Case(
        "medical-help-without-delay",
        "is incomplete without the time of the request",
        "incomplete",
        injured(injured=True, medical_requested=True),
        missing=("subject.medical_minutes",),
    ),
    # -- duty-to-intervene ------------------------------------------------------
    Case(
        "duty-to-intervene",
        "fires for an officer present who did not intervene",
        "fired",
        bystander(intervened=False),
        items=("officer:o1",),
    ),
    Case(
        "duty-to-intervene",
        "fires for an officer who also used force, not found excessive",
        "fired",
        {
            "officers": [{"force_found_excessive": True}, {"intervened": False}],
            "subjects": [{}],
            "force": [
                {"type": "strike", "officer": 0},
                {"type": "takedown", "officer": 1},
            ],
        },
        items=("officer:o1",),
    ),
    Case(
        "duty-to-intervene",
        "fires in a report without the force found excessive (another officer's)",
        "fired",
        {
            "officers": [
                {
                    "force_found_excessive": True,
                    "role": "used_force",
                    "in_report": False,
                },
                {"intervened": False},
            ],
            "subjects": [{}],
            "force": [{"type": "takedown", "officer": 1}],
        },
        items=("officer:o1",),
    ),
    Case(
        "duty-to-intervene",
        "passes for an officer who intervened",
        "passed",
        bystander(intervened=True),
    ),
    Case(
        "duty-to-intervene",
        "is incomplete where intervening is not recorded",
        "incomplete",
        bystander(),
        missing=("officer.intervened",),
        items=("officer:o1",),
    ),
    Case(
        "duty-to-intervene",
        "does not ask the officer whose force was found excessive",
        None,
        {
            "officers": [{"force_found_excessive": True, "intervened": False}],
            "subjects": [{}],
            "force": [{"type": "strike"}],
        },
    ),
    Case(
        "duty-to-intervene",
        "does not ask two officers whose force was found excessive of each other",
        None,
        {
            "officers": [
                {"force_found_excessive": True, "intervened": False},
                {"force_found_excessive": True, "intervened": False},
            ],
            "subjects": [{}],
            "force": [
                {"type": "strike", "officer": 0},
                {"type": "strike", "officer": 1},
            ],
        },
    ),
    Case(
        "duty-to-intervene",
        "does not ask an officer in another report (asked in their own report)",
        None,
        bystander(intervened=False, in_report=False),
    ),
    Case(
        "duty-to-intervene",
        "asks only the officers whose report this is",
        "fired",
        {
            "officers": [
                {"force_found_excessive": True},
                {"intervened": False, "in_report": False},
                {"intervened": False},
            ],
            "subjects": [{}],
            "force": [{"type": "strike", "officer": 0}],
        },
        items=("officer:o2",),
    ),
    Case(
        "duty-to-intervene",
        "does not apply before force is found excessive",
        None,
        bystander(found=False, intervened=False),
    ),
    Case(
        "duty-to-intervene",
        "does not apply to force found excessive but attributed to no officer",
        None,
        {**bystander(found=False, intervened=False), "excessive_force_found": True},
    ),
    # -- handcuffing-justified --------------------------------------------------
    Case(
        "handcuffing-justified",
        "fires on handcuffs with no justification recorded",
        "fired",
        {"subjects": [{"handcuffed": True, "handcuff_justification": ""}]},
    ),
    Case(
        "handcuffing-justified",
        "fires on handcuffing recorded as force with no justification",
        "fired",
        {**force_on("handcuffing", subject={"handcuff_justification": ""})},
        items=("subject:s0",),
    ),
    Case(
        "handcuffing-justified",
        "passes with a justification",
        "passed",
        {"subjects": [{"handcuffed": True, "handcuff_justification": "arrest"}]},
    ),
    Case(
        "handcuffing-justified",
        "does not apply to a subject not handcuffed",
        None,
        {"subjects": [{"handcuffed": False, "handcuff_justification": ""}]},
    ),
    Case(
        "handcuffing-justified",
        "applies only to the subject handcuffed",
        "fired",
        {
            "officers": [{}],
            "subjects": [
                {"handcuff_justification": ""},
                {"handcuff_justification": ""},
            ],
            "force": [{"type": "handcuffing", "subject": 1}],
        },
        items=("subject:s1",),
    ),
    Case(
        "handcuffing-justified",
        "is incomplete where the source has no justification field",
        "incomplete",
        {"subjects": [{"handcuffed": True}]},
        missing=("subject.handcuff_justification",),
    ),
    # -- injury-recorded (completeness) -----------------------------------------
    Case(
        "injury-recorded",
        "is incomplete where injury is not recorded",
        "incomplete",
        {"subjects": [{}]},
        missing=("subject.injured",),
        items=("subject:s0",),
    ),
    Case(
        "injury-recorded",
        "passes when the subject was not injured",
        "passed",
        {"subjects": [{"injured": False}]},
    ),
    Case(
        "injury-recorded",
        "passes when the subject was injured",
        "passed",
        {"subjects": [{"injured": True}]},
    ),
    Case("injury-recorded", "does not apply to a report without subjects", None, {}),
]
