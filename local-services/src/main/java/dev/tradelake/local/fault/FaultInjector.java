package dev.tradelake.local.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.CRC32;

/**
 * An HTTP proxy on 127.0.0.1 in front of one emulator (kinesalite or dynalite) that misbehaves the
 * way AWS does, on request, while a test runs. Point the client under test at {@link #endpoint()}
 * instead of the emulator's endpoint; with no fault switched on, requests and responses pass
 * through unchanged.
 *
 * <pre>
 * try (FaultInjector dynamo = FaultInjector.start(aws.dynamoDbEndpoint())) {
 *     DynamoDbClient client = LocalAws.configure(DynamoDbClient.builder(), dynamo.endpoint()).build();
 *     dynamo.fail(Failure.THROTTLING, 1.0, "BatchWriteItem");   // every BatchWriteItem throttled
 *     ...
 *     dynamo.heal();                                            // every fault off
 *     dynamo.fail(Failure.SERVER_ERROR, 0.05);                  // 5 % of all requests answer 500
 *     dynamo.capWritesPerPartitionKey(TradesTable.PARTITION_KEY, 1_000);
 *     dynamo.unreachable(true);                                 // connections refused
 * }
 * </pre>
 *
 * <ul>
 *   <li>{@link #latency(Duration)}: every request waits this long before it is forwarded or failed.</li>
 *   <li>{@link #fail(Failure, double, String...)}: a fraction of the requests (of the named operations,
 *       the part of {@code X-Amz-Target} after the dot, or of all) get a {@link Failure} instead of
 *       reaching the emulator: the error bodies are the AWS JSON protocol's, so the SDK raises the
 *       same exception types as against AWS. One failure rule at a time; a new call replaces it.</li>
 *   <li>{@link #unreachable(boolean)}: the listening socket is closed, so connections are refused,
 *       until switched off again (same port).</li>
 *   <li>{@link #capWritesPerPartitionKey(String, int)}: DynamoDB's per-partition limit (about 1,000
 *       write units per second for one partition key value): within each wall-clock second, writes
 *       to one key value beyond the cap are refused, as {@code UnprocessedItems} of a
 *       {@code BatchWriteItem} (the rest of the batch is written) or as a
 *       {@code ProvisionedThroughputExceededException} of a {@code PutItem}.</li>
 * </ul>
 * Faults are switched at any time from any thread; a request sees the settings of the moment it
 * arrives. The random choice of failed requests is seeded ({@link #seed(long)}) for repeatable runs.
 */
public final class FaultInjector implements AutoCloseable {

    /** What a failed request gets instead of the emulator's answer. */
    public enum Failure {
        /** 400 {@code ProvisionedThroughputExceededException}: DynamoDB's and Kinesis's throttling. */
        THROTTLING(
                400,
                "ProvisionedThroughputExceededException",
                "The level of configured provisioned throughput was exceeded (injected)"),
        /** 400 {@code ThrottlingException}: DynamoDB's control-plane and on-demand throttling. */
        THROTTLING_EXCEPTION(400, "ThrottlingException", "Rate of requests exceeds the allowed throughput (injected)"),
        /** 500 {@code InternalServerError}. */
        SERVER_ERROR(500, "InternalServerError", "Internal server error (injected)"),
        /** 503 {@code ServiceUnavailable}. */
        SERVICE_UNAVAILABLE(503, "ServiceUnavailable", "Service unavailable (injected)"),
        /** The connection is closed without an answer (the client sees an I/O error). */
        DROP_CONNECTION(0, null, null);

        final int status;
        final String type;
        final String message;

        Failure(int status, String type, String message) {
            this.status = status;
            this.type = type;
            this.message = message;
        }
    }

    /** What the proxy did so far (since {@link #start}; {@link #heal()} does not reset it). */
    public record Stats(long requests, long forwarded, long failed, long itemsHeldBack) {}

    private record Settings(
            Duration latency,
            Failure failure,
            double fraction,
            Set<String> operations,
            String capAttribute,
            int capPerSecond) {
        static final Settings NONE = new Settings(Duration.ZERO, null, 0, Set.of(), null, 0);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> UNFORWARDED_HEADERS = Set.of(
            "host",
            "content-length",
            "connection",
            "expect",
            "upgrade",
            "transfer-encoding",
            "date",
            "via",
            "warning",
            "from",
            "keep-alive");
    private static final AtomicInteger THREADS = new AtomicInteger();

    static {
        // Without TCP_NODELAY the JDK server's small responses wait out the client's delayed ACK (~40 ms each).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final URI target;
    private final HttpClient client;
    private final ExecutorService executor;
    private final int port;
    private final Random random = new Random(1);
    private final Map<String, int[]> writesThisSecond = new ConcurrentHashMap<>();
    private final LongAdder requests = new LongAdder();
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder heldBack = new LongAdder();
    private volatile Settings settings = Settings.NONE;
    private volatile long capSecond;
    private HttpServer server;

    private FaultInjector(URI target) throws IOException {
        this.target = target;
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-injector-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build();
        this.server = listen(0);
        this.port = server.getAddress().getPort();
    }

    /** Starts a proxy on a free port of 127.0.0.1 in front of {@code target} (an emulator's endpoint). */
    public static FaultInjector start(URI target) {
        try {
            return new FaultInjector(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fault injector", e);
        }
    }

    /** Where clients under test send their requests. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Every request waits {@code delay} first; {@link Duration#ZERO} switches it off. */
    public FaultInjector latency(Duration delay) {
        Settings s = settings;
        settings = new Settings(delay, s.failure, s.fraction, s.operations, s.capAttribute, s.capPerSecond);
        return this;
    }

    /**
     * A {@code fraction} (0 to 1) of the requests for {@code operations} (e.g. {@code "BatchWriteItem"},
     * {@code "PutRecords"}; none means every request) get {@code failure}. Replaces the previous rule.
     */
    public FaultInjector fail(Failure failure, double fraction, String... operations) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in [0, 1], was " + fraction);
        }
        Settings s = settings;
        settings = new Settings(s.latency, failure, fraction, Set.of(operations), s.capAttribute, s.capPerSecond);
        return this;
    }

    /** Switches the failure rule off (latency and the write cap stay). */
    public FaultInjector stopFailing() {
        Settings s = settings;
        settings = new Settings(s.latency, null, 0, Set.of(), s.capAttribute, s.capPerSecond);
        return this;
    }

    /**
     * At most {@code perSecond} writes per second to one value of the partition key
     * {@code attribute}, in every table; 0 switches the cap off.
     */
    public FaultInjector capWritesPerPartitionKey(String attribute, int perSecond) {
        Settings s = settings;
        settings = new Settings(
                s.latency,
                s.failure,
                s.fraction,
                s.operations,
                perSecond > 0 ? attribute : null,
                Math.max(0, perSecond));
        return this;
    }

    /** Closes the listening socket (connections are refused) or opens it again on the same port. */
    public synchronized FaultInjector unreachable(boolean refuse) {
        if (refuse && server != null) {
            server.stop(0);
            server = null;
        } else if (!refuse && server == null) {
            try {
                server = listen(port);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on port " + port + " again", e);
            }
        }
        return this;
    }

    /** Every fault off: the proxy passes everything through again. */
    public FaultInjector heal() {
        settings = Settings.NONE;
        unreachable(false);
        return this;
    }

    /** Seeds the choice of which requests fail. */
    public FaultInjector seed(long seed) {
        synchronized (random) {
            random.setSeed(seed);
        }
        return this;
    }

    public Stats stats() {
        return new Stats(requests.sum(), forwarded.sum(), failed.sum(), heldBack.sum());
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        executor.shutdownNow();
    }

    private HttpServer listen(int onPort) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 64);
        s.createContext("/", this::handle);
        s.setExecutor(executor);
        s.start();
        return s;
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.increment();
        Settings s = settings;
        try {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (!s.latency.isZero()) {
                sleep(s.latency);
            }
            String operation = operation(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            if (s.failure != null
                    && (s.operations.isEmpty() || s.operations.contains(operation))
                    && chosen(s.fraction)) {
                failed.increment();
                if (s.failure == Failure.DROP_CONNECTION) {
                    // an exception out of the handler makes the JDK server close the connection unanswered
                    throw new IOException("connection dropped (injected)");
                }
                respond(exchange, s.failure.status, error(s.failure.type, s.failure.message), null);
                return;
            }
            if (s.capPerSecond > 0 && "BatchWriteItem".equals(operation)) {
                batchWriteWithCap(exchange, body, s);
                return;
            }
            if (s.capPerSecond > 0
                    && ("PutItem".equals(operation) || "UpdateItem".equals(operation) || "DeleteItem".equals(operation))
                    && !admitSingleWrite(body, s)) {
                heldBack.increment();
                respond(
                        exchange,
                        Failure.THROTTLING.status,
                        error(Failure.THROTTLING.type, Failure.THROTTLING.message),
                        null);
                return;
            }
            HttpResponse<byte[]> response = forward(exchange, body);
            respond(
                    exchange,
                    response.statusCode(),
                    response.body(),
                    response.headers().map());
        } finally {
            exchange.close();
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        target.resolve(exchange.getRequestURI().toString()))
                .timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header :
                exchange.getRequestHeaders().entrySet()) {
            if (!UNFORWARDED_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                for (String value : header.getValue()) {
                    request.header(header.getKey(), value);
                }
            }
        }
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            forwarded.increment();
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding", e);
        }
    }

    /** Forwards the items under the cap; the others come back as UnprocessedItems, as DynamoDB does. */
    private void batchWriteWithCap(HttpExchange exchange, byte[] body, Settings s) throws IOException {
        ObjectNode request = (ObjectNode) JSON.readTree(body);
        ObjectNode held = JSON.createObjectNode();
        ObjectNode requestItems = (ObjectNode) request.path("RequestItems");
        int admitted = 0;
        for (Map.Entry<String, JsonNode> table : requestItems.properties()) {
            ArrayNode keep = JSON.createArrayNode();
            for (JsonNode write : table.getValue()) {
                JsonNode item = write.has("PutRequest")
                        ? write.path("PutRequest").path("Item")
                        : write.path("DeleteRequest").path("Key");
                if (admit(table.getKey(), item.path(s.capAttribute), s.capPerSecond)) {
                    keep.add(write);
                    admitted++;
                } else {
                    held.withArrayProperty(table.getKey()).add(write);
                    heldBack.increment();
                }
            }
            table.setValue(keep);
        }
        requestItems.retain(names(requestItems, n -> n.size() > 0));
        ObjectNode answer;
        if (admitted == 0) {
            answer = JSON.createObjectNode();
            answer.putObject("UnprocessedItems");
        } else {
            HttpResponse<byte[]> response = forward(exchange, JSON.writeValueAsBytes(request));
            if (response.statusCode() != 200) {
                respond(
                        exchange,
                        response.statusCode(),
                        response.body(),
                        response.headers().map());
                return;
            }
            answer = (ObjectNode) JSON.readTree(response.body());
        }
        ObjectNode unprocessed = answer.withObjectProperty("UnprocessedItems");
        for (Map.Entry<String, JsonNode> e : held.properties()) {
            for (JsonNode write : e.getValue()) {
                unprocessed.withArrayProperty(e.getKey()).add(write);
            }
        }
        respond(exchange, 200, JSON.writeValueAsBytes(answer), null);
    }

    private boolean admitSingleWrite(byte[] body, Settings s) throws IOException {
        JsonNode request = JSON.readTree(body);
        JsonNode item = request.has("Item") ? request.path("Item") : request.path("Key");
        return admit(request.path("TableName").asText(), item.path(s.capAttribute), s.capPerSecond);
    }

    private boolean admit(String table, JsonNode keyValue, int capPerSecond) {
        if (keyValue.isMissingNode()) {
            return true;
        }
        long second = System.currentTimeMillis() / 1000;
        synchronized (writesThisSecond) {
            if (second != capSecond) {
                writesThisSecond.clear();
                capSecond = second;
            }
            int[] count = writesThisSecond.computeIfAbsent(table + "\u0000" + keyValue, k -> new int[1]);
            if (count[0] >= capPerSecond) {
                return false;
            }
            count[0]++;
            return true;
        }
    }

    private static List<String> names(ObjectNode node, java.util.function.Predicate<JsonNode> keep) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (keep.test(e.getValue())) {
                names.add(e.getKey());
            }
        }
        return names;
    }

    private boolean chosen(double fraction) {
        if (fraction >= 1) {
            return true;
        }
        synchronized (random) {
            return random.nextDouble() < fraction;
        }
    }

    private static String operation(String amzTarget) {
        if (amzTarget == null) {
            return "";
        }
        int dot = amzTarget.lastIndexOf('.');
        return dot < 0 ? amzTarget : amzTarget.substring(dot + 1);
    }

    private static byte[] error(String type, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("__type", type);
        error.put("message", message);
        return error.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange exchange, int status, byte[] body, Map<String, List<String>> headers)
            throws IOException {
        if (headers != null) {
            headers.forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!lower.startsWith(":") && !UNFORWARDED_HEADERS.contains(lower) && !lower.equals("x-amz-crc32")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
        } else {
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        }
        // the DynamoDB SDK checks this checksum when present: recompute it for bodies that were rewritten
        CRC32 crc = new CRC32();
        crc.update(body);
        exchange.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void sleep(Duration delay) throws IOException {
        try {
            TimeUnit.NANOSECONDS.sleep(delay.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
