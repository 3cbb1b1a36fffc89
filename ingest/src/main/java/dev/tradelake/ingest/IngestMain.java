package dev.tradelake.ingest;

import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code java -jar ingest.jar --symbols AAPL,MSFT --stream trades}: runs the {@link IngestService}
 * until SIGTERM or Ctrl-C, then stops it so that nothing accepted is lost. Its flags are
 * {@link IngestOptions}; they override the environment variables named in {@link IngestConfig.Env}.
 * The token is read only from {@code FINNHUB_API_KEY}, never from a flag (flags show in the process
 * list).
 *
 * <p>Exit codes: 0 stopped cleanly, 1 could not start or could not write, 2 bad configuration.
 */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Reads trades from the Finnhub WebSocket feed (or a compatible local feed) and writes"
                + " them to a Kinesis stream.",
        footer = {
            "",
            "Environment: " + IngestConfig.Env.TOKEN + " (the token; required for Finnhub itself), the"
                    + " variables named above, and AWS credentials from the SDK's default chain.",
            "Durations: 500ms, 90s, 2m, 1h."
        })
public final class IngestMain implements Callable<Integer> {

    static {
        // slf4j-simple's defaults for a service: timestamps and thread names. Set before the first
        // logger exists, and only when the user set nothing.
        defaultProperty("org.slf4j.simpleLogger.showDateTime", "true");
        defaultProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        defaultProperty("org.slf4j.simpleLogger.log.org.java_websocket", "warn");
    }

    private static final Logger LOG = LoggerFactory.getLogger(IngestMain.class);

    @Mixin
    IngestOptions options;

    public static void main(String[] args) {
        System.exit(IngestOptions.commandLine(new IngestMain(), System.getenv()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        IngestConfig config;
        try {
            config = options.toConfig(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("ingest: " + e.getMessage());
            return 2;
        }
        if (config.journalDir().isEmpty()) {
            LOG.warn("no --journal-dir: accepted trades are journaled in a temporary directory, so a crash loses"
                    + " what Kinesis had not yet acknowledged");
        }
        IngestService service = new IngestService(config);
        try {
            service.start();
        } catch (RuntimeException e) {
            LOG.error("cannot start: {}", config.redaction().describe(e));
            service.stop();
            return 1;
        }
        Thread hook = new Thread(service::stop, "ingest-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        service.awaitStoppedOrFailed();
        if (service.failure().isPresent()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already and stops the service
            }
            service.stop();
            return 1;
        }
        return 0;
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
