package dev.tradelake.launcher;

import dev.tradelake.local.feed.LocalFinnhubFeed;
import dev.tradelake.local.feed.Pace;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./datalake feed}: only the local Finnhub-compatible feed, for running the ingest (or any
 * Finnhub client) against it by hand.
 */
@Command(
        name = "feed",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Serves a Finnhub-compatible WebSocket feed on 127.0.0.1: a recording or the synthetic market.")
final class FeedCommand implements Callable<Integer> {

    @Mixin
    FeedOptions feedOptions;

    @Option(names = "--port", defaultValue = "8080", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Pace pace = feedOptions.pace();
        if (port < 1 || port > 65_535) {
            throw new Datalake.UserError("--port must be from 1 to 65535");
        }
        // A token would mean Finnhub itself, which this command does not serve: ignore it here.
        FeedChoice choice = feedOptions.choice(null);
        CountDownLatch stopped = new CountDownLatch(1);
        try (LocalFinnhubFeed feed = LocalFinnhubFeed.builder()
                .source(FeedSources.open(choice, pace))
                .pace(pace)
                .port(port)
                .build()
                .start()) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "feed-shutdown"));
            PrintWriter out = spec.commandLine().getOut();
            out.println("datalake: Finnhub-compatible feed at " + feed.uri()
                    + " (any ?token= is accepted); Ctrl-C stops it");
            out.println("datalake: for example  java -Xmx128m -jar " + Artifacts.deployableJar("ingest") + " --url "
                    + feed.uri() + " --kinesis-endpoint URL --region us-east-1 --stream trades --symbols "
                    + String.join(",", FeedSources.symbols(choice)));
            out.flush();
            stopped.await();
        }
        return 0;
    }
}
