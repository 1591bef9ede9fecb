import { defaultSettings, type HealthmarkSettings, type RuleSeverity } from '../../../common/protocol';

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

/** Settings from the client, with anything missing or malformed replaced by its default. */
export function mergeSettings(raw: unknown): HealthmarkSettings {
  const r = (raw ?? {}) as Record<string, any>;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((f): f is string => typeof f === 'string') : []);
  const severity: Record<string, RuleSeverity> = {};
  if (r.severity && typeof r.severity === 'object') {
    for (const [rule, value] of Object.entries(r.severity)) if (typeof value === 'string' && SEVERITIES.has(value)) severity[rule] = value as RuleSeverity;
  }
  const sensitivity = r.claims?.sensitivity;
  return {
    enable: typeof r.enable === 'boolean' ? r.enable : defaultSettings.enable,
    glossary: {
      enable: typeof r.glossary?.enable === 'boolean' ? r.glossary.enable : defaultSettings.glossary.enable,
      extraFiles: strings(r.glossary?.extraFiles),
    },
    claims: {
      sensitivity: sensitivity === 'low' || sensitivity === 'high' || sensitivity === 'medium' ? sensitivity : defaultSettings.claims.sensitivity,
      checkAllLanguages: r.claims?.checkAllLanguages === true,
    },
    citations: {
      scope: r.citations?.scope === 'paragraph' ? 'paragraph' : 'sentence',
      extraFiles: strings(r.citations?.extraFiles),
    },
    severity,
    debounceMs: typeof r.debounceMs === 'number' && r.debounceMs >= 0 && r.debounceMs <= 10000 ? r.debounceMs : defaultSettings.debounceMs,
    // Only when set: an absent list means the built-in one.
    ...(Array.isArray(r.acronyms?.unexpanded) ? { acronyms: { unexpanded: strings(r.acronyms.unexpanded) } } : {}),
    ...(r.baseline === 'hint' || r.baseline === 'hide' || r.baseline === 'show' ? { baseline: r.baseline } : {}),
    ...(r.workspaceDiagnostics === true ? { workspaceDiagnostics: true } : {}),
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep merge of raw settings: `over` wins key by key; arrays and scalars replace; `null` and `undefined` leave `under` as it is. */
export function mergeRawSettings(under: unknown, over: unknown): unknown {
  if (over === undefined || over === null) return under;
  if (!isPlainObject(under) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = { ...under };
  for (const [k, v] of Object.entries(over)) out[k] = mergeRawSettings(under[k], v);
  return out;
}

/**
 * The `healthmark` settings a client put in `initializationOptions`. Accepted shapes:
 * `{ settings: { healthmark: {…} } }`, `{ settings: {…} }`, `{ healthmark: {…} }` (Helix's
 * `config`, eglot's `:initializationOptions`), or the settings themselves. Anything else: none.
 */
export function settingsFromInitializationOptions(options: unknown): Record<string, unknown> | undefined {
  if (!isPlainObject(options)) return undefined;
  const inner = isPlainObject(options.settings) ? options.settings : options;
  if (isPlainObject(inner.healthmark)) return inner.healthmark;
  return inner;
}

/** The `healthmark` part of a pushed `workspace/didChangeConfiguration` (`{ healthmark: {…} }`), if any. */
export function settingsFromPush(settings: unknown): Record<string, unknown> | undefined {
  return isPlainObject(settings) && isPlainObject(settings.healthmark) ? settings.healthmark : undefined;
}

/**
 * Where the server's settings come from, merged in this order: defaults, `initializationOptions`,
 * then what the client gave last — a non-null `workspace/configuration` answer, or else the last
 * `workspace/didChangeConfiguration` push. A `null` answer (eglot, Helix and Neovim answer
 * `null` when the user set nothing) leaves the layers below in force.
 */
export class SettingsSources {
  private initial: Record<string, unknown> | undefined;
  private pushed: Record<string, unknown> | undefined;
  private pulled: Record<string, unknown> | undefined;

  constructor(initializationOptions?: unknown) {
    this.initial = settingsFromInitializationOptions(initializationOptions);
  }

  /** A `workspace/configuration` answer for the section `healthmark` (null or not an object: no settings there). */
  setPulled(answer: unknown): void {
    this.pulled = isPlainObject(answer) ? answer : undefined;
  }

  /** The `settings` of a `workspace/didChangeConfiguration` push. */
  setPushed(settings: unknown): void {
    const pushed = settingsFromPush(settings);
    if (pushed) this.pushed = pushed;
  }

  get settings(): HealthmarkSettings {
    return mergeSettings(mergeRawSettings(mergeRawSettings(this.initial ?? {}, this.pushed), this.pulled));
  }
}

/**
 * Asks the client for the `healthmark` settings of the window and of each workspace folder
 * (with its `scopeUri`: VS Code's folder-level settings in a multi-root workspace). The window's
 * answer goes into `sources` (a null answer, as eglot, Helix and Neovim give when nothing is
 * set, keeps the initializationOptions settings); the result has, for each folder in order, its
 * own settings, or undefined where the client has none for it. A client that fails the request
 * leaves the window's settings to the other layers.
 */
export async function pullSettings(
  getConfiguration: (items: { section: string; scopeUri?: string }[]) => Promise<unknown[]>,
  sources: SettingsSources,
  folderUris: string[],
  initializationOptions: unknown,
): Promise<(HealthmarkSettings | undefined)[]> {
  try {
    const answers = await getConfiguration([{ section: 'healthmark' }, ...folderUris.map((scopeUri) => ({ section: 'healthmark', scopeUri }))]);
    sources.setPulled(answers[0]);
    return folderUris.map((_, i) => {
      const answer = answers[i + 1];
      if (answer === null || answer === undefined) return undefined;
      const folder = new SettingsSources(initializationOptions);
      folder.setPulled(answer);
      return folder.settings;
    });
  } catch {
    sources.setPulled(undefined);
    return folderUris.map(() => undefined);
  }
}
