package dev.tradelake.launcher;

import dev.tradelake.launcher.dashboard.Health;
import dev.tradelake.launcher.dashboard.Lake;
import dev.tradelake.launcher.tables.StoredItems.StoredTrade;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The health a dashboard over the tables alone can know: the latest stored trade and, for a local
 * lake, the dead letters on file. Rates, lag and rejects live in the pipeline's process.
 */
final class LakeHealth implements Health.Source {

    /** Beyond this many symbols the latest trade is not looked up: a Query per partition key of each. */
    private static final int MAX_SYMBOLS = 100;

    private final Lake lake;
    private final Optional<Path> deadLetters;

    LakeHealth(Lake lake, Optional<Path> deadLetters) {
        this.lake = lake;
        this.deadLetters = deadLetters;
    }

    @Override
    public Health health() {
        return new Health(false, null, null, null, null, null, null, deadLetters(), null, latestTradeMs(lake));
    }

    /** The latest trade time over the symbols, or null when there are none (or too many to ask). */
    static Long latestTradeMs(Lake lake) {
        List<String> symbols = lake.symbols();
        if (symbols.isEmpty() || symbols.size() > MAX_SYMBOLS) {
            return null;
        }
        return symbols.stream()
                .map(lake::latestTrade)
                .flatMap(Optional::stream)
                .map(StoredTrade::id)
                .mapToLong(id -> id.timeMs())
                .boxed()
                .max(Long::compare)
                .orElse(null);
    }

    private Long deadLetters() {
        if (deadLetters.isEmpty()) {
            return null;
        }
        Path file = deadLetters.get();
        if (!Files.exists(file)) {
            return 0L;
        }
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> !l.isBlank()).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
