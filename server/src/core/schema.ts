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
