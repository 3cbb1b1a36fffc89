// The Kinesis API kinesalite lacks, in front of it, on one port for HTTP/1.1 and HTTP/2 (h2c):
// - requests that address a stream by StreamARN (the Flink connector's FLIP-27 source always does)
//   reach kinesalite with the StreamName it knows;
// - enhanced fan-out: RegisterStreamConsumer, DescribeStreamConsumer, ListStreamConsumers,
//   DeregisterStreamConsumer, and SubscribeToShard as AWS serves it, an HTTP/2 response of
//   `application/vnd.amazon.eventstream` messages (an initial-response, then SubscribeToShardEvent
//   events), fed by polling kinesalite's GetShardIterator/GetRecords.
// The AWS SDK v2's Netty client speaks HTTP/2 to a plain-http endpoint with prior knowledge (no
// upgrade, no ALPN), so a connection is told apart by its first bytes: the HTTP/2 preface or not.
'use strict';
const fs = require('fs');
const http = require('http');
const http2 = require('http2');
const net = require('net');
const path = require('path');
const zlib = require('zlib');

const PREFACE = 'PRI * HTTP/2.0';
const TARGET_PREFIX = 'Kinesis_20131202.';
const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade', 'expect', 'http2-settings']);
// kinesalite checks that a request is signed in form (not the signature itself).
const INTERNAL_AUTH = 'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/kinesis/aws4_request, SignedHeaders=host;x-amz-date, Signature=0';

function kinesisFront({ backendPort, dataDir, subscriptionMs = 300000, pollMs = 200, heartbeatMs = 5000, consumerActivationMs = 500 }) {
  const consumersFile = dataDir ? path.join(dataDir, 'stream-consumers.json') : null;
  /** ConsumerARN -> consumer; kept in the data directory when there is one, as the streams are. */
  const consumers = new Map(consumersFile && fs.existsSync(consumersFile)
    ? JSON.parse(fs.readFileSync(consumersFile, 'utf8')).map((c) => [c.ConsumerARN, c]) : []);
  const saveConsumers = () => {
    if (consumersFile) fs.writeFileSync(consumersFile, JSON.stringify([...consumers.values()]));
  };
  const openSubscriptions = new Set();

  function callBackend(operation, body, headers) {
    const payload = Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1', port: backendPort, method: 'POST', path: '/',
        headers: Object.assign({
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': TARGET_PREFIX + operation,
          'x-amz-date': '20200101T000000Z',
          authorization: INTERNAL_AUTH,
        }, headers || {}, { 'content-length': payload.length }),
      }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const json = text ? JSON.parse(text) : {};
          if (res.statusCode === 200) resolve(json);
          else reject(Object.assign(new Error(json.message || json.Message || text), { status: res.statusCode, type: json.__type }));
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  const STREAM_ARN = /^arn:[^:]+:kinesis:[^:]*:[^:]*:stream\/([^/]+)/;
  const streamName = (arn) => {
    const m = STREAM_ARN.exec(String(arn));
    if (!m) throw awsError(400, 'ValidationException', `Not a stream ARN: ${arn}`);
    return m[1];
  };
  const streamArnOf = (consumerArn) => String(consumerArn).split('/consumer/')[0];

  function awsError(status, type, message) {
    return Object.assign(new Error(message), { status, type });
  }

  function describe(c) {
    // A consumer is CREATING for a moment after it is registered, as on AWS.
    const status = Date.now() - c.registeredAt < consumerActivationMs ? 'CREATING' : 'ACTIVE';
    return { ConsumerName: c.ConsumerName, ConsumerARN: c.ConsumerARN, ConsumerStatus: status, ConsumerCreationTimestamp: c.ConsumerCreationTimestamp, StreamARN: c.StreamARN };
  }

  function findConsumer(body) {
    const found = body.ConsumerARN
      ? consumers.get(body.ConsumerARN)
      : [...consumers.values()].find((c) => c.StreamARN === body.StreamARN && c.ConsumerName === body.ConsumerName);
    if (!found) throw awsError(400, 'ResourceNotFoundException', `Consumer ${body.ConsumerARN || body.ConsumerName} not found.`);
    return found;
  }

  const control = {
    async RegisterStreamConsumer(body) {
      await callBackend('DescribeStreamSummary', { StreamName: streamName(body.StreamARN) });
      if ([...consumers.values()].some((c) => c.StreamARN === body.StreamARN && c.ConsumerName === body.ConsumerName)) {
        throw awsError(400, 'ResourceInUseException', `Consumer ${body.ConsumerName} already exists.`);
      }
      const now = Date.now();
      const c = {
        ConsumerName: body.ConsumerName,
        ConsumerARN: `${body.StreamARN}/consumer/${body.ConsumerName}:${Math.floor(now / 1000)}`,
        ConsumerCreationTimestamp: now / 1000,
        StreamARN: body.StreamARN,
        registeredAt: now,
      };
      consumers.set(c.ConsumerARN, c);
      saveConsumers();
      const d = describe(c);
      return { Consumer: { ConsumerName: d.ConsumerName, ConsumerARN: d.ConsumerARN, ConsumerStatus: d.ConsumerStatus, ConsumerCreationTimestamp: d.ConsumerCreationTimestamp } };
    },
    async DescribeStreamConsumer(body) {
      return { ConsumerDescription: describe(findConsumer(body)) };
    },
    async ListStreamConsumers(body) {
      const list = [...consumers.values()].filter((c) => c.StreamARN === body.StreamARN).map(describe);
      return { Consumers: list.map(({ StreamARN, ...rest }) => rest) };
    },
    async DeregisterStreamConsumer(body) {
      const c = findConsumer(body);
      consumers.delete(c.ConsumerARN);
      saveConsumers();
      for (const s of openSubscriptions) if (s.consumerArn === c.ConsumerARN) s.end();
      return {};
    },
  };

  function reply(res, status, body, headers) {
    const payload = Buffer.from(JSON.stringify(body));
    res.writeHead(status, Object.assign({ 'content-type': 'application/x-amz-json-1.1', 'content-length': payload.length }, headers || {}));
    res.end(payload);
  }

  function replyError(res, err) {
    if (err.type) {
      reply(res, err.status || 400, { __type: err.type, message: err.message });
    } else {
      reply(res, 500, { __type: 'InternalFailure', message: String(err && err.message) });
    }
  }

  /** Any other request: on to kinesalite, with StreamName for StreamARN; the answer back as it is. */
  function forward(req, res, body) {
    let forwarded = body;
    if (/^application\/x-amz-json/i.test(req.headers['content-type'] || '')) {
      try {
        const json = JSON.parse(body.toString('utf8'));
        if (json && typeof json === 'object' && !Array.isArray(json) && STREAM_ARN.test(json.StreamARN)) {
          if (json.StreamName === undefined) json.StreamName = streamName(json.StreamARN);
          delete json.StreamARN;
          forwarded = Buffer.from(JSON.stringify(json));
        }
      } catch (e) { /* not JSON after all: kinesalite answers it as it would */ }
    }
    const headers = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!name.startsWith(':') && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    headers['content-length'] = forwarded.length;
    const upstream = http.request({ host: '127.0.0.1', port: backendPort, method: req.method, path: req.url, headers }, (up) => {
      const out = {};
      for (const [name, value] of Object.entries(up.headers)) if (!HOP_BY_HOP.has(name)) out[name] = value;
      res.writeHead(up.statusCode, out);
      up.pipe(res);
    });
    upstream.on('error', (err) => replyError(res, awsError(502, 'InternalFailure', `kinesis emulator unreachable: ${err.message}`)));
    upstream.end(forwarded);
  }

  async function handle(req, res) {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    const target = String(req.headers['x-amz-target'] || '');
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    try {
      if (control[operation]) {
        reply(res, 200, await control[operation](JSON.parse(body.toString('utf8'))));
      } else if (operation === 'SubscribeToShard') {
        if (req.httpVersionMajor !== 2) throw awsError(400, 'ValidationException', 'SubscribeToShard needs HTTP/2.');
        await subscribe(JSON.parse(body.toString('utf8')), res);
      } else {
        forward(req, res, body);
      }
    } catch (err) {
      if (!res.headersSent) replyError(res, err);
      else res.end();
    }
  }

  /** One subscription: events for up to subscriptionMs (AWS: 5 minutes), or until the shard ends. */
  async function subscribe(body, res) {
    const consumer = findConsumer({ ConsumerARN: body.ConsumerARN });
    if (describe(consumer).ConsumerStatus !== 'ACTIVE') {
      throw awsError(400, 'ResourceInUseException', `Consumer ${consumer.ConsumerName} is not ACTIVE.`);
    }
    const stream = streamName(streamArnOf(body.ConsumerARN));
    const position = body.StartingPosition || {};
    const iteratorRequest = { StreamName: stream, ShardId: body.ShardId, ShardIteratorType: position.Type };
    if (position.SequenceNumber !== undefined) iteratorRequest.StartingSequenceNumber = position.SequenceNumber;
    if (position.Timestamp !== undefined) iteratorRequest.Timestamp = position.Timestamp;
    let iterator = (await callBackend('GetShardIterator', iteratorRequest)).ShardIterator;

    res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
    res.write(eventMessage('initial-response', {}));
    const subscription = { consumerArn: body.ConsumerARN, ended: false, end() { this.ended = true; } };
    openSubscriptions.add(subscription);
    const closed = new Promise((resolve) => res.on('close', resolve));
    res.on('close', () => { subscription.ended = true; });
    const until = Date.now() + subscriptionMs;
    let continuation = position.SequenceNumber;
    let lastSent = 0;
    try {
      while (!subscription.ended && Date.now() < until && iterator) {
        const got = await callBackend('GetRecords', { ShardIterator: iterator, Limit: 10000 });
        iterator = got.NextShardIterator;
        if (got.Records.length > 0) continuation = got.Records[got.Records.length - 1].SequenceNumber;
        const event = { Records: got.Records, MillisBehindLatest: got.MillisBehindLatest || 0 };
        if (iterator) {
          event.ContinuationSequenceNumber = continuation || (await shardStart(stream, body.ShardId));
        } else {
          event.ChildShards = await childShards(stream, body.ShardId);
        }
        // An event at least every few seconds even without records, so a quiet shard's reader sees
        // the subscription alive and its MillisBehindLatest.
        if (got.Records.length > 0 || !iterator || Date.now() - lastSent >= heartbeatMs) {
          lastSent = Date.now();
          if (!res.write(eventMessage('SubscribeToShardEvent', event))) {
            await Promise.race([new Promise((resolve) => res.once('drain', resolve)), closed]);
          }
        }
        if (iterator && got.Records.length === 0) await Promise.race([sleep(pollMs), closed]);
      }
    } catch (err) {
      if (!subscription.ended) res.write(exceptionMessage(err.type || 'InternalFailure', err.message));
    } finally {
      openSubscriptions.delete(subscription);
      res.end();
    }
  }

  async function listShards(stream) {
    return (await callBackend('ListShards', { StreamName: stream })).Shards;
  }

  async function shardStart(stream, shardId) {
    const shard = (await listShards(stream)).find((s) => s.ShardId === shardId);
    return shard.SequenceNumberRange.StartingSequenceNumber;
  }

  async function childShards(stream, shardId) {
    return (await listShards(stream))
      .filter((s) => s.ParentShardId === shardId || s.AdjacentParentShardId === shardId)
      .map((s) => ({ ShardId: s.ShardId, ParentShards: [s.ParentShardId, s.AdjacentParentShardId].filter(Boolean), HashKeyRange: s.HashKeyRange }));
  }

  const h1 = http.createServer((req, res) => { handle(req, res); });
  const h2 = http2.createServer((req, res) => { handle(req, res); });
  // A client that resets a stream or drops a session (a subscription cancelled, a job stopped) is
  // AWS's everyday business: never an error that stops the emulator.
  h2.on('sessionError', () => {});
  h2.on('stream', (stream) => stream.on('error', () => {}));
  const server = net.createServer((socket) => {
    socket.once('readable', function route() {
      const head = socket.read();
      if (head === null) { socket.once('readable', route); return; }
      socket.unshift(head);
      (head.toString('latin1', 0, PREFACE.length) === PREFACE ? h2 : h1).emit('connection', socket);
    });
    socket.on('error', () => {});
  });
  server.on('close', () => { h1.close(); h2.close(); });
  return server;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// An event stream message: [total length][headers length][prelude CRC32] headers payload [message CRC32].
function message(headers, payload) {
  const encoded = Buffer.concat(Object.entries(headers).map(([name, value]) => {
    const n = Buffer.from(name, 'utf8');
    const v = Buffer.from(value, 'utf8');
    const h = Buffer.alloc(1 + n.length + 1 + 2 + v.length);
    h.writeUInt8(n.length, 0);
    n.copy(h, 1);
    h.writeUInt8(7, 1 + n.length); // string
    h.writeUInt16BE(v.length, 2 + n.length);
    v.copy(h, 4 + n.length);
    return h;
  }));
  const total = 12 + encoded.length + payload.length + 4;
  const out = Buffer.alloc(total);
  out.writeUInt32BE(total, 0);
  out.writeUInt32BE(encoded.length, 4);
  out.writeUInt32BE(zlib.crc32(out.subarray(0, 8)), 8);
  encoded.copy(out, 12);
  payload.copy(out, 12 + encoded.length);
  out.writeUInt32BE(zlib.crc32(out.subarray(0, total - 4)), total - 4);
  return out;
}

function eventMessage(type, body) {
  return message({ ':message-type': 'event', ':event-type': type, ':content-type': 'application/json' }, Buffer.from(JSON.stringify(body)));
}

function exceptionMessage(type, text) {
  return message({ ':message-type': 'exception', ':exception-type': type, ':content-type': 'application/json' }, Buffer.from(JSON.stringify({ message: text })));
}

module.exports = { kinesisFront, message };
