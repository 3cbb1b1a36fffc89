package dev.tradelake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WindowSizesTest {

    @ParameterizedTest
    @CsvSource({
        "500ms,500",
        "1ms,1",
        "1s,1000",
        "1m,60000",
        "5m,300000",
        "1h,3600000",
        "1d,86400000",
        "90s,90000",
        "' 1M ',60000",
        "1H,3600000",
        "15MS,15",
        "007s,7000"
    })
    void parse(String text, long ms) {
        assertThat(WindowSizes.parseMs(text)).isEqualTo(ms);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "m",
                "1",
                "1x",
                "1mm",
                "1 m",
                "m1",
                "-1m",
                "+1m",
                "0m",
                "0ms",
                "00s",
                "1.5m",
                "1,5m",
                "1e3ms",
                "99999999999999999999m",
                "9223372036854775807d",
                "106751991167301d",
                "1m5s",
                "\u0661m"
            })
    void parseRefusesWithAnIllegalArgumentNamingTheText(String text) {
        assertThatThrownBy(() -> WindowSizes.parseMs(text))
                .as(text)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.trim().isEmpty() ? "" : text.trim());
    }

    @ParameterizedTest
    @CsvSource({
        "60000,1m",
        "90000,90s",
        "500,500ms",
        "1500,1500ms",
        "1000,1s",
        "86400000,1d",
        "172800000,2d",
        "7200000,2h",
        "5400000,90m",
        "300000,5m",
        "1,1ms"
    })
    void label(long ms, String label) {
        assertThat(WindowSizes.label(ms)).isEqualTo(label);
    }

    @ParameterizedTest
    @ValueSource(strings = {"500ms", "1s", "1m", "5m", "1h", "1d", "90s", "1500ms", "7d"})
    void labelIsParsedBackToTheSameSize(String text) {
        long ms = WindowSizes.parseMs(text);
        assertThat(WindowSizes.parseMs(WindowSizes.label(ms))).isEqualTo(ms);
    }

    @Test
    void labelIsTheShortestForm() {
        assertThat(WindowSizes.label(WindowSizes.parseMs("60s"))).isEqualTo("1m");
        assertThat(WindowSizes.label(WindowSizes.parseMs("60000ms"))).isEqualTo("1m");
        assertThat(WindowSizes.label(WindowSizes.parseMs("24h"))).isEqualTo("1d");
    }

    @Test
    void windowStart() {
        assertThat(WindowSizes.windowStart(1381132800465L, 60_000)).isEqualTo(1381132800000L);
        assertThat(WindowSizes.windowStart(1381132800000L, 60_000)).isEqualTo(1381132800000L);
        assertThat(WindowSizes.windowStart(1381132859999L, 60_000)).isEqualTo(1381132800000L);
        assertThat(WindowSizes.windowStart(1381132860000L, 60_000)).isEqualTo(1381132860000L);
        assertThat(WindowSizes.windowStart(1381132800465L, 1)).isEqualTo(1381132800465L);
        assertThat(WindowSizes.windowStart(1381132800465L, 86_400_000)).isEqualTo(1381104000000L);
        assertThat(WindowSizes.windowStart(0, 60_000)).isZero();
        assertThat(WindowSizes.windowStart(59_999, 60_000)).isZero();
    }

    @Test
    void windowStartOfNegativeTimesFloors() {
        assertThat(WindowSizes.windowStart(-1, 60_000)).isEqualTo(-60_000);
        assertThat(WindowSizes.windowStart(-60_000, 60_000)).isEqualTo(-60_000);
        assertThat(WindowSizes.windowStart(-60_001, 60_000)).isEqualTo(-120_000);
        assertThat(WindowSizes.windowStart(-59_999, 60_000)).isEqualTo(-60_000);
    }

    @Test
    void everyTimeIsInItsWindow() {
        for (long t = -200_000; t <= 200_000; t += 997) {
            for (long w : new long[] {1, 500, 1_000, 60_000, 90_000}) {
                long start = WindowSizes.windowStart(t, w);
                assertThat(start).isLessThanOrEqualTo(t);
                assertThat(t).isLessThan(start + w);
                assertThat(Math.floorMod(start, w)).isZero();
            }
        }
    }

    @Test
    void parseList() {
        assertThat(WindowSizes.parseList("1s,1m,5m")).containsExactly(1_000L, 60_000L, 300_000L);
        assertThat(WindowSizes.parseList(" 1s , 1M ")).containsExactly(1_000L, 60_000L);
        assertThat(WindowSizes.parseList("1m,,5m,")).containsExactly(60_000L, 300_000L);
        assertThat(WindowSizes.parseList("1h")).isEqualTo(List.of(3_600_000L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ",", " , ,", "1m,x", "1m;5m", "1m 5m", "0s,1m", "1m,-5m"})
    void parseListErrors(String text) {
        assertThatThrownBy(() -> WindowSizes.parseList(text)).as(text).isInstanceOf(IllegalArgumentException.class);
    }
}
