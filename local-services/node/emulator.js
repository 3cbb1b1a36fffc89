// Starts one emulator on 127.0.0.1 and prints "READY <port>" once it listens ("READY <port> <front port>" for Kinesis).
// Usage: node emulator.js kinesis|dynamodb <port, 0 = any free port> [data dir]
// kinesalite's own CLI cannot bind to 127.0.0.1, hence this launcher for both. Kinesis also gets
// kinesis-front.js (stream ARNs, enhanced fan-out) in front of kinesalite on a second port;
// TRADELAKE_KINESIS_SUBSCRIPTION_MS shortens a SubscribeToShard subscription (AWS: 5 minutes) for tests.
'use strict';
const [kind, portArg, dataDir] = process.argv.slice(2);
const factories = { kinesis: () => require('kinesalite'), dynamodb: () => require('dynalite') };
if (!factories[kind]) {
  console.error('usage: node emulator.js kinesis|dynamodb <port> [data dir]');
  process.exit(2);
}
const options = { createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };
// kinesalite caps an account at 10 shards, as AWS's default quota does; the tests of one JVM share the
// emulator with a fresh stream each, so that cap would make the suite depend on which tests run together.
options.shardLimit = 10000;
if (dataDir) options.path = dataDir;
// Both emulators rethrow a request stream's error (`req.on('error', err => { throw err })`), so a
// client that gives up on a request mid-body (an SDK attempt timeout, a dropped connection) would
// kill the whole emulator. AWS serves the next request; so do we.
process.on('uncaughtException', (err) => {
  if (err && (err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.message === 'aborted')) {
    console.error(`${kind} emulator: a client left mid-request (${err.code || err.message}); serving on`);
    return;
  }
  console.error(err && err.stack ? err.stack : err);
  process.exit(1);
});
const failed = (err) => { console.error(`${kind} emulator failed: ${err.message}`); process.exit(1); };
const server = factories[kind]()(options);
server.on('error', failed).listen(Number(portArg || 0), '127.0.0.1', () => {
  const port = server.address().port;
  if (kind !== 'kinesis') {
    console.log(`READY ${port}`);
    return;
  }
  // Kinesis: "READY <kinesalite's port> <the front's port>". Clients that need neither ARNs nor
  // fan-out (the ingest) talk to kinesalite directly and spare the single Node thread the hop.
  const subscriptionMs = Number(process.env.TRADELAKE_KINESIS_SUBSCRIPTION_MS || 300000);
  const front = require('./kinesis-front').kinesisFront({ backendPort: port, dataDir, subscriptionMs });
  front.on('error', failed).listen(0, '127.0.0.1', () => console.log(`READY ${port} ${front.address().port}`));
});
// The parent JVM owns our lifetime: when it goes away, stdin closes, and so do we.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
// Ctrl-C, or a SIGTERM to the whole process group (timeout, systemd, a container stop), reaches
// the JVM too: it stops its stages in order, writing what it accepted through us, and then closes
// our stdin. So we outlive those signals, but only for a bounded grace, in case no JVM is left.
const GRACE_MS = 25000;
const exitLater = () => setTimeout(() => process.exit(0), GRACE_MS).unref();
process.on('SIGTERM', exitLater);
process.on('SIGINT', exitLater);
