"""Drugs the vocabulary does not list, recognised by their INN stems.

WHO's International Nonproprietary Names give drugs of one class a common ending (-oxetine,
-azepam, -apine, -mab ...), so "vilazodone reduced HAM-D scores" yields a row even before an
analyst adds vilazodone to interventions.csv. Such a mention is a pharmacological
intervention named by its own word; adding it to the vocabulary gives it a parent and synonyms.
"""

from __future__ import annotations

import re

from pipelines.lib.named_treatments import unlisted_intervention
from pipelines.lib.vocabulary import Mention

INN_STEMS = (
    "oxetine", "xetine", "faxine", "pramine", "triptyline", "iptyline", "azepam", "azolam", "zepam", "apine", "tiapine",
    "idone", "piprazole", "perone", "azodone", "zodone", "milnacipran", "setron", "gabalin", "coxib", "profen", "cycline",
    "olol", "barbital", "xamine", "orexant", "anolone", "ketamine", "tamine", "mab", "pirone", "azine", "triptan",
    "dopa", "giline", "afinil", "zolam", "clone", "glitazone", "gliflozin", "gliptin", "sartan", "vastatin",
)
_WORD = re.compile(r"\b[A-Za-z][a-z]{3,}(?:-[A-Za-z]+)?\b")
_NOT_DRUGS = {"cyclone", "clone", "ozone", "azine", "online", "triptan"}
_DESCRIBED = re.compile(  # "Rapastinel, an NMDA receptor modulator, ..." names a drug by what it is
    r"\b([A-Za-z][a-z][\w-]{3,})\s*(?:,|\()\s*(?:a|an)\s+(?:[\w-]+\s+){0,5}?"
    r"(?:agonist|antagonist|modulator|inhibitor|blocker|analogue|analog|metabolite|drug|compound|agent|enhancer|ligand|"
    r"antidepressant|anxiolytic|antipsychotic|anticonvulsant|stimulant|neurosteroid|psychedelic|hallucinogen|entactogen|empathogen)s?\b"
)
_NOT_NAMES = {
    "however", "moreover", "furthermore", "thus", "indeed", "finally", "here", "therefore", "similarly", "instead", "also",
    "conversely", "likewise", "meanwhile", "together", "first", "second", "third", "then", "recently", "notably", "interestingly",
    "importantly", "specifically", "additionally", "overall", "today", "trials", "studies", "patients", "receptor", "receptors",
}


def unlisted_drugs(text: str, known: list[Mention]) -> list[Mention]:
    found = []
    for m in _WORD.finditer(text):
        word = m.group()
        lowered = word.lower()
        if lowered in _NOT_DRUGS or len(lowered) < 7 or not lowered.endswith(INN_STEMS):
            continue
        if any(k.start < m.end() and m.start() < k.end for k in known):
            continue
        found.append(unlisted_intervention(text, m.start(), m.end(), "pharmacological"))
    return found


# Development code names: a sponsor's letters and a serial number ("SSR149415", "PF-06372865", "BNC210",
# "BMS-562086", "AZD3199"). Three or more digits leave out scales ("PHQ-9", "GAD-7", "SF-36", "ICD-10");
# the prefixes below are trial registries, review registries and cell lines, not sponsors.
_CODE_NAME = re.compile(r"\b([A-Z]{2,5})-?(\d{3,8})[A-Z]?\b")
_NAME_BEFORE_CODE = re.compile(r"\b([A-Za-z][a-z]{4,})\s*\(\s*$")  # "pexacerfont (BMS-562086)"
_NOT_SPONSORS = {"NCT", "ISRCTN", "ACTRN", "DRKS", "CHICTR", "EUDRACT", "UMIN", "JPRN", "IRCT", "KCT", "NTR", "TCTR", "CTRI",
                 "CRD", "PMC", "PMID", "ISO", "HEK", "MNI", "DOI", "ORCID", "ISSN", "ISBN", "IRB", "ERC", "REC", "COVID", "SARS"}


def code_named_drugs(text: str, known: list[Mention]) -> list[Mention]:
    """Compounds named by a development code, which no vocabulary lists and no INN stem marks."""
    found = []
    for m in _CODE_NAME.finditer(text):
        if m.group(1) in _NOT_SPONSORS or any(k.start < m.end() and m.start() < k.end for k in known):
            continue
        named = _NAME_BEFORE_CODE.search(text, 0, m.start())  # "pexacerfont (BMS-562086)": the code is the name's alias
        if named and named.group(1).lower() not in _NOT_NAMES:
            if not any(k.start < named.end(1) and named.start(1) < k.end for k in known):
                found.append(unlisted_intervention(text, named.start(1), named.end(1), "pharmacological"))
            continue
        found.append(unlisted_intervention(text, m.start(), m.end(), "pharmacological"))
    return found



def described_drugs(text: str, known: list[Mention]) -> list[Mention]:
    """Names the text itself calls a drug ("scopolamine, a muscarinic antagonist")."""
    found = []
    for m in _DESCRIBED.finditer(text):
        word = m.group(1)
        lowered = word.lower()
        if lowered in _NOT_NAMES or lowered.endswith("ly") or any(k.start < m.end(1) and m.start(1) < k.end for k in known):
            continue
        found.append(unlisted_intervention(text, m.start(1), m.end(1), "pharmacological"))
    return found
