package dev.tradelake.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class EndpointsTest {

    @Test
    void onlyLoopbackHostsAreOnThisMachine() {
        assertThat(Endpoints.isOnThisMachine(URI.create("http://127.0.0.1:4567")))
                .isTrue();
        assertThat(Endpoints.isOnThisMachine(URI.create("http://127.1.2.3"))).isTrue();
        assertThat(Endpoints.isOnThisMachine(URI.create("http://LocalHost:4567")))
                .isTrue();
        assertThat(Endpoints.isOnThisMachine(URI.create("http://[::1]:4567"))).isTrue();
        assertThat(Endpoints.isOnThisMachine(URI.create("https://kinesis.us-east-1.amazonaws.com")))
                .isFalse();
        assertThat(Endpoints.isOnThisMachine(URI.create("https://vpce-1.kinesis.us-east-1.vpce.amazonaws.com")))
                .isFalse();
        assertThat(Endpoints.isOnThisMachine(URI.create("http://127example.com")))
                .isFalse();
        assertThat(Endpoints.isOnThisMachine(URI.create("http://127.example.com")))
                .isFalse();
    }

    @Test
    void onlyAClientOfThisMachineTurnsCborOffAndAnExplicitChoiceStays() {
        String before = System.getProperty(Endpoints.CBOR_PROPERTY);
        try {
            System.clearProperty(Endpoints.CBOR_PROPERTY);
            Endpoints.useJsonIfOnThisMachine(URI.create("https://kinesis.us-east-1.amazonaws.com"));
            assertThat(System.getProperty(Endpoints.CBOR_PROPERTY)).isNull();

            Endpoints.useJsonIfOnThisMachine(URI.create("http://127.0.0.1:4567"));
            assertThat(System.getProperty(Endpoints.CBOR_PROPERTY)).isEqualTo("false");

            System.setProperty(Endpoints.CBOR_PROPERTY, "true");
            Endpoints.useJsonForEmulators();
            assertThat(System.getProperty(Endpoints.CBOR_PROPERTY)).isEqualTo("true");
        } finally {
            if (before == null) {
                System.clearProperty(Endpoints.CBOR_PROPERTY);
            } else {
                System.setProperty(Endpoints.CBOR_PROPERTY, before);
            }
        }
    }
}
