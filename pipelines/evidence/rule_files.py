"""The evidence stage's rule files, checked before a refresh: an edited rule that does not load
(bad YAML, a pattern that does not compile, a bare `no` read as a boolean) is one line that names
the file, not a failure of every review in the run."""

from __future__ import annotations

import re

import yaml

from pipelines.evidence.context_rules import RULES_FILE as CONTEXT_RULES
from pipelines.evidence.context_rules import load_context_rules
from pipelines.evidence.roles import RULES_FILE as ROLE_RULES
from pipelines.evidence.roles import load_role_rules
from pipelines.evidence.row_sanity import RULES_FILE as SANITY_RULES
from pipelines.evidence.row_sanity import load_row_sanity_rules
from pipelines.evidence.trial_results import RULES_FILE as TRIAL_RULES
from pipelines.evidence.trial_results import load_trial_rules


def rule_file_problems() -> list[str]:
    problems = []
    files = ((ROLE_RULES, load_role_rules), (TRIAL_RULES, load_trial_rules), (CONTEXT_RULES, load_context_rules), (SANITY_RULES, load_row_sanity_rules))
    for path, load in files:
        try:
            load(path)
        except (OSError, ValueError, KeyError, TypeError, re.error, yaml.YAMLError) as exc:
            problems.append(f"{path}: {type(exc).__name__}: {exc}".splitlines()[0])
    return problems
