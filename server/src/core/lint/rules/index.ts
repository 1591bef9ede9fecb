import { citationMismatch } from './citationMismatch';
import { glossaryArtifact } from './glossaryArtifact';
import { languageNotChecked } from './languageNotChecked';
import { overclaim } from './overclaim';
import { retractedCitation } from './retractedCitation';
import { uncitedClaim } from './uncitedClaim';
import { uncuratedReference } from './uncuratedReference';
import { unknownCitation } from './unknownCitation';
import { unresolvedReference } from './unresolvedReference';
import { unusedReference } from './unusedReference';
import { weakEvidence } from './weakEvidence';
import { missingParagraphBreak } from './missingParagraphBreak';
import { unmarkedHeading } from './unmarkedHeading';
import { brokenTable } from './brokenTable';
import { infinitySeparator } from './infinitySeparator';
import { plainReferencesLine } from './plainReferencesLine';
import { acronymFirstUse } from './acronymFirstUse';
import type { Rule } from '../types';

/** Every rule, in code order. Adding a rule is adding a module and a line here. */
export const rules: Rule[] = [uncitedClaim, unknownCitation, unresolvedReference, uncuratedReference, unusedReference, glossaryArtifact, retractedCitation, overclaim, weakEvidence, citationMismatch, languageNotChecked, missingParagraphBreak, unmarkedHeading, brokenTable, infinitySeparator, plainReferencesLine, acronymFirstUse];
