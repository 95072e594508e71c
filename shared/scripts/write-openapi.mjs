// Writes shared/openapi.json from the route table (run after changing the contract; a test checks for drift).
import { writeFileSync } from 'node:fs';
import { buildOpenApi } from '../dist/index.js';

const file = new URL('../openapi.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(buildOpenApi(), null, 2)}\n`);
console.log(`wrote ${file.pathname}`);
