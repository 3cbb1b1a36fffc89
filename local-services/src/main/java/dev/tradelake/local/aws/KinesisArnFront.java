package dev.tradelake.local.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tradelake.model.StreamArn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP front on 127.0.0.1 for kinesalite that speaks stream ARNs: the Flink connector's
 * {@code KinesisStreamsSource} addresses its stream by {@code StreamARN} in every call
 * (ListShards, GetShardIterator, GetRecords), and kinesalite only knows {@code StreamName}.
 *
 * <p>A JSON request ({@code application/x-amz-json-1.1}) with a top-level {@code StreamARN} goes on
 * with {@code StreamName} instead; every other request and every response passes byte for byte.
 * CBOR bodies pass unchanged, so clients of the front must use JSON ({@code aws.cborEnabled=false},
 * which kinesalite needs anyway). The rewritten body is no longer what the client signed;
 * kinesalite does not check signatures.
 */
public final class KinesisArnFront implements AutoCloseable {

    static final String STREAM_ARN = "StreamARN";
    static final String STREAM_NAME = "StreamName";
    /** Headers the JDK client sets itself, and hop-by-hop ones a proxy must not pass on. */
    private static final Set<String> NOT_FORWARDED =
            Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding", "keep-alive");

    private static final JsonFactory JSON = new JsonFactory();

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;

    private KinesisArnFront(URI upstream, HttpServer server, ExecutorService executor) {
        this.upstream = upstream;
        this.server = server;
        this.executor = executor;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build();
    }

    /** Starts a front on a free port of 127.0.0.1 forwarding to {@code upstream} (kinesalite's endpoint). */
    public static KinesisArnFront start(URI upstream) {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "kinesis-arn-front-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            KinesisArnFront front = new KinesisArnFront(upstream, server, executor);
            server.createContext("/", front::handle);
            server.setExecutor(executor);
            server.start();
            return front;
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot start the Kinesis ARN front", e);
        }
    }

    /** The front's endpoint, {@code http://127.0.0.1:PORT}: what the Flink job is given as its Kinesis endpoint. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            byte[] forwarded = isJson(contentType) ? withStreamName(body) : body;
            HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI()))
                    .timeout(Duration.ofSeconds(30))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(forwarded));
            for (Map.Entry<String, List<String>> header :
                    exchange.getRequestHeaders().entrySet()) {
                if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    header.getValue().forEach(value -> request.header(header.getKey(), value));
                }
            }
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                reply(
                        exchange,
                        502,
                        ("kinesis emulator unreachable: " + e.getMessage()).getBytes(StandardCharsets.UTF_8));
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply(exchange, 503, "front stopping".getBytes(StandardCharsets.UTF_8));
                return;
            }
            response.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            reply(exchange, response.statusCode(), response.body());
        }
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-amz-json");
    }

    /**
     * The request with its top-level {@code StreamARN} replaced by the stream's {@code StreamName}
     * (dropped if the request names the stream already); the request itself if it has no ARN or
     * is not a JSON object, so kinesalite answers it as it would.
     */
    static byte[] withStreamName(byte[] request) {
        if (!containsArnField(request)) {
            return request;
        }
        try (JsonParser in = JSON.createParser(request)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                return request;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(request.length);
            boolean named = false;
            String arnName = null;
            try (JsonGenerator out = JSON.createGenerator(bytes)) {
                out.writeStartObject();
                while (in.nextToken() == JsonToken.FIELD_NAME) {
                    String field = in.currentName();
                    JsonToken value = in.nextToken();
                    if (field.equals(STREAM_ARN) && value == JsonToken.VALUE_STRING) {
                        arnName = StreamArn.parse(in.getText()).streamName();
                        continue;
                    }
                    named |= field.equals(STREAM_NAME);
                    out.writeFieldName(field);
                    out.copyCurrentStructure(in);
                }
                if (arnName != null && !named) {
                    out.writeStringField(STREAM_NAME, arnName);
                }
                out.writeEndObject();
            }
            return bytes.toByteArray();
        } catch (IOException | IllegalArgumentException e) {
            // Not JSON, or not an ARN: let kinesalite give the client its own error.
            return request;
        }
    }

    private static boolean containsArnField(byte[] request) {
        return new String(request, StandardCharsets.UTF_8).contains('"' + STREAM_ARN + '"');
    }

    /** Stops at once (its only client, the job, retries) and frees the port. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "KinesisArnFront[" + endpoint() + " -> " + upstream + "]";
    }
}
