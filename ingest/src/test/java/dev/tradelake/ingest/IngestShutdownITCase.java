package dev.tradelake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.local.aws.LocalAwsExtension;
import dev.tradelake.local.feed.SyntheticMarket;
import dev.tradelake.model.FeedTrade;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SIGTERM in the middle of a busy feed: the ingest runs as its own process ({@link IngestMain},
 * the fat jar's entry point), the test sends it SIGTERM with {@link Process#destroy()}, and every
 * trade it reported as accepted must then be in the stream, exactly once.
 */
@ExtendWith(LocalAwsExtension.class)
class IngestShutdownITCase {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> SYMBOLS = SyntheticMarket.symbols();
    private static final Pattern STOPPED = Pattern.compile(
            "ingest stopped: frames=(\\d+) trades_accepted=(\\d+) .* trades_written=(\\d+) undelivered=(\\d+)");

    @Test
    void sigtermMidStreamLosesNothingAccepted(LocalAws aws) throws Exception {
        String stream = LocalAws.uniqueName("ingest-sigterm");
        aws.createStream(stream, 2);
        List<FeedTrade> sent = TestTrades.synthetic(5, 400_000, 1_381_132_800_000L);
        List<String> frames = TestTrades.frames(sent, 20);
        Path log = Files.createDirectories(Path.of("target")).resolve("ingest-sigterm-" + stream + ".log");

        try (TestFeedServer server = TestFeedServer.start(WAIT)) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    IngestMain.class.getName()));
            command.addAll(IngestConfig.feedArgs(server.uri(), SYMBOLS, stream));
            command.addAll(List.of(
                    "--kinesis-endpoint", aws.kinesisEndpoint().toString(),
                    "--progress-interval", "500ms",
                    "--max-buffered-trades", "20000"));
            Process ingest = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                TestFeedServer.Client client = server.awaitConnection(WAIT);
                client.awaitSubscribed(SYMBOLS, WAIT);

                // About 100,000 trades/s for 4 s: SIGTERM arrives after 1.5 s, in the middle.
                long start = System.nanoTime();
                int next = 0;
                while (next < frames.size() && client.isOpen()) {
                    long due = start + next * 200_000L; // one 20-trade frame every 0.2 ms
                    if (System.nanoTime() < due) {
                        Thread.sleep(1);
                        continue;
                    }
                    client.send(frames.get(next++));
                    if (System.nanoTime() - start > 1_500_000_000L) {
                        System.out.println("ingest peak RSS before SIGTERM: " + peakRssMb(ingest.pid()) + " MB");
                        ingest.destroy(); // SIGTERM
                        break;
                    }
                }
                assertThat(ingest.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS))
                        .as("ingest exited")
                        .isTrue();
            } finally {
                ingest.destroyForcibly();
            }
        }

        String output = Files.readString(log);
        Matcher m = STOPPED.matcher(output);
        assertThat(m.find()).as("final line in\n" + output).isTrue();
        int accepted = Integer.parseInt(m.group(2));
        assertThat(Long.parseLong(m.group(4))).as("undelivered").isZero();
        assertThat(Integer.parseInt(m.group(3))).as("written").isEqualTo(accepted);
        assertThat(accepted).as("stopped mid-stream").isPositive().isLessThan(sent.size());
        System.out.printf(
                "SIGTERM after %,d of %,d trades sent; all %,d accepted are in the stream%n",
                accepted, sent.size(), accepted);

        // Frames are accepted in order, so what was accepted is the start of what was sent.
        IngestFeedITCase.assertStreamHoldsExactly(aws, stream, sent.subList(0, accepted));
    }

    private static String peakRssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.toString(Long.parseLong(line.replaceAll("\\D", "")) / 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: nothing to print
        }
        return "?";
    }
}
