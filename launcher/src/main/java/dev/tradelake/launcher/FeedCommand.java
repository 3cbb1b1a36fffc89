package dev.tradelake.launcher;

import dev.tradelake.local.feed.LocalFinnhubFeed;
import dev.tradelake.local.feed.Pace;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./datalake feed}: only the local Finnhub-compatible feed, for running the ingest (or any
 * Finnhub client) against it by hand.
 */
@Command(name = "feed", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serves a Finnhub-compatible WebSocket feed on 127.0.0.1: a recording or the synthetic market.")
final class FeedCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--replay", paramLabel = "FILE", description = "Serve a recording of Finnhub frames instead of the synthetic market.")
    Path replay;

    @Option(names = "--speed", defaultValue = "realtime",
            description = "realtime, a factor such as 10, or max (default: ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--seed", defaultValue = "1", description = "Synthetic market: the seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rate", defaultValue = "200", description = "Synthetic market: trades per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Pace pace;
        try {
            pace = Pace.parse(speed);
        } catch (IllegalArgumentException e) {
            throw new Datalake.UserError("--speed: " + e.getMessage());
        }
        if (port < 1 || port > 65_535) {
            throw new Datalake.UserError("--port must be from 1 to 65535");
        }
        FeedChoice choice;
        if (replay != null) {
            if (!Files.isReadable(replay)) {
                throw new Datalake.UserError("cannot read the recording " + replay);
            }
            choice = new FeedChoice.Replay(replay);
        } else {
            choice = new FeedChoice.Synthetic(seed, rate, 0);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (LocalFinnhubFeed feed = LocalFinnhubFeed.builder()
                .source(FeedSources.open(choice, pace)).pace(pace).port(port).build().start()) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "feed-shutdown"));
            PrintWriter out = spec.commandLine().getOut();
            out.println("datalake: Finnhub-compatible feed at " + feed.uri() + " (any ?token= is accepted); Ctrl-C stops it");
            out.println("datalake: for example  java -Xmx128m -jar ingest/target/ingest-0.1.0-SNAPSHOT.jar --url "
                    + feed.uri() + " --kinesis-endpoint URL --region us-east-1 --stream trades --symbols "
                    + String.join(",", FeedSources.symbols(choice)));
            out.flush();
            stopped.await();
        }
        return 0;
    }
}
