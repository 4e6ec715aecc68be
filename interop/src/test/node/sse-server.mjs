// SSE server on the `better-sse` package: http://127.0.0.1:<port>/sse. better-sse writes each
// value with JSON.stringify (a string goes out as `data: "m1"`); a connection first gets the
// messages after its Last-Event-ID, then every new one. POST /publish adds messages, GET /connections lists the resume ids seen.
import http from 'node:http';
import { createSession } from 'better-sse';
import { Store, handleControl, args } from './store.mjs';

const { port, file } = args('sse-server.mjs');
const store = new Store(file);
const sessions = new Set();
const push = (session, m) => session.push(m.data, 'message', m.id);

const server = http.createServer(async (req, res) => {
  if (handleControl(req, res, store, (m) => sessions.forEach((s) => push(s, m)))) {
    return;
  }
  if (req.method !== 'GET' || !req.url.startsWith('/sse')) {
    res.writeHead(404).end();
    return;
  }
  const session = await createSession(req, res, { retry: 100 });
  store.connections.push(session.lastId === '' ? null : session.lastId);
  store.after(session.lastId).forEach((m) => push(session, m));
  sessions.add(session);
  session.on('disconnected', () => sessions.delete(session));
});
server.listen(port, '127.0.0.1', () => console.log(`sse-server listening on 127.0.0.1:${port}`));
process.on('SIGTERM', () => process.exit(0));
