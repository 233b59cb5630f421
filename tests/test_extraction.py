"""Extraction on sentences written for these tests, in the field's usual phrasing."""

from pipelines.evidence.sentence_reader import read_sentence


def triples(vocabulary, text, previous=None):
    return sorted((s.intervention.name, s.outcome.name, s.direction) for s in read_sentence(text, vocabulary, previous).statements)


def test_negation_gives_no_effect(vocabulary):
    statements = read_sentence("Omega-3 supplementation did not reduce depressive symptoms.", vocabulary).statements
    assert [(s.direction, s.negated) for s in statements] == [("no_effect", True)]
    statements = read_sentence("Tai chi produced no significant change in cortisol.", vocabulary).statements
    assert [(s.outcome.name, s.direction, s.negated) for s in statements] == [("cortisol", "no_effect", True)]


def test_hedges(vocabulary):
    assert all(s.hedged for s in read_sentence("Probiotics might reduce anxiety symptoms.", vocabulary).statements)
    assert not any(s.hedged for s in read_sentence("Probiotics reduce anxiety symptoms.", vocabulary).statements)


def test_relative_and_appositive_clauses_state_no_claim_for_the_subject(vocabulary):
    text = "Exercise raises BDNF, a protein that supports neurogenesis, while fluoxetine lowers IL-6, which impairs cognition."
    assert triples(vocabulary, text) == [("exercise", "BDNF", "increase"), ("fluoxetine", "IL-6", "decrease")]


def test_participle_continues_the_subject_and_report_needs_its_own(vocabulary):
    text = "Aerobic exercise increases hippocampal volume, improving cognition, suggesting that resistance training may reduce worry."
    assert triples(vocabulary, text) == [
        ("aerobic exercise", "cognition", "increase"),
        ("aerobic exercise", "hippocampal volume", "increase"),
        ("resistance exercise", "worry", "decrease"),
    ]


def test_generic_class_gives_way_to_the_named_example(vocabulary):
    text = "Neuromodulation techniques, such as rTMS, enhance functional connectivity."
    assert triples(vocabulary, text) == [("rTMS", "functional connectivity", "increase")]


def test_anaphora_takes_the_previous_sentences_interventions(vocabulary):
    first = read_sentence("Mobile apps and chatbots are increasingly used.", vocabulary)
    assert first.statements == []
    later = triples(vocabulary, "These tools improve emotional regulation.", previous=[m for m in vocabulary.find("Mobile apps and chatbots") if m.kind == "intervention"])
    assert later == [("chatbots", "emotional regulation", "increase"), ("mental health apps", "emotional regulation", "increase")]


def test_comparisons_fill_the_comparator(vocabulary):
    statements = read_sentence("tDCS outperforms sham on response.", vocabulary).statements
    assert [(s.intervention.name, s.outcome.name, s.direction, s.comparator) for s in statements] == [("tDCS", "treatment response", "increase", "sham")]
    statements = read_sentence("Venlafaxine's efficacy is comparable to that of TCAs.", vocabulary).statements
    assert [(s.intervention.name, s.direction, s.comparator) for s in statements] == [("venlafaxine", "no_effect", "tricyclic antidepressants")]
    statements = read_sentence("Sertraline is as effective as CBT.", vocabulary).statements
    assert [(s.intervention.name, s.outcome.name, s.direction, s.comparator) for s in statements] == [
        ("sertraline", "treatment response", "no_effect", "cognitive behavioural therapy")
    ]


def test_but_not_negates_the_second_outcome(vocabulary):
    statements = read_sentence("Citalopram improved depressive symptoms but not cognition.", vocabulary).statements
    assert {(s.outcome.name, s.direction, s.negated) for s in statements} == {("depressive symptoms", "decrease", False), ("cognition", "no_effect", True)}


def test_coordinated_regions_share_the_measure(vocabulary):
    found = triples(vocabulary, "CBT was accompanied by decreased activity in the amygdala and insula.")
    assert ("cognitive behavioural therapy", "amygdala activity", "decrease") in found
    assert ("cognitive behavioural therapy", "insula activity", "decrease") in found


def test_fronted_relative_clause_is_background(vocabulary):
    text = "Among adults who had not responded to venlafaxine, aripiprazole augmentation led to higher remission rates than placebo."
    assert triples(vocabulary, text) == [("aripiprazole", "remission", "increase")]
    text = "Patients who completed a running programme showed lower anxiety scores."
    assert triples(vocabulary, text) == [("aerobic exercise", "anxiety symptoms", "decrease")]


def test_outcomes_missing_from_the_vocabulary_are_read_from_the_verbs_object(vocabulary):
    statements = read_sentence("Music therapy lowered restlessness and night-time wandering in nursing-home residents.", vocabulary).statements
    assert [(s.outcome.name, s.outcome.category, s.direction) for s in statements if s.outcome.category == "unlisted"] == [
        ("restlessness", "unlisted", "decrease"),
        ("night-time wandering", "unlisted", "decrease"),
    ]
    # a listed outcome is never cut into an unlisted modifier and a listed head
    assert triples(vocabulary, "Sertraline increased hippocampal BDNF expression.") == [("sertraline", "BDNF", "increase")]
    # nor is a property of a listed outcome ("activity in the amygdala") a second outcome
    assert [s.outcome.category for s in read_sentence("CBT reduced activity in the amygdala.", vocabulary).statements] == ["circuit"]
    # a hedge after a coordination ends the phrase
    assert [s.outcome.name for s in read_sentence("Psilocybin may increase functional connectivity and appears to reduce anhedonia.", vocabulary).statements] == [
        "functional connectivity", "anhedonia",
    ]


def test_unlisted_outcome_keeps_negation_and_noun_cues(vocabulary):
    statements = read_sentence("Sertraline produced no significant change in hair loss.", vocabulary).statements
    assert [(s.outcome.name, s.direction, s.negated) for s in statements] == [("hair loss", "no_effect", True)]
    assert triples(vocabulary, "Ketamine led to a rapid reduction in anhedonic behaviour.") == [("ketamine", "anhedonic behaviour", "decrease")]


def test_pronoun_clause_takes_the_previous_subject_even_with_a_treatment_after_the_verb(vocabulary):
    assert ("benzodiazepines", "fear extinction", "decrease") in triples(
        vocabulary, "Benzodiazepines rapidly relieve anxiety, but they can impair extinction learning and reduce the long-term benefit of exposure."
    )
    assert ("internet-delivered CBT", "treatment response", "no_effect") in triples(
        vocabulary, "Internet-delivered CBT lowered panic symptoms, and its effects were comparable to those of face-to-face CBT."
    )


def test_a_generic_head_after_unlisted_words_names_a_treatment(vocabulary):
    statements = read_sentence("Pottery therapy reduced loneliness, and laughter training lowered cortisol.", vocabulary).statements
    assert sorted((s.intervention.name, s.intervention.extra, s.outcome.name) for s in statements) == [
        ("laughter training", "unlisted", "cortisol"),
        ("pottery therapy", "unlisted", "loneliness"),
    ]
    # but not words that only qualify a head ("following treatment", "adjunctive therapy with zinc")
    assert triples(vocabulary, "Following treatment, patients showed reduced anxiety.") == []
    assert triples(vocabulary, "Adjunctive therapy with zinc reduced depressive symptoms.") == [("zinc", "depressive symptoms", "decrease")]


def test_who_benefits_is_not_what_changed(vocabulary):
    statements = read_sentence(
        "L-methylfolate added to an SSRI improved response rates, and its benefit was greatest in patients with elevated BMI or inflammatory markers.",
        vocabulary,
    ).statements
    assert {(s.intervention.name, s.outcome.name, s.direction) for s in statements} == {("folate", "treatment response", "increase")}
    # the treatment something is added to is a comparator, not a second subject
    statements = read_sentence("Zinc added to imipramine decreased depressive symptoms.", vocabulary).statements
    assert [(s.intervention.name, s.comparator) for s in statements] == [("zinc", "imipramine")]


def test_a_drug_the_text_describes_is_an_intervention(vocabulary):
    statements = read_sentence("Rapastinel, an NMDA receptor modulator, failed to separate from placebo in phase 3 trials.", vocabulary).statements
    assert [(s.intervention.name, s.intervention.category, s.outcome.name, s.direction) for s in statements] == [
        ("rapastinel", "pharmacological", "treatment response", "no_effect")
    ]
    assert "however" not in {t[0] for t in triples(vocabulary, "However, an NMDA antagonist reduced depressive symptoms.")}


def test_without_negates_the_outcome_it_governs_but_not_a_survival_interval(vocabulary):
    statements = read_sentence("Hydroxynorketamine exerts antidepressant-like effects without NMDA receptor inhibition.", vocabulary).statements
    assert {(s.outcome.name, s.direction) for s in statements} == {("antidepressant response", "increase"), ("glutamate", "no_effect")}
    statements = read_sentence("Lithium maintenance produced longer intervals without a new episode.", vocabulary).statements
    assert all(not s.negated for s in statements) and statements


def test_a_treatment_named_only_as_the_source_of_a_metabolite_is_not_a_subject(vocabulary):
    subjects = {s.intervention.name for s in read_sentence("The ketamine metabolite hydroxynorketamine increased BDNF.", vocabulary).statements}
    assert subjects == {"hydroxynorketamine"}


def test_protected_animals_against_is_a_decrease(vocabulary):
    assert ("aerobic exercise", "perceived stress", "decrease") in triples(vocabulary, "Voluntary wheel running protected mice against social defeat stress.")


def test_associations_carry_their_sign_and_negation(vocabulary):
    assert triples(vocabulary, "Dietary fibre intake has been inversely associated with depressive symptoms.") == [
        ("dietary fibre", "depressive symptoms", "decrease")
    ]
    statements = read_sentence("Ketamine has not been associated with lasting cognitive impairment.", vocabulary).statements
    assert [(s.intervention.name, s.direction, s.negated) for s in statements] == [("ketamine", "no_effect", True)]
    # exposure to a drug is the drug's effect, not exposure therapy's
    assert {s.intervention.name for s in read_sentence("Exposure to SSRIs in late pregnancy has been linked to neonatal adaptation syndrome.", vocabulary).statements} == {"SSRIs"}


def test_a_listed_outcome_that_modifies_another_noun_names_that_noun(vocabulary):
    statements = read_sentence("CBT reduced pain hypervigilance and disability in chronic low back pain.", vocabulary).statements
    assert sorted((s.outcome.name, s.outcome.category) for s in statements) == [("disability", "clinical"), ("pain hypervigilance", "unlisted")]
    statements = read_sentence("CBT reduced pain catastrophizing.", vocabulary).statements  # once listed, the listed term
    assert [(s.outcome.name, s.outcome.category) for s in statements] == [("pain catastrophizing", "clinical")]
    assert triples(vocabulary, "Exercise raised BDNF levels.") == [("exercise", "BDNF", "increase")]  # a measure keeps the listed term
    assert triples(vocabulary, "Pregabalin decreased pain-related sleep interference.") == []  # pain only qualifies


def test_a_verdict_after_effect_on_gives_the_direction(vocabulary):
    statements = read_sentence("rTMS produced analgesia, whereas its effect on comorbid depression was inconsistent.", vocabulary).statements
    assert {(s.outcome.name, s.direction) for s in statements} == {("pain relief", "increase"), ("depressive symptoms", "no_effect")}


def test_a_clause_about_further_doses_or_more_findings_keeps_the_treatment(vocabulary):
    statements = read_sentence("Ketamine did not impair cognition; processing speed was even improved after repeated infusions.", vocabulary).statements
    assert ("ketamine", "cognition", "increase") in {(s.intervention.name, s.outcome.name, s.direction) for s in statements}
    reading = read_sentence("Hippocampal volume is increased by ECT.", vocabulary)
    follow_up = read_sentence("Increases in grey matter volume have also been documented.", vocabulary, reading.subjects).statements
    assert [(s.intervention.name, s.outcome.name, s.direction) for s in follow_up] == [("ECT", "grey matter volume", "increase")]


def test_long_term_use_and_verdicts_before_effects(vocabulary):
    assert ("benzodiazepines", "dependence", "increase") in triples(
        vocabulary, "Benzodiazepines provide fast relief of acute anxiety, but long-term use can lead to dependence."
    )
    assert triples(vocabulary, "tDCS shows inconsistent effects on worry.") == [("tDCS", "worry", "no_effect")]
    assert triples(vocabulary, "Pregabalin has shown efficacy comparable to SSRIs.") == [("pregabalin", "treatment response", "no_effect")]
    # the stimulus of a reaction is not an outcome
    assert triples(vocabulary, "MBSR reduces cortisol reactivity to stress.") == [("MBSR", "cortisol", "decrease")]


def test_a_colon_before_a_hyphenated_word_opens_a_clause(vocabulary):
    statements = read_sentence("Brain stimulation is emerging as an option: low-frequency rTMS reduces anxiety symptoms.", vocabulary).statements
    assert {s.intervention.name for s in statements} == {"rTMS"}


def test_and_opens_a_clause_when_a_new_treatment_acts_but_not_in_a_list_of_subjects(vocabulary):
    statements = read_sentence(
        "Virtual reality environments are increasingly used to deliver exposure therapy, and apps based on mindfulness decrease perceived stress.", vocabulary
    ).statements
    assert {(s.intervention.name, s.outcome.name) for s in statements} == {("mental health apps", "perceived stress")}
    subjects = {s.intervention.name for s in read_sentence("Physical exercise, mindfulness meditation, and adequate sleep enhance neuroplasticity.", vocabulary).statements}
    assert subjects == {"exercise", "mindfulness meditation", "sleep"}


def test_transfer_and_absolute_phrases(vocabulary):
    assert ("brain training", "depressive symptoms", "no_effect") in triples(vocabulary, "Brain training games improve working memory but show little transfer to depressive symptoms.")
    statements = read_sentence("Computerized CBT programmes reduce symptoms of depression, with adherence as the main limitation.", vocabulary).statements
    assert {s.outcome.name for s in statements} == {"depressive symptoms"}


def test_subgroups_and_stimuli_with_modifiers(vocabulary):
    statements = read_sentence("Minocycline attenuated microglial activation and improved anhedonia in a subgroup with raised inflammatory markers.", vocabulary).statements
    assert {s.outcome_text for s in statements} == {"microglial activation", "anhedonia"}
    statements = read_sentence("Moderate-intensity exercise dampens the inflammatory response to acute stress.", vocabulary).statements
    assert "perceived stress" not in {s.outcome.name for s in statements}
    assert triples(vocabulary, "Pioglitazone improved insulin resistance.")[0][0] == "pioglitazone"  # an INN stem (-glitazone)


def test_combinations_and_additions_name_one_actor(vocabulary):
    statements = read_sentence("Combining ERP with an SSRI is more effective than an SSRI alone.", vocabulary).statements
    assert {s.intervention.name for s in statements} == {"exposure therapy"}
    statements = read_sentence("Adding an SSRI to ERP provides little additional benefit.", vocabulary).statements
    assert {(s.intervention.name, s.direction) for s in statements} == {("SSRIs", "no_effect")}
    # the site a stimulation targets is not an outcome
    statements = read_sentence("Deep TMS targeting the anterior cingulate cortices reduced Y-BOCS scores.", vocabulary).statements
    assert {s.outcome_text for s in statements} == {"Y-BOCS"}


def test_deficits_small_effects_and_hyphenated_causes(vocabulary):
    assert triples(vocabulary, "Cognitive remediation protects against grey matter loss.") == [("brain training", "grey matter volume", "increase")]
    assert ("cognitive behavioural therapy", "psychotic symptoms", "no_effect") in triples(
        vocabulary, "CBT reduces distress, but its effect on positive symptoms is small."
    )
    assert triples(vocabulary, "Exercise counteracts antipsychotic-induced weight gain.") == [("exercise", "adverse events", "decrease")]
    statements = read_sentence("Clozapine is the most effective drug for treatment-resistant schizophrenia and reduces suicidal behavior.", vocabulary).statements
    assert {(s.outcome.name, s.direction) for s in statements} == {("treatment response", "increase"), ("suicidal ideation", "decrease")}


def test_a_clause_with_an_unknown_subject_of_its_own_does_not_inherit(vocabulary):
    statements = read_sentence("Aerobic exercise improves sleep, and garden allotments reduce loneliness.", vocabulary).statements
    assert {(s.intervention.name, s.outcome.name) for s in statements} == {("aerobic exercise", "sleep quality"), ("garden allotments", "loneliness")}
    statements = read_sentence("rTMS decreased anxiety scores, and the improvement was accompanied by normalised alpha asymmetry.", vocabulary).statements
    assert len({s.outcome_text for s in statements}) == 2  # "the improvement" continues the main clause
    assert triples(vocabulary, "Service dogs reduce PTSD symptoms.") == [("animal-assisted therapy", "PTSD symptoms", "decrease")]


def test_drug_classes_expectations_and_risk_exposures(vocabulary):
    statements = read_sentence(
        "Corticotropin-releasing factor (CRF) receptor antagonists were expected to reduce anxiety, but they failed to outperform placebo.", vocabulary
    ).statements
    assert [(s.intervention.name, s.intervention.category, s.outcome.name, s.direction) for s in statements] == [
        ("corticotropin-releasing factor (crf) receptor antagonists", "pharmacological", "treatment response", "no_effect")
    ]
    assert triples(vocabulary, "Prolonged exposure to high cortisol reduces neurogenesis.") == []
    assert triples(vocabulary, "Prolonged exposure to trauma memories reduces PTSD symptoms.") == [("exposure therapy", "PTSD symptoms", "decrease")]
    statements = read_sentence("Antidepressants normalize HPA axis activity in responders.", vocabulary).statements
    assert {s.outcome.name for s in statements} == {"HPA axis activity"}
    assert ("relaxation training", "heart rate", "decrease") in triples(vocabulary, "Relaxation training reduces heart rate.")


def test_quantifiers_and_comparisons_with_another_treatment(vocabulary):
    assert triples(vocabulary, "Physical activity is known to counteract many of these changes.") == []
    assert ("high-intensity interval training", "dropout", "increase") in triples(
        vocabulary, "High-intensity interval training may improve mood, but dropout rates are higher than with moderate exercise."
    )


def test_media_tracked_objects_and_initial_adjectives(vocabulary):
    assert {s.intervention.name for s in read_sentence("Wearable-guided sleep extension programmes improved mood.", vocabulary).statements} == {"sleep extension"}
    statements = read_sentence("Wearable devices can track sleep and physical activity, and feedback from these devices increased daily step counts.", vocabulary).statements
    assert {s.intervention.name for s in statements} == {"wearable devices"}
    assert triples(vocabulary, "Unguided programmes also reduce symptoms.") == [("unguided programmes", "symptoms", "decrease")]


def test_an_unknown_noun_phrase_subject_before_a_direction_verb_is_a_treatment(vocabulary):
    statements = read_sentence("Aerobic exercise lowers hyperarousal, and garden allotments reduce PTSD symptoms.", vocabulary).statements
    assert ("garden allotments", "unlisted", "PTSD symptoms") in {(s.intervention.name, s.intervention.category, s.outcome.name) for s in statements}
    assert triples(vocabulary, "Chronic stress reduces BDNF.") == []  # a listed outcome in the subject: a risk, not a treatment
    assert triples(vocabulary, "Neuroimaging studies report a smaller hippocampus.") == []
    assert triples(vocabulary, "Beyond improving access, apps teach skills.") == []


def test_no_effect_in_a_pronoun_clause_keeps_the_outcome(vocabulary):
    statements = read_sentence("Transdermal estradiol reduced depressive symptoms in perimenopausal women, but it had no effect in postmenopausal women.", vocabulary).statements
    assert {(s.outcome.name, s.direction) for s in statements} == {("depressive symptoms", "decrease"), ("depressive symptoms", "no_effect")}
    assert {s.intervention.name for s in read_sentence("Regular schedules and exposure to morning light support circadian stability.", vocabulary).statements} == {"bright light therapy"}


def test_coordinated_unknown_subjects_and_verbs_in_subject_position(vocabulary):
    statements = read_sentence("Kratom and hemp oil reduce illicit opioid use.", vocabulary).statements
    assert {(s.intervention.name, s.outcome.name) for s in statements} == {("kratom", "substance use"), ("hemp oil", "substance use")}
    assert triples(vocabulary, "Later replications failed to show a reduction in PTSD symptoms.") == []
    assert triples(vocabulary, "Naltrexone reduces heavy drinking days.") == [("naltrexone", "substance use", "decrease")]


def test_faded_effects_parenthetical_subjects_and_governed_sleep(vocabulary):
    statements = read_sentence("Resilience training improved coping, but its effects on burnout faded within six months.", vocabulary).statements
    assert ("burnout", "no_effect") in {(s.outcome.name, s.direction) for s in statements}
    statements = read_sentence("Duty-hour limits, however, did not change rates of burnout.", vocabulary).statements
    assert [(s.intervention.name, s.outcome.name, s.direction) for s in statements] == [("duty-hour limits", "burnout", "no_effect")]
    statements = read_sentence("Anxiety is associated with faster cognitive decline and poorer sleep.", vocabulary).statements
    assert "sleep" not in {s.intervention.name for s in statements}
    assert {s.intervention.name for s in read_sentence("Reducing extended work shifts lowered medical errors.", vocabulary).statements} == {"reducing extended work shifts"}


def test_a_compound_modifier_stays_in_the_words_as_written(vocabulary):
    statements = read_sentence("Parent-led CBT is as effective as therapist-led CBT for younger children.", vocabulary).statements
    assert {(s.intervention.name, s.intervention_text) for s in statements} == {("cognitive behavioural therapy", "Parent-led CBT")}


def test_days_are_a_measure_not_the_outcome(vocabulary):
    statements = read_sentence("Kava reduced sleepless days.", vocabulary).statements
    assert [(s.outcome.name, s.outcome_text) for s in statements] == [("sleepless", "sleepless days")]


def test_a_subject_with_a_trailing_by_phrase_is_named_by_its_head(vocabulary):
    statements = read_sentence("Telephone outreach calls by trained volunteers lowered loneliness and anxiety.", vocabulary).statements
    assert {(s.intervention.name, s.outcome.name) for s in statements} == {
        ("telephone outreach calls", "loneliness"), ("telephone outreach calls", "anxiety symptoms")
    }


def test_a_drug_class_named_by_its_target_after_the_head(vocabulary):
    statements = read_sentence("Antagonists of the kappa opioid receptor reduced anhedonia in a proof-of-mechanism trial.", vocabulary).statements
    assert [(s.intervention.name, s.intervention.category, s.outcome.name, s.direction) for s in statements] == [
        ("kappa opioid receptor antagonists", "pharmacological", "anhedonia", "decrease")
    ]
    assert triples(vocabulary, "Exercise acts as an inhibitor of inflammation.") == []


def test_doses_named_without_the_drug_inherit_it(vocabulary):
    first = read_sentence("Low doses of THC lowered subjective stress.", vocabulary)
    assert [(s.intervention.name, s.outcome.name, s.direction) for s in first.statements] == [("THC", "perceived stress", "decrease")]
    assert triples(vocabulary, "Higher doses increased anxiety.", first.subjects) == [("THC", "anxiety symptoms", "increase")]
    assert triples(vocabulary, "Higher doses increased anxiety.") == []


def test_an_epigenetic_mark_on_a_gene_is_one_outcome(vocabulary):
    statements = read_sentence("Sertraline lowered SLC6A4 promoter methylation, and exercise increased methylation of the BDNF gene.", vocabulary).statements
    assert [(s.intervention.name, s.outcome.name, s.outcome_text, s.direction) for s in statements] == [
        ("sertraline", "DNA methylation", "SLC6A4 promoter methylation", "decrease"),
        ("exercise", "DNA methylation", "methylation of the BDNF gene", "increase"),
    ]


def test_an_unknown_subject_after_whereas_without_a_comma(vocabulary):
    assert ("active communication", "perceived social support", "increase") in triples(
        vocabulary, "Scrolling increases envy whereas active communication with close friends increases perceived social support."
    )


def test_an_aim_under_test_and_a_named_example_state_no_extra_rows(vocabulary):
    assert triples(vocabulary, "Neuromodulation is being tested as a way to change the underlying circuits directly.") == []
    assert triples(vocabulary, "Guided self-help reduced compensatory behaviours such as purging.") == [
        ("guided self-help", "compensatory behaviours", "decrease")
    ]
    assert [s.outcome_text for s in read_sentence("Guided self-help reduced compensatory behaviours such as purging.", vocabulary).statements] == [
        "compensatory behaviours"
    ]


def test_a_gerund_subject_after_while_and_biological_agents_that_are_not_treatments(vocabulary):
    assert ("blocking interleukin-1 signalling", "anhedonia", "decrease") in triples(
        vocabulary, "Stress suppresses neurogenesis, while blocking interleukin-1 signalling prevents stress-induced anhedonia."
    )
    assert triples(vocabulary, "Microglia activated by chronic stress release cytokines that suppress neurogenesis.") == []
    assert triples(vocabulary, "Biomarkers matter: circulating miR-1202 levels rose with antidepressant treatment.") == []


def test_non_inferior_for_treating_a_condition_is_no_difference(vocabulary):
    statements = read_sentence("Yoga was non-inferior to sertraline for treating panic disorder.", vocabulary).statements
    assert [(s.intervention.name, s.direction, s.comparator) for s in statements] == [("yoga", "no_effect", "sertraline")]


def test_no_differences_between_two_arms(vocabulary):
    statements = read_sentence("A meta-analysis found no significant differences between tai chi and active control conditions on IL-6.", vocabulary).statements
    assert [(s.intervention.name, s.outcome.name, s.direction) for s in statements] == [("tai chi", "IL-6", "no_effect")]


def test_inconsistent_effects_in_a_contrast_clause_and_all_of_which(vocabulary):
    assert triples(vocabulary, "Tai chi reduced IL-6, although effects on CRP were inconsistent.") == [
        ("tai chi", "CRP", "no_effect"),
        ("tai chi", "IL-6", "decrease"),
    ]
    assert triples(vocabulary, "Yoga engages attention, all of which depend on neuroplastic processes.") == [("yoga", "cognition", "modulates")]
    statements = read_sentence("Yoga was more effective than stress education.", vocabulary).statements
    assert [(s.intervention.name, s.comparator) for s in statements] == [("yoga", "psychoeducation")]


def test_comparator_arms_and_add_on_bases_with_modifiers(vocabulary):
    statements = read_sentence("Esketamine added to a newly started oral antidepressant was superior to placebo plus antidepressant in reducing MADRS scores.", vocabulary).statements
    assert [(s.intervention.name, s.outcome.name, s.direction) for s in statements] == [("esketamine", "depressive symptoms", "decrease")]
    assert triples(vocabulary, "Ketamine and esketamine offer rapid relief, but durable benefit requires maintenance strategies.") == []


def test_compound_modifiers_of_a_listed_therapy_and_parietal_activity(vocabulary):
    statements = read_sentence("Meaning-centered group psychotherapy reduced hopelessness.", vocabulary).statements
    assert [(s.intervention.name, s.intervention_text, s.outcome.name) for s in statements] == [
        ("group therapy", "Meaning-centered group psychotherapy", "hopelessness")
    ]
    assert triples(vocabulary, "Prayer reduced activity in the parietal lobe.") == [("religious practice", "parietal activity", "decrease")]


def test_users_who_report_are_not_a_treatment(vocabulary):
    previous = read_sentence("Ayahuasca reduced depressive symptoms.", vocabulary).subjects
    assert triples(vocabulary, "Regular users report reduced stress.", previous) == [("ayahuasca", "perceived stress", "decrease")]


def test_a_percentage_before_the_comparator_arm(vocabulary):
    statements = read_sentence("Sertraline led to remission in 40% of patients, compared with 20% in the placebo group.", vocabulary).statements
    assert [(s.intervention.name, s.outcome.name, s.comparator) for s in statements] == [("sertraline", "remission", "placebo")]


def test_weeks_of_training_refer_to_the_treatment_just_named(vocabulary):
    previous = read_sentence("Tai chi lowered blood pressure.", vocabulary).subjects
    assert triples(vocabulary, "After eight weeks of practice, participants showed increased BDNF.", previous) == [("tai chi", "BDNF", "increase")]


def test_delivery_mode_stays_in_an_unlisted_programme_name(vocabulary):
    statements = read_sentence("Online parenting programmes modestly reduced child anxiety.", vocabulary).statements
    assert [(s.intervention_text, s.outcome.name, s.direction) for s in statements] == [("Online parenting programmes", "anxiety symptoms", "decrease")]


def test_but_not_and_found_no_are_no_difference(vocabulary):
    assert triples(vocabulary, "Sertraline reduced anxiety, but not depression.") == [
        ("sertraline", "anxiety symptoms", "decrease"),
        ("sertraline", "depressive symptoms", "no_effect"),
    ]
    assert triples(vocabulary, "Oxytocin improved theory of mind, but not basic emotion recognition.") == [
        ("oxytocin", "emotional processing", "no_effect"),
        ("oxytocin", "social cognition", "increase"),
    ]
    previous = read_sentence("Light therapy improved mood.", vocabulary).subjects
    assert triples(vocabulary, "Larger trials found no significant antidepressant benefit.", previous) == [
        ("bright light therapy", "antidepressant response", "no_effect")
    ]
    assert triples(vocabulary, "Cranial electrotherapy stimulation is popular, yet a review found insufficient evidence of benefit.") == [
        ("cranial electrotherapy stimulation", "treatment response", "no_effect")
    ]


def test_a_passive_subject_is_what_changed_not_a_treatment(vocabulary):
    text = "Anti-inflammatory factors IL-4, IL-8, and IL-10 are decreased in cerebrospinal fluid."
    assert not [s for s in read_sentence(text, vocabulary).statements if "are" in s.intervention_text.split()]
