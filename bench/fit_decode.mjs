#!/usr/bin/env node
// FIT decode throughput of @garmin/fitsdk (Garmin's JavaScript decoder) with the options
// activity-ref's ref.mjs uses, on every FIT file (*.fit, *.FIT, *.fit.gz gunzipped up front) in a
// folder, ROUNDS times; prints the same line as podium_bench_fit.
//   node bench/fit_decode.mjs FITSDK_DIR FOLDER [ROUNDS]   (FITSDK_DIR: an activity-ref install)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';

const [fitsdkDir, folder, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 20);
const { Decoder, Stream } = await import(
  pathToFileURL(path.join(fitsdkDir, 'node_modules/@garmin/fitsdk/src/index.js')).href);
const options = {
  applyScaleAndOffset: true, expandSubFields: true, expandComponents: true,
  convertTypesToStrings: true, convertDateTimesToDates: true, includeUnknownData: false,
  mergeHeartRates: true,
};
const buffers = fs.readdirSync(folder).sort()
  .filter(n => /\.fit(\.gz)?$/i.test(n))
  .map(n => fs.readFileSync(path.join(folder, n)))
  .filter(b => b.length > 0)
  .map(b => (b[0] === 0x1f && b[1] === 0x8b ? zlib.gunzipSync(b) : b));
const bytes = buffers.reduce((s, b) => s + b.length, 0);
let records = 0;
const start = process.hrtime.bigint();
for (let r = 0; r < rounds; r++) {
  for (const b of buffers) {
    const { messages } = new Decoder(Stream.fromBuffer(b)).read(options);
    records += (messages.recordMesgs || []).length;
  }
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const mb = bytes / 1e6;
console.log(`fitsdk files=${buffers.length} mb_per_round=${mb.toFixed(3)} rounds=${rounds} ` +
  `seconds=${seconds.toFixed(3)} mb_per_s=${(mb * rounds / seconds).toFixed(1)} records=${records}`);
