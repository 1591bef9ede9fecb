// Extension-host API tests: the real `vscode` API against the example workspace.
//
// Runs inside VS Code's extension host, under code-server (test/vscode/api-runner, started by
// npm run test:vscode) or under @vscode/test-electron (test/vscode/electron.mjs). The first
// workspace folder must be a copy of examples/. Tests run in order on one document; each one
// finds what it needs itself (no test relies on an earlier one having passed), so
// HEALTHMARK_API_GREP can pick any of them. No fixed sleeps: everything polls with a timeout.
'use strict';

const assert = require('node:assert/strict');
const vscode = require('vscode');
const { poll } = require('../poll.cjs');

const ARTICLE = 'exercise-and-metabolic-health.md';
// An uncited claim of the demo article and its line (1-based, as the editor shows it).
const CLAIM = 'Even a short walk after a meal blunts the rise in blood glucose that follows it.';
const CLAIM_LINE = 26;
const NOT_A_CLAIM = 'Not a claim — ignore this sentence';
const SOURCE = 'healthmark';

const codeOf = (d) => (d.code !== null && typeof d.code === 'object' ? d.code.value : d.code);
const ours = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
const brief = (ds) => ds.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${codeOf(d)}`).join(', ') || '(none)';
const hoverText = (h) => (h.contents || []).map((c) => (typeof c === 'string' ? c : c.value)).join('\n---\n');
const labelOf = (item) => (typeof item.label === 'string' ? item.label : item.label.label);

function articleUri() {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(folder, 'no workspace folder is open (expected a copy of examples/)');
  return vscode.Uri.joinPath(folder.uri, ARTICLE);
}

/** Opens the article in an editor (once; later calls return the same document). */
async function openArticle() {
  const uri = articleUri();
  const doc = await vscode.workspace.openTextDocument(uri);
  if (vscode.window.activeTextEditor?.document !== doc) await vscode.window.showTextDocument(doc, { preview: false });
  assert.equal(doc.languageId, 'markdown', `${ARTICLE} did not open as markdown`);
  return { uri, doc };
}

/** The healthmark uncited-claim diagnostic of line CLAIM_LINE, once published. */
async function claimDiagnostic(uri, doc) {
  assert.equal(doc.lineAt(CLAIM_LINE - 1).text, CLAIM, `line ${CLAIM_LINE} of ${ARTICLE} is not the expected claim`);
  return poll(() => ours(uri).find((d) => codeOf(d) === 'uncited-claim' && d.range.start.line === CLAIM_LINE - 1), {
    timeout: 60_000,
    message: `a healthmark uncited-claim diagnostic on line ${CLAIM_LINE}`,
    detail: () => brief(ours(uri)),
  });
}

/** Quick fixes from every provider for `range` (resolving edits, should a provider defer them). */
async function quickFixes(uri, range) {
  const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value, 50);
  return actions || [];
}

describe(`Healthmark extension API (${ARTICLE})`, function () {
  this.timeout(90_000);

  before(async function () {
    await openArticle();
    // The healthmark extension activates on the markdown document (onLanguage:markdown).
    const ext = vscode.extensions.getExtension('healthmark.healthmark');
    assert.ok(ext, `healthmark.healthmark is not installed; extensions: ${vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.')).join(', ')}`);
    await poll(() => ext.isActive, { timeout: 30_000, message: 'healthmark.healthmark to activate' });
  });

  after(async function () {
    // Leave the window as found: undo this suite's unsaved edits.
    try {
      await openArticle();
      await vscode.commands.executeCommand('workbench.action.files.revert');
    } catch {}
  });

  it('languages.getDiagnostics has healthmark diagnostics: ≥ 5 uncited-claim and 1 uncurated-reference', async function () {
    const { uri } = await openArticle();
    const count = (code) => ours(uri).filter((d) => codeOf(d) === code).length;
    await poll(() => count('uncited-claim') >= 5 && count('uncurated-reference') >= 1, {
      timeout: 60_000,
      message: 'at least 5 uncited-claim and 1 uncurated-reference diagnostics with source "healthmark"',
      detail: () => brief(ours(uri)),
    });
    const all = ours(uri);
    assert.ok(count('uncited-claim') >= 5, `expected ≥ 5 uncited-claim, got ${brief(all)}`);
    assert.equal(count('uncurated-reference'), 1, `expected exactly 1 uncurated-reference, got ${brief(all)}`);
    for (const d of all.filter((x) => codeOf(x) === 'uncited-claim')) {
      assert.equal(d.severity, vscode.DiagnosticSeverity.Warning, `uncited-claim at ${brief([d])} is not a warning`);
      assert.match(d.message, /^Uncited claim/, `unexpected message at ${brief([d])}`);
    }
  });

  it('vscode.executeHoverProvider on the first GLUT4 after the frontmatter returns its glossary entry', async function () {
    const { uri, doc } = await openArticle();
    const text = doc.getText();
    const fm = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(text);
    assert.ok(fm, `${ARTICLE} has no YAML frontmatter`);
    const re = /\bGLUT4\b/g;
    re.lastIndex = fm[0].length;
    const m = re.exec(text);
    assert.ok(m, 'no GLUT4 after the frontmatter');
    const position = doc.positionAt(m.index + 2); // inside the word
    const hovers = await poll(
      async () => {
        const hs = (await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, position)) || [];
        return hs.some((h) => hoverText(h).includes('**GLUT4**')) && hs;
      },
      {
        timeout: 30_000,
        message: `a hover containing "**GLUT4**" at ${position.line + 1}:${position.character + 1}`,
        detail: async () => JSON.stringify(((await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, position)) || []).map(hoverText)),
      },
    );
    const hover = hovers.find((h) => hoverText(h).includes('**GLUT4**'));
    const md = hoverText(hover);
    assert.ok(md.includes('**GLUT4**'), `hover lacks "**GLUT4**": ${JSON.stringify(md)}`);
    assert.ok(md.includes('Also called'), `hover lacks "Also called": ${JSON.stringify(md)}`);
    if (hover.range) assert.equal(doc.getText(hover.range), 'GLUT4', 'hover range is not the word GLUT4');
  });

  it(`vscode.executeCodeActionProvider on the line-${CLAIM_LINE} claim offers "Cite …" fixes and "${NOT_A_CLAIM}"`, async function () {
    const { uri, doc } = await openArticle();
    const diagnostic = await claimDiagnostic(uri, doc);
    const actions = await poll(
      async () => {
        const as = await quickFixes(uri, diagnostic.range);
        return as.some((a) => a.title.startsWith('Cite ')) && as;
      },
      { timeout: 20_000, message: `"Cite …" quick fixes on line ${CLAIM_LINE}`, detail: async () => JSON.stringify((await quickFixes(uri, diagnostic.range)).map((a) => a.title)) },
    );
    const titles = actions.map((a) => a.title);
    const cites = titles.filter((t) => t.startsWith('Cite '));
    assert.ok(cites.length >= 1 && cites.length <= 3, `expected 1–3 "Cite …" actions: ${JSON.stringify(titles)}`);
    assert.equal(titles.filter((t) => t === NOT_A_CLAIM).length, 1, `expected one "${NOT_A_CLAIM}" action: ${JSON.stringify(titles)}`);
    for (const a of actions.filter((x) => x.title.startsWith('Cite ') || x.title === NOT_A_CLAIM)) {
      assert.ok(a.edit instanceof vscode.WorkspaceEdit, `"${a.title}" has no workspace edit`);
      assert.ok(a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind), `"${a.title}" is not a quick fix (kind ${a.kind && a.kind.value})`);
    }
  });

  it(`workspace.applyEdit of the first "Cite …" fix clears the line-${CLAIM_LINE} uncited-claim diagnostic`, async function () {
    const { uri, doc } = await openArticle();
    const diagnostic = await claimDiagnostic(uri, doc);
    const actions = await poll(async () => {
      const as = await quickFixes(uri, diagnostic.range);
      return as.some((a) => a.title.startsWith('Cite ')) && as;
    }, { timeout: 20_000, message: `"Cite …" quick fixes on line ${CLAIM_LINE}` });
    const cite = actions.find((a) => a.title.startsWith('Cite '));
    const version = doc.version;
    assert.equal(await vscode.workspace.applyEdit(cite.edit), true, `workspace.applyEdit("${cite.title}") returned false`);
    assert.ok(doc.version > version, 'the document version did not change');
    const line = doc.lineAt(CLAIM_LINE - 1).text;
    assert.match(line, new RegExp(`^${CLAIM.slice(0, -1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\[@[^\\]\\s]+\\]\\.$`), `line ${CLAIM_LINE} after "${cite.title}"`);
    // Re-validated: the claim's diagnostic is gone while the other uncited claims remain.
    await poll(
      () => {
        const ds = ours(uri).filter((d) => codeOf(d) === 'uncited-claim');
        return ds.length > 0 && !ds.some((d) => d.range.start.line === CLAIM_LINE - 1);
      },
      { timeout: 30_000, message: `the line-${CLAIM_LINE} uncited-claim diagnostic to disappear after "${cite.title}"`, detail: () => brief(ours(uri)) },
    );
  });

  it('vscode.executeCompletionItemProvider after typing "[@rich" offers richter2013exercise', async function () {
    const { uri, doc } = await openArticle();
    const typed = 'See also [@rich';
    const at = doc.lineAt(CLAIM_LINE - 1).range.end; // a new paragraph after the claim
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, at, `\n\n${typed}`);
    assert.equal(await vscode.workspace.applyEdit(edit), true, 'workspace.applyEdit (insert) returned false');
    const position = new vscode.Position(at.line + 2, typed.length);
    assert.equal(doc.lineAt(position.line).text, typed, 'the inserted line is not where expected');
    const labels = async () => {
      const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, position);
      return ((list && list.items) || []).map(labelOf);
    };
    await poll(async () => (await labels()).includes('richter2013exercise'), {
      timeout: 20_000,
      message: `a completion item "richter2013exercise" at ${position.line + 1}:${position.character + 1}`,
      detail: async () => JSON.stringify((await labels()).slice(0, 20)),
    });
  });
});

// Issue 14 in the real editor: the repository's configuration changes the Problems panel
// without a restart; the citation report opens with the document's counts; workspace
// diagnostics cover an article that is not open.
describe('Healthmark for teams (real VS Code)', function () {
  this.timeout(120_000);
  const folder = () => vscode.workspace.workspaceFolders[0].uri;
  const write = (uri, text) => vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  const uncited = (uri) => ours(uri).filter((d) => codeOf(d) === 'uncited-claim');

  it('editing .healthmark/config.json changes the diagnostics without a restart', async function () {
    const { uri } = await openArticle();
    await poll(() => uncited(uri).length >= 5, { timeout: 60_000, message: 'uncited claims before the config', detail: () => brief(ours(uri)) });
    const config = vscode.Uri.joinPath(folder(), '.healthmark', 'config.json');
    try {
      await write(config, '{\n  // the team reviews claims in CI only\n  "severity": { "uncited-claim": "off" }\n}\n');
      await poll(() => uncited(uri).length === 0 && ours(uri).length > 0, { timeout: 30_000, message: 'uncited-claim turned off by .healthmark/config.json', detail: () => brief(ours(uri)) });
      await write(config, '{ "severity": { "uncited-claim": "information" } }\n');
      await poll(() => uncited(uri).length >= 5 && uncited(uri).every((d) => d.severity === vscode.DiagnosticSeverity.Information), {
        timeout: 30_000,
        message: 'uncited claims as information after editing the config',
        detail: () => uncited(uri).map((d) => d.severity).join(','),
      });
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), '.healthmark'), { recursive: true });
    }
    await poll(() => uncited(uri).length >= 5 && uncited(uri).every((d) => d.severity === vscode.DiagnosticSeverity.Warning), {
      timeout: 30_000,
      message: 'uncited claims back to warnings once the config is gone',
      detail: () => uncited(uri).map((d) => d.severity).join(','),
    });
  });

  it('"Healthmark: Show citation report" opens a preview with the document’s counts', async function () {
    const { uri } = await openArticle();
    const warned = await poll(() => uncited(uri).length >= 5 && uncited(uri).length, { timeout: 60_000, message: 'uncited claims', detail: () => brief(ours(uri)) });
    await vscode.commands.executeCommand('healthmark.showCitationReport');
    const report = await poll(() => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'healthmark-report' && /claims? found/.test(d.getText())), {
      timeout: 30_000,
      message: 'a healthmark-report document',
      detail: () => vscode.workspace.textDocuments.map((d) => d.uri.toString()).join(', '),
    });
    const text = report.getText();
    assert.match(text, new RegExp(`^# Citation report: ${ARTICLE.replace(/[.]/g, '\\.')}$`, 'm'));
    const m = /\*\*(\d+) claims? found, (\d+) cited \(\d+ %\)\*\*, (\d+) uncited/.exec(text);
    assert.ok(m, text.slice(0, 400));
    assert.equal(Number(m[3]), warned, 'the report’s uncited claims are the Problems panel’s');
    assert.equal(Number(m[1]) - Number(m[2]), Number(m[3]));
    assert.match(text, /^## Coverage per section$/m);
    assert.match(text, /^## References used$/m);
    await poll(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => /^Preview .*report\.md/.test(t.label)), {
      timeout: 20_000,
      message: 'the report in the Markdown preview',
      detail: () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label).join(', '),
    });
  });

  it('with healthmark.workspaceDiagnostics on, an article that is not open has its problems; off, they go', async function () {
    const closed = vscode.Uri.joinPath(folder(), 'closed-draft.md');
    await write(closed, '# Draft\n\nTaking more daily steps is linked to lower all-cause mortality.\n');
    const settings = vscode.workspace.getConfiguration('healthmark');
    try {
      await settings.update('workspaceDiagnostics', true, vscode.ConfigurationTarget.Workspace);
      await poll(() => uncited(closed).length === 1, { timeout: 60_000, message: 'an uncited claim in the closed draft', detail: () => brief(ours(closed)) });
      assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === closed.toString()), 'the draft was never opened');
    } finally {
      await settings.update('workspaceDiagnostics', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await poll(() => ours(closed).length === 0, { timeout: 30_000, message: 'the closed draft’s problems to go with the setting', detail: () => brief(ours(closed)) });
    await vscode.workspace.fs.delete(closed);
  });
});
