package dev.tradelake.ingest;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the Finnhub token out of everything a person can read. Finnhub takes the token in the
 * URL ({@code wss://ws.finnhub.io?token=...}), so any text that may hold the URL (a log line, an
 * exception message from the WebSocket library, a printed config) goes through here first.
 *
 * <p>Two layers: the known secret is masked wherever it appears, and any {@code token=} query
 * parameter is masked whatever its value, so a token passed some other way is caught too.
 */
public final class Redaction {

    public static final String MASK = "***";

    /** A query value is percent-encoded: unreserved characters and %XX (and the mask itself). */
    private static final Pattern TOKEN_PARAMETER = Pattern.compile("(?i)([?&]token=)[\\w.~%+*-]+");

    private static final int MAX_CAUSES = 5;

    private final String secret;

    private Redaction(String secret) {
        this.secret = secret == null || secret.isEmpty() ? null : secret;
    }

    /** Masks {@code secret} (may be null: then only {@code token=} parameters are masked). */
    public static Redaction of(String secret) {
        return new Redaction(secret);
    }

    /** The text with the secret and every {@code token=} parameter value replaced by {@value #MASK}. */
    public String apply(String text) {
        if (text == null) {
            return null;
        }
        String masked = secret == null ? text : text.replace(secret, MASK);
        return TOKEN_PARAMETER.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    }

    /**
     * One line naming an exception and its causes, masked. Used instead of handing the throwable
     * to the logger, whose stack trace would print the messages unmasked.
     */
    public String describe(Throwable error) {
        StringBuilder line = new StringBuilder();
        Throwable t = error;
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
            if (depth > 0) {
                line.append("; caused by ");
            }
            line.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                line.append(": ").append(t.getMessage());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return apply(line.toString());
    }

    /** A URL fit to print: its {@code token=} parameter masked. */
    public static String url(URI uri) {
        return of(null).apply(uri.toString());
    }
}
