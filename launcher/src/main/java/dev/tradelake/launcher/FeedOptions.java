package dev.tradelake.launcher;

import dev.tradelake.local.feed.Pace;
import dev.tradelake.local.feed.RecordingSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The flags that choose what the local feed serves, shared by {@code local} and {@code feed}. */
final class FeedOptions {

    @Option(
            names = "--replay",
            paramLabel = "FILE",
            description = "Replay a recording of Finnhub frames (JSON lines, gzip or plain).")
    Path replay;

    @Option(
            names = "--speed",
            defaultValue = "realtime",
            paramLabel = "SPEED",
            description =
                    "Feed pace: realtime, a factor such as 10, or max (as fast as the client reads). Default: ${DEFAULT-VALUE}.")
    String speed;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Synthetic market: the seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--rate",
            defaultValue = "200",
            paramLabel = "TRADES_PER_SECOND",
            description = "Synthetic market: trades per second of market time (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--count",
            defaultValue = "0",
            paramLabel = "N",
            description = "Synthetic market: stop after N trades (default: endless).")
    long count;

    Pace pace() {
        try {
            return Pace.parse(speed);
        } catch (IllegalArgumentException e) {
            throw new Datalake.UserError("--speed: " + e.getMessage());
        }
    }

    /** The recording, else Finnhub itself when a token is given, else the synthetic market. */
    FeedChoice choice(String finnhubToken) {
        if (replay != null) {
            return checkedRecording(replay);
        }
        if (finnhubToken != null && !finnhubToken.isBlank()) {
            return new FeedChoice.Live(finnhubToken);
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new Datalake.UserError("--rate must be a positive number of trades per second");
        }
        if (count < 0) {
            throw new Datalake.UserError("--count must not be negative");
        }
        return new FeedChoice.Synthetic(seed, rate, count);
    }

    /** Reads the recording once before anything starts: a bad file is one line, not a half-started datalake. */
    private static FeedChoice.Replay checkedRecording(Path file) {
        if (!Files.isReadable(file) || Files.isDirectory(file)) {
            throw new Datalake.UserError("cannot read the recording " + file);
        }
        List<String> symbols;
        try {
            symbols = List.copyOf(RecordingSource.symbols(file));
        } catch (IOException | UncheckedIOException e) {
            throw new Datalake.UserError("cannot read the recording " + file + ": " + describe(e));
        }
        if (symbols.isEmpty()) {
            throw new Datalake.UserError("the recording " + file
                    + " holds no trade frame: expected Finnhub frames, one JSON message per line (gzip or plain)");
        }
        return new FeedChoice.Replay(file, symbols);
    }

    private static String describe(Exception e) {
        Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
        String message = cause.getMessage();
        return message == null || message.isBlank()
                ? "it ends early or is not what it claims to be ("
                        + cause.getClass().getSimpleName() + ")"
                : message;
    }
}
