/**
 * Types shared by the VS Code client and the language server (one copy, imported by both).
 */

/** Server → client: what Healthmark found in a document, for the status bar. */
export const StatusNotification = 'healthmark/status';

export interface StatusParams {
  uri: string;
  state: 'ok' | 'skipped';
  /** Set when state is 'skipped': why the document was not analysed. */
  message?: string;
  glossaryEntries: number;
  termsInDocument: number;
}

/** The `healthmark.*` settings as the server reads them. */
export interface HealthmarkSettings {
  enable: boolean;
  glossary: {
    enable: boolean;
    /** Extra glossary files, relative to the workspace folder or absolute. */
    extraFiles: string[];
  };
}

export const defaultSettings: HealthmarkSettings = {
  enable: true,
  glossary: { enable: true, extraFiles: [] },
};

/** The workspace glossary picked up without any setting. */
export const WORKSPACE_GLOSSARY = '.healthmark/glossary.json';
