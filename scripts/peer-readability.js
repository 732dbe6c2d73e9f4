// The peer of ingest's main-text extraction in make eval: Mozilla's Readability (under jsdom)
// on each HTML file named, written as ingest writes rows (doc_id source published url title
// author text, with the stream format's escapes), so that scripts/eval-ingest-pages scores both
// alike. Needs @mozilla/readability and jsdom where node finds them (NODE_PATH): they are not
// a dependency of crosscheck, only a yardstick (see docs/ingest.md, "Measured").
'use strict';
const fs = require('fs');
const { JSDOM, VirtualConsole } = require('jsdom');
const { Readability } = require('@mozilla/readability');

const escape = (s) => (s || '').replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
process.stdout.write('doc_id\tsource\tpublished\turl\ttitle\tauthor\ttext\n');
for (const file of process.argv.slice(2)) {
	const dom = new JSDOM(fs.readFileSync(file), { url: 'https://example.org/', virtualConsole: new VirtualConsole() });
	const article = new Readability(dom.window.document).parse() || {};
	const fields = ['', article.siteName, article.publishedTime, '', article.title, article.byline, article.textContent];
	process.stdout.write(fields.map(escape).join('\t') + '\n');
}
