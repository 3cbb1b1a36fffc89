package dev.tradelake.model;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one answer to "is this endpoint an emulator on this machine?", and what a client of one
 * needs: placeholder credentials and JSON instead of CBOR. Read from the URI's text, without a name
 * lookup: an override that points elsewhere (a VPC endpoint, say) keeps the default credential
 * chain, as on AWS.
 */
public final class Endpoints {

    /** The access key and secret of a client of an emulator: they accept any, the SDK insists on some. */
    public static final String EMULATOR_CREDENTIAL = "local";

    /** The AWS SDK v2's switch between CBOR and JSON for Kinesis, read whenever a client is built. */
    static final String CBOR_PROPERTY = "aws.cborEnabled";

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

    /**
     * Every SDK v2 client this JVM builds from now on speaks JSON, not CBOR, unless
     * {@code -Daws.cborEnabled} says otherwise: kinesalite's CBOR encoder cuts responses at 16 KiB.
     * The setting is the JVM's, so it also reaches the clients a library builds (the Kinesis
     * connector's shaded copy of the SDK reads the same property). Call it before the first client.
     */
    public static void useJsonForEmulators() {
        if (System.getProperty(CBOR_PROPERTY) == null) {
            System.setProperty(CBOR_PROPERTY, "false");
        }
    }

    /** {@link #useJsonForEmulators()} when {@code endpoint} is on this machine; nothing on AWS. */
    public static void useJsonIfOnThisMachine(URI endpoint) {
        if (isOnThisMachine(endpoint)) {
            useJsonForEmulators();
        }
    }
}
