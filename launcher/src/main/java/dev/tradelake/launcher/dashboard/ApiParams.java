package dev.tradelake.launcher.dashboard;

import dev.tradelake.launcher.tables.TimeArgument;
import dev.tradelake.model.Rejection;
import dev.tradelake.model.TradeRules;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** The API's query parameters, checked: anything wrong becomes a {@link BadRequest} naming the parameter. */
final class ApiParams {

    /** The end of time for an open range, as {@code ./datalake query} has it. */
    static final long END_OF_TIME = 253_402_300_799_999L;

    static final int DEFAULT_BARS = 10_000;
    static final int MAX_BARS = 100_000;
    static final int DEFAULT_TRADES = 100;
    static final int MAX_TRADES = 10_000;

    record Bars(String symbol, long windowMs, long fromMs, long toMs, int limit) {}

    record Trades(String symbol, long fromMs, long toMs, int limit) {}

    record Stream(String symbol, long windowMs) {}

    private final Map<String, String> values;

    private ApiParams(Map<String, String> values) {
        this.values = values;
    }

    /** Reads a raw query string ({@code a=1&b=2}, percent-encoded), allowing only {@code allowed} names, each once. */
    static ApiParams parse(String rawQuery, List<String> allowed) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name;
                String value;
                try {
                    name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new BadRequest("the query string is not percent-encoded correctly");
                }
                if (!allowed.contains(name)) {
                    throw new BadRequest(
                            "unknown parameter '" + printable(name) + "'; expected " + String.join(", ", allowed));
                }
                if (values.putIfAbsent(name, value) != null) {
                    throw new BadRequest("parameter '" + name + "' is given twice");
                }
            }
        }
        return new ApiParams(values);
    }

    static Bars bars(String rawQuery) {
        ApiParams p = parse(rawQuery, List.of("symbol", "window", "from", "to", "limit"));
        long from = p.time("from", 0);
        long to = p.time("to", END_OF_TIME);
        p.checkRange(from, to);
        return new Bars(p.symbol(), p.window(), from, to, p.limit(DEFAULT_BARS, MAX_BARS));
    }

    static Trades trades(String rawQuery) {
        ApiParams p = parse(rawQuery, List.of("symbol", "from", "to", "limit"));
        long from = p.time("from", 0);
        long to = p.time("to", END_OF_TIME);
        p.checkRange(from, to);
        return new Trades(p.symbol(), from, to, p.limit(DEFAULT_TRADES, MAX_TRADES));
    }

    static Stream stream(String rawQuery) {
        ApiParams p = parse(rawQuery, List.of("symbol", "window"));
        return new Stream(p.symbol(), p.window());
    }

    static void none(String rawQuery) {
        parse(rawQuery, List.of());
    }

    private String symbol() {
        String symbol = values.get("symbol");
        if (symbol == null || symbol.isEmpty()) {
            throw new BadRequest("parameter 'symbol' is required");
        }
        Rejection bad = TradeRules.checkSymbol(symbol);
        if (bad != null) {
            throw new BadRequest("symbol: " + bad.detail().replaceFirst("^s ", ""));
        }
        for (int i = 0; i < symbol.length(); i++) {
            if (Character.isISOControl(symbol.charAt(i))) {
                throw new BadRequest("symbol: control characters are not allowed");
            }
        }
        return symbol;
    }

    private long window() {
        String label = values.getOrDefault("window", "1m");
        try {
            return ChartWindows.parse(label);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    private long time(String name, long fallback) {
        String text = values.get(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            long ms = TimeArgument.parse(text);
            if (ms < 0 || ms > END_OF_TIME) {
                throw new BadRequest(name + ": " + ms + " is outside 0 .. " + END_OF_TIME);
            }
            return ms;
        } catch (CommandLine.TypeConversionException e) {
            throw new BadRequest(name + ": " + printable(e.getMessage()));
        }
    }

    private void checkRange(long from, long to) {
        if (from > to) {
            throw new BadRequest("from is after to");
        }
    }

    private int limit(int fallback, int max) {
        String text = values.get("limit");
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        int limit;
        try {
            limit = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BadRequest("limit: '" + printable(text) + "' is not a whole number");
        }
        if (limit < 1 || limit > max) {
            throw new BadRequest("limit must be from 1 to " + max);
        }
        return limit;
    }

    /** Echoed input stays one short line of visible characters. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(80).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
