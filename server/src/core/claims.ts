/**
 * The claim scorer: how strongly a prose unit (a sentence, or a table row) asserts a health
 * fact that an editor would want sourced. A transparent weighted sum of features, each
 * documented in the README; the sensitivity setting picks the threshold. Every feature that
 * fires is reported, so a diagnostic can say why it fired.
 */

export type Sensitivity = 'low' | 'medium' | 'high';

/** Score at or above which a unit is a claim. Lower threshold = more warnings. */
export const THRESHOLDS: Record<Sensitivity, number> = { low: 2.25, medium: 1.25, high: 0.5 };

export interface ClaimFeature {
  /** Stable id, documented in the README. */
  id: string;
  weight: number;
  /** Human-readable reason: "states an effect ('reduces')". */
  reason: string;
}

export interface ClaimScore {
  score: number;
  features: ClaimFeature[];
}

export interface ClaimUnitInfo {
  text: string;
  /** Number of glossary terms in the unit. */
  glossaryTerms: number;
  inBlockquote?: boolean;
  isTableRow?: boolean;
  /** A table row in a table where other rows carry citations (an evidence table). */
  inCitedTable?: boolean;
}

const w = (words: string) => words.trim().split(/\s*\|\s*|\s+/).filter(Boolean);

/** Verbs (and verb phrases) that state an effect; matched on word stems. */
const EFFECT_STEMS = w(`
  increas | reduc | improv | lower | rais | boost | stimulat | prevent | trigger | caus | protect | enhanc | decreas |
  cuts | drop | blunt | slow | revers | delay | promot | inhibit | suppress | activat | induc | driv | drove |
  regulat | accelerat | strengthen | weaken | worsen | impair | restor | elevat | doubl | halv | predict | amplif |
  diminish | attenuat | mitigat | alleviat | ameliorat | augment | benefit | harm | damag | shrink | shrank | enlarg | grew |
  lengthen | shorten | extend | sharpen | stabili | disrupt | counteract | offset | combat |
  burn | ease | eases | relie | curb | modulat | upregulat | downregulat | mediat | blocks | blocked |
  convert | secret | produc | generat | rewir | repair | preserv | maintain | mobilis | mobiliz | anchor |
  steadies | tame | spikes | spiked | falls | fell | rises | rose | climb | declin | plummet | soar |
  outperform | rival | deplet | replenish | shift | alter | affect | influenc | contribut | lessen | heighten | dampen
`);
const EFFECT_PHRASES = [
  /\blead(?:s|ing)? to\b/, /\bled to\b/, /\bassociated with\b/, /\blinked (?:to|with)\b/, /\btied to\b/, /\brelated to\b/,
  /\bcorrelat\w+ with\b/, /\bcontribut\w+ to\b/, /\bresponsible for\b/, /\bhelps?\b/, /\bhelped\b/, /\bresult(?:s|ed)? in\b/,
  /\bdepends? on\b/, /\bgives? rise to\b/, /\bkeeps?\b.*\b(?:low|high|stable|healthy|in check)\b/, /\bmakes? (?:it )?(?:easier|harder)\b/,
  /\bgood for\b/, /\bbad for\b/, /\bworks? (?:by|through|via)\b/, /\bacts? (?:as|on)\b/, /\bcounts? (?:as|for)\b/,
  /\b(?:can|may|could|might|will|would|does|do|did)\s+(?:\w+\s+)?(?:cut|push|make|keep|help|lift|clear|burn|block|build|drop|fall|raise|lower|boost|pull|move|store|release|tell|flip|switch|nudge|tip|pay off|add up)\b/,
  /\b(?:flips?|switch(?:es)?|turns?) (?:on|off)\b/, /\bbuilds? up\b/, /\bkick(?:s|ed)? in\b/, /\bmakes? (?:\w+\s+){1,3}(?:build|grow|burn|work|feel|get|respond|use|store|take up|more|less|better|worse|easier|harder)\b/,
  /\b(?:take|takes|took|pull|pulls|pulled|draw|draws|clear|clears) (?:\w+ ){0,3}(?:out of|from) (?:the |your )?(?:blood|bloodstream)\b/,
  /\b(?:lasts?|persists?|lingers?) (?:for )?(?:up to |about |many |several |a few |\d+ )?(?:hours?|days?|weeks?|months?)\b/,
  /\bprotective\b/, /\beffective\b/, /\bbeneficial\b/, /\bharmful\b/, /\bsafe\b/, /\bdoes the opposite\b/, /\bdoes the job\b/, /\bdo the job\b/,
];
const NUMBER_WORD = String.raw`(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety|a hundred|a few|a couple of|several)`;
const WORD_QUANTITY = new RegExp(String.raw`\b${NUMBER_WORD}(?:\s+(?:to|or|and)\s+${NUMBER_WORD})?(?:\s*-\s*|\s+)(?:minutes?|hours?|days?|weeks?|months?|years?|nights?|servings?|portions?|cups?|drinks?|sessions?|times|percent|per cent|grams?|kilos?|steps)\b`, 'i');
const QUANTITY = /\b\d+(?:[.,]\d+)?\s*(?:%|percent|per cent|-?fold|times|x\b|minutes?|mins?|hours?|hrs?|h\b|days?|weeks?|months?|years?|mg|g\b|grams?|kg|kcal|calories|mmol\/l|mg\/dl|mmhg|bpm|beats|steps|mets?|servings?|portions?|cups?|drinks?|litres?|liters?|ml|iu|µg|mcg|units?|sessions?|reps?|sets?|nights?|times a week|a day|per day|a week|per week|kilograms?|pounds?|lbs?)\b|\b\d+(?:[.,]\d+)?\s*%|\b(?:half|twice|double|triple|one in \w+|a third|a quarter|two-thirds|three-quarters)\b|\b\d{1,3}(?:,\d{3})+\b/i;
const COMPARATIVE = /\b(?:more|less|fewer|higher|lower|greater|better|worse|faster|slower|stronger|weaker|larger|smaller|longer|shorter|earlier|later|most|least|best|worst|strongest|highest|lowest|largest|biggest|fastest|greatest|superior|inferior|than)\b/i;
const EVIDENCE = /\b(?:stud(?:y|ies)|trials?|research(?:ers)?|evidence|meta-analys[ie]s|meta-analytic|systematic reviews?|cohorts?|data|findings?|experiments?|scientists|investigators|participants|volunteers|subjects|patients|(?:has|have|was|were|been) (?:shown|found|demonstrated|reported|observed|linked)|found that|showed|shown|reported|demonstrated|observed|suggests?|indicates?|according to|in (?:mice|rats|humans|people|adults|older adults))\b/i;
const RISK = /\b(?:risk|risks|mortality|death|deaths|dying|die|lifespan|longevity|diseases?|disorders?|conditions?|diabetes|diabetic|cancers?|dementia|alzheimer'?s|stroke|strokes|heart attacks?|cardiovascular|coronary|obesity|obese|overweight|hypertension|depression|anxiety|inflammation|inflammatory|fractures?|falls|frailty|sarcopenia|osteoporosis|insomnia|cognitive decline|chronic|symptoms?|incidence|prevalence|outcomes?|healthspan|health|healthy|metabolic|immune|infection|injur(?:y|ies)|blood (?:sugar|glucose|pressure)|cholesterol|weight loss|body fat|muscle mass|bone|live longer|living longer|longer life|early death|die early)\b/i;
const DOMAIN = /\b(?:sugar|glucose|insulin|muscles?|brain|heart|blood|fat|sleep|weight|energy|memory|mood|metabolism|hormones?|calories|liver|gut|arteries|bones?|joints?|immune|fitness|strength|appetite|cells?|body|organs?)\b/i;
const HEDGE_OR_MODAL = /\b(?:may|might|can|could|appears? to|seems? to|tends? to|likely|probably|possibly|typically|usually|often|generally)\b/i;
const GENERIC_FACT = /^(?:[\p{Lu}\p{Ll}][\p{L}\d'’-]*\s+){0,6}?(?:is|are|was|were)\s+(?!not\b)/u;

/** Imperatives and invitations that open motivational or instructional lines. */
const IMPERATIVE_START = new Set(w(`
  start begin try consider think imagine picture ask talk keep add spread include work progress switch aim make take let let's
  don't do remember check avoid choose swap get go walk stand sit set schedule plan pick find use write read reply tell share
  join follow sign subscribe click see note track log book put build fit grab stop skip stay drink eat sleep move focus
  listen breathe give treat enjoy celebrate welcome meet say pair prioritise prioritize limit cut replace warm cool stretch
  mix rotate repeat record review discuss bring pay turn open close leave hit hold lift squeeze push pull carry
  protect assess reassess measure monitor wear save prepare aim ensure encourage offer screen refer individualise individualize
`));
const META = /\b(?:this|the present|our|the following|the next|the previous|in this)\s+(?:article|post|piece|section|review|summary|guide|page|chapter|issue|newsletter|faq|list|table|figure|paper|email|week|edition|leaflet|booklet|handout|factsheet|fact sheet|digest|feature|document|resource|course|programme|program|series|report)\b|\b(?:below|above)\b.*\b(?:table|list|section|figure|summar)|\btable \d|\bfig(?:ure|\.)? ?\d|\bsection \d|\bwe (?:look|turn|review|discuss|summari[sz]e|cover|consider|focus|describe|outline|explore|examine|answer|start|begin|end|close)\b|\b(?:is|are) (?:summari[sz]ed|listed|shown|given|described) (?:in|below|above)\b|\b(?:in|for) (?:brief|short|summary)\b|\bnot medical advice\b|^our (?:take|view|verdict|advice|bottom line)\b|^(?:bottom line|the takeaway|in short|in summary)\b:|\bread on\b|\bhere'?s (?:what|how|why)\b|\blet'?s\b/i;
const FRAMING = /^(?:you(?:'ve| have)? (?:probably |may have |might have )?(?:heard|read|been told|seen)|you (?:don't|do not|won't|will not) need|you can (?!reduce|lower|cut|improve|boost)\w+ .* and still\b|(?:many|some) people (?:think|believe|assume)|it'?s (?:often|commonly|widely) (?:said|claimed|believed)|that sounds? like)/i;
const FIRST_PERSON = /^(?:i|i'm|i've|i'd|i'll|my|we're|we've|we'll|we'd)\b|\b(?:i was|i am|i have|i had|i used to|i tried|i started|i found myself|my own|my doctor|my friend|my mum|my dad)\b/i;
const SECOND_PERSON_MOTIVATION = /\b(?:you(?:'ll| will)? (?:love|enjoy|feel|be glad|thank)|your future self|you(?:'ve)? got this|you can do (?:it|this)|ready to|why not|no excuses?|trust me|believe me|small steps|every step counts|your (?:journey|goals?))\b/i;
const ADVICE = /\b(?:talk to|ask|consult|check with|speak to|see|contact|tell) (?:your|a|their|the|his|her) (?:doctor|gp|physician|healthcare|health care|clinician|pharmacist|dietitian|nurse|care team|diabetes team|physiotherapist)\b|\bbefore (?:starting|changing|you start|increasing|stopping)\b|\b(?:nurse|gp|doctor|physiotherapist|pharmacist|dietitian|care team|clinic)\b.{0,60}\bcan help you\b/i;
const DEFINITION = /^(?:an?\s+|the\s+)?[\p{L}\d'’ -]{1,60}?\s+(?:is|are|refers to|means|describes)\s+(?:simply\s+|just\s+|basically\s+)?(?:a|an|the|how|what|when|where|any|one of|shorthand|short for)\b/iu;
const SIMPLE_DEFINITION = /^[\p{L}\d'’ -]{1,60}?\s+(?:is|are|means)\s+(?:simply|just|basically|essentially)\s+(?:how|what|a|an|the)\b/iu;
/** Reported speech: "…," Marsden says. */
const ATTRIBUTED = /["”’]\s*,?\s*(?:\p{Lu}[\p{L}'-]+\s+){0,3}(?:says|said|explains|explained|notes|noted|adds|added|told|recalls|recalled|admits|argues|laughs)\b|\b(?:says|said|explains|recalls)\s+(?:Dr\.?\s+)?\p{Lu}[\p{L}'-]+[.,]?\s*$/u;
/** History and what people used to believe. */
const HISTORY = /\b(?:for (?:most of |much of )?the (?:\w+ )?(?:century|decades?)|in the (?:\d{4}s|past|early days)|(?:was|were) (?:once |long )?(?:taught|thought|believed|regarded|seen|considered|dismissed) (?:as|to be)|the first \w+ to be (?:studied|described|discovered|identified))\b/i;
/** Comments on study design rather than on health. */
const METHODOLOGY = /\b(?:small sample|sample size|(?:was|were|is|are) (?:an? )?(?:observational|cross-sectional|self-reported)|observational (?:analysis|study|data|evidence)|cannot prove|can't prove|does not prove|doesn't prove|cause and effect|causation|confound\w*|limitations?|bias(?:ed)?|selected samples?|effect sizes?|should be read with caution|treated with caution)\b/i;
/** Scene-setting in features: a person or scene doing something now. */
const SCENE = /^(?:(?:dr|prof)\.?\s+\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+)?|(?:back )?in the (?:\p{Lu}[\p{L}-]+ )?(?:lab|laboratory|basement|clinic|gym|room|office|kitchen|park)|(?:a|the) (?:second |first |young |older )?(?:volunteer|technician|participant|patient|runner|researcher|nurse|woman|man|student)s?)\b.{0,80}\b(?:watches|taps|climbs|walks|works|sits|stands|carries|looks|smiles|laughs|pedals|points|holds|opens|leans|pulls|checks|nods|steps|waits)\b/iu;
const QUOTED = /^["“'‘].*["”'’][.!?]?$/s;

function firstWord(text: string): string {
  return (/^[\s"“'‘(*_]*([\p{L}']+)/u.exec(text)?.[1] ?? '').toLowerCase();
}

function hasEffect(lower: string): string | undefined {
  for (const m of lower.matchAll(/\b[\p{L}-]+\b/gu)) {
    const word = m[0];
    for (const stem of EFFECT_STEMS) {
      if (word.startsWith(stem) && word.length - stem.length <= 5) {
        // "increasingly", "limited" in other senses: keep only verb-like endings.
        if (/(?:ly|ness|ment)$/.test(word) && !/ment$/.test(stem)) continue;
        return word;
      }
    }
  }
  for (const re of EFFECT_PHRASES) {
    const m = re.exec(lower);
    if (m) return m[0];
  }
  return undefined;
}

/** Scores one unit. Pure and cheap: a handful of regular-expression tests. */
export function scoreClaim(unit: ClaimUnitInfo): ClaimScore {
  const text = unit.text.trim();
  const lower = text.toLowerCase();
  const features: ClaimFeature[] = [];
  const add = (id: string, weight: number, reason: string) => features.push({ id, weight, reason });

  const words = text.split(/\s+/).filter((x) => /[\p{L}\d]/u.test(x)).length;
  if (words < 4) add('too-short', -3, 'too short to state a claim');
  if (/\?\s*(?:["”’)]\s*)?$/.test(text)) add('question', -6, 'a question');

  const effect = hasEffect(lower);
  if (effect) add('effect', 1.5, `states an effect ('${effect}')`);
  const quantity = QUANTITY.exec(text) ?? WORD_QUANTITY.exec(text);
  if (quantity) add('quantity', 1.25, `with a quantity ('${quantity[0].trim()}')`);
  const comparative = COMPARATIVE.exec(text);
  if (comparative) add('comparison', 0.75, `compares ('${comparative[0]}')`);
  const evidence = EVIDENCE.exec(text);
  if (evidence) add('evidence', 0.75, `cites evidence in words ('${evidence[0]}')`);
  const risk = RISK.exec(text);
  if (risk) add('health-outcome', 1, `names a health outcome ('${risk[0]}')`);
  const domain = !risk ? DOMAIN.exec(text) : null;
  if (domain) add('body-vocabulary', 0.5, `talks about the body ('${domain[0]}')`);
  if (unit.glossaryTerms > 0) add('glossary-terms', Math.min(1.5, 0.5 * unit.glossaryTerms), `mentions ${unit.glossaryTerms} glossary term${unit.glossaryTerms > 1 ? 's' : ''}`);
  if (unit.inCitedTable) add('evidence-table', 1.5, 'a row of a table whose other rows cite sources');
  if (HEDGE_OR_MODAL.test(text) && (effect || risk)) add('hedged-effect', 0.25, 'a hedged effect is still a claim');
  if (!effect && GENERIC_FACT.test(text) && (risk || unit.glossaryTerms > 0)) add('general-statement', 0.5, 'states a general fact');

  const first = firstWord(text);
  // "If you have X, get…", "In these patients, consider…": the instruction after the opener.
  const afterOpener = /^(?:if|when|once|before|after|while|until|in|for|with|at|on)\b[^,;:]{0,80}[,;:]\s*([\p{L}']+)/iu.exec(text)?.[1]?.toLowerCase();
  if (IMPERATIVE_START.has(first) || (afterOpener && IMPERATIVE_START.has(afterOpener))) {
    // "Walking lowers…" is a claim; "Walk after meals." is advice.
    if (unit.isTableRow) add('imperative', -1, 'a row that starts with an instruction');
    else add('imperative', -4, 'an instruction, not a claim');
  }
  if (FRAMING.test(text)) add('framing', -2, 'frames a belief or a myth rather than stating a fact');
  if (META.test(text)) add('meta-text', -6, 'describes the article itself');
  if (FIRST_PERSON.test(text)) add('anecdote', -2, 'a personal anecdote');
  if (SECOND_PERSON_MOTIVATION.test(text)) add('motivation', -2, 'motivational');
  if (ADVICE.test(text)) add('advice', -4, 'advice to see a professional');
  if (SIMPLE_DEFINITION.test(text)) add('definition', -3, 'a definition');
  else if (DEFINITION.test(text) && !effect && !quantity) add('definition', -2, 'a definition');
  if (unit.inBlockquote || QUOTED.test(text)) add('quotation', -1, 'a quotation');
  if (ATTRIBUTED.test(text)) add('reported-speech', -1.5, 'reported speech');
  if (HISTORY.test(text)) add('history', -2, 'history of an idea');
  if (METHODOLOGY.test(text) && !effect) add('methodology', -2, 'comments on study design');
  else if (METHODOLOGY.test(text)) add('methodology', -1, 'comments on study design');
  if (SCENE.test(text)) add('scene', -3, 'scene-setting narrative');
  if (/!\s*(?:\p{Extended_Pictographic}\S*\s*)*$/u.test(text) && !effect) add('exclamation', -1, 'an exclamation');

  const score = features.reduce((s, f) => s + f.weight, 0);
  return { score, features };
}

export function isClaim(score: ClaimScore, sensitivity: Sensitivity = 'medium'): boolean {
  return score.score >= THRESHOLDS[sensitivity];
}

/** "states an effect ('reduces') with a quantity ('48 hours')": the positive reasons. */
export function explainClaim(score: ClaimScore): string {
  const positive = score.features.filter((f) => f.weight > 0).sort((a, b) => b.weight - a.weight).slice(0, 3);
  return positive.map((f) => f.reason).join(', ');
}
