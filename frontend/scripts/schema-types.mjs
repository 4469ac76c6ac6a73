#!/usr/bin/env node
/**
 * OpenAPI schema → `src/lib/api-schema.d.ts`, the types the features derive theirs from.
 *
 *   npm run schema:types [-- <schema.yaml> [<output.d.ts>]]
 *
 * Defaults: `openapi.yaml` → `src/lib/api-schema.d.ts`. `make schema` (from the repository root)
 * writes the schema with drf-spectacular and runs this; the drift test in
 * `tests/test_api_schema_types.py` runs it too and compares with the committed file.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import openapiTS, { astToString } from 'openapi-typescript';

const HEADER = `/**
 * Generated from the API's OpenAPI schema by openapi-typescript. Do not edit by hand.
 * Regenerate from the repository root with \`make schema\` (drf-spectacular → openapi-typescript),
 * and commit the result; \`make test\` fails while this file differs from the backend's schema.
 */

`;

const [input = 'openapi.yaml', output = 'src/lib/api-schema.d.ts'] = process.argv.slice(2);
const schemaPath = resolve(input);
// Read it ourselves, so a missing file is a plain error rather than a fetch failure.
await readFile(schemaPath);
// A field with a default may be left out of a request: keep it optional (openapi-typescript would
// otherwise make it required, as if it described a response).
const ast = await openapiTS(pathToFileURL(schemaPath), { defaultNonNullable: false });
await writeFile(resolve(output), HEADER + astToString(ast));
console.log(`${input} → ${output}`);
