// A durable message log for the interop servers: one JSON value per line in a file, so a restarted
// server (same file) still has its history. Message n (1-based) has the id String(n).
import fs from 'node:fs';

export class Store {
  constructor(file) {
    this.file = file;
    this.values = fs.existsSync(file)
      ? fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l))
      : [];
    this.connections = [];
  }

  /** Appends values; returns the new messages as {id, data}. */
  append(values) {
    const first = this.values.length + 1;
    fs.appendFileSync(this.file, values.map((v) => JSON.stringify(v) + '\n').join(''));
    this.values.push(...values);
    return values.map((data, i) => ({ id: String(first + i), data }));
  }

  /** The messages after the id (all of them when it is missing or not a number). */
  after(id) {
    const n = /^[0-9]+$/.test(id ?? '') ? Number(id) : 0;
    return this.values.slice(n).map((data, i) => ({ id: String(n + 1 + i), data }));
  }
}

/**
 * Answers POST /publish (a JSON array of data values) and GET /connections (the resume id each
 * subscriber connection came with, null for none); returns true when it handled the request.
 */
export function handleControl(req, res, store, deliver) {
  if (req.method === 'GET' && req.url === '/connections') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(store.connections));
    return true;
  }
  if (req.method !== 'POST' || req.url !== '/publish') {
    return false;
  }
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    let values;
    try {
      values = JSON.parse(body);
      if (!Array.isArray(values)) throw new Error('expected a JSON array of data values');
    } catch (e) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(String(e.message));
      return;
    }
    const messages = store.append(values);
    messages.forEach(deliver);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ published: store.values.length }));
  });
  return true;
}

/** Parses `<port> <store-file>` and fails clearly otherwise. */
export function args(name) {
  const [port, file] = process.argv.slice(2);
  if (!/^[0-9]+$/.test(port ?? '') || !file) {
    console.error(`usage: node ${name} <port> <store-file>`);
    process.exit(2);
  }
  return { port: Number(port), file };
}
