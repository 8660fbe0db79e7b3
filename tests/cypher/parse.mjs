// Checks Cypher statements with Neo4j's official Cypher 5 parser and semantic analysis
// (@neo4j-cypher/language-support). Reads JSON from stdin:
//   {"labels": [...], "relationshipTypes": [...], "statements": [{"name", "cypher", "params"}]}
// and writes JSON to stdout: [{"name", "diagnostics": [{"severity", "message"}]}].
// Severity 1 is an error, 2 a warning. Parameters not listed in "params" are errors.
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const out = input.statements.map(({ name, cypher, params }) => {
  const schema = {
    defaultLanguage: 'CYPHER 5',
    labels: input.labels,
    relationshipTypes: input.relationshipTypes,
    parameters: Object.fromEntries(params.map((p) => [p, null])),
  };
  const { diagnostics } = lintCypherQuery(cypher, schema);
  return {
    name,
    diagnostics: diagnostics.map((d) => ({ severity: d.severity, message: d.message })),
  };
});
process.stdout.write(JSON.stringify(out));
