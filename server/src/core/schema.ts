import Ajv from 'ajv';

/**
 * A validator for a data file's JSON Schema, compiled on first use (ajv compiles a schema
 * into a function once). It returns readable problems, empty when the data is valid.
 */
export function schemaValidator(schema: object): (data: unknown) => string[] {
  let validate: ReturnType<Ajv['compile']> | undefined;
  return (data) => {
    validate ??= new Ajv({ allErrors: true, allowUnionTypes: true, strict: false }).compile(schema);
    if (validate(data)) return [];
    return (validate.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
  };
}

/** A data file as read from disk or settings: its name and parsed JSON (or why it could not be read). */
export interface DataSource {
  name: string;
  data?: unknown;
  /** Set when the file could not be read or parsed. */
  error?: string;
  /**
   * Shipped with Healthmark and checked against its schema by the tests: not validated again
   * at start-up (compiling the schema validators is most of the cost of building the data).
   */
  trusted?: boolean;
}

export interface DataProblem {
  source: string;
  message: string;
}

/**
 * The data of each source that is valid against its schema; unreadable and invalid sources are
 * reported in `problems` (as "<source>: not a valid <what>: …") and skipped, never fatal.
 */
export function validData(sources: DataSource[], validate: (data: unknown) => string[], what: string, problems: DataProblem[]): { name: string; data: unknown }[] {
  const valid: { name: string; data: unknown }[] = [];
  for (const source of sources) {
    if (source.error !== undefined) {
      problems.push({ source: source.name, message: source.error });
      continue;
    }
    const errors = source.trusted ? [] : validate(source.data);
    if (errors.length > 0) {
      problems.push({ source: source.name, message: `not a valid ${what}: ${errors.join('; ')}` });
      continue;
    }
    valid.push({ name: source.name, data: source.data });
  }
  return valid;
}
