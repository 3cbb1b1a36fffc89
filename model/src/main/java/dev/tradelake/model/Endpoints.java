package dev.tradelake.model;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one answer to "is this endpoint an emulator on this machine?", which decides placeholder
 * credentials and JSON instead of CBOR. Read from the URI's text, without a name lookup: an override
 * that points elsewhere (a VPC endpoint, say) keeps the default credential chain, as on AWS.
 */
public final class Endpoints {

    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.\\d{1,3}){3}");

    private Endpoints() {}

    /** True for {@code localhost}, {@code 127.x.x.x} and {@code ::1}. */
    public static boolean isOnThisMachine(URI endpoint) {
        String host = endpoint.getHost();
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        return host.equals("localhost")
                || LOOPBACK_V4.matcher(host).matches()
                || host.equals("[::1]")
                || host.equals("::1");
    }
}
