#!/usr/bin/env node
// The Node stand-in for gen.c when the machine has no C compiler: same arguments, same lines.
// Throughput formats build the whole output in memory first and then only write buffers, so
// the formatting cost is paid before the aggregator starts reading.
import {readFileSync, writeSync} from 'node:fs';

const [name = 'g0', countText = '0', sizeText = '200', format = 'zap', extra = ''] = process.argv.slice(2);
const count = Number(countText);
const size = Math.min(4096, Number(sizeText));

const level = (seq) => (seq % 100 === 0 ? 'error' : seq % 20 === 0 ? 'warn' : 'info');
const filler = (from, to) => {
  let text = '';
  for (let have = from; have < to; have++) text += String.fromCharCode(97 + (have % 26));
  return text;
};

function zap(seq, time) {
  const head =
    `{"level":"${level(seq)}","ts":1764782500.${100000 + (seq % 900000)},"caller":"bench/gen.c:118","msg":"@${name}:${seq}@ processed ledger batch","component":"${name}"` +
    (time === undefined ? '' : `,"t":${time}`) +
    ',"pad":"';
  const tail = `","end":"$${seq}$"}\n`;
  return head + filler(head.length + tail.length, size) + tail;
}

function short(seq) {
  const head = `@${name}:${seq}@ ok `;
  const tail = `$${seq}$\n`;
  return head + filler(head.length + tail.length, size) + tail;
}

const templates = format === 'mixed' ? readFileSync(extra, 'utf8').split('\n').filter((l) => l !== '') : [];
const mixed = (seq) => (templates[seq % templates.length] ?? '').replace('{M}', `@${name}:${seq}@`).replace('{E}', `$${seq}$`) + '\n';

function writeAll(buffer) {
  for (let offset = 0; offset < buffer.length; ) offset += writeSync(1, buffer, offset, Math.min(256 * 1024, buffer.length - offset));
}

if (format === 'rate') {
  const interval = 1000 / Number(extra || '1000');
  const started = performance.now();
  let seq = 1;
  const tick = () => {
    const due = Math.floor((performance.now() - started) / interval) + 1;
    while (seq <= count && seq <= due) {
      writeAll(Buffer.from(zap(seq, Math.round((performance.timeOrigin + performance.now()) * 1000))));
      seq++;
    }
    if (seq <= count) setTimeout(tick, 1);
  };
  tick();
} else {
  const line = format === 'short' ? short : format === 'mixed' ? mixed : zap;
  const parts = [];
  let batch = '';
  for (let seq = 1; seq <= count; seq++) {
    batch += line(seq);
    if (batch.length > 1 << 20) {
      parts.push(Buffer.from(batch));
      batch = '';
    }
  }
  parts.push(Buffer.from(batch));
  try {
    for (const part of parts) writeAll(part);
  } catch (error) {
    if (error.code !== 'EPIPE') throw error;
  }
}
