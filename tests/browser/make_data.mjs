// The browser test's data, made here so a fresh machine has it: 20-minute TCX rides with power,
// heart rate, cadence and speed (1 Hz), and a seeded synthetic league (60 riders, 8 one-day races
// a season, 2012-2019) as a generic results CSV, like tests/e2e/rank_cli_test.cpp's.
//   node make_data.mjs DIR   -> DIR/ride-0.tcx ... ride-6.tcx, DIR/upload.tcx, DIR/league.csv
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];

function ride(seconds, day) {
  const start = Date.UTC(2024, 0, 1 + day, 7, 0, 0);
  const iso = (s) => new Date(start + s * 1000).toISOString().replace('.000Z', 'Z');
  const points = [];
  for (let s = 0; s < seconds; s++) {
    // Efforts of 5 s to 5 min on a base, so the MMP curve has the shape CP is fitted to.
    const surge = (s % 300 < 5 ? 500 : 0) + (s >= 600 && s < 900 ? 120 : 0) + (s % 120 < 30 ? 60 : 0);
    const watts = 170 + surge + ((s * 7) % 23);
    points.push(`<Trackpoint><Time>${iso(s)}</Time><DistanceMeters>${(s * 8.5).toFixed(1)}` +
      `</DistanceMeters><HeartRateBpm><Value>${120 + Math.round(surge / 12) + (s % 17)}</Value>` +
      '</HeartRateBpm><Cadence>90</Cadence><Extensions><ns3:TPX>' +
      `<ns3:Speed>${(8 + surge / 200).toFixed(2)}</ns3:Speed><ns3:Watts>${watts}</ns3:Watts>` +
      '</ns3:TPX></Extensions></Trackpoint>');
  }
  return '<?xml version="1.0" encoding="UTF-8"?>\n<TrainingCenterDatabase ' +
    'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" ' +
    'xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2"><Activities>' +
    `<Activity Sport="Biking"><Id>${iso(0)}</Id><Lap StartTime="${iso(0)}">` +
    `<TotalTimeSeconds>${seconds}</TotalTimeSeconds><Track>${points.join('')}</Track></Lap>` +
    '</Activity></Activities></TrainingCenterDatabase>\n';
}

// A small seeded generator (mulberry32) and Box-Muller normals: the same league every run.
function rng(seed) {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  return { u, normal };
}

function shuffled(n, u) {
  const a = [...Array(n).keys()];
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function league() {
  const { u, normal: noise } = rng(7);
  const riders = 60;
  const ability = Array.from({ length: riders }, () => noise());
  const lines = ['date,event,event_class,athlete_id,birth_date,rank,points'];
  for (let season = 2012; season <= 2019; season++) {
    for (let race = 0; race < 8; race++) {
      const starters = shuffled(riders, u).slice(0, 40);
      const order = starters.map((r) => [ability[r] + 0.7 * noise(), r]).sort((x, y) => y[0] - x[0]);
      const date = `${season}-${String(3 + race).padStart(2, '0')}-${String(5 + 2 * race).padStart(2, '0')}`;
      order.forEach(([, r], place) => {
        lines.push(`${date},Classic ${String.fromCharCode(65 + race)},1.UWT,rider-${r},` +
          `${1985 + (r % 12)}-0${1 + (r % 9)}-15,${place + 1},${place < 10 ? 100 - 10 * place : 0}`);
      });
    }
  }
  return `${lines.join('\n')}\n`;
}

// Rides every third day for three weeks: a PMC of more than a point.
// upload.tcx, three days after the last, is imported through the page by the browser test.
for (let i = 0; i < 7; i++) writeFileSync(join(dir, `ride-${i}.tcx`), ride(1200, 3 * i));
writeFileSync(join(dir, 'upload.tcx'), ride(1200, 21));
writeFileSync(join(dir, 'league.csv'), league());
