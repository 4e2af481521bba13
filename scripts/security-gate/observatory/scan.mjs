// MDN HTTP Observatory scan of a host on explicit ports. The package's own CLI and scan()
// take only a hostname and probe ports 80/443; this is scanner/index.js's scan() with the
// retriever's httpPort/httpsPort options passed through (same tests, same grading).
// Usage: node scan.mjs <hostname> <httpsPort> <httpPort>   (prints the result as JSON)
import { MINIMUM_SCORE_FOR_EXTRA_CREDIT } from '@mdn/mdn-http-observatory/src/grader/charts.js';
import { getGradeForScore, getScoreModifier } from '@mdn/mdn-http-observatory/src/grader/grader.js';
import { retrieve } from '@mdn/mdn-http-observatory/src/retriever/retriever.js';
import { ALGORITHM_VERSION, ALL_TESTS, NUM_TESTS } from '@mdn/mdn-http-observatory/src/constants.js';

const [hostname, httpsPort, httpPort] = process.argv.slice(2);
const r = await retrieve(hostname, { httpsPort: Number(httpsPort), httpPort: Number(httpPort) });
if (!r.responses.auto) {
  console.log(JSON.stringify({ error: 'The site seems to be down.' }));
  process.exit(1);
}
const results = ALL_TESTS.map((test) => test(r));
let passed = 0;
let withExtraCredit = 100;
let uncurved = 100;
for (const result of results) {
  if (!result.result) continue;
  result.scoreModifier = getScoreModifier(result.result);
  passed += result.pass ? 1 : 0;
  withExtraCredit += result.scoreModifier;
  if (result.scoreModifier < 0) uncurved += result.scoreModifier;
}
const score = uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? withExtraCredit : uncurved;
const final = getGradeForScore(score);
console.log(
  JSON.stringify({
    scan: { algorithmVersion: ALGORITHM_VERSION, grade: final.grade, score: final.score, statusCode: r.responses.auto.status, testsPassed: passed, testsQuantity: NUM_TESTS },
    tests: Object.fromEntries(results.map((t) => [t.constructor.name, { pass: t.pass, result: t.result, scoreModifier: t.scoreModifier }])),
  }),
);
