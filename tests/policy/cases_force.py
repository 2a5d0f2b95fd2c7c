"""Cases of the default pack's rules about each application of force."""

from __future__ import annotations

from tests.policy.cases import Case, at_demonstration, force_on

FORCE_CASES = [
    # -- neck-restraint ---------------------------------------------------------
    Case(
        "neck-restraint",
        "fires against active resistance",
        "fired",
        force_on("neck_restraint", resistance_level=3),
        items=("force:f0",),
    ),
    Case(
        "neck-restraint",
        "fires against aggressive resistance (level 4)",
        "fired",
        force_on("neck_restraint", resistance_level=4),
    ),
    Case(
        "neck-restraint",
        "passes against a threat of death (level 5)",
        "passed",
        force_on("neck_restraint", resistance_level=5),
    ),
    Case(
        "neck-restraint",
        "does not apply to other force",
        None,
        force_on("strike", resistance_level=1),
    ),
    Case(
        "neck-restraint",
        "is incomplete without the resistance",
        "incomplete",
        force_on("neck_restraint"),
        missing=("force.resistance_level",),
    ),
    # -- moving-vehicle-shooting ------------------------------------------------
    Case(
        "moving-vehicle-shooting",
        "fires when the occupant threatened only with the vehicle",
        "fired",
        force_on("firearm_discharge", at_vehicle=True, subject={"threat_means": []}),
    ),
    Case(
        "moving-vehicle-shooting",
        "passes when the occupant threatened with a firearm",
        "passed",
        force_on(
            "firearm_discharge", at_vehicle=True, subject={"threat_means": ["12"]}
        ),
    ),
    Case(
        "moving-vehicle-shooting",
        "fires when the occupant threatened with the vehicle or with nothing",
        "fired",
        force_on(
            "firearm_discharge", at_vehicle=True, subject={"threat_means": ["35", "99"]}
        ),
    ),
    Case(
        "moving-vehicle-shooting",
        "passes when the occupant threatened with the vehicle and a knife",
        "passed",
        force_on(
            "firearm_discharge", at_vehicle=True, subject={"threat_means": ["35", "20"]}
        ),
    ),
    Case(
        "moving-vehicle-shooting",
        "does not apply to a shot not at a vehicle",
        None,
        force_on("firearm_discharge", at_vehicle=False, subject={"threat_means": []}),
    ),
    Case(
        "moving-vehicle-shooting",
        "does not apply where the source does not say (at_vehicle null)",
        None,
        force_on("firearm_discharge", subject={"threat_means": []}),
    ),
    Case(
        "moving-vehicle-shooting",
        "does not apply to a firearm pointed, not fired",
        None,
        force_on("firearm_display", at_vehicle=True, subject={"threat_means": []}),
    ),
    Case(
        "moving-vehicle-shooting",
        "is incomplete without the threat",
        "incomplete",
        force_on("firearm_discharge", at_vehicle=True),
        missing=("force.subject.threat_means",),
    ),
    Case(
        "moving-vehicle-shooting",
        "is incomplete when the shot is not attributed to a subject",
        "incomplete",
        {"force": [{"type": "firearm_discharge", "at_vehicle": True}]},
        missing=("force.subject.threat_means",),
    ),
    # -- deadly-force-fleeing ---------------------------------------------------
    Case(
        "deadly-force-fleeing",
        "fires on a fleeing person without a deadly threat",
        "fired",
        force_on("firearm_discharge", resistance_level=3, subject={"fleeing": True}),
    ),
    Case(
        "deadly-force-fleeing",
        "passes when the fleeing person threatened death",
        "passed",
        force_on("firearm_discharge", resistance_level=5, subject={"fleeing": True}),
    ),
    Case(
        "deadly-force-fleeing",
        "does not apply when the person was not fleeing",
        None,
        force_on("firearm_discharge", resistance_level=3, subject={"fleeing": False}),
    ),
    Case(
        "deadly-force-fleeing",
        "does not apply where fleeing is not recorded",
        None,
        force_on("firearm_discharge", resistance_level=3),
    ),
    Case(
        "deadly-force-fleeing",
        "does not apply to force that is not deadly",
        None,
        force_on("ced_probe", resistance_level=3, subject={"fleeing": True}),
    ),
    Case(
        "deadly-force-fleeing",
        "is incomplete without the resistance",
        "incomplete",
        force_on("firearm_discharge", subject={"fleeing": True}),
        missing=("force.resistance_level",),
    ),
    # -- warning-before-deadly-force --------------------------------------------
    Case(
        "warning-before-deadly-force",
        "fires when a feasible warning was not given",
        "fired",
        force_on(
            "firearm_discharge",
            officer={"warning_given": False, "warning_feasible": True},
        ),
    ),
    Case(
        "warning-before-deadly-force",
        "passes when a warning was given",
        "passed",
        force_on(
            "firearm_discharge",
            officer={"warning_given": True, "warning_feasible": True},
        ),
    ),
    Case(
        "warning-before-deadly-force",
        "passes when no warning was feasible",
        "passed",
        force_on(
            "deadly_other",
            officer={"warning_given": False, "warning_feasible": False},
        ),
    ),
    Case(
        "warning-before-deadly-force",
        "does not apply to force that is not deadly",
        None,
        force_on(
            "impact_weapon",
            officer={"warning_given": False, "warning_feasible": True},
        ),
    ),
    Case(
        "warning-before-deadly-force",
        "is incomplete without whether a warning was given",
        "incomplete",
        force_on("firearm_discharge", officer={"warning_feasible": True}),
        missing=("force.officer.warning_given",),
    ),
    Case(
        "warning-before-deadly-force",
        "is incomplete when neither fact is recorded",
        "incomplete",
        force_on("neck_restraint"),
        missing=("force.officer.warning_given", "force.officer.warning_feasible"),
    ),
    # -- demonstration-munitions-extreme-risk -----------------------------------
    Case(
        "demonstration-munitions-extreme-risk",
        "fires on tear gas against active resistance",
        "fired",
        at_demonstration("chemical_gas", resistance_level=3),
    ),
    Case(
        "demonstration-munitions-extreme-risk",
        "passes on impact munitions against aggressive resistance (level 4)",
        "passed",
        at_demonstration("impact_munition", resistance_level=4),
    ),
    Case(
        "demonstration-munitions-extreme-risk",
        "does not apply away from a demonstration",
        None,
        {**force_on("chemical_gas", resistance_level=1)},
    ),
    Case(
        "demonstration-munitions-extreme-risk",
        "does not apply where the source does not say it was a demonstration",
        None,
        {"incident": {"demonstration": None}, **force_on("chemical_gas")},
    ),
    Case(
        "demonstration-munitions-extreme-risk",
        "does not apply to pepper spray",
        None,
        at_demonstration("chemical_oc", resistance_level=1),
    ),
    Case(
        "demonstration-munitions-extreme-risk",
        "is incomplete without the resistance",
        "incomplete",
        at_demonstration("impact_munition"),
        missing=("force.resistance_level",),
    ),
    # -- demonstration-munitions-head-neck --------------------------------------
    Case(
        "demonstration-munitions-head-neck",
        "fires on a munition at the head",
        "fired",
        at_demonstration("impact_munition", body_region="Head"),
    ),
    Case(
        "demonstration-munitions-head-neck",
        "fires on pepper spray at the face",
        "fired",
        at_demonstration("chemical_oc", body_region="face"),
    ),
    Case(
        "demonstration-munitions-head-neck",
        "passes on a munition at the legs",
        "passed",
        at_demonstration("impact_munition", body_region="legs"),
    ),
    Case(
        "demonstration-munitions-head-neck",
        "does not apply away from a demonstration",
        None,
        force_on("impact_munition", body_region="head"),
    ),
    Case(
        "demonstration-munitions-head-neck",
        "does not apply to a baton",
        None,
        at_demonstration("impact_weapon", body_region="head"),
    ),
    Case(
        "demonstration-munitions-head-neck",
        "is incomplete without the body region",
        "incomplete",
        at_demonstration("less_lethal"),
        missing=("force.body_region",),
    ),
    # -- demonstration-munitions-indiscriminate ---------------------------------
    Case(
        "demonstration-munitions-indiscriminate",
        "fires on gas fired into a crowd",
        "fired",
        at_demonstration("chemical_gas", indiscriminate=True),
    ),
    Case(
        "demonstration-munitions-indiscriminate",
        "passes on a munition aimed at one person",
        "passed",
        at_demonstration("impact_munition", indiscriminate=False),
    ),
    Case(
        "demonstration-munitions-indiscriminate",
        "does not apply away from a demonstration",
        None,
        {"incident": {"demonstration": False}, **force_on("chemical_gas")},
    ),
    Case(
        "demonstration-munitions-indiscriminate",
        "is incomplete where the aim is not recorded",
        "incomplete",
        at_demonstration("chemical_gas"),
        missing=("force.indiscriminate",),
    ),
    # -- force-proportionate ----------------------------------------------------
    Case(
        "force-proportionate",
        "fires on a baton against passive resistance (two levels above)",
        "fired",
        force_on("impact_weapon", resistance_level=2),
    ),
    Case(
        "force-proportionate",
        "passes on a baton against active resistance (one level above)",
        "passed",
        force_on("impact_weapon", resistance_level=3),
    ),
    Case(
        "force-proportionate",
        "passes on a firearm against a deadly threat",
        "passed",
        force_on("firearm_discharge", resistance_level=5),
    ),
    Case(
        "force-proportionate",
        "does not apply to a control hold (level 2)",
        None,
        force_on("joint_lock", resistance_level=1),
    ),
    Case(
        "force-proportionate",
        "does not apply to force not applied to a body",
        None,
        force_on("strike", applied=False, resistance_level=1),
    ),
    Case(
        "force-proportionate",
        "is incomplete without the resistance",
        "incomplete",
        force_on("takedown"),
        missing=("force.resistance_level",),
    ),
    # -- deadly-force-context-recorded (completeness) ---------------------------
    Case(
        "deadly-force-context-recorded",
        "is incomplete without armed, fleeing and the threat",
        "incomplete",
        force_on("firearm_discharge"),
        missing=(
            "force.subject.armed",
            "force.subject.fleeing",
            "force.resistance_level",
        ),
    ),
    Case(
        "deadly-force-context-recorded",
        "is incomplete without whether the subject was armed",
        "incomplete",
        force_on(
            "vehicle", resistance_level=4, subject={"fleeing": True, "armed": None}
        ),
        missing=("force.subject.armed",),
    ),
    Case(
        "deadly-force-context-recorded",
        "passes when all three are recorded",
        "passed",
        force_on(
            "firearm_discharge",
            resistance_level=5,
            subject={"armed": True, "fleeing": False},
        ),
    ),
    Case(
        "deadly-force-context-recorded",
        "does not apply to force that is not deadly",
        None,
        force_on("ced_probe"),
    ),
]
