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
  };
}
