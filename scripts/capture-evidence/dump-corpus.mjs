// Prints the committed evidence corpus (captured.generated.ts) as JSON, so `run.sh --merge`
// can replace some of its groups and keep the others exactly as they are.
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const source = readFileSync(process.argv[2], 'utf8');
const js = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
}).outputText;
const { captured } = await import(`data:text/javascript,${encodeURIComponent(js)}`);
process.stdout.write(JSON.stringify(captured));
