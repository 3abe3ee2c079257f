// Validate APL documents offline with Amazon's apl-suggester (npm, pinned in package.json).
// Reads one JSON object from standard input, {"name": document, ...}, and prints {"name": [findings]}:
// each finding is apl-suggester's {path, errorMessage, level}. Used by tests/test_screens.py.
'use strict';
const { StaticAplTemplateValidator } = require('apl-suggester');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', async () => {
  const documents = JSON.parse(input);
  const validator = new StaticAplTemplateValidator();
  const findings = {};
  for (const [name, document] of Object.entries(documents)) {
    findings[name] = await validator.validate(document);
  }
  process.stdout.write(JSON.stringify(findings));
});
