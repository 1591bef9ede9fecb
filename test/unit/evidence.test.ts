import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMechanisticOnly, isObservationalOnly } from '../../server/src/core/citations/fit';
import { buildCitationLibrary, evidenceInfoOf, validateCitationData } from '../../server/src/core/citations/library';
import { repoRoot } from '../support/fixtures';

describe('evidence metadata', () => {
  const data = JSON.parse(readFileSync(path.join(repoRoot, 'server', 'data', 'citations.json'), 'utf8'));
  const sources = JSON.parse(readFileSync(path.join(repoRoot, 'server', 'data', 'citations.sources.json'), 'utf8'));

  it('every bundled record has structured evidence and the page where it was seen', () => {
    assert.deepEqual(validateCitationData(data), []);
    for (const r of data) {
      assert.ok(r.evidence?.design && r.evidence.population && r.evidence.summary, r.id);
      assert.ok(sources[r.id]?.fields?.length > 0, `${r.id}: no source page for its fields`);
      assert.ok(sources[r.id]?.evidence?.length > 0 || sources[r.id]?.evidenceFrom === 'note', `${r.id}: no source for its evidence`);
    }
  });

  it('reads the note convention of a team’s own CSL-JSON or BibTeX', () => {
    const mice = evidenceInfoOf({ id: 'a', type: 'article-journal', title: 't', note: 'evidence: animal (mice)' })!;
    assert.equal(mice.design, 'animal');
    assert.equal(mice.population, 'animal');
    assert.equal(mice.species, 'mice');
    const rct = evidenceInfoOf({ id: 'b', type: 'article-journal', title: 't', note: 'evidence: RCT; population: human; size: 300 adults' })!;
    assert.deepEqual([rct.design, rct.population, rct.size], ['rct', 'human', '300 adults']);
    const cohorts = evidenceInfoOf({ id: 'c', type: 'article-journal', title: 't', note: 'evidence: meta-analysis (16 prospective cohort studies)' })!;
    assert.equal(cohorts.design, 'meta-analysis');
    assert.equal(evidenceInfoOf({ id: 'd', type: 'article-journal', title: 't', note: 'read this later' }), undefined);
  });

  it('tells mechanistic-only and observational-only support apart from evidence that can carry a claim about people', () => {
    const lib = buildCitationLibrary([{ name: 'bundled', data }]).library;
    const get = (id: string) => lib.byId.get(id)!;
    assert.ok(isMechanisticOnly(get('seldin2012myonectin')) && isMechanisticOnly(get('kim2013acute')) && isMechanisticOnly(get('jager2007amp')));
    assert.ok(!isMechanisticOnly(get('knowler2002reduction')) && !isMechanisticOnly(get('richter2013exercise')));
    assert.ok(isObservationalOnly(get('paluch2022daily')) && isObservationalOnly(get('arem2015leisure')));
    assert.ok(!isObservationalOnly(get('cornelissen2013exercise')) && !isObservationalOnly(get('reynolds2019carbohydrate')));
  });
});

describe('claim model data', () => {
  const load = (f: string) => JSON.parse(readFileSync(path.join(repoRoot, 'server', f), 'utf8'));
  it('validates the lexicon, the fitted model and the overclaim patterns against their schemas', async () => {
    const { default: Ajv } = await import('ajv');
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(load('schemas/claim-lexicon.schema.json'));
    for (const [schema, data] of [['claim-lexicon', 'claim-lexicon'], ['claim-model', 'claim-model'], ['overclaims', 'overclaims']]) {
      const doc = load(`schemas/${schema}.schema.json`);
      const validate = ajv.getSchema(doc.$id) ?? ajv.compile(doc);
      assert.ok(validate(load(`data/${data}.json`)), `${data}: ${JSON.stringify(validate.errors)}`);
    }
    for (const p of load('data/overclaims.json').patterns) assert.doesNotThrow(() => new RegExp(p.pattern, 'iu'), p.pattern);
  });
});
