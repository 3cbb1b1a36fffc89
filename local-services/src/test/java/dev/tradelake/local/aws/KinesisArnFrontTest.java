package dev.tradelake.local.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KinesisArnFrontTest {

    private static final String ARN = "arn:aws:kinesis:us-east-1:000000000000:stream/trades-1";

    private HttpServer upstream;
    private KinesisArnFront front;
    private final AtomicReference<byte[]> received = new AtomicReference<>();
    private final AtomicReference<String> receivedTarget = new AtomicReference<>();
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", exchange -> {
            received.set(exchange.getRequestBody().readAllBytes());
            receivedTarget.set(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            byte[] reply = "{\"Shards\":[{\"ShardId\":\"shardId-000000000000\"}]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("x-amzn-RequestId", "req-1");
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        upstream.start();
        front = KinesisArnFront.start(
                URI.create("http://127.0.0.1:" + upstream.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        front.close();
        upstream.stop(0);
    }

    @Test
    void replacesTheStreamArnByTheStreamNameKeepingEveryOtherField() {
        String rewritten = rewrite("{\"StreamARN\":\"" + ARN + "\",\"ShardIterator\":null,\"Limit\":100,"
                + "\"ShardFilter\":{\"Type\":\"AT_TRIM_HORIZON\"}}");
        assertThat(rewritten)
                .isEqualTo(
                        "{\"ShardIterator\":null,\"Limit\":100,\"ShardFilter\":{\"Type\":\"AT_TRIM_HORIZON\"},\"StreamName\":\"trades-1\"}");
    }

    @Test
    void dropsTheArnWhenTheRequestNamesTheStreamAlready() {
        assertThat(rewrite("{\"StreamName\":\"trades-1\",\"StreamARN\":\"" + ARN + "\"}"))
                .isEqualTo("{\"StreamName\":\"trades-1\"}");
    }

    @Test
    void leavesRequestsWithoutAnArnOrThatAreNotJsonObjectsAsTheyAre() {
        for (String body : new String[] {
            "{\"StreamName\":\"a\",\"Limit\":1}",
            "",
            "not json \"StreamARN\"",
            "[\"StreamARN\"]",
            "{\"StreamARN\":\"trades-1\"}",
            "{\"StreamARN\":7}"
        }) {
            assertThat(rewrite(body)).isEqualTo(body);
        }
    }

    @Test
    void forwardsTheRewrittenRequestAndTheResponseUnchanged() throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(front.endpoint())
                        .header("Content-Type", "application/x-amz-json-1.1")
                        .header("X-Amz-Target", "Kinesis_20131202.ListShards")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"StreamARN\":\"" + ARN + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(new String(received.get(), StandardCharsets.UTF_8)).isEqualTo("{\"StreamName\":\"trades-1\"}");
        assertThat(receivedTarget.get()).isEqualTo("Kinesis_20131202.ListShards");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-amzn-RequestId")).contains("req-1");
        assertThat(response.body()).isEqualTo("{\"Shards\":[{\"ShardId\":\"shardId-000000000000\"}]}");
    }

    @Test
    void forwardsOtherBodiesByteForByte() throws Exception {
        byte[] cbor = {(byte) 0xbf, 0x69, 'S', 't', 'r', 'e', 'a', 'm', 'A', 'R', 'N', (byte) 0xff, 0x00, (byte) 0x80};
        client.send(
                HttpRequest.newBuilder(front.endpoint())
                        .header("Content-Type", "application/x-amz-cbor-1.1")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(cbor))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(received.get()).isEqualTo(cbor);
    }

    @Test
    void answersBadGatewayWhenTheEmulatorIsGone() throws Exception {
        upstream.stop(0);
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(front.endpoint())
                        .header("Content-Type", "application/x-amz-json-1.1")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(502);
    }

    private static String rewrite(String body) {
        return new String(
                KinesisArnFront.withStreamName(body.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }
}
